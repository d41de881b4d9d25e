package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"faassim/models/workload"
)

// The grammar of AWS EventBridge schedule expressions
// (docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
// and eb-rate-expressions.html): cron(minutes hours day-of-month month
// day-of-week year), six fields in UTC, with , - * / ? L W # and the names
// JAN-DEC and SUN-SAT (day-of-week 1-7 is SUN-SAT); exactly one of
// day-of-month and day-of-week is ?. rate(N unit), the unit singular for 1
// and plural above (minute, minutes, hour, hours, day, days).

// maxCronText bounds an expression: a real one is a few dozen bytes.
const maxCronText = 256

// cronField is one field's range and names.
type cronField struct {
	name     string
	lo, hi   int
	names    []string // names[i] is lo+i
	wildcard string   // the wildcards it takes besides , - * /
}

var (
	monthNames   = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	weekdayNames = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
	cronFields   = [6]cronField{
		{name: "minutes", lo: 0, hi: 59},
		{name: "hours", lo: 0, hi: 23},
		{name: "day-of-month", lo: 1, hi: 31, wildcard: "? L W"},
		{name: "month", lo: 1, hi: 12, names: monthNames},
		{name: "day-of-week", lo: 1, hi: 7, names: weekdayNames, wildcard: "? L #"},
		{name: "year", lo: workload.MinCronYear, hi: workload.MaxCronYear},
	}
)

// ParseCron compiles an EventBridge cron expression, with or without its
// "cron(...)" wrapper: "0 12 * * ? *" is noon UTC every day. Errors name
// the field.
func ParseCron(expr string) (*workload.CronSchedule, error) {
	if len(expr) > maxCronText {
		return nil, fmt.Errorf("cron expression of %d bytes: a schedule is at most %d", len(expr), maxCronText)
	}
	text := strings.TrimSpace(expr)
	if inner, ok := strings.CutPrefix(text, "cron("); ok {
		var closed bool
		if text, closed = strings.CutSuffix(inner, ")"); !closed {
			return nil, fmt.Errorf("cron expression %q: missing the closing )", expr)
		}
	}
	f := strings.Fields(text)
	if len(f) != 6 {
		return nil, fmt.Errorf("cron expression %q has %d fields, want 6: minutes hours day-of-month month day-of-week year (e.g. 0 12 * * ? *)", expr, len(f))
	}
	c := &workload.CronSchedule{}
	var sets [6]uint64
	for i, fd := range cronFields {
		if i == 2 || i == 4 || i == 5 {
			continue // the day fields and the year are special
		}
		m, err := fd.parse(f[i], nil)
		if err != nil {
			return nil, err
		}
		sets[i] = m
	}
	c.Minutes, c.Hours, c.Months = sets[0], uint32(sets[1]), uint16(sets[3])
	if err := parseYears(c, f[5]); err != nil {
		return nil, err
	}
	dom, dow := f[2] == "?", f[4] == "?"
	switch {
	case dom && dow:
		return nil, fmt.Errorf("day-of-month and day-of-week are both ?: one of them must say which days")
	case !dom && !dow:
		return nil, fmt.Errorf("day-of-month %q and day-of-week %q: one of them must be ? (EventBridge does not combine them)", f[2], f[4])
	case dow:
		return c, parseDayOfMonth(c, f[2])
	}
	c.DayOfWeek = true
	return c, parseDayOfWeek(c, f[4])
}

// span is one item of a field: the values lo, lo+step, ... up to hi.
type span struct{ lo, hi, step int }

// spans reads a field's list of values, ranges and steps; special handles
// an item the field's extra wildcards claim (it returns true).
func (fd cronField) spans(text string, special func(item string) (bool, error)) ([]span, error) {
	var out []span
	for _, item := range strings.Split(text, ",") {
		if special != nil {
			done, err := special(item)
			if err != nil {
				return nil, fmt.Errorf("%s %q: %v", fd.name, text, err)
			}
			if done {
				continue
			}
		}
		sp := span{fd.lo, fd.hi, 1}
		rng, st, hasStep := strings.Cut(item, "/")
		if hasStep {
			n, err := strconv.Atoi(st)
			if err != nil || n < 1 || n > fd.hi-fd.lo || st[0] == '+' {
				return nil, fmt.Errorf("%s %q: step %q must be a whole number within 1..%d", fd.name, text, st, fd.hi-fd.lo)
			}
			sp.step = n
		}
		switch a, b, isRange := strings.Cut(rng, "-"); {
		case rng == "*":
		case isRange:
			var err error
			if sp.lo, err = fd.value(a); err == nil {
				sp.hi, err = fd.value(b)
			}
			if err != nil {
				return nil, fmt.Errorf("%s %q: %v", fd.name, text, err)
			}
			if sp.hi < sp.lo {
				return nil, fmt.Errorf("%s %q: range %s runs backwards (write it as two ranges)", fd.name, text, rng)
			}
		default:
			x, err := fd.value(rng)
			if err != nil {
				return nil, fmt.Errorf("%s %q: %v", fd.name, text, err)
			}
			sp.lo = x
			if !hasStep {
				sp.hi = x // a value; with a step, "5/15" runs from 5 to the end
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

// parse reads a field of at most 64 values into a mask: bit v for value v.
func (fd cronField) parse(text string, special func(item string) (bool, error)) (uint64, error) {
	sps, err := fd.spans(text, special)
	var m uint64
	for _, sp := range sps {
		for v := sp.lo; v <= sp.hi; v += sp.step {
			m |= 1 << v
		}
	}
	return m, err
}

// value reads one number or name of the field.
func (fd cronField) value(s string) (int, error) {
	up := strings.ToUpper(s)
	for i, n := range fd.names {
		if up == n {
			return fd.lo + i, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < fd.lo || v > fd.hi || s == "" || s[0] == '+' {
		want := fmt.Sprintf("%d-%d", fd.lo, fd.hi)
		if len(fd.names) > 0 {
			want += " or " + fd.names[0] + "-" + fd.names[len(fd.names)-1]
		}
		return 0, fmt.Errorf("%q is not a value (want %s)", s, want)
	}
	return v, nil
}

// parseYears reads the year field: 230 values do not fit one mask.
func parseYears(c *workload.CronSchedule, text string) error {
	sps, err := cronFields[5].spans(text, nil)
	for _, sp := range sps {
		for v := sp.lo; v <= sp.hi; v += sp.step {
			c.SetYear(v)
		}
	}
	return err
}

// parseDayOfMonth reads the day-of-month field: values, L, dW and LW.
func parseDayOfMonth(c *workload.CronSchedule, text string) error {
	fd := cronFields[2]
	m, err := fd.parse(text, func(item string) (bool, error) {
		switch {
		case item == "L":
			c.LastDay = true
		case item == "LW":
			c.LastWeekday = true
		case strings.HasSuffix(item, "W"):
			d, err := fd.value(strings.TrimSuffix(item, "W"))
			if err != nil {
				return false, fmt.Errorf("%s: W follows a day (3W: the weekday nearest the 3rd)", err)
			}
			c.NearWeekday |= 1 << d
		case strings.ContainsAny(item, "L#?"):
			return false, fmt.Errorf("%q: day-of-month takes L, LW or dW here (? stands alone)", item)
		default:
			return false, nil
		}
		return true, nil
	})
	c.Days = uint32(m)
	return err
}

// parseDayOfWeek reads the day-of-week field: days, L, wL and one w#n.
func parseDayOfWeek(c *workload.CronSchedule, text string) error {
	fd := cronFields[4]
	items := strings.Split(text, ",")
	m, err := fd.parse(text, func(item string) (bool, error) {
		switch {
		case item == "L":
			c.Weekdays |= 1 << 7 // the last day of the week: Saturday
		case strings.Contains(item, "#"):
			if len(items) > 1 {
				return false, fmt.Errorf("# stands alone in day-of-week (3#1,6#3 is two expressions)")
			}
			w, n, _ := strings.Cut(item, "#")
			day, err := fd.value(w)
			if err != nil {
				return false, err
			}
			k, err := strconv.Atoi(n)
			if err != nil || k < 1 || k > 5 {
				return false, fmt.Errorf("%q: the week in w#n is 1 to 5", item)
			}
			c.NthWeekday, c.Nth = day, k
		case strings.HasSuffix(item, "L"):
			day, err := fd.value(strings.TrimSuffix(item, "L"))
			if err != nil {
				return false, fmt.Errorf("%s: L follows a day (6L: the last Friday)", err)
			}
			c.LastOfMonth |= 1 << day
		case strings.ContainsAny(item, "W?/"):
			return false, fmt.Errorf("%q: day-of-week takes values, ranges, L, wL or w#n (no steps; ? stands alone)", item)
		default:
			return false, nil
		}
		return true, nil
	})
	c.Weekdays |= uint8(m)
	return err
}

// ParseRate reads an EventBridge rate expression, with or without its
// "rate(...)" wrapper, as the period between firings: "rate(5 minutes)"
// is 5m. The unit is singular for 1 and plural above, as AWS requires.
func ParseRate(expr string) (time.Duration, error) {
	text := strings.TrimSpace(expr)
	if inner, ok := strings.CutPrefix(text, "rate("); ok {
		var closed bool
		if text, closed = strings.CutSuffix(inner, ")"); !closed {
			return 0, fmt.Errorf("rate expression %q: missing the closing )", expr)
		}
	}
	f := strings.Fields(text)
	if len(f) != 2 {
		return 0, fmt.Errorf("rate expression %q: want rate(N unit), e.g. rate(5 minutes)", expr)
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 1 || n > 1_000_000 || f[0][0] == '+' {
		return 0, fmt.Errorf("rate expression %q: %q is not a whole number of at least 1", expr, f[0])
	}
	units := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}
	unit := f[1]
	if n > 1 {
		var plural bool
		if unit, plural = strings.CutSuffix(unit, "s"); !plural {
			return 0, fmt.Errorf("rate expression %q: a value above 1 takes a plural unit (minutes, hours, days)", expr)
		}
	}
	per, ok := units[unit]
	if !ok {
		if n == 1 && strings.HasSuffix(unit, "s") {
			return 0, fmt.Errorf("rate expression %q: a value of 1 takes a singular unit (minute, hour, day)", expr)
		}
		return 0, fmt.Errorf("rate expression %q: unknown unit %q (minute(s), hour(s), day(s))", expr, f[1])
	}
	return time.Duration(n) * per, nil
}

// DefaultStart is the calendar instant a run starts at when the scenario
// does not say (start:): cron arrivals are placed from it.
var DefaultStart = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// startTime is the scenario's start instant (DefaultStart when not written).
func (s *Scenario) startTime() time.Time {
	if s.Start == "" {
		return DefaultStart
	}
	t, err := time.Parse(time.RFC3339, s.Start)
	if err != nil {
		return DefaultStart // reported by check
	}
	return t.UTC()
}

// cronRate is the mean firings a second of a cron expression over the
// first h seconds of the run, counted over at most 10,080 firings (a week
// of minutes) and extrapolated beyond them.
func (s *Scenario) cronRate(expr string, h float64) float64 {
	sched, err := ParseCron(expr)
	if err != nil || h <= 0 {
		return 0
	}
	start := s.startTime()
	end := start.Add(time.Duration(h * float64(time.Second)))
	t, n := start.Add(-time.Nanosecond), 0
	for n < 10_080 {
		next, ok := sched.After(t)
		if !ok || !next.Before(end) {
			return float64(n) / h
		}
		t, n = next, n+1
	}
	return float64(n) / t.Sub(start).Seconds()
}
