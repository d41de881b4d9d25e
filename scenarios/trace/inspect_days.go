package trace

import (
	"fmt"
	"strings"
	"time"
)

// DayCount is one listed day's invocations in an inspection, and how much
// of the day the window covers (86,400 s for a whole day, less for a day
// the window's from or to cuts, 0 for one outside it).
type DayCount struct {
	Day         int     `json:"day"`
	Invocations int64   `json:"invocations"`
	WindowS     float64 `json:"window_s"`
}

// ParseWeekday reads a weekday name in English, whole or its first three
// letters, in any case ("monday", "Mon").
func ParseWeekday(s string) (time.Weekday, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if l == name || (len(l) == 3 && l == name[:3]) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("weekday %q: want monday ... sunday (or mon ... sun)", s)
}

// Azure2019FirstDay is day 1 of the Azure Functions 2019 release (files
// d01 to d14). The release's description (github.com/Azure/
// AzurePublicDataset, AzureFunctionsDataset2019.md) says only "collected
// in July of 2019"; the analysis notebook that comes with it
// (analysis/AzureFunctionsDataset2019-Trace_Analysis.md, Figure 4) plots
// its hours from 2019-07-15 to 2019-07-28, a Monday to a Sunday, so days
// 6, 7, 13 and 14 are the weekends. trace synth writes its days in the
// same calendar.
var Azure2019FirstDay = time.Date(2019, time.July, 15, 0, 0, 0, 0, time.UTC)

// FirstWeekday returns the weekday of day 1 of a trace of format, when
// the format's release says (azure2019: a Monday); false otherwise
// (huawei2023's day numbers carry no calendar here).
func FirstWeekday(format string) (time.Weekday, bool) {
	if format == FormatAzure2019 {
		return Azure2019FirstDay.Weekday(), true
	}
	return 0, false
}

// SetWeekdays sets the weekday/weekend ratio of s's days, day 1 of the
// trace being firstWeekday and Saturday and Sunday the weekend: the mean
// invocations of a listed weekday over the mean of a listed weekend day,
// each day's count taken per 24 h of it inside the window, so that a
// window cutting a day (from: 4d12h) or leaving days out compares rates,
// not a half day or an empty day with whole ones; days outside the window
// do not count. known false means the trace's calendar is unknown: the
// ratio is left out with a note saying how to give it (see FirstWeekday).
func (s *Summary) SetWeekdays(firstWeekday time.Weekday, known bool) {
	s.WeekdayWeekendRatio, s.WeekendDays, s.WeekNote = nil, nil, ""
	if len(s.Days) == 0 {
		return
	}
	if !known {
		s.WeekNote = "no weekday/weekend ratio: the trace does not say which weekday its day 1 is (give it with --first-weekday)"
		return
	}
	var wd, we float64
	var nwd, nwe int
	partial := false
	for _, d := range s.Days {
		if !(d.WindowS > 0) {
			continue
		}
		perDay := float64(d.Invocations) * (DayLength.Seconds() / d.WindowS) // x1 exactly for a whole day
		partial = partial || d.WindowS < DayLength.Seconds()
		switch (int(firstWeekday) + d.Day - 1) % 7 {
		case int(time.Saturday), int(time.Sunday):
			we += perDay
			nwe++
			s.WeekendDays = append(s.WeekendDays, d.Day)
		default:
			wd += perDay
			nwd++
		}
	}
	switch {
	case nwd == 0 || nwe == 0:
		s.WeekNote = fmt.Sprintf("no weekday/weekend ratio: the window holds %d weekdays and %d weekend days (day 1 a %s)", nwd, nwe, firstWeekday)
	case we == 0:
		s.WeekNote = "no weekday/weekend ratio: no invocation on the weekend days"
	default:
		r := (wd / float64(nwd)) / (we / float64(nwe))
		s.WeekdayWeekendRatio = &r
		s.WeekNote = fmt.Sprintf("day 1 taken as a %s: Saturdays and Sundays are the weekend", firstWeekday)
		if partial {
			s.WeekNote += "; days the window cuts count per 24 h of them inside it"
		}
	}
}
