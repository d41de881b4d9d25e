package metrics

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/sim"
)

// month30 is the default billing month, 30 days (pricing.DefaultMonth,
// which this package cannot import: pricing imports metrics).
const month30 = 720 * sim.Hour

func sketchOf(xs ...float64) *Sketch {
	s := NewSketch()
	for _, x := range xs {
		s.Add(x)
	}
	return s
}

func TestStudentT95(t *testing.T) {
	tests := []struct {
		name   string
		xs     []float64
		lo, hi float64
	}{
		// mean 3, s = sqrt(2.5) = 1.5811, t(0.975, 4) = 2.7764 (any t table):
		// 3 ± 2.7764 * 1.5811 / sqrt(5) = 3 ± 1.9632.
		{"one to five", []float64{1, 2, 3, 4, 5}, 1.0368, 4.9632},
		// mean 10, s = sqrt(2), t(0.975, 1) = 12.7062: 10 ± 12.7062.
		{"two values", []float64{9, 11}, -2.7062, 22.7062},
		{"no spread", []float64{7, 7, 7}, 7, 7},
		{"one value", []float64{4}, 4, 4},
		{"none", nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := StudentT95(tt.xs)
			if math.Abs(lo-tt.lo) > 1e-4 || math.Abs(hi-tt.hi) > 1e-4 {
				t.Errorf("StudentT95(%v) = [%.5f, %.5f], want [%.4f, %.4f]", tt.xs, lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

func TestSummarizeOneRun(t *testing.T) {
	run := Run{
		Requests: 1000, Completed: 950, Rejected: 40, TimedOut: 10, ColdStarts: 48,
		Latency:         sketchOf(100, 200, 300, 400),
		Wait:            sketchOf(0, 0, 0, 80),
		InstanceSeconds: 7200, BusySeconds: 1800, PeakInstances: 9,
		WindowS: 3600,
		Cost:    Cost{Total: 1.5, Compute: 1.2, Requests: 0.3},
	}
	got := Summarize("lambda", "faas", []Run{run}, month30)
	want := Platform{
		Name: "lambda", Kind: "faas",
		Requests: 1000, Completed: 950, Rejected: 40, TimedOut: 10, ColdStarts: 48,
		ColdStartRatio: 48.0 / 960,
		LatencyMS: Latency{Mean: 250, P50: run.Latency.Quantile(0.5), P90: run.Latency.Quantile(0.9),
			P95: run.Latency.Quantile(0.95), P99: run.Latency.Quantile(0.99),
			P999: run.Latency.Quantile(0.999), Max: 400},
		WaitMS:          run.Wait.Summary(),
		Instances:       Instances{Mean: 2, Max: 9},
		InstanceSeconds: InstanceSeconds{Busy: 1800, Idle: 5400},
		Utilization:     0.25,
		CostUSD:         Cost{Total: 1.5, Compute: 1.2, Requests: 0.3},
		// 1.5 $ / 1000 requests * 1e6; 1.5 $ an hour * 720 hours.
		CostPerMillionRequestsUSD: 1500,
		MonthlyCostUSD:            1080,
		// 50 of 1000 lost: over 1%; the run has no buckets, so from 0 s.
		Saturated: true, SaturatedAtS: new(float64),
		Warnings: []string{"saturated: lost 5.00% of requests (40 rejected, 10 timed out waiting), more than 1%, the first from 0s after the start"},
	}
	// The CDF is checked on its own: it starts at the minimum, ends at the
	// maximum and never decreases.
	cdf := got.LatencyCDF
	got.LatencyCDF = nil
	if len(cdf) == 0 || cdf[0] != [2]float64{100, 0} || cdf[len(cdf)-1] != [2]float64{400, 1} {
		t.Errorf("latency CDF ends %v ... %v, want [100 0] ... [400 1]", cdf[0], cdf[len(cdf)-1])
	}
	for i := 1; i < len(cdf); i++ {
		if cdf[i][0] < cdf[i-1][0] || cdf[i][1] <= cdf[i-1][1] {
			t.Errorf("latency CDF decreases at %d: %v then %v", i, cdf[i-1], cdf[i])
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarize =\n%+v\nwant\n%+v", got, want)
	}
	// rank 0.5 * 3 = 1.5: the lower order statistic is the 2nd value.
	if math.Abs(got.LatencyMS.P50-200) > RelativeAccuracy*200 {
		t.Errorf("p50 = %v, want 200 within 1%%", got.LatencyMS.P50)
	}
}

func TestSummarizeSeveralRuns(t *testing.T) {
	runs := []Run{
		{Requests: 100, Rejected: 10, ColdStarts: 9, Latency: sketchOf(10, 20),
			InstanceSeconds: 100, BusySeconds: 50, PeakInstances: 3, WindowS: 100,
			Cost: Cost{Total: 1}},
		{Requests: 101, Rejected: 0, ColdStarts: 0, Latency: sketchOf(30, 40),
			InstanceSeconds: 300, BusySeconds: 50, PeakInstances: 7, WindowS: 100,
			Cost: Cost{Total: 3}},
	}
	p := Summarize("x", "container", runs, month30)
	checks := []struct {
		name      string
		got, want float64
	}{
		{"requests: mean 100.5 rounds half away from zero", float64(p.Requests), 101},
		{"rejected", float64(p.Rejected), 5},
		{"cold starts: mean 4.5 rounds up", float64(p.ColdStarts), 5},
		{"cold start ratio pooled: 9 / 191", p.ColdStartRatio, 9.0 / 191},
		{"latency mean pooled", p.LatencyMS.Mean, 25},
		{"latency max pooled", p.LatencyMS.Max, 40},
		{"instances mean of 1 and 3", p.Instances.Mean, 2},
		{"instances max", float64(p.Instances.Max), 7},
		{"busy mean", p.InstanceSeconds.Busy, 50},
		{"idle mean of 50 and 250", p.InstanceSeconds.Idle, 150},
		{"utilization pooled: 100 / 400", p.Utilization, 0.25},
		{"cost mean", p.CostUSD.Total, 2},
		{"cost per million: 4 $ / 201 requests", p.CostPerMillionRequestsUSD, 4.0 / 201 * 1e6},
		{"monthly: 2 $ per 100 s", p.MonthlyCostUSD, 2 * 30 * 86400 / 100},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if len(p.CI95) != len(ci95Keys) {
		t.Errorf("CI95 has %d keys, want %d: %v", len(p.CI95), len(ci95Keys), p.CI95)
	}
	// Per-run totals 1 and 3: 2 ± 12.7062 * sqrt(2) / sqrt(2).
	if ci := p.CI95["cost_usd.total"]; math.Abs(ci[0]+10.7062) > 1e-4 || math.Abs(ci[1]-14.7062) > 1e-4 {
		t.Errorf("CI95[cost_usd.total] = %v, want [-10.7062, 14.7062]", ci)
	}
	// Per-run rejected ratios 0.1 and 0: 0.05 ± 12.7062 * 0.05.
	if ci := p.CI95["rejected_ratio"]; math.Abs(ci[0]+0.58531) > 1e-4 || math.Abs(ci[1]-0.68531) > 1e-4 {
		t.Errorf("CI95[rejected_ratio] = %v, want [-0.5853, 0.6853]", ci)
	}
}

// TestSummarizeMonth: the monthly projection uses the month it is given.
// $1.50 over an hour is $1,080 over 720 hours and $1,095 over the AWS
// Pricing Calculator's 730 hours.
func TestSummarizeMonth(t *testing.T) {
	run := Run{Requests: 10, WindowS: 3600, Cost: Cost{Total: 1.5, Compute: 1.4, ControlPlane: 0.1}}
	for _, tt := range []struct {
		month sim.Time
		want  float64
	}{
		{720 * sim.Hour, 1080},
		{730 * sim.Hour, 1095},
	} {
		if got := Summarize("x", "container", []Run{run}, tt.month).MonthlyCostUSD; math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("month %v: monthly $%v, want $%v", tt.month, got, tt.want)
		}
	}
	// Two runs average every line, control plane included.
	p := Summarize("x", "container", []Run{run, run}, month30)
	if p.CostUSD.ControlPlane != 0.1 || p.CostUSD.Total != 1.5 {
		t.Errorf("mean cost %+v, want control plane 0.1 of total 1.5", p.CostUSD)
	}
}

func TestCostPlus(t *testing.T) {
	a := Cost{Total: 6, Compute: 1, Requests: 2, Provisioned: 3}
	b := Cost{Total: 15, Idle: 4, Storage: 5, ControlPlane: 6}
	want := Cost{Total: 21, Compute: 1, Requests: 2, Provisioned: 3, Idle: 4, Storage: 5, ControlPlane: 6}
	if got := a.Plus(b); got != want {
		t.Errorf("Plus = %+v, want %+v", got, want)
	}
}

func TestSummarizeCIMatchesHandExample(t *testing.T) {
	var runs []Run
	for i := 1; i <= 5; i++ {
		runs = append(runs, Run{Requests: 10, WindowS: 30 * 86400, Cost: Cost{Total: float64(i)}})
	}
	p := Summarize("x", "faas", runs, month30)
	for _, k := range []string{"cost_usd.total", "monthly_cost_usd"} {
		if ci := p.CI95[k]; math.Abs(ci[0]-1.0368) > 1e-4 || math.Abs(ci[1]-4.9632) > 1e-4 {
			t.Errorf("CI95[%s] = %v, want [1.0368, 4.9632]", k, ci)
		}
	}
}

func TestSummarizeDegenerate(t *testing.T) {
	tests := []struct {
		name     string
		runs     []Run
		rejected float64 // the per-run rejected ratio, the only nonzero value
	}{
		{"no runs", nil, 0},
		{"nothing happened", []Run{{}}, 0},
		{"nothing happened twice", []Run{{}, {}}, 0},
		{"all rejected", []Run{{Requests: 5, Rejected: 5}, {Requests: 3, Rejected: 3}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Summarize("x", "faas", tt.runs, month30)
			for k, v := range map[string]float64{
				"cold_start_ratio": p.ColdStartRatio, "utilization": p.Utilization,
				"cost per million": p.CostPerMillionRequestsUSD, "monthly": p.MonthlyCostUSD,
				"instances.mean": p.Instances.Mean, "latency p99": p.LatencyMS.P99,
			} {
				if v != 0 {
					t.Errorf("%s = %v, want 0", k, v)
				}
			}
			for k, ci := range p.CI95 {
				want := [2]float64{}
				if k == "rejected_ratio" {
					want = [2]float64{tt.rejected, tt.rejected}
				}
				if ci != want {
					t.Errorf("CI95[%s] = %v, want %v", k, ci, want)
				}
			}
		})
	}
}

// TestStudentT95MatchesTwoPass: the interval computed with gonum's stat
// equals the textbook two-pass formula (mean, then the sum of squared
// deviations over n - 1) to rounding, on random samples of every size.
func TestStudentT95MatchesTwoPass(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 2; n <= 40; n++ {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = 1e3 * rng.ExpFloat64()
		}
		var sum, ss float64
		for _, x := range xs {
			sum += x
		}
		mean := sum / float64(n)
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
		half := tq * math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n))
		lo, hi := StudentT95(xs)
		if math.Abs(lo-(mean-half)) > 1e-12*mean || math.Abs(hi-(mean+half)) > 1e-12*mean {
			t.Errorf("n=%d: [%v, %v], two-pass [%v, %v]", n, lo, hi, mean-half, mean+half)
		}
	}
}
