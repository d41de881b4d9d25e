package keepalive

import (
	"fmt"

	"faassim/sim"
)

// Idle describes an instance that has just become idle.
type Idle struct {
	Now      sim.Time
	Function int32
	App      int32 // index of the function's app
	// Group is the set of instances the instance belongs to: its
	// function's own, or its app's where instances are shared per app. A
	// learning policy learns per group: the unit it can unload and load.
	Group int32
	// GroupIdle: no request of the group is in flight any more.
	GroupIdle bool
}

// Policy decides how long an idle instance stays warm: 0 reclaims it at
// once, sim.Never keeps it for the rest of the run.
type Policy interface {
	KeepAlive(idle Idle) sim.Time
}

// Observer is implemented by policies that learn from the invocation
// stream: every invocation, with its function and instance group, and
// whether a request of the group is in flight as it arrives (running: the
// platform knows; a policy inferring it from the calls it sees would take
// a rejected request, or one served by a provisioned instance it is not
// told of, for one still running).
type Observer interface {
	Invoked(now sim.Time, function, group int32, running bool)
}

// PolicyFunc adapts a function to a Policy.
type PolicyFunc func(idle Idle) sim.Time

// KeepAlive calls f(idle).
func (f PolicyFunc) KeepAlive(idle Idle) sim.Time { return f(idle) }

// FixedTTL keeps every idle instance for the same time.
type FixedTTL struct{ TTL sim.Time }

// KeepAlive returns the TTL.
func (p FixedTTL) KeepAlive(Idle) sim.Time { return p.TTL }

// String names the policy for reports.
func (p FixedTTL) String() string { return fmt.Sprintf("fixed %v", p.TTL) }

// None reclaims an instance as soon as it is idle: every request is cold.
type None struct{}

// KeepAlive returns 0.
func (None) KeepAlive(Idle) sim.Time { return 0 }

// String names the policy for reports.
func (None) String() string { return "none" }

// Infinite never reclaims an instance.
type Infinite struct{}

// KeepAlive returns sim.Never.
func (Infinite) KeepAlive(Idle) sim.Time { return sim.Never }

// String names the policy for reports.
func (Infinite) String() string { return "infinite" }

var (
	_ Policy = FixedTTL{}
	_ Policy = None{}
	_ Policy = Infinite{}
	_ Policy = PolicyFunc(nil)
)
