package dist_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/models/dist"
	"faassim/sim"
)

// lognormalCases are fitted by median and the q-quantile x; ref is the same
// distribution built independently in gonum from the textbook relations
// mu = ln(median), sigma = ln(x/median) / z_q (seconds).
var lognormalCases = []struct {
	name      string
	median, x sim.Time
	q, z      float64
}{
	{"250ms p99 1s", 250 * sim.Millisecond, sim.Second, 0.99, z99},
	{"narrow 10ms p99 11ms", 10 * sim.Millisecond, 11 * sim.Millisecond, 0.99, z99},
	{"python cold start 215ms p97.5 530ms", 215 * sim.Millisecond, 530 * sim.Millisecond, 0.975, z975},
	{"wide 1s p99 30s", sim.Second, 30 * sim.Second, 0.99, z99},
}

func fitLogNormal(t *testing.T, median sim.Time, q float64, x sim.Time) dist.LogNormal {
	t.Helper()
	var d dist.LogNormal
	var err error
	if q == 0.99 {
		d, err = dist.NewLogNormal(median, x)
	} else {
		d, err = dist.LogNormalFromQuantile(median, q, x)
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func gonumLogNormal(median, x sim.Time, z float64) distuv.LogNormal {
	return distuv.LogNormal{Mu: math.Log(median.Seconds()), Sigma: math.Log(float64(x)/float64(median)) / z}
}

func TestLogNormalSamplesMatchTheory(t *testing.T) {
	for _, c := range lognormalCases {
		t.Run(c.name, func(t *testing.T) {
			d := fitLogNormal(t, c.median, c.q, c.x)
			ref := gonumLogNormal(c.median, c.x, c.z)
			xs := draw(t, d, nSamples)
			// sd = sqrt((e^(sigma^2)-1) e^(2 mu + sigma^2)).
			checkMean(t, xs, ref.Mean(), ref.StdDev())
			for _, q := range []float64{0.05, 0.5, 0.9, 0.99} {
				x := ref.Quantile(q)
				checkSampleQuantile(t, xs, q, x, ref.Prob(x))
			}
			checkKS(t, xs, ref.CDF)
		})
	}
}

func TestLogNormalAnalyticMatchesGonum(t *testing.T) {
	for _, c := range lognormalCases {
		d := fitLogNormal(t, c.median, c.q, c.x)
		ref := gonumLogNormal(c.median, c.x, c.z)
		// Relative 1e-9 (float error in exp and z) plus 1 ns of rounding.
		tol := func(want sim.Time) int64 { return 1 + int64(1e-9*float64(want)) }
		if want := sim.FromSeconds(ref.Mean()); !closeTime(d.Mean(), want, tol(want)) {
			t.Errorf("%s: Mean() = %v, want exp(mu + sigma^2/2) = %v", c.name, d.Mean(), want)
		}
		for _, q := range []float64{0.001, 0.025, 0.5, 0.9, c.q, 0.999} {
			want := sim.FromSeconds(ref.Quantile(q))
			if got := d.Quantile(q); !closeTime(got, want, tol(want)) {
				t.Errorf("%s: Quantile(%v) = %v, gonum says %v", c.name, q, got, want)
			}
		}
		// The fitting points come back exactly (to the nanosecond).
		if got := d.Quantile(0.5); !closeTime(got, c.median, 1) {
			t.Errorf("%s: median = %v, want %v", c.name, got, c.median)
		}
		if got := d.Quantile(c.q); !closeTime(got, c.x, 1) {
			t.Errorf("%s: Quantile(%v) = %v, want %v", c.name, c.q, got, c.x)
		}
		if d.Quantile(0) != 0 || d.Quantile(1) != sim.Never {
			t.Errorf("%s: Quantile(0), Quantile(1) = %v, %v; want 0, never", c.name, d.Quantile(0), d.Quantile(1))
		}
	}
}

func TestLogNormalConstructorErrors(t *testing.T) {
	ms := sim.Millisecond
	cases := []struct {
		median, x sim.Time
		q         float64
		want      string
	}{
		{0, 100 * ms, 0.99, "0 < median < p99"},
		{-ms, 100 * ms, 0.99, "0 < median < p99"},
		{100 * ms, 100 * ms, 0.99, "got median 100ms, p99 100ms"},
		{300 * ms, 100 * ms, 0.975, "0 < median < p97.5"},
		{100 * ms, 300 * ms, 0.5, "q=0.5 must be in (0.5, 1)"},
		{100 * ms, 300 * ms, 1, "q=1 must be in (0.5, 1)"},
		{100 * ms, 300 * ms, math.NaN(), "must be in (0.5, 1)"},
	}
	for _, c := range cases {
		_, err := dist.LogNormalFromQuantile(c.median, c.q, c.x)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LogNormalFromQuantile(%v, %v, %v) error = %v, want it to contain %q", c.median, c.q, c.x, err, c.want)
		}
	}
}

func TestLogNormalHugeTailSaturatesAtNever(t *testing.T) {
	// sigma = ln(4.6e9)/z99 = 9.57, and 2^63 ns is e^22.9 s, so a draw
	// overflows when Z > 22.9/9.57 = 2.40: about 1 in 120. Those draws must
	// become sim.Never, not wrap around to negative times.
	d, err := dist.NewLogNormal(sim.Second, sim.Never/2)
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewStream(1, t.Name())
	var never int
	for range nSamples {
		v := d.Sample(r)
		if v < 0 {
			t.Fatalf("negative sample %v", v)
		}
		if v == sim.Never {
			never++
		}
	}
	if never == 0 {
		t.Errorf("no sample saturated at never in %d draws; the test no longer exercises overflow", nSamples)
	}
}
