package metrics_test

import (
	"fmt"
	"time"

	"faassim/models/metrics"
	"faassim/sim"
)

// A level of live instances over a window that excludes a 10 s warm-up, and
// the latency sketch of the requests they served.
func Example() {
	live := metrics.NewLevel(10*sim.Second, 70*sim.Second)
	live.Add(0, 1)              // an instance starts during the warm-up
	live.Add(40*sim.Second, 2)  // two more at 40 s
	live.Add(55*sim.Second, -3) // all expire at 55 s
	live.Close(70 * sim.Second)
	// 1 x 30 s + 3 x 15 s over a 60 s window
	fmt.Printf("instance-seconds %.0f, mean %.2f, peak %d\n",
		live.Integral(), live.Integral()/60, live.Max())

	lat := metrics.NewSketch()
	for _, ms := range []float64{12, 15, 11, 250, 14, 13, 16, 12, 300, 15} {
		lat.Add(ms)
	}
	s := lat.Summary()
	fmt.Printf("n %d, mean %.1f ms, p50 %.0f ms, max %.0f ms\n", lat.Count(), s.Mean, s.P50, s.Max)
	// Output:
	// instance-seconds 75, mean 1.25, peak 3
	// n 10, mean 65.8 ms, p50 14 ms, max 300 ms
}

// The default timeline step of a few measured windows: about 500 buckets,
// on a step a reader can count in.
func ExampleDefaultTimelineStep() {
	for _, w := range []time.Duration{time.Hour, 20 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour} {
		step := metrics.DefaultTimelineStep(w)
		fmt.Printf("%v: %d buckets of %v\n", w, int64((w+step-1)/step), step)
	}
	// Output:
	// 1h0m0s: 360 buckets of 10s
	// 20h0m0s: 240 buckets of 5m0s
	// 168h0m0s: 336 buckets of 30m0s
	// 336h0m0s: 336 buckets of 1h0m0s
}
