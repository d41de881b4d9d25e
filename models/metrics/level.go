package metrics

import (
	"fmt"
	"math"

	"faassim/sim"
)

// Level integrates a piecewise-constant integer level (live instances, busy
// instances, requests in flight) over the window [from, to): the warm-up
// before from and anything after to are excluded, but the level is tracked
// through them so that it is right when the window opens.
//
// A state set at time t lasts until the next change; several changes at one
// instant each leave a state that exists at that instant (for zero time), so
// Max sees a momentary spike while Integral does not.
//
// Every method is O(1) and allocation-free. A Level is a value: embed it in a
// struct and call its methods through a pointer.
type Level struct {
	from, to sim.Time
	last     sim.Time // when the current value was set
	value    int64
	// areaNS is level-nanoseconds. A float64 holds integers exactly up to
	// 2^53 (about 9e6 level-seconds) and loses only relative 1e-16 beyond,
	// where an int64 would overflow at 9.2e9 level-seconds (10,000
	// instances for 11 days).
	areaNS float64
	max    int64
	seen   bool // max holds a state that existed inside the window
	series *Series
	peaks  *Peaks
	// times, when timed, is the window's nanoseconds at each value (see
	// RecordTimes).
	times CountTimes
	timed bool
}

// NewLevel returns a level of 0 (since forever) that integrates over
// [from, to). A window ending before it starts panics.
func NewLevel(from, to sim.Time) Level {
	if to < from {
		panic(fmt.Sprintf("metrics: NewLevel(%v, %v): the window ends before it starts", from, to))
	}
	return Level{from: from, to: to, last: math.MinInt64}
}

// Add changes the level by delta at time now. Times must not decrease: an
// earlier now panics, since it means the caller's clock went backwards.
func (l *Level) Add(now sim.Time, delta int64) {
	l.advance(now)
	l.value += delta
	if now >= l.from && now < l.to {
		l.observe()
	}
	if l.peaks != nil {
		l.peaks.Set(now, l.value)
	}
}

// TrackPeaks makes the level also record its per-bucket maxima into p
// (function shards: see Peaks).
func (l *Level) TrackPeaks(p *Peaks) { l.peaks = p }

// Close ends the record at end: the current level counts up to end (within
// the window). Call it once at the end of the run, before Integral and Max.
func (l *Level) Close(end sim.Time) {
	l.advance(end)
	l.peaks.Close()
}

// advance accounts for the current value from l.last to now.
func (l *Level) advance(now sim.Time) {
	if now < l.last {
		panic(fmt.Sprintf("metrics: Level at %v: time went back to %v", l.last, now))
	}
	start, end := max(l.last, l.from), min(now, l.to)
	if end > start {
		l.areaNS += float64(l.value) * float64(end-start)
		if l.series != nil {
			l.series.accrue(start, end, l.value)
		}
		if l.timed {
			// The common case inline; growing (rare) in a call.
			if v := l.value; uint64(v) < uint64(len(l.times)) {
				l.times[v] += int64(end - start)
			} else {
				l.growTimes(end - start)
			}
		}
		// Only reachable for a value set before from and still in force
		// after it: states set inside the window were observed when set.
		if l.last < l.from {
			l.observe()
		}
	}
	l.last = now
}

// RecordTimes makes the level also record the time it spends at each
// value inside the window (see Times); call it before the first change.
func (l *Level) RecordTimes() { l.timed = true }

// growTimes adds ns at the current value, beyond the record's end. The
// record grows only when the level holds a value above every earlier one
// for some time of the window, so a run allocates O(log peak) times, never
// per change.
func (l *Level) growTimes(ns sim.Time) {
	v := l.value
	if v < 0 {
		panic(fmt.Sprintf("metrics: Level held %d for %v: a count cannot be negative", v, ns))
	}
	l.times = append(l.times, make(CountTimes, v+1-int64(len(l.times)))...)
	l.times[v] += int64(ns)
}

// Times returns the nanoseconds the level spent at each value inside the
// window so far (complete after Close), the same time Integral weighs:
// sum over k of k x Times()[k] is Integral in nanoseconds, exactly. Nil
// unless RecordTimes was called or when no time of the window has passed.
func (l *Level) Times() CountTimes { return l.times }

func (l *Level) observe() {
	if !l.seen || l.value > l.max {
		l.max = l.value
		l.seen = true
	}
}

// Integral returns the level-seconds accumulated inside the window so far
// (complete after Close).
func (l *Level) Integral() float64 { return l.areaNS / float64(sim.Second) }

// Max returns the peak level that existed inside the window, including the
// level in force when it opened; 0 if no time of the window has been seen.
func (l *Level) Max() int64 {
	if !l.seen {
		return 0
	}
	return l.max
}

// Value returns the current level.
func (l *Level) Value() int64 { return l.value }

// Span sums the parts of intervals that fall inside the window [from, to),
// in seconds: the time-integral of a level that is 1 during each interval,
// for levels whose intervals are known whole when they end (an execution),
// at one addition per interval instead of two level changes. Intervals
// still open at the end of the run are added up to it by the caller.
type Span struct {
	from, to sim.Time
	ns       float64
}

// NewSpan returns an empty sum over [from, to).
func NewSpan(from, to sim.Time) Span { return Span{from: from, to: to} }

// Add adds the part of [start, end) inside the window.
func (s *Span) Add(start, end sim.Time) {
	if lo, hi := max(start, s.from), min(end, s.to); hi > lo {
		s.ns += float64(hi - lo)
	}
}

// Seconds returns the sum so far.
func (s *Span) Seconds() float64 { return s.ns / float64(sim.Second) }
