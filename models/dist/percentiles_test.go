package dist_test

import (
	"math"
	"strings"
	"testing"

	"faassim/models/dist"
	"faassim/sim"
)

const ms = sim.Millisecond

// azureLike is shaped like a row of the Azure 2019 duration percentiles
// (0, 1, 25, 50, 75, 99, 100).
var azureLike = []dist.Point{
	{0, 2 * ms}, {0.01, 3 * ms}, {0.25, 10 * ms}, {0.5, 20 * ms},
	{0.75, 60 * ms}, {0.99, 400 * ms}, {1, 1500 * ms},
}

func mustPercentiles(t testing.TB, pts []dist.Point) dist.Percentiles {
	t.Helper()
	p, err := dist.NewPercentiles(pts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPercentilesMeanIsExactIntegral(t *testing.T) {
	cases := []struct {
		name string
		pts  []dist.Point
		want sim.Time
	}{
		// 0.5 * (0+10)/2 + 0.5 * (10+30)/2 = 2.5 + 10 = 12.5 ms.
		{"two bands", []dist.Point{{0, 0}, {0.5, 10 * ms}, {1, 30 * ms}}, 12500 * sim.Microsecond},
		// A flat band is a point mass: 0.5 * 10 + 0.5 * (10+20)/2 = 12.5 ms.
		{"flat band", []dist.Point{{0, 10 * ms}, {0.5, 10 * ms}, {1, 20 * ms}}, 12500 * sim.Microsecond},
		// Uniform on [4, 8] ms: mean 6 ms.
		{"uniform", []dist.Point{{0, 4 * ms}, {1, 8 * ms}}, 6 * ms},
		// All equal: deterministic.
		{"constant", []dist.Point{{0, 7 * ms}, {0.3, 7 * ms}, {1, 7 * ms}}, 7 * ms},
		// 0.01*2.5 + 0.24*6.5 + 0.25*15 + 0.25*40 + 0.24*230 + 0.01*950
		// = 0.025 + 1.56 + 3.75 + 10 + 55.2 + 9.5 = 80.035 ms.
		{"azure-like", azureLike, 80035 * sim.Microsecond},
	}
	for _, c := range cases {
		if got := mustPercentiles(t, c.pts).Mean(); got != c.want {
			t.Errorf("%s: Mean() = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPercentilesQuantileInterpolatesLinearly(t *testing.T) {
	p := mustPercentiles(t, azureLike)
	cases := []struct {
		q    float64
		want sim.Time
	}{
		{0, 2 * ms}, {0.005, 2500 * sim.Microsecond}, {0.25, 10 * ms},
		{0.375, 15 * ms}, {0.5, 20 * ms}, {0.87, 230 * ms}, {0.995, 950 * ms}, {1, 1500 * ms},
	}
	for _, c := range cases {
		if got := p.Quantile(c.q); !closeTime(got, c.want, 1) {
			t.Errorf("Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
}

// pieceCDF is the CDF of the piecewise-uniform distribution the table
// describes: inside band i, F rises linearly from Q[i] to Q[i+1].
func pieceCDF(pts []dist.Point) func(float64) float64 {
	return func(x float64) float64 {
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			if x < b.Value.Seconds() {
				if x < a.Value.Seconds() {
					return a.Q
				}
				return a.Q + (b.Q-a.Q)*(x-a.Value.Seconds())/(b.Value.Seconds()-a.Value.Seconds())
			}
		}
		return 1
	}
}

func TestPercentilesSamplesMatchTheory(t *testing.T) {
	p := mustPercentiles(t, azureLike)
	// Each band is uniform on [a, b] with probability dq, so
	// E[X^2] = sum dq (a^2 + ab + b^2)/3.
	var m, m2 float64
	for i := 1; i < len(azureLike); i++ {
		a, b := azureLike[i-1].Value.Seconds(), azureLike[i].Value.Seconds()
		dq := azureLike[i].Q - azureLike[i-1].Q
		m += dq * (a + b) / 2
		m2 += dq * (a*a + a*b + b*b) / 3
	}
	xs := draw(t, p, nSamples)
	checkMean(t, xs, m, math.Sqrt(m2-m*m))
	checkKS(t, xs, pieceCDF(azureLike))
}

func TestNewPercentilesErrorsNameThePoint(t *testing.T) {
	cases := []struct {
		name string
		pts  []dist.Point
		want string
	}{
		{"empty", nil, "at least the points Q=0 and Q=1, got 0"},
		{"one point", []dist.Point{{0, ms}}, "got 1 point"},
		{"no minimum", []dist.Point{{0.01, ms}, {1, 2 * ms}}, "point 0 (Q=0.01, Value=1ms): the first point must have Q=0"},
		{"no maximum", []dist.Point{{0, ms}, {0.99, 2 * ms}}, "point 1 (Q=0.99, Value=2ms): the last point must have Q=1"},
		{"Q repeated", []dist.Point{{0, ms}, {0.5, 2 * ms}, {0.5, 3 * ms}, {1, 4 * ms}}, "point 2 (Q=0.5, Value=3ms): Q not above the previous point's Q=0.5"},
		{"Q decreasing", []dist.Point{{0, ms}, {0.5, 2 * ms}, {0.25, 3 * ms}, {1, 4 * ms}}, "point 2 (Q=0.25, Value=3ms): Q not above"},
		{"Value decreasing", []dist.Point{{0, ms}, {0.5, 5 * ms}, {0.75, 3 * ms}, {1, 9 * ms}}, "point 2 (Q=0.75, Value=3ms): Value below the previous point's Value=5ms"},
		{"percent not fraction", []dist.Point{{0, ms}, {50, 2 * ms}, {100, 3 * ms}}, "point 1 (Q=50, Value=2ms): Q outside [0,1]"},
		{"NaN", []dist.Point{{0, ms}, {math.NaN(), 2 * ms}, {1, 3 * ms}}, "point 1 (Q=NaN, Value=2ms): Q outside [0,1]"},
		{"negative", []dist.Point{{0, -ms}, {1, 3 * ms}}, "point 0 (Q=0, Value=-1ms): negative Value"},
	}
	for _, c := range cases {
		_, err := dist.NewPercentiles(c.pts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func TestPercentilesCopiesItsInput(t *testing.T) {
	pts := []dist.Point{{0, ms}, {1, 3 * ms}}
	p := mustPercentiles(t, pts)
	pts[1].Value = sim.Hour
	if got := p.Quantile(1); got != 3*ms {
		t.Errorf("after mutating the caller's slice, Quantile(1) = %v, want 3ms", got)
	}
}

// An inline table interpolates to the nanosecond as the Percentiles it
// came from, at random u and at every point's own Q (where the bracket
// changes), for every size it holds; a larger table is refused.
func TestInlinePercentilesIsQuantile(t *testing.T) {
	r := sim.NewStream(3, "inline")
	tables := map[string][]dist.Point{
		"two points": {{0, 4 * ms}, {1, 8 * ms}},
		"azure-like": azureLike,
		"flat bands": {{0, 7 * ms}, {0.3, 7 * ms}, {0.6, 9 * ms}, {1, 9 * ms}},
		"eight":      {{0, 0}, {0.1, 1}, {0.2, 2 * ms}, {0.3, 3 * ms}, {0.5, 5 * ms}, {0.7, 8 * ms}, {0.9, sim.Second}, {1, sim.Hour}},
	}
	for name, pts := range tables {
		p := mustPercentiles(t, pts)
		in, ok := p.Inline()
		if !ok {
			t.Fatalf("%s: %d points not held inline", name, len(pts))
		}
		us := []float64{0, 1, math.Nextafter(1, 0)}
		for _, pt := range pts {
			us = append(us, pt.Q, math.Nextafter(pt.Q, 0), math.Nextafter(pt.Q, 1))
		}
		for range 10_000 {
			us = append(us, r.Float64())
		}
		for _, u := range us {
			if u < 0 || u > 1 {
				continue
			}
			if got, want := in.At(u), p.Quantile(u); got != want {
				t.Fatalf("%s: At(%v) = %v, Quantile = %v", name, u, got, want)
			}
		}
	}
	nine := append(append([]dist.Point{}, tables["eight"][:7]...), dist.Point{Q: 0.95, Value: 2 * sim.Hour}, dist.Point{Q: 1, Value: 3 * sim.Hour})
	if _, ok := mustPercentiles(t, nine).Inline(); ok {
		t.Errorf("a table of %d points held inline, over InlineMax %d", len(nine), dist.InlineMax)
	}
}

func BenchmarkPercentilesSample(b *testing.B) {
	p := mustPercentiles(b, azureLike)
	in, _ := p.Inline()
	r := sim.NewStream(1, "bench")
	var sink sim.Time
	b.Run("binary-search", func(b *testing.B) {
		for range b.N {
			sink += p.Sample(r)
		}
	})
	b.Run("inline", func(b *testing.B) {
		for range b.N {
			sink += in.At(r.Float64())
		}
	})
	_ = sink
}
