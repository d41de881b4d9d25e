package trace

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortKeys sorts exactly as slices.Sort does, at every size and bit pattern
// a replay can give (offsets in the high bits, function indexes in the low,
// few or many distinct bytes).
func TestSortKeysIsSort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	var scratch []uint64
	for _, n := range []int{0, 1, 255, 256, 257, 1000, 70_000} {
		for _, gen := range []func() uint64{
			func() uint64 { return r.Uint64() },
			func() uint64 { return r.Uint64N(minuteNS)<<fnBits | r.Uint64N(3000) },
			func() uint64 { return 42<<fnBits | r.Uint64N(7) }, // one offset, a few functions
			func() uint64 { return 7 },                         // all equal
		} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = gen()
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			scratch = sortKeys(keys, scratch)
			if !slices.Equal(keys, want) {
				t.Fatalf("n %d: sortKeys differs from slices.Sort", n)
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
	var scratch []uint64
	b.Run("radix", func(b *testing.B) {
		for range b.N {
			copy(keys, base)
			scratch = sortKeys(keys, scratch)
		}
	})
	b.Run("slices.Sort", func(b *testing.B) {
		for range b.N {
			copy(keys, base)
			slices.Sort(keys)
		}
	})
}
