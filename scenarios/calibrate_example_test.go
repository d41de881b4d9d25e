package scenarios_test

import (
	"fmt"
	"math"
	"strings"
	"time"

	"faassim/scenarios"
	"faassim/scenarios/trace"
	"faassim/sim"
)

// Calibrate on REPORT records: a function called every 4 minutes, every
// tenth call after 9 minutes instead, and cold exactly then. Any TTL from 4
// to 8 minutes explains that; the search keeps the smallest. The arrivals
// are more regular than Poisson (CV 0.32) but not a timer, so they are
// fitted as a gamma renewal process; 120 durations are too few for a fit
// (200). Calibrate then simulates what it wrote: the gaps are two spikes
// (4 and 9 min) which no smooth process of that mean and CV reproduces, a
// gamma puts about 60% of them past 4 minutes where the logs have 10%, and
// a warning says so with the numbers (a Poisson process would have put
// exp(-4/4.5) = 41% there).
func ExampleCalibrate() {
	epoch := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).UnixNano()
	var rs []trace.LambdaReport
	at := int64(0)
	for i := range 120 {
		gap := 4 * time.Minute
		if i%10 == 0 {
			gap = 9 * time.Minute
		}
		at += int64(gap)
		d := sim.Time(80+20*math.Sin(float64(i))) * sim.Millisecond
		r := trace.LambdaReport{Function: "report", HasTime: true, Duration: d, Billed: d, MemorySizeMB: 256, MaxMemoryUsedMB: 70}
		if i%10 == 0 {
			r.Cold, r.Init = true, 300*sim.Millisecond
		}
		r.End = epoch + at + int64(r.Init+r.Duration)
		rs = append(rs, r)
	}
	s, _, cal, err := scenarios.Calibrate(scenarios.ReportsOf(rs), scenarios.CalibrateOptions{Runtime: "nodejs"})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := cal.Functions[0]
	fmt.Printf("%d reports, %d cold; keep-alive %v\n", f.Reports, f.Cold, s.Platforms[0].KeepAlive.TTL)
	fmt.Printf("duration: %s (%d samples)\n", f.Duration.Kind, f.Duration.N)
	fmt.Printf("arrivals: %s at %.4f/s, CV %.2f\n", s.Workload.Synthetic.Functions[0].Arrival.Process, f.Arrival.RatePerS, f.Arrival.CV)
	fmt.Printf("cold-start ratio: observed %.2f, the calibrated scenario simulated %.2f\n", f.ColdRatio, f.FitColdRatio)
	for _, w := range f.Warnings {
		if strings.Contains(w, "simulated") {
			fmt.Println("warned:", strings.HasPrefix(w, "the calibrated scenario, simulated"))
		}
	}
	// Output:
	// 120 reports, 12 cold; keep-alive 4m0s
	// duration: percentiles (120 samples)
	// arrivals: gamma at 0.0037/s, CV 0.32
	// cold-start ratio: observed 0.10, the calibrated scenario simulated 0.55
	// warned: true
}
