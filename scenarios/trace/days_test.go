package trace

import (
	"slices"
	"strings"
	"testing"

	"faassim/models/workload"
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
		back, err := ParseDays(formatDays(days))
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
