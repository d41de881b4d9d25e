package trace

import (
	"math/bits"
	"slices"
)

// keySorter sorts a minute's replay keys; its buffers are reused from
// minute to minute.
type keySorter struct {
	scratch []uint64 // the keys scattered into their buckets
	count   []uint32 // bucket sizes, then bucket starts
}

// Bucket sort bounds: up to maxBucketBits bits of buckets (a 256 KiB count
// table), used while a minute has at most bucketLoad keys a bucket on
// average; a busier minute is radix sorted.
const (
	maxBucketBits = 16
	bucketLoad    = 4
)

// sort sorts keys in place, as slices.Sort would: the order of distinct
// uint64s is unique (equal keys are the same arrival), so the replay does
// not depend on the algorithm. The keys of a minute are spread nearly
// evenly over their range (the offsets are uniform, equidistant, or tilted
// by at most a factor 2), so a bucket sort on their top bits, a bucket a
// key, leaves about one key a bucket to order: a counting pass, a scatter
// and an insertion sort that finds almost everything in place, where a
// comparison sort mispredicts a branch a comparison and a radix sort
// makes a pass per varying byte. Keys bunched into a few buckets, which
// would make the insertion sort quadratic, are radix sorted instead.
func (s *keySorter) sort(keys []uint64) {
	n := len(keys)
	if n < 256 {
		slices.Sort(keys)
		return
	}
	lo, hi := keys[0], keys[0]
	for _, k := range keys {
		lo, hi = min(lo, k), max(hi, k)
	}
	if lo == hi {
		return
	}
	b := min(bits.Len(uint(n-1)), maxBucketBits) // 2^b >= n while it may
	if n > bucketLoad<<b {
		s.scratch = radixSort(keys, s.scratch)
		return
	}
	// Bucket of k: the top b bits of k-lo's span.
	shift := uint(max(0, bits.Len64(hi-lo)-b))
	nb := int((hi-lo)>>shift) + 1
	s.count = slices.Grow(s.count[:0], nb)[:nb]
	count := s.count
	clear(count)
	for _, k := range keys {
		count[(k-lo)>>shift]++
	}
	// The insertion sort moves each key past the others of its bucket
	// that are larger: about the sum of squared bucket sizes over 4.
	var work uint64
	at := uint32(0)
	for i, c := range count {
		work += uint64(c) * uint64(c)
		count[i] = at
		at += c
	}
	if work > 8*uint64(n) {
		s.scratch = radixSort(keys, s.scratch)
		return
	}
	s.scratch = slices.Grow(s.scratch[:0], n)[:n]
	dst := s.scratch
	for _, k := range keys {
		i := (k - lo) >> shift
		dst[count[i]] = k
		count[i]++
	}
	for i := 1; i < n; i++ {
		k := dst[i]
		j := i
		for ; j > 0 && dst[j-1] > k; j-- {
			dst[j] = dst[j-1]
		}
		dst[j] = k
	}
	copy(keys, dst)
}

// radixSort sorts keys in place with scratch as working space and
// returns scratch, grown. A least-significant-digit radix sort of 8 bits
// a pass, skipping the bytes every key shares (the high bits of the
// function index, in a trace of a few thousand functions).
func radixSort(keys, scratch []uint64) []uint64 {
	var and, or uint64 = ^uint64(0), 0
	for _, k := range keys {
		and &= k
		or |= k
	}
	varying := and ^ or // the bits that differ between keys
	scratch = slices.Grow(scratch[:0], len(keys))[:len(keys)]
	src, dst := keys, scratch
	for shift := uint(0); shift < 64; shift += 8 {
		if (varying>>shift)&0xff == 0 {
			continue // every key has the same byte here
		}
		var count [257]int
		for _, k := range src {
			count[(k>>shift)&0xff+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, k := range src {
			b := (k >> shift) & 0xff
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	if len(keys) > 0 && &src[0] != &keys[0] {
		copy(keys, src)
	}
	return scratch
}
