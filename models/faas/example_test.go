package faas_test

import (
	"fmt"

	"faassim/models/dist"
	"faassim/models/faas"
	"faassim/models/keepalive"
	"faassim/models/workload"
	"faassim/sim"
)

// Three requests to one function with a 5 s keep-alive: the first starts an
// instance (cold), the second reuses it, the third comes after it expired.
func Example() {
	eng := sim.NewEngine()
	cfg := faas.Config{Horizon: sim.Minute}
	fns := []faas.Function{{Function: workload.Function{Name: "api"}, ColdStart: dist.Deterministic{Value: 250 * sim.Millisecond}}}
	p, _ := faas.New(eng, cfg, fns, keepalive.FixedTTL{TTL: 5 * sim.Second}, 1)
	p.SetLog(func(e faas.Event) {
		if e.Kind == faas.ColdStart || e.Kind == faas.Expired {
			fmt.Println(e)
		}
	})
	invs := []workload.Invocation{
		{Arrival: 0, Duration: sim.Second},
		{Arrival: 3 * sim.Second, Duration: sim.Second},
		{Arrival: 20 * sim.Second, Duration: sim.Second},
	}
	workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	r := p.Result()
	fmt.Printf("%d requests, %d cold, mean latency %.0f ms\n", r.Requests, r.ColdStarts, r.Latency.Mean())
	// Output:
	// 0s cold-start f0 i1
	// 9s expire f0 i1
	// 20s cold-start f0 i2
	// 26.25s expire f0 i2
	// 3 requests, 2 cold, mean latency 1167 ms
}

// A platform started from a given state (transient analysis): two idle
// instances expiring at 10 s and one busy for 2 s. The request at 3 s goes
// warm to the most recently used instance, the one whose initial execution
// ended at 2 s; the two idle ones expire at 10 s untouched.
func ExampleInitialGroup() {
	eng := sim.NewEngine()
	cfg := faas.Config{Horizon: sim.Minute, Initial: []faas.InitialGroup{
		{Count: 2, ExpiresIn: 10 * sim.Second},
		{Count: 1, Busy: true, Duration: dist.Deterministic{Value: 2 * sim.Second}},
	}}
	fns := []faas.Function{{Function: workload.Function{Name: "api"}, ColdStart: dist.Deterministic{Value: 250 * sim.Millisecond}}}
	p, _ := faas.New(eng, cfg, fns, keepalive.FixedTTL{TTL: 30 * sim.Second}, 1)
	p.SetLog(func(e faas.Event) { fmt.Println(e) })
	invs := []workload.Invocation{{Arrival: 3 * sim.Second, Duration: sim.Second}}
	workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	r := p.Result()
	fmt.Printf("%d request, %d cold, %.0f running seconds\n", r.Requests, r.ColdStarts, r.RunningSeconds)
	// Output:
	// 0s initial f0 i1
	// 0s initial f0 i2
	// 0s initial f0 i3
	// 0s start f0 i3
	// 2s finish f0 i3
	// 3s arrive f0
	// 3s start f0 i3
	// 4s finish f0 i3
	// 10s expire f0 i1
	// 10s expire f0 i2
	// 34s expire f0 i3
	// 1 request, 0 cold, 3 running seconds
}
