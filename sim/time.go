package sim

import (
	"fmt"
	"math"
	"time"
)

// Time is simulated time in integer nanoseconds since the start of a run.
// Integers keep event ordering exact: billing rounds to 1 ms and traces carry
// milliseconds, so float seconds would drift over a long horizon.
type Time int64

// Units of simulated time.
const (
	Nanosecond  Time = 1
	Microsecond      = 1000 * Nanosecond
	Millisecond      = 1000 * Microsecond
	Second           = 1000 * Millisecond
	Minute           = 60 * Second
	Hour             = 60 * Minute
)

// Never is a time later than any event; an instance kept alive until Never
// never expires.
const Never Time = math.MaxInt64

// FromDuration converts a wall-clock duration to simulated time.
func FromDuration(d time.Duration) Time { return Time(d) }

// FromSeconds converts seconds to simulated time, rounding to the nearest
// nanosecond (halves away from zero, as math.Round).
//
// Times beyond the int64 range saturate: 2^63 ns (292 years) or more, and
// NaN, give Never, later than any event (a gap drawn at a rate of 1e-10 a
// second is "never" in any run); below -2^63 ns, the earliest time.
func FromSeconds(s float64) Time {
	ns := s * float64(Second)
	switch {
	case !(ns < 1<<63): // also NaN
		return Never
	case ns < -(1 << 63):
		return math.MinInt64
	case !(ns >= 0 && ns < 1<<53):
		return Time(math.Round(ns))
	}
	// The same as math.Round, cheaper on the hot path (every sampled
	// arrival gap): below 2^53 both the truncation and the fraction are
	// exact.
	t := Time(ns)
	if ns-float64(t) >= 0.5 {
		t++
	}
	return t
}

// Add returns t + d for a non-negative d, saturating at Never instead of
// wrapping round to a time in the past.
func (t Time) Add(d Time) Time {
	if d > Never-t {
		return Never
	}
	return t + d
}

// Seconds returns t in seconds.
func (t Time) Seconds() float64 { return float64(t) / float64(Second) }

// Milliseconds returns t in milliseconds, with the fraction.
func (t Time) Milliseconds() float64 { return float64(t) / float64(Millisecond) }

// Duration returns t as a time.Duration.
func (t Time) Duration() time.Duration { return time.Duration(t) }

// String formats t like a time.Duration ("1m30s"), or "never".
func (t Time) String() string {
	if t == Never {
		return "never"
	}
	return time.Duration(t).String()
}

// GoString is used by %#v and makes event-log test failures readable.
func (t Time) GoString() string { return fmt.Sprintf("sim.Time(%s)", t) }
