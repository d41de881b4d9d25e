package limits

import (
	"fmt"
	"math"
	"runtime/debug"
	"runtime/metrics"
)

// Exceeded is work refused, or stopped, because it would go over a bound:
// bad input for the command that was asked (exit status 2). Its message
// names the input and the flag that lifts the bound.
type Exceeded struct{ Msg string }

func (e *Exceeded) Error() string { return e.Msg }

// liveHeap is the heap the garbage collector found live at its last cycle.
const liveHeap = "/gc/heap/live:bytes"

// LiveHeap returns the bytes the last garbage collection found live.
func LiveHeap() uint64 {
	s := [1]metrics.Sample{{Name: liveHeap}}
	metrics.Read(s[:])
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0 // not supported by this runtime: the guard stands down
	}
	return s[0].Value.Uint64()
}

// Guard is the backstop behind the estimates: a simulation calls Check
// now and then (every 65,536 events), and Check fails once the live heap
// is over the memory bound, so that an estimate that was wrong stops the
// run with a message rather than ending in the kernel's out-of-memory
// killer. The zero Guard checks nothing.
type Guard struct {
	limit  float64
	budget Budget
}

// NewGuard returns a guard for budget b (one that checks nothing when the
// memory bound is lifted).
func NewGuard(b Budget) Guard { return Guard{limit: b.Memory(), budget: b} }

// Check returns an *Exceeded once the live heap is over the bound; what
// says what was running ("platform lambda, replication 3, at 2h of 24h"),
// asked only then.
func (g Guard) Check(what func() string) error {
	if g.limit == 0 || math.IsInf(g.limit, 1) {
		return nil
	}
	if live := float64(LiveHeap()); live > g.limit {
		return &Exceeded{Msg: fmt.Sprintf("stopped %s: the memory in use reached %s, more than %s allows (the estimate made before the run allowed it); raise --max-memory to finish it",
			what(), FormatSize(live), g.budget.MemoryFlag())}
	}
	return nil
}

// SetGCLimit makes the garbage collector work harder as the heap nears
// the memory bound (debug.SetMemoryLimit), so that the live heap the guard
// reads is fresh when it matters; a lower limit already set (GOMEMLIMIT)
// is kept.
func SetGCLimit(b Budget) {
	m := b.Memory()
	if math.IsInf(m, 1) {
		return
	}
	if cur := debug.SetMemoryLimit(-1); float64(cur) > m {
		debug.SetMemoryLimit(int64(m))
	}
}
