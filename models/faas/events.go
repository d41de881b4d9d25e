package faas

import (
	"fmt"

	"faassim/sim"
)

// Kind names a state change reported to the log set with SetLog.
type Kind string

// The state changes of requests and instances.
const (
	Arrived   Kind = "arrive"
	ColdStart Kind = "cold-start" // a new instance starts initialising
	Ready     Kind = "ready"      // an instance finished initialising
	Started   Kind = "start"      // a request was placed on an instance
	Finished  Kind = "finish"
	Expired   Kind = "expire"
	Rejected  Kind = "reject"
	Queued    Kind = "queue"
	TimedOut  Kind = "timeout" // waited in the queue past max_wait
	Prewarmed Kind = "prewarm" // an instance loaded ahead of an expected invocation
	Initial   Kind = "initial" // an instance present at the start (Config.Initial)
)

// Event is one entry of the platform's log. Instance is the instance's
// creation number (1 for the first instance created), 0 when none.
type Event struct {
	At       sim.Time
	Kind     Kind
	Function int32
	Instance uint64
}

func (e Event) String() string {
	if e.Instance == 0 {
		return fmt.Sprintf("%v %s f%d", e.At, e.Kind, e.Function)
	}
	return fmt.Sprintf("%v %s f%d i%d", e.At, e.Kind, e.Function, e.Instance)
}

func (p *Platform) emit(now sim.Time, k Kind, fn int32, i int32) {
	if p.log != nil { // small enough to inline: no call when nobody listens
		p.logEvent(now, k, fn, i)
	}
}

func (p *Platform) logEvent(now sim.Time, k Kind, fn int32, i int32) {
	var id uint64
	if i >= 0 {
		id = p.insts.At(i).id
	}
	p.log(Event{At: now, Kind: k, Function: fn, Instance: id})
}
