package metrics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSketchIndexMatchesMapping holds sketchIndex to the library mapping's
// Index, bit for bit, on values spread over the whole indexable range,
// on powers of two and their neighbours (where the exponent changes), and
// on latencies of the sizes a run records.
func TestSketchIndexMatchesMapping(t *testing.T) {
	check := func(v float64) {
		t.Helper()
		if !(v > minIndexableMS && v <= maxIndexableMS) {
			return
		}
		if got, want := sketchIndex(v), sketchMapping.Index(v); got != want {
			t.Fatalf("sketchIndex(%v) = %d, the mapping's Index = %d", v, got, want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		check(math.Exp2(r.Float64()*2000 - 1000)) // log-uniform over the range
		check(r.ExpFloat64() * 1000)              // latencies in ms
	}
	for e := -1020; e <= 1020; e++ {
		v := math.Exp2(float64(e))
		check(v)
		check(math.Nextafter(v, 0))
		check(math.Nextafter(v, math.Inf(1)))
	}
	// Values at bin boundaries: each bin's lower bound and its neighbours.
	for i := -2000; i <= 2000; i++ {
		v := sketchMapping.LowerBound(i)
		check(v)
		check(math.Nextafter(v, 0))
		check(math.Nextafter(v, math.Inf(1)))
	}
	check(maxIndexableMS)
	check(math.Nextafter(minIndexableMS, math.Inf(1)))
}

// TestSketchBinsMatchLibrary records the same values into a Sketch and
// straight into a library DDSketch: every quantile must agree exactly, also
// after a merge and after adding more values past a read (which flushes).
func TestSketchBinsMatchLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	s, ref, other := NewSketch(), NewSketch(), NewSketch()
	add := func(sk *Sketch, v float64) {
		sk.Add(v)
		if err := ref.dd.Add(v); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 3 {
		for range 10_000 {
			v := r.ExpFloat64() * math.Exp2(float64(r.IntN(40)-20))
			if r.IntN(10) == 0 {
				v = 0
			}
			if round == 1 {
				add(other, v)
			} else {
				add(s, v)
			}
		}
		add(s, 1e-320) // below the indexable range: a zero to the library
		if round == 1 {
			s.Merge(other)
		}
		for _, q := range []float64{0.001, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999} {
			want, err := ref.dd.GetValueAtQuantile(q)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Quantile(q); got != math.Min(math.Max(want, s.min), s.max) {
				t.Fatalf("round %d: Quantile(%v) = %v, the library's %v", round, q, got, want)
			}
		}
	}
}
