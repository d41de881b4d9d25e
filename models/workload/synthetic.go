package workload

import (
	"fmt"
	"math/rand/v2"

	"faassim/models/dist"
	"faassim/sim"
)

// Arrivals is an arrival process: given the previous arrival, it returns the
// next one, or false when the process has no more arrivals.
type Arrivals interface {
	Next(prev sim.Time, r *rand.Rand) (sim.Time, bool)
}

// Poisson arrivals: exponential gaps with the given rate.
type Poisson struct{ RatePerS float64 }

// Next returns prev plus an exponential gap.
func (p Poisson) Next(prev sim.Time, r *rand.Rand) (sim.Time, bool) {
	return prev.Add(sim.FromSeconds(r.ExpFloat64() / p.RatePerS)), true
}

// Deterministic arrivals: a fixed gap of 1/RatePerS, the first one gap after 0.
type Deterministic struct{ RatePerS float64 }

// Next returns prev plus the fixed gap.
func (d Deterministic) Next(prev sim.Time, _ *rand.Rand) (sim.Time, bool) {
	return prev.Add(sim.FromSeconds(1 / d.RatePerS)), true
}

// Offsets replays a fixed, non-decreasing list of arrival times. It is
// stateful: use one per source.
type Offsets struct {
	At []sim.Time
	i  int
}

// Next returns the next listed time.
func (o *Offsets) Next(sim.Time, *rand.Rand) (sim.Time, bool) {
	if o.i >= len(o.At) {
		return 0, false
	}
	o.i++
	return o.At[o.i-1], true
}

// Stream describes how one function is invoked in a synthetic workload.
type Stream struct {
	Arrivals Arrivals
	Duration dist.Dist
}

// Synthetic merges one arrival stream per function into a single Source.
// Function i draws its arrivals from the stream "arrivals/NAME" and its
// durations from "durations/NAME" of the seed, so every platform fed the same
// seed sees the same invocations (common random numbers), and adding a
// function does not change the others' invocations.
type Synthetic struct {
	streams []stream
	heap    []int32 // function indices ordered by next arrival, then index
}

type stream struct {
	arrivals Arrivals
	duration dist.Dist
	arrRNG   *rand.Rand
	durRNG   *rand.Rand
	next     sim.Time
}

// NewSynthetic builds a source for fns; streams[i] drives fns[i].
func NewSynthetic(seed uint64, fns []Function, streams []Stream) (*Synthetic, error) {
	if len(fns) != len(streams) {
		return nil, fmt.Errorf("workload: %d functions but %d streams", len(fns), len(streams))
	}
	s := &Synthetic{streams: make([]stream, len(fns))}
	for i, fn := range fns {
		st := &s.streams[i]
		st.arrivals, st.duration = streams[i].Arrivals, streams[i].Duration
		if st.arrivals == nil || st.duration == nil {
			return nil, fmt.Errorf("workload: function %q has no arrival process or duration", fn.Name)
		}
		st.arrRNG = sim.NewStream(seed, "arrivals/"+fn.Name)
		st.durRNG = sim.NewStream(seed, "durations/"+fn.Name)
		if t, ok := st.arrivals.Next(0, st.arrRNG); ok {
			st.next = t
			s.push(int32(i))
		}
	}
	return s, nil
}

// Next returns the earliest pending arrival across functions.
func (s *Synthetic) Next(inv *Invocation) bool {
	if len(s.heap) == 0 {
		return false
	}
	f := s.heap[0]
	st := &s.streams[f]
	*inv = Invocation{Arrival: st.next, Function: f, Duration: st.duration.Sample(st.durRNG)}
	if t, ok := st.arrivals.Next(st.next, st.arrRNG); ok {
		st.next = t
		s.down(0)
	} else {
		last := len(s.heap) - 1
		s.heap[0] = s.heap[last]
		s.heap = s.heap[:last]
		s.down(0)
	}
	return true
}

// Err is always nil: synthetic sources cannot fail.
func (s *Synthetic) Err() error { return nil }

func (s *Synthetic) less(a, b int32) bool {
	ta, tb := s.streams[a].next, s.streams[b].next
	return ta < tb || (ta == tb && a < b)
}

func (s *Synthetic) push(f int32) {
	s.heap = append(s.heap, f)
	i := len(s.heap) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(s.heap[i], s.heap[p]) {
			break
		}
		s.heap[i], s.heap[p] = s.heap[p], s.heap[i]
		i = p
	}
}

func (s *Synthetic) down(i int) {
	n := len(s.heap)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && s.less(s.heap[c+1], s.heap[c]) {
			c++
		}
		if !s.less(s.heap[c], s.heap[i]) {
			return
		}
		s.heap[i], s.heap[c] = s.heap[c], s.heap[i]
		i = c
	}
}

// Replay is a Source over a fixed list of invocations, for tests and tiny
// scenarios. The list must be sorted by arrival.
type Replay struct {
	Invocations []Invocation
	i           int
}

// Next returns the next listed invocation.
func (r *Replay) Next(inv *Invocation) bool {
	if r.i >= len(r.Invocations) {
		return false
	}
	*inv = r.Invocations[r.i]
	r.i++
	return true
}

// Err is always nil.
func (r *Replay) Err() error { return nil }
