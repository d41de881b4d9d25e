package workload

import (
	"math/bits"
	"math/rand/v2"
	"time"

	"faassim/sim"
)

// CronSchedule is a compiled AWS EventBridge cron expression: six fields,
// minutes hours day-of-month month day-of-week year, evaluated in UTC to the
// minute (docs.aws.amazon.com/eventbridge/latest/userguide/
// eb-cron-expressions.html). Exactly one of the day fields is in use: the
// day-of-month one when DayOfWeek is false, the day-of-week one otherwise.
// scenarios.ParseCron builds it from the text.
type CronSchedule struct {
	Minutes uint64    // bit m: minute m, 0-59
	Hours   uint32    // bit h: hour h, 0-23
	Months  uint16    // bit m: month m, 1-12
	Years   [4]uint64 // bit y-MinCronYear: year y, 1970-2199

	// DayOfWeek says the days come from the day-of-week field (the
	// day-of-month field was ?).
	DayOfWeek bool
	// Day-of-month field.
	Days        uint32 // bit d: day d, 1-31
	LastDay     bool   // L: the month's last day
	NearWeekday uint32 // bit d of dW: the weekday (Mon-Fri) nearest day d, in the same month
	LastWeekday bool   // LW: the month's last weekday
	// Day-of-week field, AWS numbering 1 = SUN ... 7 = SAT.
	Weekdays    uint8 // bit w: every such day
	LastOfMonth uint8 // bit w of wL: the month's last such day
	NthWeekday  int   // w of w#n (0: none)
	Nth         int   // n of w#n, 1-5
}

// The years a cron expression may name (EventBridge's range).
const (
	MinCronYear = 1970
	MaxCronYear = 2199
)

// HasYear reports whether year y is in the schedule.
func (c *CronSchedule) HasYear(y int) bool {
	if y < MinCronYear || y > MaxCronYear {
		return false
	}
	i := y - MinCronYear
	return c.Years[i/64]&(1<<(i%64)) != 0
}

// SetYear adds year y (within MinCronYear..MaxCronYear).
func (c *CronSchedule) SetYear(y int) {
	i := y - MinCronYear
	c.Years[i/64] |= 1 << (i % 64)
}

// After returns the first firing strictly after t (in UTC, to the minute),
// or false when there is none up to MaxCronYear. Its work is bounded by the
// calendar, not by the gap: it skips whole years, months and days that the
// fields exclude (at most 230 years x 12 months of day masks), so an
// expression that never fires (30 February) answers false at once.
func (c *CronSchedule) After(t time.Time) (time.Time, bool) {
	t = t.UTC().Truncate(time.Minute).Add(time.Minute)
	y, mo, d := t.Date()
	h, mi := t.Hour(), t.Minute()
	if y < MinCronYear {
		y, mo, d, h, mi = MinCronYear, time.January, 1, 0, 0
	}
	for ; y <= MaxCronYear; y, mo, d, h, mi = y+1, time.January, 1, 0, 0 {
		if !c.HasYear(y) {
			continue
		}
		for ; mo <= time.December; mo, d, h, mi = mo+1, 1, 0, 0 {
			if c.Months&(1<<mo) == 0 {
				continue
			}
			days := c.daysOf(y, mo) >> d << d // days from d on
			for days != 0 {
				day := bits.TrailingZeros32(days)
				days &^= 1 << day
				if day != d {
					h, mi = 0, 0
				}
				if hh, mm, ok := c.timeFrom(h, mi); ok {
					return time.Date(y, mo, day, hh, mm, 0, 0, time.UTC), true
				}
			}
		}
	}
	return time.Time{}, false
}

// timeFrom is the first hour and minute of the schedule at or after h:mi
// within one day.
func (c *CronSchedule) timeFrom(h, mi int) (int, int, bool) {
	for hours := c.Hours >> h << h; hours != 0; mi = 0 {
		hh := bits.TrailingZeros32(hours)
		hours &^= 1 << hh
		if hh != h {
			mi = 0
		}
		if mins := c.Minutes >> mi << mi; mins != 0 {
			return hh, bits.TrailingZeros64(mins), true
		}
	}
	return 0, 0, false
}

// daysOf is the mask of the days of month mo of year y that the day fields
// select (bit d: day d).
func (c *CronSchedule) daysOf(y int, mo time.Month) uint32 {
	n := time.Date(y, mo+1, 0, 0, 0, 0, 0, time.UTC).Day() // days in the month
	valid := uint32(1<<(n+1)) - 2                          // bits 1..n
	// weekday of day d, AWS numbering (1 = SUN).
	first := int(time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).Weekday()) // 0 = Sunday
	wd := func(d int) int { return (first+d-1)%7 + 1 }
	var m uint32
	if !c.DayOfWeek {
		m = c.Days & valid
		if c.LastDay {
			m |= 1 << n
		}
		for near := c.NearWeekday; near != 0; {
			d := bits.TrailingZeros32(near)
			near &^= 1 << d
			if d <= n {
				m |= 1 << nearestWeekday(d, n, wd)
			}
		}
		if c.LastWeekday {
			m |= 1 << nearestWeekday(n, n, wd)
		}
		return m
	}
	for d := 1; d <= n; d++ {
		w := wd(d)
		switch {
		case c.Weekdays&(1<<w) != 0:
			m |= 1 << d
		case c.LastOfMonth&(1<<w) != 0 && d+7 > n:
			m |= 1 << d
		case c.NthWeekday == w && (d-1)/7+1 == c.Nth:
			m |= 1 << d
		}
	}
	return m
}

// nearestWeekday is the Monday-to-Friday day nearest day d of a month of n
// days, never leaving the month (Quartz's W, which EventBridge follows: 1W
// on a Saturday is Monday the 3rd).
func nearestWeekday(d, n int, wd func(int) int) int {
	switch wd(d) {
	case 7: // Saturday
		if d == 1 {
			return 3
		}
		return d - 1
	case 1: // Sunday
		if d == n {
			return d - 2
		}
		return d + 1
	}
	return d
}

// Cron is an arrival process firing at a cron schedule's times, one
// request each, the run starting at the calendar instant Start (UTC). The
// first arrival may be at 0, when Start is itself a firing. It is stateful:
// use one per source.
type Cron struct {
	Schedule *CronSchedule
	Start    time.Time
	started  bool
}

// Next returns the next firing after prev (at or after Start for the first).
func (c *Cron) Next(prev sim.Time, _ *rand.Rand) (sim.Time, bool) {
	from := c.Start.Add(prev.Duration())
	if !c.started {
		c.started = true
		from = c.Start.Add(-time.Nanosecond) // Start itself may fire
	}
	at, ok := c.Schedule.After(from)
	if !ok {
		return 0, false
	}
	return sim.FromDuration(at.Sub(c.Start)), true
}
