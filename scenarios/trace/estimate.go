package trace

import (
	"math"
	"unsafe"

	"faassim/sim"
)

// Stats is what opening a trace counted, for an estimate of the work and
// memory of reading it before it is read (see Trace.Invocations).
type Stats struct {
	Functions                     int
	Invocations, PeakMinute, Held int64
	Span                          sim.Time
	// End is where the window's covered minutes end, in time from the
	// window's start (simulated time): past it a per-minute trace has no
	// arrivals. 0 for per-invocation formats.
	End           sim.Time
	PerMinute     bool
	reorderWindow sim.Time
}

// Stats returns the trace's counts for an estimate.
func (t *Trace) Stats() Stats {
	s := Stats{Functions: len(t.Functions), Invocations: t.Invocations, PeakMinute: t.PeakMinute, Held: t.Held,
		Span: t.Span, PerMinute: t.PerMinute, reorderWindow: t.reorderWindow}
	if t.PerMinute && t.Span > 0 {
		s.End = t.coverFrom + t.Span - t.from
	}
	return s
}

// The sizes the estimate counts with, per function of the reader (three
// random streams, duration percentiles, memory), per arrival of the minute
// a per-minute reader holds to sort (a uint64 key and the sort's room),
// and per row waiting in a per-invocation reader's reorder heap (40 bytes,
// with the heap's growth); and per function and app of Inspect's tallies.
const (
	fnBytes      = 600
	arrivalBytes = 16
	pendingBytes = 64
	inspectBytes = 256
)

// ReaderBytes is the memory a reader of the trace holds at its peak when
// it replays it at rate scale k: the counts it keeps, each function's
// state, and the arrivals it holds at once (the busiest minute after
// scaling, or the reorder window's rows with their copies).
func (s Stats) ReaderBytes(k float64) float64 {
	b := float64(s.Held) + float64(s.Functions)*fnBytes
	if s.PerMinute {
		return b + math.Min(float64(s.PeakMinute)*k, MaxPerMinute)*arrivalBytes
	}
	span := math.Max(s.Span.Seconds(), 1)
	window := max(s.reorderWindow, DefaultReorderWindow).Seconds()
	rows := float64(s.Invocations)*math.Min(1, window/span) + 1
	return b + math.Min(math.Ceil(k)*rows, MaxPerMinute)*pendingBytes
}

// InspectBytes is what Inspect adds to the reader: its per-function and
// per-app tallies.
func (s Stats) InspectBytes() float64 { return float64(s.Functions) * inspectBytes }

// cellBytes is a held per-minute count.
const cellBytes = int64(unsafe.Sizeof(cell{}))
