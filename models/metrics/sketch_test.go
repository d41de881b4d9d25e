package metrics

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// exactQuantile is the order statistic the sketch estimates: the lower one
// of rank q*(n-1), as DDSketch's GetValueAtQuantile defines it.
func exactQuantile(sorted []float64, q float64) float64 {
	return sorted[int(q*float64(len(sorted)-1))]
}

func lognormals(seed uint64, n int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	xs := make([]float64, n)
	for i := range xs {
		// Median 250 ms with a heavy right tail, like cold-start latencies.
		xs[i] = 250 * math.Exp(1.2*rng.NormFloat64())
	}
	return xs
}

func TestSketchRelativeAccuracy(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
	}{
		{"lognormal", lognormals(1, 20000)},
		{"with zeros", append(lognormals(2, 1000), 0, 0, 0, 0, 0)},
		{"one value", []float64{42}},
		{"sub-millisecond", []float64{0.001, 0.002, 0.0035, 0.01, 0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSketch()
			for _, x := range tt.xs {
				s.Add(x)
			}
			sorted := append([]float64(nil), tt.xs...)
			sort.Float64s(sorted)
			for _, q := range []float64{0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1} {
				want := exactQuantile(sorted, q)
				got := s.Quantile(q)
				if math.Abs(got-want) > RelativeAccuracy*want {
					t.Errorf("Quantile(%v) = %v, want %v within 1%%", q, got, want)
				}
			}
			if s.Count() != int64(len(tt.xs)) {
				t.Errorf("Count() = %d, want %d", s.Count(), len(tt.xs))
			}
			if got, want := s.Summary().Max, sorted[len(sorted)-1]; got != want {
				t.Errorf("Summary().Max = %v, want exactly %v", got, want)
			}
		})
	}
}

func TestSketchExactSummary(t *testing.T) {
	s := NewSketch()
	for _, x := range []float64{4, 1, 2, 3} {
		s.Add(x)
	}
	got := s.Summary()
	if got.Mean != 2.5 || got.Max != 4 || s.Quantile(0) != 1 {
		t.Errorf("Summary() = %+v, min %v; want mean 2.5, max 4, min 1", got, s.Quantile(0))
	}
}

func TestSketchEmpty(t *testing.T) {
	for name, s := range map[string]*Sketch{"NewSketch": NewSketch(), "zero value": {}} {
		if got := s.Summary(); got != (Latency{}) {
			t.Errorf("%s: Summary() = %+v, want zeros", name, got)
		}
		if s.Count() != 0 || s.Quantile(0.5) != 0 {
			t.Errorf("%s: Count %d, Quantile(0.5) %v; want 0, 0", name, s.Count(), s.Quantile(0.5))
		}
	}
}

func TestSketchMergeIsExact(t *testing.T) {
	// Integer values keep the sums exact whatever the order of addition.
	a, b, all := NewSketch(), &Sketch{}, NewSketch()
	for i := 1; i <= 3000; i++ {
		v := float64(i*i%977) + 0.5*float64(i%3)
		if i%2 == 0 {
			a.Add(v)
		} else {
			b.Add(v)
		}
		all.Add(v)
	}
	merged := &Sketch{}
	merged.Merge(a)
	merged.Merge(b)
	merged.Merge(nil)
	merged.Merge(NewSketch())
	if merged.Count() != all.Count() {
		t.Fatalf("Count() = %d, want %d", merged.Count(), all.Count())
	}
	if got, want := merged.Summary(), all.Summary(); got != want {
		t.Errorf("merged Summary() = %+v\nwant one-stream %+v", got, want)
	}
	for q := 0.0; q <= 1; q += 0.01 {
		if got, want := merged.Quantile(q), all.Quantile(q); got != want {
			t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
		}
	}
}

func TestSketchPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func(s *Sketch)
	}{
		{"negative latency", func(s *Sketch) { s.Add(-1) }},
		{"NaN latency", func(s *Sketch) { s.Add(math.NaN()) }},
		{"infinite latency", func(s *Sketch) { s.Add(math.Inf(1)) }},
		{"quantile above 1", func(s *Sketch) { s.Quantile(99) }},
		{"negative quantile", func(s *Sketch) { s.Quantile(-0.1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.f(NewSketch())
		})
	}
}

func TestSketchAddDoesNotAllocate(t *testing.T) {
	s := NewSketch()
	xs := append(lognormals(3, 4096), 0)
	for _, x := range xs { // warm-up: the store grows to the range once
		s.Add(x)
	}
	i := 0
	allocs := testing.AllocsPerRun(10000, func() {
		s.Add(xs[i%len(xs)])
		i++
	})
	if allocs != 0 {
		t.Errorf("Add allocates %v times per call in steady state, want 0", allocs)
	}
}

func BenchmarkSketchAdd(b *testing.B) {
	s := NewSketch()
	xs := lognormals(4, 4096)
	for _, x := range xs {
		s.Add(x)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Add(xs[i%len(xs)])
	}
}
