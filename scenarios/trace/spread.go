package trace

import (
	"gonum.org/v1/gonum/stat/distuv"

	"fmt"
	"math"
	"math/rand/v2"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// cell is n invocations of function fn in one minute. durMS, when > 0, is
// the duration every one of them runs for (Huawei's per-minute means).
type cell struct {
	fn    int32
	n     uint32
	durMS float32
}

// minuteRows yields the minutes of a per-minute trace in time order, each
// with its cells sorted by function index. A slice returned by next must
// stay valid for two more calls (the spreader looks one minute back and
// one ahead).
type minuteRows interface {
	next() (start sim.Time, cells []cell, ok bool)
	err() error
}

// fnState is what the spreader keeps per function: O(functions) in all.
// Its streams are held inline (see stream); a fnState must therefore stay
// where newFnStates put it (fallbackRand points into it).
type fnState struct {
	dur, spread, scale stream
	memMB              int32
	hasPct             bool
	phase              float64 // equidistant: where the first arrival of a minute sits, in gaps
	pct                dist.InlinePercentiles
	fallback           dist.Dist  // used when pct is empty and the cell has no duration
	fallbackRand       *rand.Rand // dur, as the *rand.Rand a Dist samples with
}

// setFallback makes d the duration of the function's minutes without one.
func (st *fnState) setFallback(d dist.Dist) {
	st.fallback, st.fallbackRand = d, rand.New(st.dur.source())
}

const (
	minuteNS = uint64(sim.Minute)
	// A replay key packs the offset inside the minute (60e9 ns < 2^36) above
	// the function index, so sorting plain uint64s orders a minute's
	// arrivals by time, then function: no comparison closure on the hot path.
	fnBits = 28
	fnMask = 1<<fnBits - 1
	// MaxFunctions is the most functions a per-minute trace may select.
	MaxFunctions = 1 << fnBits
)

// newFnStates derives each function's streams from its name, so selecting
// or adding functions does not change the others' arrivals or durations.
func newFnStates(seed uint64, fns []workload.Function) []fnState {
	st := make([]fnState, len(fns))
	for i, f := range fns {
		st[i].spread = newStream(seed, "trace/spread/"+f.Name)
		st[i].dur = newStream(seed, "trace/durations/"+f.Name)
		st[i].scale = newStream(seed, "trace/scale/"+f.Name)
		st[i].phase = st[i].spread.float64()
		st[i].memMB = int32(f.MemoryMB)
	}
	return st
}

// countSource spreads per-minute counts into arrivals: it holds one
// minute of invocations (as sorted keys) at a time.
type countSource struct {
	rows     minuteRows
	fns      []fnState
	spread   string
	scale    float64
	from, to sim.Time

	prev, cur, nxt             []cell
	prevAt, curAt, nxtAt       sim.Time
	havePrev, haveCur, haveNxt bool
	started, done              bool

	keys     []uint64
	sorter   keySorter
	scaled   []uint64 // this minute's counts after rate scaling, per cell
	i        int
	fail     error
	minDurMS []float32 // per function: this minute's duration, when the trace gives one
}

func newCountSource(rows minuteRows, fns []fnState, spec *Spec) *countSource {
	return &countSource{rows: rows, fns: fns, spread: spec.Spread, scale: spec.RateScale,
		from: spec.From, to: spec.to(), minDurMS: make([]float32, len(fns))}
}

// Next yields the next invocation.
func (s *countSource) Next(inv *workload.Invocation) bool {
	for s.i >= len(s.keys) {
		if !s.fill() {
			return false
		}
	}
	k := s.keys[s.i]
	s.i++
	fn := int32(k & fnMask)
	st := &s.fns[fn]
	inv.Arrival = s.curAt + sim.Time(k>>fnBits) - s.from
	inv.Function = fn
	inv.MemoryMB = st.memMB
	switch d := s.minDurMS[fn]; {
	case d > 0:
		inv.Duration = sim.Time(float64(d) * float64(sim.Millisecond))
	case st.hasPct:
		inv.Duration = st.pct.At(st.dur.float64())
	case st.fallback != nil:
		inv.Duration = st.fallback.Sample(st.fallbackRand)
	default:
		inv.Duration = 0
	}
	return true
}

// Err reports a read error of the underlying rows, or a minute too busy
// to hold.
func (s *countSource) Err() error {
	if s.fail != nil {
		return s.fail
	}
	return s.rows.err()
}

// MaxPerMinute bounds the invocations of one minute, in the file (a count,
// or a minute's total over all functions, over it is refused at its row)
// and after rate scaling: a minute is held whole to be sorted, 8 bytes an
// invocation, so this caps that buffer at 128 MiB (16.7 million
// invocations a minute is 280,000 a second, far beyond any public trace).
const MaxPerMinute = 1 << 24

// maxPerMinute is MaxPerMinute, lowered by the fuzz tests so that a
// mutated count does not spend seconds filling a legal but huge minute.
var maxPerMinute uint64 = MaxPerMinute

// fill moves to the next minute that has arrivals in the window.
func (s *countSource) fill() bool {
	if s.done {
		return false
	}
	if !s.started {
		s.started = true
		s.nxtAt, s.nxt, s.haveNxt = s.rows.next()
	}
	for {
		s.prev, s.prevAt, s.havePrev = s.cur, s.curAt, s.haveCur
		s.cur, s.curAt, s.haveCur = s.nxt, s.nxtAt, s.haveNxt
		if !s.haveCur || s.curAt >= s.to {
			s.done = true
			return false
		}
		if e, ok := s.rows.(dayEnterer); ok {
			e.enter(s.curAt, s.fns) // before reading ahead: that may open the next day
		}
		s.nxtAt, s.nxt, s.haveNxt = s.rows.next()
		if s.curAt+sim.Minute <= s.from {
			continue
		}
		if !s.build() {
			s.done = true
			return false
		}
		if len(s.keys) > 0 {
			return true
		}
	}
}

// build turns the current minute's cells into sorted keys; false when the
// minute is over MaxPerMinute.
func (s *countSource) build() bool {
	s.keys, s.i = s.keys[:0], 0
	s.scaled = s.scaled[:0]
	var total uint64
	for _, c := range s.cur {
		n := scaleCount(c.n, s.scale, &s.fns[c.fn].scale)
		s.scaled = append(s.scaled, n)
		total += n
	}
	if total > maxPerMinute {
		s.fail = &LimitError{fmt.Sprintf("trace: minute at %v has %d invocations once scaled by %g, more than the %d a replay holds at once",
			s.curAt, total, s.scale, maxPerMinute)}
		return false
	}
	prevOK := s.havePrev && s.prevAt == s.curAt-sim.Minute
	nextOK := s.haveNxt && s.nxtAt == s.curAt+sim.Minute
	pi, ni := 0, 0
	for ci, c := range s.cur {
		st := &s.fns[c.fn]
		s.minDurMS[c.fn] = c.durMS
		n := s.scaled[ci]
		if n == 0 {
			continue
		}
		var tilt float64
		if s.spread == SpreadPoisson {
			// Neighbour counts by a merge walk: every minute's cells are
			// sorted by function. A missing neighbour minute (the edge of
			// the trace) carries no information, so it counts as this one.
			before, after := float64(c.n), float64(c.n)
			if prevOK {
				before = 0
				for pi < len(s.prev) && s.prev[pi].fn < c.fn {
					pi++
				}
				if pi < len(s.prev) && s.prev[pi].fn == c.fn {
					before = float64(s.prev[pi].n)
				}
			}
			if nextOK {
				after = 0
				for ni < len(s.nxt) && s.nxt[ni].fn < c.fn {
					ni++
				}
				if ni < len(s.nxt) && s.nxt[ni].fn == c.fn {
					after = float64(s.nxt[ni].n)
				}
			}
			a, b := (before+float64(c.n))/2, (float64(c.n)+after)/2
			tilt = (b - a) / (a + b)
		}
		gap := float64(minuteNS) / float64(n)
		for j := uint64(0); j < n; j++ {
			var off uint64
			switch s.spread {
			case SpreadEquidistant:
				off = uint64((st.phase + float64(j)) * gap)
			case SpreadPoisson:
				off = uint64(tiltedUniform(st.spread.float64(), tilt) * float64(minuteNS))
			default:
				off = st.spread.belowMinute()
			}
			if off >= minuteNS {
				off = minuteNS - 1 // float rounding at the very end of the minute
			}
			if t := s.curAt + sim.Time(off); t < s.from || t >= s.to {
				continue
			}
			s.keys = append(s.keys, off<<fnBits|uint64(c.fn))
		}
	}
	s.sorter.sort(s.keys)
	return true
}

// tiltedUniform maps u uniform in [0,1) to x in [0,1) with density
// 1 + s(2x-1), |s| < 1: the inverse of F(x) = x + s(x^2 - x), written in the
// rationalised form 2u / ((1-s) + sqrt((1-s)^2 + 4su)) that stays exact as
// s goes to 0 (where it is x = u).
func tiltedUniform(u, s float64) float64 {
	return 2 * u / ((1 - s) + math.Sqrt((1-s)*(1-s)+4*s*u))
}

// scaleCount thins (k < 1: each arrival kept with probability k) or
// replicates (k > 1: floor(k) copies of each, plus one with probability
// frac(k)) a minute's count. Scaling counts before spreading keeps the
// trace's minute-to-minute burst structure, which is all it records.
func scaleCount(n uint32, k float64, r *stream) uint64 {
	if k == 1 {
		return uint64(n)
	}
	whole, frac := math.Modf(k)
	out := uint64(n) * uint64(whole)
	switch {
	case frac == 0:
	case n < 25:
		for range n {
			if r.float64() < frac {
				out++
			}
		}
	default:
		// The same Binomial(n, frac) as n coin flips, drawn in O(1)
		// (Numerical Recipes' rejection method, in gonum): thinning a busy
		// function's minute no longer costs one random number per
		// original invocation.
		out += uint64(distuv.Binomial{N: float64(n), P: frac, Src: r.source()}.Rand())
	}
	return out
}
