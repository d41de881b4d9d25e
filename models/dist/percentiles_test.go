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
