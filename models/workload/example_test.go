package workload_test

import (
	"fmt"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// Two functions, one called every 2 s and one every 3 s, merged into one
// stream in arrival order.
func Example() {
	fns := []workload.Function{{Name: "api"}, {Name: "cron"}}
	src, _ := workload.NewSynthetic(1, fns, []workload.Stream{
		{Arrivals: workload.Deterministic{RatePerS: 0.5}, Duration: dist.Deterministic{Value: 100 * sim.Millisecond}},
		{Arrivals: workload.Deterministic{RatePerS: 1.0 / 3}, Duration: dist.Deterministic{Value: 2 * sim.Second}},
	})
	var inv workload.Invocation
	for src.Next(&inv) && inv.Arrival <= 6*sim.Second {
		fmt.Printf("%v %s runs %v\n", inv.Arrival, fns[inv.Function].Name, inv.Duration)
	}
	// Output:
	// 2s api runs 100ms
	// 3s cron runs 2s
	// 4s api runs 100ms
	// 6s api runs 100ms
	// 6s cron runs 2s
}

// A function whose requests are 80% thumbnails (50 ms) and 20% full
// renders (1 s): each invocation draws its class by weight, then its
// duration; the mean is the weighted mean of the classes'.
func ExampleNewPayloads() {
	mix, _ := workload.NewPayloads([]workload.PayloadClass{
		{Name: "thumbnail", Weight: 4, Duration: dist.Deterministic{Value: 50 * sim.Millisecond}},
		{Name: "full", Weight: 1, Duration: dist.Deterministic{Value: sim.Second}},
	})
	fmt.Println(mix.Mean(), mix.Quantile(0.5), mix.Quantile(0.9))
	fmt.Println(mix)
	// Output:
	// 240ms 50ms 1s
	// payloads(thumbnail 80% deterministic(50ms), full 20% deterministic(1s))
}
