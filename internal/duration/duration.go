package duration

import (
	"fmt"
	"time"
)

// Day is the "d" unit: 24 hours of simulated time (no calendar days, no
// daylight saving: a trace day is 1,440 minutes).
const Day = 24 * time.Hour

// Max is the longest duration there is, about 106,751 days (292 years):
// what an int64 of nanoseconds holds.
const Max = time.Duration(1<<63 - 1)

// unitNS holds each unit's length in nanoseconds: Go's units and "d".
var unitNS = map[string]uint64{
	"ns": 1,
	"us": uint64(time.Microsecond),
	"µs": uint64(time.Microsecond), // U+00B5, as Go accepts
	"μs": uint64(time.Microsecond), // U+03BC
	"ms": uint64(time.Millisecond),
	"s":  uint64(time.Second),
	"m":  uint64(time.Minute),
	"h":  uint64(time.Hour),
	"d":  uint64(Day),
}

// Parse reads a duration: an optional sign, then one or more decimal
// numbers each with a unit (ns, us, ms, s, m, h, or d for 24 hours), or
// "0". Without a "d" it reads exactly what time.ParseDuration reads, to the
// nanosecond. Negative durations parse; callers refuse them where they
// mean nothing.
func Parse(s string) (time.Duration, error) {
	orig := s
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return 0, syntaxError(orig)
	}
	var total uint64
	for s != "" {
		if s[0] != '.' && !isDigit(s[0]) {
			return 0, syntaxError(orig)
		}
		whole, rest, ok := leadingInt(s)
		if !ok {
			return 0, overflowError(orig)
		}
		pre := len(rest) != len(s)
		s = rest
		var frac uint64
		scale := 1.0
		post := false
		if s != "" && s[0] == '.' {
			s = s[1:]
			n := len(s)
			frac, scale, s = leadingFraction(s)
			post = n != len(s)
		}
		if !pre && !post {
			return 0, syntaxError(orig) // "." or ".s"
		}
		i := 0
		for i < len(s) && s[i] != '.' && !isDigit(s[i]) {
			i++
		}
		unit, known := unitNS[s[:i]]
		if !known {
			return 0, syntaxError(orig) // a missing or unknown unit
		}
		s = s[i:]
		if whole > 1<<63/unit {
			return 0, overflowError(orig)
		}
		v := whole * unit
		if frac > 0 {
			// float64 as Go's parser does it, so both agree to the
			// nanosecond on every duration without a day.
			v += uint64(float64(frac) * (float64(unit) / scale))
			if v > 1<<63 {
				return 0, overflowError(orig)
			}
		}
		total += v
		if total > 1<<63 {
			return 0, overflowError(orig)
		}
	}
	if neg {
		return -time.Duration(total), nil
	}
	if total > 1<<63-1 {
		return 0, overflowError(orig)
	}
	return time.Duration(total), nil
}

// Hint is what a duration looks like, for messages.
const Hint = "use a Go duration such as 10m or 250ms, or days such as 7d"

func syntaxError(s string) error { return fmt.Errorf("invalid duration %q (%s)", s, Hint) }

func overflowError(s string) error {
	return fmt.Errorf("invalid duration %q: longer than the longest duration, %dd (about 292 years)", s, Max/Day)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// leadingInt consumes the leading digits of s; ok is false when they
// pass an int64.
func leadingInt(s string) (x uint64, rest string, ok bool) {
	i := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		if x > 1<<63/10 {
			return 0, "", false
		}
		x = x*10 + uint64(s[i]-'0')
		if x > 1<<63 {
			return 0, "", false
		}
	}
	return x, s[i:], true
}

// leadingFraction consumes the digits after a decimal point, keeping as
// many as an int64 holds (the rest are below a nanosecond's precision
// anyway), with the power of ten they are over.
func leadingFraction(s string) (x uint64, scale float64, rest string) {
	i := 0
	scale = 1
	full := false
	for ; i < len(s) && isDigit(s[i]); i++ {
		if full {
			continue
		}
		if x > (1<<63-1)/10 {
			full = true
			continue
		}
		y := x*10 + uint64(s[i]-'0')
		if y > 1<<63 {
			full = true
			continue
		}
		x = y
		scale *= 10
	}
	return x, scale, s[i:]
}

// Value is a duration read by Parse, as a flag value: (*Value)(&d) is
// a flag.Value (and, with Type, a github.com/spf13/pflag Value) setting
// d. Its text is Go's ("30s"), as flag.Duration's, except zero, which is
// "0": help printers show no default for "0".
type Value time.Duration

// String is the duration in Go's syntax.
func (v *Value) String() string {
	if v == nil || *v == 0 {
		return "0"
	}
	return time.Duration(*v).String()
}

// Set parses s with Parse.
func (v *Value) Set(s string) error {
	d, err := Parse(s)
	if err != nil {
		return err
	}
	*v = Value(d)
	return nil
}

// Type names the value in help, for pflag.
func (v *Value) Type() string { return "duration" }
