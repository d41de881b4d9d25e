package trace

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// keySorter sorts exactly as slices.Sort does, at every size and bit
// pattern a replay can give (offsets in the high bits, function indexes in
// the low, few or many distinct bytes), on its bucket path, on its radix
// fallbacks (bunched keys, a minute over the bucket table) and for the
// radix sort alone.
func TestSortKeysIsSort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	var s keySorter
	var scratch []uint64
	gens := map[string]func() uint64{
		"any uint64":         func() uint64 { return r.Uint64() },
		"a minute":           func() uint64 { return r.Uint64N(minuteNS)<<fnBits | r.Uint64N(3000) },
		"one offset":         func() uint64 { return 42<<fnBits | r.Uint64N(7) },
		"all equal":          func() uint64 { return 7 },
		"bunched":            func() uint64 { return (r.Uint64N(4)*(minuteNS/4)+r.Uint64N(1000))<<fnBits | r.Uint64N(3) },
		"first second busy":  func() uint64 { return min(r.Uint64N(minuteNS), r.Uint64N(minuteNS/60))<<fnBits | r.Uint64N(50) },
		"two clusters":       func() uint64 { return (r.Uint64N(2)*(minuteNS-1))<<fnBits | r.Uint64N(1<<20) },
		"small span":         func() uint64 { return 1<<40 + r.Uint64N(300) },
		"last minute offset": func() uint64 { return (minuteNS-1)<<fnBits | r.Uint64N(fnMask+1) },
	}
	for _, n := range []int{0, 1, 255, 256, 257, 1000, 70_000, bucketLoad<<maxBucketBits + 1} {
		for name, gen := range gens {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = gen()
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			radix := slices.Clone(keys)
			s.sort(keys)
			if !slices.Equal(keys, want) {
				t.Fatalf("n %d, %s: keySorter differs from slices.Sort", n, name)
			}
			scratch = radixSort(radix, scratch)
			if !slices.Equal(radix, want) {
				t.Fatalf("n %d, %s: radixSort differs from slices.Sort", n, name)
			}
		}
	}
}

func BenchmarkSortKeys(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	base := make([]uint64, 7000) // a minute of a 10 M-invocation day
	for i := range base {
		base[i] = r.Uint64N(minuteNS)<<fnBits | r.Uint64N(10_000)
	}
	keys := make([]uint64, len(base))
	var s keySorter
	var scratch []uint64
	b.Run("bucket", func(b *testing.B) {
		for range b.N {
			copy(keys, base)
			s.sort(keys)
		}
	})
	b.Run("radix", func(b *testing.B) {
		for range b.N {
			copy(keys, base)
			scratch = radixSort(keys, scratch)
		}
	})
	b.Run("slices.Sort", func(b *testing.B) {
		for range b.N {
			copy(keys, base)
			slices.Sort(keys)
		}
	})
}
