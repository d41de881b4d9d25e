package container

import (
	"fmt"

	"faassim/sim"
)

// Kind names a state change reported to the log set with SetLog.
type Kind string

// The state changes of requests, replicas and the autoscaler.
const (
	Arrived  Kind = "arrive"
	Queued   Kind = "queue"  // every slot of every ready replica is busy
	Rejected Kind = "reject" // the queue is full
	Started  Kind = "start"  // a request was placed on a replica
	Finished Kind = "finish" // a replica finished a request (or the work of one timed out)
	// TimedOut: a request's timeout passed while it waited (no replica), its
	// execution was cut at the function's timeout, or its request timeout
	// passed while it ran (the replica keeps working: see RequestTimeout).
	TimedOut Kind = "timeout"
	Scaled   Kind = "scale"  // the autoscaler changed the desired count
	Launched Kind = "launch" // a replica starts up
	Ready    Kind = "ready"  // a replica starts serving
	Draining Kind = "drain"  // a replica leaves the balancer for removal
	Removed  Kind = "remove" // a replica is gone
)

// Event is one entry of the service's log. Replica is the replica's launch
// number (the replicas present at time 0 are 1..n), 0 when none. Replicas is
// the new desired count of a Scaled event. The replicas present at time 0
// are not logged: they exist before the log can be set.
type Event struct {
	At       sim.Time
	Kind     Kind
	Function int32
	Replica  uint64
	Replicas int
}

func (e Event) String() string {
	switch {
	case e.Kind == Scaled:
		return fmt.Sprintf("%v %s %d", e.At, e.Kind, e.Replicas)
	case e.Kind == Launched || e.Kind == Ready || e.Kind == Draining || e.Kind == Removed:
		return fmt.Sprintf("%v %s r%d", e.At, e.Kind, e.Replica)
	case e.Replica == 0:
		return fmt.Sprintf("%v %s f%d", e.At, e.Kind, e.Function)
	}
	return fmt.Sprintf("%v %s f%d r%d", e.At, e.Kind, e.Function, e.Replica)
}

// SetLog makes the service report every state change to log (nil: none).
// Meant for tests and teaching; it costs one branch per event otherwise.
func (s *Service) SetLog(log func(Event)) { s.log = log }

// emit logs a request event (fn >= 0) or a replica event (fn < 0); i is a
// replica index or -1.
func (s *Service) emit(now sim.Time, k Kind, fn int32, i int32) {
	if s.log != nil { // small enough to inline: no call when nobody listens
		s.logEvent(now, k, fn, i)
	}
}

func (s *Service) logEvent(now sim.Time, k Kind, fn int32, i int32) {
	var id uint64
	if i >= 0 {
		id = s.reps.At(i).id
	}
	s.log(Event{At: now, Kind: k, Function: fn, Replica: id})
}
