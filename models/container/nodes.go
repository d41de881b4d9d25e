package container

import (
	"fmt"
	"math"

	"faassim/models/metrics"
	"faassim/sim"
)

// PerNode returns how many replicas fit on a Kubernetes node with nodeVCPU
// vCPUs and nodeMemGiB GiB of memory, packing by the replica's requests
// (VCPU and MemoryGB) against the node's allocatable resources: capacity
// minus the kubelet and system reservation of GKE's published formula
// (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes,
// "Memory and CPU reservations"; the EKS AMI reserves CPU the same way):
//
//   - CPU: 6% of the first core, 1% of the second, 0.5% of the next two,
//     0.25% of every core above four;
//   - memory: 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8,
//     6% of the next 112, 2% above 128 GiB (255 MiB on nodes under 1 GiB),
//     plus the kubelet's 100 MiB eviction threshold.
//
// DaemonSets and other system pods are not subtracted. It returns 0 when
// not even one replica fits: the caller must treat that as an error.
func PerNode(nodeVCPU, nodeMemGiB float64, r Replica) int {
	if !(nodeVCPU > 0 && nodeMemGiB > 0 && r.VCPU > 0 && r.MemoryGB > 0) {
		return 0
	}
	cpu := nodeVCPU - reserved(nodeVCPU, []tier{{1, 0.06}, {1, 0.01}, {2, 0.005}, {math.Inf(1), 0.0025}})
	var memReserve float64
	if nodeMemGiB < 1 {
		memReserve = 255.0 / 1024
	} else {
		memReserve = reserved(nodeMemGiB, []tier{{4, 0.25}, {4, 0.20}, {8, 0.10}, {112, 0.06}, {math.Inf(1), 0.02}})
	}
	mem := nodeMemGiB - memReserve - 100.0/1024
	// The small slack keeps exact fits exact despite float rounding
	// (3.92 / 0.98 must be 4, not 3.9999999999999996).
	n := math.Min(math.Floor(cpu/r.VCPU+1e-9), math.Floor(mem/r.MemoryGB+1e-9))
	return int(math.Max(n, 0))
}

// tier is a band of a progressive reservation: size units at rate.
type tier struct{ size, rate float64 }

func reserved(total float64, tiers []tier) float64 {
	var r float64
	for _, t := range tiers {
		band := math.Min(total, t.size)
		r += band * t.rate
		total -= band
		if total <= 0 {
			break
		}
	}
	return r
}

// integral returns the window integral of f(replicas), in
// replica-seconds, from the time the live level spent at each count (see
// metrics.Level.Times): replica-seconds are sum k t[k], node-seconds
// sum ceil(k/perNode) t[k] for any perNode, exact, which is why the runner
// need not fix the node type before the run.
func integral(times metrics.CountTimes, f func(k int) int) float64 {
	var ns float64
	for k, t := range times {
		if t != 0 {
			ns += float64(f(k)) * float64(t)
		}
	}
	return ns / float64(sim.Second)
}

// ReplicaSeconds returns the live replica-seconds (starting and draining
// included) inside the statistics window, up to the horizon. It closes the
// record like Result, so call it after the engine has run to the horizon.
func (s *Service) ReplicaSeconds() float64 {
	s.close()
	return integral(s.st.Live.Times(), func(k int) int { return k })
}

// NodeSeconds returns the node-seconds of a Kubernetes cluster holding the
// replicas perNode to a node (see PerNode): the integral over the window of
// ceil(replicas(t)/perNode), exact. It assumes nodes come and go with the
// replicas (an ideal cluster autoscaler, no scale-down delay), so it is a
// lower bound on a real cluster's node time. perNode < 1 panics: PerNode
// returned 0, which the caller must report as "the replica does not fit".
func (s *Service) NodeSeconds(perNode int) float64 {
	if perNode < 1 {
		panic(fmt.Sprintf("container: NodeSeconds(%d): a node must hold at least one replica", perNode))
	}
	s.close()
	return integral(s.st.Live.Times(), func(k int) int { return (k + perNode - 1) / perNode })
}

// SetLifetimeHook makes the service report each replica's lifetime to hook
// when the replica is removed, and at Result (or the first call to
// ReplicaSeconds or NodeSeconds) for the replicas still live, with end =
// sim.Never: their end is not known yet. Times are NOT clipped to the
// statistics window: start is when the replica was launched (its startup
// included, as Fargate bills from the image pull), possibly before Warmup,
// so that the caller can bill the whole lifetime's minimum (Fargate's
// minute) and cut it to the window [Warmup, Horizon) itself, as
// pricing.Meter.InstanceWindowed does: pro rata for a lifetime that
// straddles an edge, its raw part inside for one still open. Replicas that
// ended before Warmup are reported too. Set it before running the engine.
func (s *Service) SetLifetimeHook(hook func(start, end sim.Time)) { s.lifetime = hook }
