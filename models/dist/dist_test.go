package dist_test

import (
	"fmt"
	"math"
	"testing"

	"faassim/models/dist"
	"faassim/sim"
)

// foreign is a Dist from outside this package, to exercise Scale's wrapper.
type foreign struct{ dist.Deterministic }

// all returns one of each distribution, by name.
func all(t testing.TB) map[string]dist.Dist {
	t.Helper()
	e, err := dist.NewExponential(250 * ms)
	if err != nil {
		t.Fatal(err)
	}
	l, err := dist.NewLogNormal(250*ms, sim.Second)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]dist.Dist{
		"deterministic": dist.Deterministic{Value: 250 * ms},
		"exponential":   e,
		"lognormal":     l,
		"percentiles":   mustPercentiles(t, azureLike),
		"scaled":        dist.Scale(foreign{dist.Deterministic{Value: 250 * ms}}, 1.5),
	}
}

func TestSampleIsAllocationFree(t *testing.T) {
	r := sim.NewStream(1, t.Name())
	for name, d := range all(t) {
		if allocs := testing.AllocsPerRun(1000, func() { d.Sample(r) }); allocs != 0 {
			t.Errorf("%s: Sample allocates %v times per call", name, allocs)
		}
	}
}

func BenchmarkSample(b *testing.B) {
	for name, d := range all(b) {
		b.Run(name, func(b *testing.B) {
			r := sim.NewStream(1, b.Name())
			b.ReportAllocs()
			for b.Loop() {
				d.Sample(r)
			}
		})
	}
}

func TestString(t *testing.T) {
	d := all(t)
	cases := map[string]string{
		"deterministic": "deterministic(250ms)",
		"exponential":   "exponential(mean 250ms)",
		"lognormal":     "lognormal(median 250ms, p99 1s)",
		"percentiles":   "percentiles(p0 2ms, p1 3ms, p25 10ms, p50 20ms, p75 60ms, p99 400ms, p100 1.5s)",
		"scaled":        "deterministic(250ms) x 1.5",
	}
	for name, want := range cases {
		if got := d[name].String(); got != want {
			t.Errorf("%s: String() = %q, want %q", name, got, want)
		}
	}
}

func TestScaleMultipliesEveryDuration(t *testing.T) {
	const factor = 2.5
	for name, d := range all(t) {
		s := dist.Scale(d, factor)
		// Scaling keeps the kind, so reports still say "lognormal(...)".
		if name != "scaled" && fmt.Sprintf("%T", s) != fmt.Sprintf("%T", d) {
			t.Errorf("%s: Scale returned %T, want %T", name, s, d)
		}
		if got, want := s.Mean(), sim.Time(math.Round(float64(d.Mean())*factor)); !closeTime(got, want, 2) {
			t.Errorf("%s: scaled Mean() = %v, want %v", name, got, want)
		}
		for _, q := range []float64{0, 0.1, 0.5, 0.9, 0.99} {
			if got, want := s.Quantile(q), sim.Time(math.Round(float64(d.Quantile(q))*factor)); !closeTime(got, want, 2) {
				t.Errorf("%s: scaled Quantile(%v) = %v, want %v", name, q, got, want)
			}
		}
		// The same stream gives the same draws, scaled: common random
		// numbers survive a memory change.
		r1, r2 := sim.NewStream(1, "scale"), sim.NewStream(1, "scale")
		for range 100 {
			a, b := d.Sample(r1), s.Sample(r2)
			if want := sim.Time(math.Round(float64(a) * factor)); !closeTime(b, want, 2) {
				t.Fatalf("%s: scaled sample %v, want %v x %v = %v", name, b, a, factor, want)
			}
		}
	}
	l, _ := dist.NewLogNormal(250*ms, sim.Second)
	if got, want := dist.Scale(l, 2).String(), "lognormal(median 500ms, p99 2s)"; got != want {
		t.Errorf("scaled lognormal String() = %q, want %q", got, want)
	}
	twice := dist.Scale(dist.Scale(foreign{dist.Deterministic{Value: ms}}, 2), 3)
	if got := twice.String(); got != "deterministic(1ms) x 6" {
		t.Errorf("Scale of a scaled Dist = %q, want the factors combined", got)
	}
}

func TestScalePanicsOnBadFactor(t *testing.T) {
	for _, f := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Scale(d, %v) did not panic", f)
				}
			}()
			dist.Scale(dist.Deterministic{Value: ms}, f)
		}()
	}
}

func TestQuantilePanicsOutsideUnitInterval(t *testing.T) {
	for name, d := range all(t) {
		for _, q := range []float64{-0.01, 1.01, 99, math.NaN()} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s: Quantile(%v) did not panic", name, q)
					}
				}()
				d.Quantile(q)
			}()
		}
	}
}

func TestDeterministic(t *testing.T) {
	d, err := dist.NewDeterministic(3 * ms)
	if err != nil {
		t.Fatal(err)
	}
	// Deterministic must not consume randomness: another component sharing
	// the stream would otherwise see different numbers.
	r, ref := sim.NewStream(1, "d"), sim.NewStream(1, "d")
	if d.Sample(r) != 3*ms || d.Mean() != 3*ms || d.Quantile(0.9) != 3*ms {
		t.Errorf("Deterministic(3ms) gives %v, %v, %v", d.Sample(r), d.Mean(), d.Quantile(0.9))
	}
	if r.Uint64() != ref.Uint64() {
		t.Error("Deterministic.Sample consumed the stream")
	}
	if _, err := dist.NewDeterministic(-ms); err == nil {
		t.Error("NewDeterministic(-1ms) succeeded, want an error")
	}
}
