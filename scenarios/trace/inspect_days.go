package trace

import (
	"fmt"
	"strings"
	"time"
)

// DayCount is one listed day's invocations in an inspection.
type DayCount struct {
	Day         int   `json:"day"`
	Invocations int64 `json:"invocations"`
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

// SetWeekdays sets the weekday/weekend ratio of s's days, day 1 of the
// trace being firstWeekday and Saturday and Sunday the weekend: the mean
// invocations of a listed weekday over the mean of a listed weekend day.
// known false means the trace's calendar is unknown: the ratio is left
// out with a note saying how to give it. The public Azure Functions 2019
// description (github.com/Azure/AzurePublicDataset,
// AzureFunctionsDataset2019.md) says only "collected in July of 2019",
// not the weekday of day 1, so no format here has a known calendar.
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
	for _, d := range s.Days {
		switch (int(firstWeekday) + d.Day - 1) % 7 {
		case int(time.Saturday), int(time.Sunday):
			we += float64(d.Invocations)
			nwe++
			s.WeekendDays = append(s.WeekendDays, d.Day)
		default:
			wd += float64(d.Invocations)
			nwd++
		}
	}
	switch {
	case nwd == 0 || nwe == 0:
		s.WeekNote = fmt.Sprintf("no weekday/weekend ratio: the listed days hold %d weekdays and %d weekend days (day 1 a %s)", nwd, nwe, firstWeekday)
	case we == 0:
		s.WeekNote = "no weekday/weekend ratio: no invocation on the weekend days"
	default:
		r := (wd / float64(nwd)) / (we / float64(nwe))
		s.WeekdayWeekendRatio = &r
		s.WeekNote = fmt.Sprintf("day 1 taken as a %s: Saturdays and Sundays are the weekend", firstWeekday)
	}
}
