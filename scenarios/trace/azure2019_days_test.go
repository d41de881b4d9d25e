package trace

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

// fxFn is one function of a multi-day fixture: its counts per minute of
// each day (missing days: no row that day), and its duration (ms) and
// app memory (MB) per day.
type fxFn struct {
	name   string
	counts map[int]map[int]uint32 // day -> minute (0-based) -> count
	ms     float64
	mb     float64
}

// azureDays writes days 1..n of an Azure 2019 trace with the package's
// writer; noMemory lists the days written without a memory file, as days
// 13 and 14 of the release. Function f's duration on day d is f.ms x d
// and its memory f.mb x d, so a test can tell which day's table was used.
func azureDays(t testing.TB, n int, noMemory []int, fns ...fxFn) string {
	t.Helper()
	dir := t.TempDir()
	for day := 1; day <= n; day++ {
		w, err := NewAzure2019Writer(dir, day, !slices.Contains(noMemory, day))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fns {
			c, ok := f.counts[day]
			if !ok {
				continue
			}
			full := make([]uint32, minutesPerDay)
			for m, v := range c {
				full[m] = v
			}
			ms := f.ms * float64(day)
			if err := w.Function(AzureFunctionRow{Owner: "o", App: "app" + f.name, Function: f.name, Trigger: "http",
				Counts: full, AverageMS: ms, PercentilesMS: [7]float64{ms, ms, ms, ms, ms, ms, ms}}); err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(noMemory, day) {
				if err := w.App(AzureAppRow{Owner: "o", App: "app" + f.name, SampleCount: 1, AverageMB: f.mb * float64(day)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// everyDay gives a function count c at the listed minutes of days 1..n.
func everyDay(n int, c uint32, minutes ...int) map[int]map[int]uint32 {
	out := map[int]map[int]uint32{}
	for d := 1; d <= n; d++ {
		out[d] = map[int]uint32{}
		for _, m := range minutes {
			out[d][m] = c + uint32(d) // each day its own count
		}
	}
	return out
}

func openDays(t *testing.T, spec Spec) (*Trace, []workload.Invocation) {
	t.Helper()
	tr, err := Open(spec, 7)
	if err != nil {
		t.Fatal(err)
	}
	return tr, drain(t, tr)
}

// TestDaysConservation: every spreading mode, and rate scale 1, replays
// exactly the sum of the listed days' counts, per day (each day's
// arrivals fall in its own 24 hours) and in all; DayInvocations says the
// same; arrivals are in order across midnight.
func TestDaysConservation(t *testing.T) {
	a := fxFn{name: "a", counts: everyDay(3, 5, 0, 1, 700, 1439), ms: 10, mb: 100}
	b := fxFn{name: "b", counts: map[int]map[int]uint32{2: {3: 9, 1439: 2}, 3: {0: 4}}, ms: 20, mb: 200}
	dir := azureDays(t, 3, nil, a, b)
	// Counts by hand: a has 4 minutes of 5+d; b 11 on day 2, 4 on day 3.
	want := map[string][]int64{"1-3": {4 * 6, 4*7 + 11, 4*8 + 4}, "3,1": {4*8 + 4, 4 * 6}}
	for _, days := range []string{"1-3", "3,1"} {
		list, err := ParseDays(days)
		if err != nil {
			t.Fatal(err)
		}
		for _, spread := range []string{SpreadUniform, SpreadEquidistant, SpreadPoisson} {
			tr, invs := openDays(t, Spec{Format: FormatAzure2019, Dir: dir, Days: list, Spread: spread})
			checkSorted(t, invs)
			got := make([]int64, len(list))
			for _, inv := range invs {
				got[inv.Arrival/DayLength]++
			}
			if !slices.Equal(got, want[days]) || !slices.Equal(tr.DayInvocations, want[days]) {
				t.Errorf("days %s %s: replayed %v per day, DayInvocations %v; want %v", days, spread, got, tr.DayInvocations, want[days])
			}
			var sum int64
			for _, n := range want[days] {
				sum += n
			}
			if tr.Invocations != sum || int64(len(invs)) != sum {
				t.Errorf("days %s %s: Invocations %d, replayed %d, want %d", days, spread, tr.Invocations, len(invs), sum)
			}
			if tr.Span != sim.Time(len(list))*DayLength {
				t.Errorf("days %s: span %v", days, tr.Span)
			}
		}
	}
}

// TestDaysSelection: Top and Apps select over all the listed days, and
// DayInvocations count the kept functions only. b is busier than a over
// days 2-3 (110 against 30) though it has no invocation on day 2.
func TestDaysSelection(t *testing.T) {
	a := fxFn{name: "a", counts: map[int]map[int]uint32{2: {5: 10}, 3: {5: 20}}, ms: 10, mb: 100}
	b := fxFn{name: "b", counts: map[int]map[int]uint32{1: {5: 1}, 3: {6: 110}}, ms: 20, mb: 200}
	dir := azureDays(t, 3, nil, a, b)
	for _, c := range []struct {
		spec Spec
		fn   string
		want []int64
	}{
		{Spec{Top: 1, Days: []int{2, 3}}, "b", []int64{0, 110}},
		{Spec{Top: 1, Days: []int{1, 2}}, "a", []int64{0, 10}},
		{Spec{Apps: []string{"appa"}, Days: []int{3, 2, 1}}, "a", []int64{20, 10, 0}},
	} {
		c.spec.Format, c.spec.Dir = FormatAzure2019, dir
		tr, invs := openDays(t, c.spec)
		if len(tr.Functions) != 1 || tr.Functions[0].Name != c.fn || !slices.Equal(tr.DayInvocations, c.want) || int64(len(invs)) != tr.Invocations {
			t.Errorf("%+v: functions %v, DayInvocations %v, %d replayed; want %s, %v", c.spec, tr.Functions, tr.DayInvocations, len(invs), c.fn, c.want)
		}
	}
}

// TestDaysAcrossMidnight: one function counted once at minutes 1 and
// 1440 of day 1 and once at minute 1 of day 2 arrives in one stream, in
// order: under equidistant spreading (its phase is drawn once, so a timer
// keeps its period across midnight) the calls at minute 1 of each day are
// exactly 24 h apart, and the one at minute 1440 of day 1 one minute
// before day 2's: day 2 is the next minute of the same run, not a new run
// at time 0.
func TestDaysAcrossMidnight(t *testing.T) {
	f := fxFn{name: "f", counts: map[int]map[int]uint32{1: {0: 1, 1439: 1}, 2: {0: 1}}, ms: 10, mb: 128}
	dir := azureDays(t, 2, nil, f)
	_, invs := openDays(t, Spec{Format: FormatAzure2019, Dir: dir, Days: []int{1, 2}, Spread: SpreadEquidistant})
	if len(invs) != 3 {
		t.Fatalf("%d invocations, want 3", len(invs))
	}
	checkSorted(t, invs)
	if d := invs[2].Arrival - invs[0].Arrival; d != DayLength {
		t.Errorf("minute 1 of day 1 at %v, of day 2 at %v: %v apart, want 24h", invs[0].Arrival, invs[2].Arrival, d)
	}
	invs = invs[1:]
	gap := invs[1].Arrival - invs[0].Arrival
	if gap != sim.Minute {
		t.Errorf("arrivals %v and %v: %v apart, want one minute (minute 1440 of day 1, minute 1 of day 2)", invs[0].Arrival, invs[1].Arrival, gap)
	}
	if d := invs[0].Arrival - 1439*sim.Minute; d < 0 || d >= sim.Minute {
		t.Errorf("first arrival %v not in minute 1440 of day 1", invs[0].Arrival)
	}
	// Each call runs for its own day's duration table: 10 ms, then 20 ms.
	if invs[0].Duration != 10*sim.Millisecond || invs[1].Duration != 20*sim.Millisecond {
		t.Errorf("durations %v, %v: want day 1's 10 ms and day 2's 20 ms", invs[0].Duration, invs[1].Duration)
	}
	if invs[0].MemoryMB != 128 || invs[1].MemoryMB != 256 {
		t.Errorf("memory %d, %d MB: want day 1's 128 and day 2's 256", invs[0].MemoryMB, invs[1].MemoryMB)
	}
}

// TestDaysDayOneUnchanged: day 1 listed alone, or first of several,
// replays exactly what the single-day reader (Spec.Day) replays, for
// every spreading mode and a fractional rate scale; and a later day's
// arrivals do not depend on which days come before it.
func TestDaysDayOneUnchanged(t *testing.T) {
	a := fxFn{name: "a", counts: everyDay(3, 30, 5, 6, 7, 800), ms: 10, mb: 100}
	b := fxFn{name: "b", counts: everyDay(3, 3, 6, 1000), ms: 20, mb: 200}
	dir := azureDays(t, 3, nil, a, b)
	for _, spread := range []string{SpreadUniform, SpreadEquidistant, SpreadPoisson} {
		for _, scale := range []float64{1, 0.6, 2.5} {
			spec := Spec{Format: FormatAzure2019, Dir: dir, Day: 1, Spread: spread, RateScale: scale}
			_, single := openDays(t, spec)
			spec.Days = []int{1}
			_, alone := openDays(t, spec)
			spec.Days = []int{1, 2, 3}
			_, three := openDays(t, spec)
			if !slices.Equal(single, alone) || !slices.Equal(single, three[:len(single)]) {
				t.Errorf("%s x%g: day 1 of Days differs from Day 1", spread, scale)
			}
			spec.Days = []int{3}
			_, day3 := openDays(t, spec)
			spec.Days = []int{2, 3}
			_, after2 := openDays(t, spec)
			tail := after2[len(after2)-len(day3):]
			for i := range tail {
				tail[i].Arrival -= DayLength
			}
			if !slices.Equal(day3, tail) {
				t.Errorf("%s x%g: day 3 after day 2 differs from day 3 alone", spread, scale)
			}
			spec.Days = []int{2, 1}
			_, second := openDays(t, spec)
			tail = second[len(second)-len(single):]
			for i := range tail {
				tail[i].Arrival -= DayLength
			}
			if !slices.Equal(single, tail) {
				t.Errorf("%s x%g: day 1 listed second differs from Day 1", spread, scale)
			}
		}
	}
}

// TestDaysMemory: days without a memory file take the nearest day's
// (the earlier on a tie), listed or not, with a warning naming the days
// and the day used; never 0 while the directory has a memory file.
func TestDaysMemory(t *testing.T) {
	f := fxFn{name: "f", counts: everyDay(4, 1, 10), ms: 10, mb: 100}
	dir := azureDays(t, 4, []int{3, 4}, f)
	for _, c := range []struct {
		days    []int
		wantMB  []int32
		warning string
	}{
		{[]int{1, 2, 3, 4}, []int32{100, 200, 200, 200}, "days 3, 4: no memory file (app_memory_percentiles.anon.d03.csv): the functions take their apps' memory on day 2"},
		{[]int{3, 4}, []int32{200, 200}, "days 3, 4: no memory file"},
		{[]int{4, 1}, []int32{200, 100}, "day 4: no memory file"},
	} {
		tr, invs := openDays(t, Spec{Format: FormatAzure2019, Dir: dir, Days: c.days})
		got := make([]int32, len(c.days)) // each day's memory (one function)
		for _, inv := range invs {
			got[inv.Arrival/DayLength] = inv.MemoryMB
		}
		if !slices.Equal(got, c.wantMB) || !strings.Contains(strings.Join(tr.Warnings, "\n"), c.warning) {
			t.Errorf("days %v: memory %v, warnings %q; want %v and %q", c.days, got, tr.Warnings, c.wantMB, c.warning)
		}
	}
	// No memory file anywhere: today's fallback, 0 MB with a warning.
	for d := 1; d <= 2; d++ {
		os.Remove(filepath.Join(dir, Azure2019Names(d)[2]))
	}
	tr, invs := openDays(t, Spec{Format: FormatAzure2019, Dir: dir, Days: []int{3, 4}})
	if invs[0].MemoryMB != 0 || !strings.Contains(strings.Join(tr.Warnings, "\n"), "memory left unset (0 MB)") {
		t.Errorf("no memory file at all: memory %d, warnings %q", invs[0].MemoryMB, tr.Warnings)
	}
}

// TestDaysErrors: bad day lists and missing days name the day and file.
func TestDaysErrors(t *testing.T) {
	f := fxFn{name: "f", counts: everyDay(3, 1, 10), ms: 10, mb: 100}
	dir := azureDays(t, 3, nil, f)
	os.Remove(filepath.Join(dir, Azure2019Names(2)[1]))
	for _, c := range []struct {
		days []int
		want string
	}{
		{[]int{0}, "day 0"},
		{[]int{-1}, "day -1"},
		{[]int{1, 3, 1}, "day 1 is listed twice"},
		{[]int{1, 2, 3, 4}, "4 days listed, but"},
		{[]int{5}, "day 5: no file " + filepath.Join(dir, Azure2019Names(5)[0])},
		{[]int{1, 2}, "day 2: no file " + filepath.Join(dir, Azure2019Names(2)[1])},
	} {
		_, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: c.days}, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("days %v: error %v, want one containing %q", c.days, err, c.want)
		}
	}
}

// TestDaysEmptyWindow: a window past the listed days reads none of them:
// the error names the window and the days.
func TestDaysEmptyWindow(t *testing.T) {
	f := fxFn{name: "f", counts: everyDay(2, 0, 10), ms: 10, mb: 100}
	dir := azureDays(t, 2, nil, f)
	_, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: []int{2, 1}, From: 49 * sim.Hour}, 1)
	if err == nil || !strings.Contains(err.Error(), "the window from 49h0m0s to the end reaches none of the 2 listed days (2, 1)") {
		t.Errorf("error %v", err)
	}
}

// TestDaysWindow: From and To count from the start of the first listed
// day and may cross midnight; DayInvocations count the window only.
func TestDaysWindow(t *testing.T) {
	f := fxFn{name: "f", counts: everyDay(2, 0, 1380, 60), ms: 10, mb: 100}
	dir := azureDays(t, 2, nil, f)
	// The window 23:00 of day 1 to 02:00 of day 2 holds minute 1381 (1
	// invocation) of day 1 and minute 61 (2) of day 2.
	tr, invs := openDays(t, Spec{Format: FormatAzure2019, Dir: dir, Days: []int{1, 2}, From: 23 * sim.Hour, To: 26 * sim.Hour})
	if fmt.Sprint(tr.DayInvocations) != "[1 2]" || len(invs) != 3 || tr.Span != 3*sim.Hour {
		t.Errorf("DayInvocations %v, %d replayed, span %v; want [1 2], 3, 3h", tr.DayInvocations, len(invs), tr.Span)
	}
	checkSorted(t, invs)
	for _, inv := range invs {
		if inv.Arrival < 0 || inv.Arrival >= 3*sim.Hour {
			t.Errorf("arrival %v outside the window", inv.Arrival)
		}
	}
}
