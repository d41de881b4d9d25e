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
