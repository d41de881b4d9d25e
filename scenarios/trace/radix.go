package trace

import "slices"

// sortKeys sorts a minute's replay keys in place, as slices.Sort would (the
// order of distinct uint64s is unique, so the replay does not change), with
// scratch as working space; it returns scratch, grown, for the next minute.
// A least-significant-digit radix sort of 8 bits a pass, skipping the bytes
// every key shares (the high bits of the function index, in a trace of a
// few thousand functions), does a minute of thousands of arrivals in fewer
// steps than a comparison sort, whose branches cannot be predicted.
func sortKeys(keys, scratch []uint64) []uint64 {
	if len(keys) < 256 {
		slices.Sort(keys)
		return scratch
	}
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
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
	return scratch
}
