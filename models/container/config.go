package container

import (
	"faassim/models/metrics"
	"fmt"
	"math"

	"faassim/sim"
)

// Replica is what one replica (a Fargate task, a Kubernetes pod) gets.
type Replica struct {
	VCPU float64
	// MemoryGB is in GiB, the unit Fargate and Kubernetes actually use
	// under the name "GB".
	MemoryGB float64
	// Slots is how many requests one replica serves at once.
	Slots int
	// Startup is the time from launch to serving (image pull, boot,
	// readiness probe). Replicas present at time 0 skip it.
	Startup sim.Time
	// EphemeralStorageGB is the replica's local disk in GiB (a Fargate
	// task's ephemeral storage: 20 included, up to 200). It is billed over
	// the replica's lifetime (see Service.SetLifetimeHook), not simulated:
	// nothing here runs out of disk. 0 means none is billed.
	EphemeralStorageGB int
}

// ScalingPolicy says how the number of replicas is decided.
type ScalingPolicy int

const (
	// Fixed keeps Scaling.Replicas replicas, all ready from time 0.
	Fixed ScalingPolicy = iota
	// Target tracks a utilization target like the Kubernetes HPA.
	Target
)

func (p ScalingPolicy) String() string {
	switch p {
	case Fixed:
		return "fixed"
	case Target:
		return "target"
	}
	return fmt.Sprintf("ScalingPolicy(%d)", int(p))
}

// ParseScalingPolicy reads "fixed" or "target", the scenario file's names.
func ParseScalingPolicy(s string) (ScalingPolicy, error) {
	switch s {
	case "fixed":
		return Fixed, nil
	case "target":
		return Target, nil
	}
	return 0, fmt.Errorf("container: unknown scaling policy %q (want fixed or target)", s)
}

// Metric is the utilization that target scaling tracks. Both are measured
// on ready replicas that are not draining (HPA ignores pods being deleted),
// and count requests running on them; queued requests are invisible, as
// they are to a pod-level metric.
type Metric int

const (
	// Concurrency is requests in flight / (ready replicas x Slots).
	Concurrency Metric = iota
	// CPU is the busy share of the ready replicas' vCPUs. Each request is
	// taken to be single-threaded and CPU-bound, and the requests on a
	// replica share its vCPUs: a request uses min(1, VCPU/Slots) vCPU, so
	// CPU = in flight / (ready replicas x max(Slots, VCPU)). It equals
	// Concurrency when Slots >= VCPU and is lower when a replica has more
	// vCPUs than requests to run on them.
	CPU
)

func (m Metric) String() string {
	switch m {
	case Concurrency:
		return "concurrency"
	case CPU:
		return "cpu"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// ParseMetric reads "concurrency" or "cpu", the scenario file's names.
func ParseMetric(s string) (Metric, error) {
	switch s {
	case "concurrency":
		return Concurrency, nil
	case "cpu":
		return CPU, nil
	}
	return 0, fmt.Errorf("container: unknown scaling metric %q (want concurrency or cpu)", s)
}

// Kubernetes HPA defaults (kubernetes.io, "Horizontal Pod Autoscaling"):
// --horizontal-pod-autoscaler-sync-period, the scale-down stabilization
// window of the default behavior, and --horizontal-pod-autoscaler-tolerance.
const (
	DefaultSync                   = 15 * sim.Second
	DefaultScaleDownStabilization = 300 * sim.Second
	DefaultTolerance              = 0.1
)

// Scaling decides the number of replicas.
type Scaling struct {
	Policy ScalingPolicy
	// Replicas is the fleet size under Fixed.
	Replicas int
	// Metric, Target, Min and Max drive Target scaling: every Sync the
	// recommendation is ceil(ready x metric / Target), within [Min, Max].
	// Min may be 0: the service then scales to zero when idle, and a request
	// arriving with no replica live or starting launches one at once (as an
	// activator does: HPA alone cannot scale from zero), waiting for it.
	Metric   Metric
	Target   float64
	Min, Max int
	// Sync is the HPA sync period; 0 means DefaultSync.
	Sync sim.Time
	// ScaleDownStabilization: a scale-down goes only as far as the highest
	// recommendation made in this window. 0 means the default (300 s); a
	// window shorter than Sync keeps only the current recommendation.
	ScaleDownStabilization sim.Time
	// Tolerance: no change while |metric/Target - 1| <= Tolerance. 0 means
	// the default (0.1); use a tiny value such as 1e-9 for none.
	Tolerance float64
	// Initial is, under Target, the replicas ready at time 0 (a given
	// state, for transient analysis; 0 means Min), within [Min, Max]. The
	// autoscaler adjusts from there, as if it had recommended them just
	// before the start: a scale-down waits out the stabilization window.
	// A Fixed fleet is always fully ready, and refuses it.
	Initial int
}

// Config is a container service.
type Config struct {
	Replica Replica
	Scaling Scaling
	// QueueLimit bounds the requests waiting for a slot; an arrival that
	// finds it full is rejected. 0 means unbounded.
	QueueLimit int
	// RequestTimeout is the load balancer's: it bounds wait plus execution,
	// from arrival. A request still queued when it passes leaves the queue
	// timed out; one running is timed out then, from the client's view, but
	// its replica finishes the work (an ALB answers 504 and the target is
	// not told). 0, the default, means none.
	RequestTimeout sim.Time
	// Warmup and Horizon bound the statistics window [Warmup, Horizon).
	Warmup, Horizon sim.Time
	// Timeline, when set, records per-bucket series of this run.
	Timeline *metrics.Recorder
}

// Function is a function as deployed on the service.
type Function struct {
	Name string
	// Speed multiplies every invocation's duration: the runner computes it
	// from the replica's CPU share against the function's reference (see
	// workload.SpeedFactor). 0 means 1.
	Speed float64
	// Timeout cuts an execution, as FaaS platforms do: a run longer than
	// it (after Speed) stops at it and the request is timed out. 0 means
	// none.
	Timeout sim.Time
}

// withDefaults fills the zero values that stand for defaults.
func (c Config) withDefaults() Config {
	c.Scaling = c.Scaling.WithDefaults()
	return c
}

// WithDefaults fills the zero values of target scaling that stand for the
// HPA defaults (sync, scale-down stabilization, tolerance).
func (s Scaling) WithDefaults() Scaling {
	if s.Policy != Target {
		return s
	}
	if s.Sync == 0 {
		s.Sync = DefaultSync
	}
	if s.ScaleDownStabilization == 0 {
		s.ScaleDownStabilization = DefaultScaleDownStabilization
	}
	if s.Tolerance == 0 {
		s.Tolerance = DefaultTolerance
	}
	return s
}

func (c *Config) validate(fns []Function) error {
	r, s := c.Replica, c.Scaling
	switch {
	case r.Slots < 1:
		return fmt.Errorf("container: replica slots = %d: a replica must serve at least 1 request at a time", r.Slots)
	case !(r.VCPU > 0) || math.IsInf(r.VCPU, 1):
		return fmt.Errorf("container: replica vcpu = %v: must be positive", r.VCPU)
	case !(r.MemoryGB > 0) || math.IsInf(r.MemoryGB, 1):
		return fmt.Errorf("container: replica memory_gb = %v: must be positive", r.MemoryGB)
	case r.Startup < 0:
		return fmt.Errorf("container: replica startup = %v: must not be negative", r.Startup)
	case r.EphemeralStorageGB < 0:
		return fmt.Errorf("container: replica ephemeral storage = %d GB: must not be negative", r.EphemeralStorageGB)
	case c.RequestTimeout < 0:
		return fmt.Errorf("container: request timeout = %v: must not be negative (0 is none)", c.RequestTimeout)
	case c.QueueLimit < 0:
		return fmt.Errorf("container: queue limit = %d: must not be negative (0 is unbounded)", c.QueueLimit)
	case c.Horizon <= 0 || c.Warmup < 0 || c.Warmup >= c.Horizon:
		return fmt.Errorf("container: statistics window [%v, %v) is empty", c.Warmup, c.Horizon)
	}
	switch s.Policy {
	case Fixed:
		if s.Replicas < 1 {
			return fmt.Errorf("container: fixed scaling with %d replicas: need at least 1", s.Replicas)
		}
		if s.Initial != 0 {
			return fmt.Errorf("container: %d initial replicas on a fixed fleet: its %d replicas are always all ready", s.Initial, s.Replicas)
		}
	case Target:
		if err := s.validateTarget(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("container: unknown scaling policy %v", s.Policy)
	}
	for _, f := range fns {
		if !(f.Speed >= 0) || math.IsInf(f.Speed, 1) {
			return fmt.Errorf("container: function %q: speed %v must be finite and >= 0", f.Name, f.Speed)
		}
		if f.Timeout < 0 {
			return fmt.Errorf("container: function %q: timeout %v must not be negative (0 is none)", f.Name, f.Timeout)
		}
	}
	return nil
}

func (s Scaling) validateTarget() error {
	switch {
	case s.Metric != Concurrency && s.Metric != CPU:
		return fmt.Errorf("container: unknown scaling metric %v", s.Metric)
	case !(s.Target > 0) || math.IsInf(s.Target, 1):
		return fmt.Errorf("container: scaling target = %v: must be positive (e.g. 0.7)", s.Target)
	case s.Min < 0:
		return fmt.Errorf("container: scaling min = %d: must not be negative", s.Min)
	case s.Max < 1:
		return fmt.Errorf("container: scaling max = %d: need at least 1 replica", s.Max)
	case s.Min > s.Max:
		return fmt.Errorf("container: scaling min %d > max %d", s.Min, s.Max)
	case s.Initial != 0 && (s.Initial < s.Min || s.Initial > s.Max):
		return fmt.Errorf("container: %d initial replicas: want %d (min) to %d (max)", s.Initial, s.Min, s.Max)
	case s.Sync < 0:
		return fmt.Errorf("container: scaling sync = %v: must be positive", s.Sync)
	case s.ScaleDownStabilization < 0:
		return fmt.Errorf("container: scale-down stabilization = %v: must not be negative", s.ScaleDownStabilization)
	case !(s.Tolerance >= 0) || s.Tolerance >= 1:
		return fmt.Errorf("container: scaling tolerance = %v: must be in [0, 1)", s.Tolerance)
	}
	return nil
}

// unitsPerReplica is the denominator of the scaling metric per ready
// replica (see Metric).
func (c *Config) unitsPerReplica() float64 {
	slots := float64(c.Replica.Slots)
	if c.Scaling.Metric == CPU {
		return math.Max(slots, c.Replica.VCPU)
	}
	return slots
}
