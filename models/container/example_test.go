package container_test

import (
	"fmt"

	"faassim/models/container"
	"faassim/models/workload"
	"faassim/sim"
)

// Two single-slot replicas and three simultaneous requests: two run at
// once, the third waits in the queue for the first free slot.
func Example() {
	eng := sim.NewEngine()
	cfg := container.Config{
		Replica: container.Replica{VCPU: 1, MemoryGB: 2, Slots: 1},
		Scaling: container.Scaling{Policy: container.Fixed, Replicas: 2},
		Horizon: sim.Minute,
	}
	svc, err := container.New(eng, cfg, []container.Function{{Name: "api"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	svc.SetLog(func(e container.Event) {
		if e.Kind != container.Arrived {
			fmt.Println(e)
		}
	})
	invs := []workload.Invocation{
		{Arrival: 0, Duration: sim.Second},
		{Arrival: 0, Duration: sim.Second},
		{Arrival: 0, Duration: sim.Second},
	}
	workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, svc.Arrive)
	eng.Run(cfg.Horizon)
	r := svc.Result()
	fmt.Printf("%d requests, %d cold, mean wait %.0f ms, mean latency %.0f ms\n",
		r.Requests, r.ColdStarts, r.Wait.Mean(), r.Latency.Mean())
	perNode := container.PerNode(4, 16, cfg.Replica) // an m7g.xlarge
	fmt.Printf("%.0f replica-seconds; %d per node: %.0f node-seconds\n",
		svc.ReplicaSeconds(), perNode, svc.NodeSeconds(perNode))
	// Output:
	// 0s start f0 r1
	// 0s start f0 r2
	// 0s queue f0
	// 1s finish f0 r1
	// 1s start f0 r1
	// 1s finish f0 r2
	// 2s finish f0 r1
	// 3 requests, 0 cold, mean wait 333 ms, mean latency 1333 ms
	// 120 replica-seconds; 3 per node: 60 node-seconds
}

// A 1 vCPU, 2 GiB replica on nodes of 4 vCPUs and 16 GiB: the kubelet and
// system reservation leaves 3.92 vCPUs, so three fit, not four.
func ExamplePerNode() {
	r := container.Replica{VCPU: 1, MemoryGB: 2, Slots: 4}
	fmt.Println(container.PerNode(4, 16, r))
	fmt.Println(container.PerNode(8, 32, r))
	// Output:
	// 3
	// 7
}
