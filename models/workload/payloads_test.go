package workload_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// Classes with known moments: small, deterministic 50 ms (variance 0), 80%
// of the weight; large, exponential with mean 1 s (variance 1 s^2), 20%.
func smallLarge(t *testing.T) workload.Payloads {
	t.Helper()
	large, err := dist.NewExponential(sim.Second)
	if err != nil {
		t.Fatal(err)
	}
	p, err := workload.NewPayloads([]workload.PayloadClass{
		{Name: "small", Weight: 4, Duration: dist.Deterministic{Value: 50 * sim.Millisecond}},
		{Name: "large", Weight: 1, Duration: large},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The mixture's sample mean matches the weighted mean of the classes'
// means, 0.8 x 50 ms + 0.2 x 1 s = 240 ms. Its variance is E[X^2] - mean^2
// = 0.8 x 0.0025 + 0.2 x 2 - 0.0576 = 0.3444 s^2 (an exponential's second
// moment is 2 mean^2), sd 0.5869 s; over n = 200,000 draws the standard
// error is 1.312 ms, and the tolerance, 5 standard errors (6.6 ms), fails
// a correct mixture with probability 6e-7. The small class's share is
// binomial: 0.8 +- 5 x sqrt(0.16 / n) = 0.8 +- 0.0045.
func TestPayloadsMixtureMean(t *testing.T) {
	p := smallLarge(t)
	if got := p.Mean(); got != 240*sim.Millisecond {
		t.Errorf("Mean() = %v, want 240ms", got)
	}
	const n = 200_000
	r := sim.NewStream(1, "durations/test")
	sum, small := 0.0, 0
	for range n {
		d := p.Sample(r)
		sum += d.Seconds()
		if d == 50*sim.Millisecond {
			small++
		}
	}
	se := math.Sqrt(0.3444 / n)
	if mean := sum / n; math.Abs(mean-0.240) > 5*se {
		t.Errorf("sample mean %.5f s, want 0.240 +- %.5f", mean, 5*se)
	}
	if share := float64(small) / n; math.Abs(share-0.8) > 5*math.Sqrt(0.16/n) {
		t.Errorf("small class drawn %.4f of the time, want 0.8", share)
	}
}

// P(X <= t) = 0.8 x [t >= 50 ms] + 0.2 x (1 - exp(-t / 1 s)): the median
// is 50 ms (the CDF jumps from 0.0098 to 0.8098 there) and the 90th
// percentile solves 0.8 + 0.2 (1 - e^-t) = 0.9, t = ln 2 s = 693.147 ms.
func TestPayloadsQuantile(t *testing.T) {
	p := smallLarge(t)
	for _, tc := range []struct {
		q    float64
		want sim.Time
	}{{0, 0}, {0.5, 50 * sim.Millisecond}, {0.9, sim.FromSeconds(math.Ln2)}} {
		if got := p.Quantile(tc.q); math.Abs(float64(got-tc.want)) > 1 { // to the nanosecond (bisection on the clock)
			t.Errorf("Quantile(%g) = %v, want %v", tc.q, got, tc.want)
		}
	}
	if s := p.String(); !strings.Contains(s, "small 80%") || !strings.Contains(s, "large 20%") {
		t.Errorf("String() = %q", s)
	}
}

func TestPayloadsRefused(t *testing.T) {
	d := dist.Deterministic{Value: sim.Second}
	for _, tc := range []struct {
		name    string
		classes []workload.PayloadClass
		want    string
	}{
		{"none", nil, "at least one class"},
		{"zero weight", []workload.PayloadClass{{Name: "a", Weight: 0, Duration: d}}, "weight must be"},
		{"NaN weight", []workload.PayloadClass{{Name: "a", Weight: math.NaN(), Duration: d}}, "weight must be"},
		{"infinite weight", []workload.PayloadClass{{Name: "a", Weight: math.Inf(1), Duration: d}}, "weight must be"},
		{"overflowing sum", []workload.PayloadClass{{Name: "a", Weight: math.MaxFloat64, Duration: d}, {Name: "b", Weight: math.MaxFloat64, Duration: d}}, "add up"},
		{"no duration", []workload.PayloadClass{{Name: "a", Weight: 1}}, "no duration"},
	} {
		if _, err := workload.NewPayloads(tc.classes); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestArchFactor(t *testing.T) {
	fn := workload.Function{SpeedByArch: map[string]float64{"arm64": 0.9}}
	if fn.ArchFactor("arm64") != 0.9 || fn.ArchFactor("x86_64") != 1 || (workload.Function{}).ArchFactor("arm64") != 1 {
		t.Error("ArchFactor: want the listed factor, else 1")
	}
}

// Payload classes keep common random numbers: a class and its duration
// are drawn from the function's own stream ("durations/NAME"), so giving
// one function payload classes leaves every other function's arrivals and
// durations exactly as they were (what diff's BASE and NEW, and tune's
// points, rely on), and the same seed draws the same classes again.
func TestPayloadsKeepOtherStreams(t *testing.T) {
	ln, _ := dist.NewLogNormal(40*sim.Millisecond, 400*sim.Millisecond)
	small, _ := dist.NewDeterministic(100 * sim.Millisecond)
	mix, err := workload.NewPayloads([]workload.PayloadClass{{Name: "small", Weight: 4, Duration: small}, {Name: "large", Weight: 1, Duration: ln}})
	if err != nil {
		t.Fatal(err)
	}
	fns := []workload.Function{{Name: "api"}, {Name: "worker"}}
	draw := func(apiDur dist.Dist) (api, worker []workload.Invocation) {
		src, err := workload.NewSynthetic(42, fns, []workload.Stream{{Arrivals: workload.Poisson{RatePerS: 5}, Duration: apiDur}, {Arrivals: workload.Poisson{RatePerS: 3}, Duration: ln}})
		if err != nil {
			t.Fatal(err)
		}
		var inv workload.Invocation
		for src.Next(&inv) && inv.Arrival < 600*sim.Second {
			if inv.Function == 0 {
				api = append(api, inv)
			} else {
				worker = append(worker, inv)
			}
		}
		return api, worker
	}
	_, before := draw(small)
	api1, after := draw(mix)
	api2, _ := draw(mix)
	if len(before) < 1000 || !slices.Equal(before, after) {
		t.Errorf("worker's %d invocations changed when api got payload classes", len(before))
	}
	if !slices.Equal(api1, api2) {
		t.Error("the same seed drew other classes or durations")
	}
	large := 0
	for _, inv := range api1 {
		if inv.Duration != 100*sim.Millisecond {
			large++
		}
	}
	// 20% large: about 600 of 3,000, sd sqrt(3000 x 0.16) = 22.
	if share := float64(large) / float64(len(api1)); math.Abs(share-0.2) > 0.04 {
		t.Errorf("large share %.3f of %d, want 0.2", share, len(api1))
	}
}
