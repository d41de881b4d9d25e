package trace

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"faassim/sim"
)

// huaweiDays writes days 1..n of a Huawei 2023 release: function "7"
// called c+day times at the first and last minute of each day with a
// delay of 10 x day ms (the first minute) and no delay (the last: it runs
// for the day's mean); function "9" only on day 2, at its first minute.
// Days in noDelay have no delay file.
func huaweiDays(t *testing.T, n, c int, noDelay ...int) string {
	dir := t.TempDir()
	for day := 1; day <= n; day++ {
		name := fmt.Sprintf("day_%03d.csv", day)
		// The release counts seconds from its day 0.
		sec0, secLast := day*86400, day*86400+1439*60
		req := fmt.Sprintf("day,time,7,9\n%d,%d,%d,%s\n%d,%d,%d,NaN\n", day, sec0, c+day, map[bool]string{true: "3", false: "NaN"}[day == 2], day, secLast, c+day)
		delay := fmt.Sprintf("day,time,7,9\n%d,%d,%d,5\n%d,%d,NaN,NaN\n", day, sec0, 10*day, day, secLast)
		writeFile(t, dir, filepath.Join(hwRequests, name), req)
		if !slices.Contains(noDelay, day) {
			writeFile(t, dir, filepath.Join(hwDelay, name), delay)
		}
	}
	return dir
}

// TestHuaweiDays: the listed days replay as one run: each day's counts
// conserved in its own 24 hours for every spreading mode, arrivals in
// order across midnight, each day's delays; a day without a delay file
// draws from the stand-in with a warning naming the day.
func TestHuaweiDays(t *testing.T) {
	dir := huaweiDays(t, 3, 4, 3)
	for _, spread := range []string{SpreadUniform, SpreadEquidistant, SpreadPoisson} {
		tr, invs := openDays(t, Spec{Format: FormatHuawei, Dir: dir, Days: []int{1, 2, 3}, Spread: spread})
		checkSorted(t, invs)
		want := []int64{2 * 5, 2*6 + 3, 2 * 7}
		got := make([]int64, 3)
		for _, inv := range invs {
			got[inv.Arrival/DayLength]++
			day := int(inv.Arrival/DayLength) + 1
			first := inv.Arrival%DayLength < sim.Minute
			name := tr.Functions[inv.Function].Name
			switch {
			case day == 3: // no delay file: the stand-in lognormal
			case name == "9" && inv.Duration != 5*sim.Millisecond,
				name == "7" && inv.Duration != sim.Time(10*day)*sim.Millisecond:
				// minute 1440 has no delay: the day's mean, its only delay
				t.Errorf("%s: day %d function %s (first minute %v) runs %v", spread, day, name, first, inv.Duration)
			}
		}
		if !slices.Equal(got, want) || !slices.Equal(tr.DayInvocations, want) || tr.Invocations != 10+15+14 {
			t.Errorf("%s: per day %v, DayInvocations %v, Invocations %d; want %v", spread, got, tr.DayInvocations, tr.Invocations, want)
		}
		if w := strings.Join(tr.Warnings, "\n"); !strings.Contains(w, "day 3: no delay file") {
			t.Errorf("warnings %q", w)
		}
	}
	// Day 1 of Days replays as Day 1; a missing day is named.
	_, single := openDays(t, Spec{Format: FormatHuawei, Dir: dir, Day: 1})
	_, listed := openDays(t, Spec{Format: FormatHuawei, Dir: dir, Days: []int{1, 2}})
	if !slices.Equal(single, listed[:len(single)]) {
		t.Error("day 1 of Days differs from Day 1")
	}
	if _, err := Open(Spec{Format: FormatHuawei, Dir: dir, Days: []int{2, 4}}, 1); err == nil || !strings.Contains(err.Error(), "day 4: no file") {
		t.Errorf("missing day: %v", err)
	}
}
