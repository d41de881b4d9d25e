package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"faassim/sim"
)

// randomRun is a run with varied counts, times, sketches and a timeline.
func randomRun(rng *rand.Rand) Run {
	r := Run{WindowS: 100, Latency: NewSketch(), Wait: NewSketch(),
		Timeline: &Timeline{StepS: 50, Instances: []float64{rng.Float64(), rng.Float64()}, BusyInstances: []float64{1, 2},
			Requests: []float64{3, 4}, ColdStarts: []float64{0, 1}, Rejected: []float64{0, 0}}}
	r.Requests = 50 + rng.Int64N(50)
	r.Completed = r.Requests - 3
	r.Rejected, r.InFlight = 2, 1
	r.ColdStarts = rng.Int64N(10)
	r.InstanceSeconds = 100 + 50*rng.Float64()
	r.BusySeconds = r.InstanceSeconds / 3
	r.PeakInstances = rng.Int64N(9)
	r.Cost = Cost{Total: rng.Float64(), Compute: 0.5}
	for range r.Requests {
		ms := rng.ExpFloat64() * 100
		r.Latency.Add(ms)
		r.Wait.Add(ms / 10)
	}
	r.LiveTimes = CountTimes{int64(20 * sim.Second), int64(80 * sim.Second)}
	r.BusyTimes = CountTimes{int64(60 * sim.Second), int64(40 * sim.Second)}
	return r
}

// Platform can be asked at any point: asking does not disturb what comes
// after, and the final summary equals Summarize over every run.
func TestAccumulatorAskedMidway(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var runs []Run
	for range 30 {
		runs = append(runs, randomRun(rng))
	}
	a := NewAccumulator(720 * sim.Hour)
	for i, r := range runs {
		a.Add(r)
		if i%7 == 0 {
			a.Platform("p", "faas")
		}
	}
	got, _ := json.Marshal(a.Platform("p", "faas"))
	want, _ := json.Marshal(Summarize("p", "faas", runs, 720*sim.Hour))
	if string(got) != string(want) {
		t.Errorf("summary after midway reads differs:\n%s\nwant\n%s", got, want)
	}
	if a.Runs() != 30 {
		t.Errorf("Runs() = %d, want 30", a.Runs())
	}
	// And the summary holds values worked out apart from the accumulator
	// (Summarize wraps it, so agreeing with it alone proves little): every
	// run spends 20 s of 100 at 0 instances and 80 at 1, 60 s at 0 busy
	// and 40 at 1; instances.mean is the mean of instance-seconds over
	// the window; the peak is the largest.
	p := a.Platform("p", "faas")
	var instMean float64
	var peak int64
	for _, r := range runs {
		instMean += r.InstanceSeconds / r.WindowS / float64(len(runs))
		peak = max(peak, r.PeakInstances)
	}
	if want := []CountFraction{{0, 0.2}, {1, 0.8}}; !slices.Equal(p.Instances.Distribution, want) {
		t.Errorf("distribution %v, want %v", p.Instances.Distribution, want)
	}
	if want := []CountFraction{{0, 0.6}, {1, 0.4}}; !slices.Equal(p.Instances.RunningDistribution, want) {
		t.Errorf("running distribution %v, want %v", p.Instances.RunningDistribution, want)
	}
	if math.Abs(p.Instances.Mean-instMean) > 1e-12 || p.Instances.Max != peak {
		t.Errorf("instances mean %v, max %d; want %v, %d", p.Instances.Mean, p.Instances.Max, instMean, peak)
	}
}

// The running variance agrees with the two-pass one to rounding on
// values far from zero, where a naive sum of squares loses every digit.
func TestMeanVarFarFromZero(t *testing.T) {
	var m meanVar
	xs := []float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}
	for _, x := range xs {
		m.add(x)
	}
	// mean 1e9+10, deviations -6 -3 3 6: sum of squares 90, variance 30.
	if m.mean != 1e9+10 || m.m2 != 90 {
		t.Errorf("mean %v, m2 %v; want 1e9+10, 90", m.mean, m.m2)
	}
}

// Accumulate a platform's replications one at a time, as a runner does
// while they finish: memory stays that of one run.
func ExampleAccumulator() {
	a := NewAccumulator(720 * sim.Hour)
	for r := range 3 {
		lat := NewSketch()
		lat.Add(float64(100 + 10*r))
		a.Add(Run{Requests: 1, Completed: 1, ColdStarts: int64(r % 2), Latency: lat, WindowS: 60,
			InstanceSeconds: float64(60 * (r + 1))})
	}
	p := a.Platform("lambda", "faas")
	fmt.Printf("%d runs: mean instances %.1f, ci95 %.2f to %.2f, latency mean %.0f ms\n",
		a.Runs(), p.Instances.Mean, p.CI95["instances.mean"][0], p.CI95["instances.mean"][1], p.LatencyMS.Mean)
	// Output:
	// 3 runs: mean instances 2.0, ci95 -0.48 to 4.48, latency mean 110 ms
}
