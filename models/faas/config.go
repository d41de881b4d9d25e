package faas

import (
	"faassim/models/metrics"
	"fmt"
	"math"

	"faassim/models/coldstart"
	"faassim/models/workload"
	"faassim/sim"
)

// OnLimit says what happens to a request that finds no capacity.
type OnLimit int

const (
	// Reject throttles the request at once (HTTP 429 for synchronous calls).
	Reject OnLimit = iota
	// Queue holds it FIFO until capacity frees up or MaxWait passes.
	Queue
)

func (o OnLimit) String() string {
	if o == Queue {
		return "queue"
	}
	return "reject"
}

// Choice is the rule for picking among instances with a free slot.
type Choice int

const (
	// MRU picks the most recently used instance, the usual assumption for
	// AWS Lambda (undocumented): it lets older idle instances expire.
	MRU Choice = iota
	// LRU picks the least recently used instance (spreads load, keeps more warm).
	LRU
	// Newest picks the most recently created instance, as SimFaaS does.
	Newest
)

func (c Choice) String() string {
	switch c {
	case LRU:
		return "lru"
	case Newest:
		return "newest"
	}
	return "mru"
}

// ParseChoice reads "mru", "lru" or "newest", the scenario file's names.
func ParseChoice(s string) (Choice, error) {
	for _, c := range []Choice{MRU, LRU, Newest} {
		if c.String() == s {
			return c, nil
		}
	}
	return MRU, fmt.Errorf("unknown idle_choice %q (valid: mru, lru, newest)", s)
}

// Config holds a platform's limits. A zero limit means "no limit".
type Config struct {
	// PerInstance is how many requests one instance serves at once (Lambda 1,
	// Cloud Run 80 by default). 0 means 1.
	PerInstance int
	// AccountLimit caps in-flight requests across all functions (Lambda's
	// regional concurrency, 1,000 by default). Idle instances do not count.
	AccountLimit int
	// MaxInstances caps live instances (idle included) per function.
	MaxInstances int
	// ScaleBurst new instances per ScalePer, per function, through a token
	// bucket that starts full, refills continuously and holds at most
	// ScaleBurst tokens (AWS: 1,000 per 10 s).
	ScaleBurst int
	ScalePer   sim.Time
	OnLimit    OnLimit
	// MaxWait bounds the wait in the queue; 0 waits as long as the run lasts.
	MaxWait    sim.Time
	IdleChoice Choice
	// Provisioned instances per function (per app with PerApp) are warm
	// from the start and never expire; requests go to them first.
	Provisioned int
	// PerApp makes the functions of an app share instances, as a Cloud Run
	// service or an Azure function app does; otherwise every function has
	// its own, as on AWS Lambda. Instance limits, the scaling rate and the
	// throttling queue then apply per app.
	PerApp bool
	// MaxTimeout is the platform's execution limit, used for functions that
	// set none (Lambda: 900 s). 0 means none.
	MaxTimeout sim.Time
	// Warmup and Horizon bound the statistics window [Warmup, Horizon).
	Warmup, Horizon sim.Time
	// Billing routes billable usage to a meter.
	Billing Billing
	// Timeline, when set, records per-bucket series of this run.
	Timeline *metrics.Recorder
	// InFlightPeaks and LivePeaks, when set, record the per-second maxima
	// of the requests in flight counted against the account limit (of
	// functions without reserved concurrency) and of live instances: what
	// a function shard keeps so that merge can add shards (see
	// metrics.Peaks).
	InFlightPeaks, LivePeaks *metrics.Peaks
	// RecordExecution records each execution's length in the result's
	// Execution sketch (off by default: it costs a sketch update a request).
	RecordExecution bool
	// RecordApps keeps a per-application record in the result (Run.Apps):
	// requests placed on an instance, cold starts and idle instance
	// memory-time, by Function.App (off by default: it costs a branch a
	// request and a few words per app).
	RecordApps bool
	// Initial is the state the platform starts from besides its
	// provisioned instances: idle and busy instances at time 0 (see
	// InitialGroup). Nil starts empty, as a fresh deploy does.
	Initial []InitialGroup
}

// Function is a function as deployed on this platform.
type Function struct {
	workload.Function
	// App is the index of the function's app, for per-app keep-alive state.
	App int32
	// ColdStart samples the initialisation delay of a new instance.
	ColdStart coldstart.Sampler
	// Reserved concurrency: at most this many in-flight requests, set aside
	// from the account limit for this function alone. 0 = none.
	Reserved int
	// Provisioned instances of this function (of its app with PerApp: the
	// largest of its functions'), warm from the start, never expiring and
	// billed as provisioned; 0 means Config.Provisioned.
	Provisioned int
	// Speed multiplies every invocation's duration (memory-speed scaling
	// when the platform runs the function at another memory size). 0 means 1.
	Speed float64
	// VCPU is an instance's vCPU allocation, for products that bill it.
	VCPU float64
}

func (c *Config) validate(fns []Function) error {
	switch {
	case c.PerInstance < 0, c.AccountLimit < 0, c.MaxInstances < 0, c.ScaleBurst < 0, c.Provisioned < 0:
		return fmt.Errorf("faas: negative limit in %+v", *c)
	case c.ScaleBurst > 0 && c.ScalePer <= 0:
		return fmt.Errorf("faas: scale rate %d per %v: the period must be positive", c.ScaleBurst, c.ScalePer)
	case c.ScaleBurst > 0 && int64(c.ScaleBurst) > math.MaxInt64/int64(c.ScalePer):
		return fmt.Errorf("faas: scale rate %d per %v: the token bucket would overflow", c.ScaleBurst, c.ScalePer)
	case c.Horizon <= 0 || c.Warmup < 0 || c.Warmup >= c.Horizon:
		return fmt.Errorf("faas: statistics window [%v, %v) is empty", c.Warmup, c.Horizon)
	case c.Billing.Meter == nil && (c.Billing.Executions || c.Billing.BusyPeriods || c.Billing.Lifetimes):
		return fmt.Errorf("faas: billing enabled without a meter")
	case c.MaxInstances > 0 && c.Provisioned > c.MaxInstances:
		return fmt.Errorf("faas: %d provisioned instances exceed max instances %d", c.Provisioned, c.MaxInstances)
	}
	reserved := 0
	for _, f := range fns {
		if f.ColdStart == nil {
			return fmt.Errorf("faas: function %q has no cold-start sampler", f.Name)
		}
		if f.Reserved < 0 || f.Provisioned < 0 {
			return fmt.Errorf("faas: function %q: negative reserved concurrency or provisioned instances", f.Name)
		}
		if c.MaxInstances > 0 && f.Provisioned > c.MaxInstances {
			return fmt.Errorf("faas: function %q: %d provisioned instances exceed max instances %d", f.Name, f.Provisioned, c.MaxInstances)
		}
		reserved += f.Reserved
	}
	if c.AccountLimit > 0 && reserved > c.AccountLimit {
		return fmt.Errorf("faas: reserved concurrency %d exceeds the account limit %d", reserved, c.AccountLimit)
	}
	return nil
}
