package trace

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"faassim/models/workload"
	"faassim/sim"
)

func TestParseDays(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
		err  string
	}{
		{"1-14", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, ""},
		{"3", []int{3}, ""},
		{" 13 - 14 ", []int{13, 14}, ""},
		{"1-3,7,10-11", []int{1, 2, 3, 7, 10, 11}, ""},
		{"5,2", []int{5, 2}, ""},
		{"", nil, "want a range"},
		{"0", nil, `"0"`},
		{"-1", nil, `"" in "-1"`},
		{"3-1", nil, "ends before it starts"},
		{"1-3,2", nil, "day 2 is listed twice"},
		{"1-x", nil, `"x"`},
		{"1-10001", nil, "from 1 to 10000"},
		{"1,,2", nil, `"" in ""`},
	} {
		got, err := ParseDays(c.in)
		if c.err == "" && (err != nil || !slices.Equal(got, c.want)) {
			t.Errorf("ParseDays(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("ParseDays(%q) error %v, want one containing %q", c.in, err, c.err)
		}
	}
}

// FuzzParseDays: any string parses to a valid list (days 1 to MaxDays,
// none twice, at most MaxDays) or fails; a parsed list written back as
// a comma list parses to itself.
func FuzzParseDays(f *testing.F) {
	for _, s := range []string{"1-14", "1,2", "13-14", "3-1", "0", "1-10000", "7,1-3", " 2 ", "1-2-3", "9999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseDays(s)
		if err != nil {
			return
		}
		if len(days) == 0 || CheckDays(days) != nil {
			t.Fatalf("ParseDays(%q) = %v: an invalid list without an error", s, days)
		}
		back, err := ParseDays(FormatDays(days))
		if err != nil || !slices.Equal(back, days) {
			t.Fatalf("ParseDays(%q) = %v, written back %v, %v", s, days, back, err)
		}
	})
}

// TestExcerptDays: the bundled real Azure excerpt replays exactly its 48
// invocations as a day list too, each spreading mode.
func TestExcerptDays(t *testing.T) {
	for _, spread := range []string{SpreadUniform, SpreadEquidistant, SpreadPoisson} {
		for _, days := range [][]int{nil, {1}} {
			tr, err := Open(Spec{Format: FormatAzure2019, Dir: "../examples/traces/azure2019-excerpt", Day: 1, Days: days, Spread: spread}, 1)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			var inv workload.Invocation
			for tr.Source.Next(&inv) {
				n++
			}
			if err := tr.Source.Err(); err != nil || n != 48 || tr.Invocations != 48 || !slices.Equal(tr.DayInvocations, []int64{48}) {
				t.Errorf("%s days %v: %d replayed (%v), Invocations %d, DayInvocations %v; want 48", spread, days, n, err, tr.Invocations, tr.DayInvocations)
			}
		}
	}
}

// TestInspectDays: inspect over a day list counts each day's invocations
// and the weekday/weekend ratio once day 1's weekday is given: days 1-7
// from a Monday have days 6 and 7 as the weekend.
func TestInspectDays(t *testing.T) {
	f := fxFn{name: "f", counts: everyDay(7, 0, 100), ms: 10, mb: 100} // day d: d invocations
	dir := azureDays(t, 7, nil, f)
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: []int{1, 2, 3, 4, 5, 6, 7}, Spread: SpreadEquidistant}, 1)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Inspect(tr)
	if err != nil {
		t.Fatal(err)
	}
	for k, d := range s.Days {
		if d.Day != k+1 || d.Invocations != int64(k+1) {
			t.Errorf("days %+v", s.Days)
			break
		}
	}
	s.SetWeekdays(0, false)
	if s.WeekdayWeekendRatio != nil || !strings.Contains(s.WeekNote, "--first-weekday") {
		t.Errorf("unknown calendar: ratio %v, note %q", s.WeekdayWeekendRatio, s.WeekNote)
	}
	mon, err := ParseWeekday("Mon")
	if err != nil {
		t.Fatal(err)
	}
	s.SetWeekdays(mon, true)
	// Weekdays 1-5: mean 3; weekend 6, 7: mean 6.5.
	if r := s.WeekdayWeekendRatio; r == nil || *r != 3/6.5 || !slices.Equal(s.WeekendDays, []int{6, 7}) {
		t.Errorf("ratio %v, weekend %v; want 3/6.5, [6 7]", r, s.WeekendDays)
	}
	sat, _ := ParseWeekday("saturday")
	s.SetWeekdays(sat, true) // days 1, 2, 8...: weekend 1, 2
	if r := s.WeekdayWeekendRatio; r == nil || *r != 5/1.5 {
		t.Errorf("from a Saturday: ratio %v, want 5/1.5", r)
	}
	if _, err := ParseWeekday("moonday"); err == nil {
		t.Error("moonday parsed")
	}
}

// A window that cuts a day or leaves days out compares rates: a function
// called 10 times at 01:40 and 10 times at 16:40 every day has a
// weekday/weekend ratio of 1 whatever the window, each day counted per
// 24 h of it inside the window and days outside it left out (counting
// them as days of 0 invocations gave 0.1 from 4d12h).
func TestInspectDaysWindowRatio(t *testing.T) {
	counts := map[int]map[int]uint32{}
	for d := 1; d <= 7; d++ {
		counts[d] = map[int]uint32{100: 10, 1000: 10}
	}
	dir := azureDays(t, 7, nil, fxFn{name: "f", counts: counts, ms: 10, mb: 100})
	const h = sim.Time(3600) * sim.Second
	tests := []struct {
		name     string
		from, to sim.Time
		windowS  []float64 // days 1..7
		weekend  []int
	}{
		{"whole week", 0, 0, []float64{86400, 86400, 86400, 86400, 86400, 86400, 86400}, []int{6, 7}},
		{"from 4d12h", 108 * h, 0, []float64{0, 0, 0, 0, 43200, 86400, 86400}, []int{6, 7}},
		{"from 4d12h to 6d", 108 * h, 144 * h, []float64{0, 0, 0, 0, 43200, 86400, 0}, []int{6}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: []int{1, 2, 3, 4, 5, 6, 7}, From: tc.from, To: tc.to,
				Spread: SpreadEquidistant}, 1)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Inspect(tr)
			if err != nil {
				t.Fatal(err)
			}
			var got []float64
			for _, d := range s.Days {
				got = append(got, d.WindowS)
			}
			if !slices.Equal(got, tc.windowS) {
				t.Errorf("window_s per day %v, want %v", got, tc.windowS)
			}
			s.SetWeekdays(time.Monday, true)
			if r := s.WeekdayWeekendRatio; r == nil || *r != 1 || !slices.Equal(s.WeekendDays, tc.weekend) {
				t.Errorf("ratio %v, weekend days %v; want 1, %v (days %+v)", ptrText(r), s.WeekendDays, tc.weekend, s.Days)
			}
		})
	}
}

func ptrText(r *float64) string {
	if r == nil {
		return "none"
	}
	return fmt.Sprint(*r)
}
