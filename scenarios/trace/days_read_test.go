package trace

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

// collect reads src whole.
func collect(t *testing.T, src workload.Source) []workload.Invocation {
	t.Helper()
	var out []workload.Invocation
	var inv workload.Invocation
	for src.Next(&inv) {
		out = append(out, inv)
	}
	if err := src.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSourceFor: a Source made from an opened trace for another seed is
// the one Open(spec, seed) makes, for one day and several, each format
// and spreading mode; a Sample drawn from the seed itself cannot be
// reused (ok false), one drawn from SampleSeed can.
func TestSourceFor(t *testing.T) {
	a := fxFn{name: "a", counts: everyDay(3, 5, 0, 1, 700, 1439), ms: 10, mb: 100}
	b := fxFn{name: "b", counts: map[int]map[int]uint32{2: {3: 9, 1439: 2}, 3: {0: 4}}, ms: 20, mb: 200}
	az := azureDays(t, 3, []int{3}, a, b)
	hw := huaweiDays(t, 3, 4, 3)
	specs := map[string]Spec{
		"azure day 2":   {Format: FormatAzure2019, Dir: az, Day: 2},
		"azure 3,1":     {Format: FormatAzure2019, Dir: az, Days: []int{3, 1}, From: 20 * sim.Hour},
		"azure 1-3 x.6": {Format: FormatAzure2019, Dir: az, Days: []int{1, 2, 3}, RateScale: 0.6},
		"azure sample":  {Format: FormatAzure2019, Dir: az, Days: []int{1, 2, 3}, Sample: 1, SampleSeed: 5},
		"huawei day 2":  {Format: FormatHuawei, Dir: hw, Day: 2},
		"huawei 1-3":    {Format: FormatHuawei, Dir: hw, Days: []int{1, 2, 3}},
	}
	for name, spec := range specs {
		for _, spread := range []string{SpreadUniform, SpreadEquidistant, SpreadPoisson} {
			spec.Spread = spread
			tr, err := Open(spec, 1)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Open(spec, 11)
			if err != nil {
				t.Fatal(err)
			}
			src, ok := tr.SourceFor(11)
			if !ok {
				t.Fatalf("%s: SourceFor refused", name)
			}
			got, want := collect(t, src), collect(t, again.Source)
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%s %s: SourceFor(11) replays %d invocations, not Open(11)'s %d", name, spread, len(got), len(want))
			}
		}
	}
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: az, Days: []int{1, 2}, Sample: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tr.SourceFor(2); ok {
		t.Errorf("a sample of the seed's own was reused for another seed")
	}
}

// TestDaysNotReached: listed days wholly outside the window, or past
// From + Horizon, are read by neither pass (a broken file there is never
// opened); the days read replay as they would listed alone, and a broken
// day that is read is named with its file.
func TestDaysNotReached(t *testing.T) {
	a := fxFn{name: "a", counts: everyDay(4, 5, 0, 700, 1439), ms: 10, mb: 100}
	b := fxFn{name: "b", counts: map[int]map[int]uint32{3: {5: 9}}, ms: 20, mb: 200}
	dir := azureDays(t, 4, nil, a, b)
	// Day 1 and day 4 (the first and the last listed) are broken.
	for _, day := range []int{1, 4} {
		p := filepath.Join(dir, Azure2019Names(day)[0])
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(raw), "\n", 3)
		lines[1] = strings.Replace(lines[1], ",0,", ",x,", 1)
		if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name                 string
		spec                 Spec
		alone                Spec // the same replay listing only the days read
		perDay               []int64
		functions            int
		shift                sim.Time // alone's arrivals are this much earlier
		wantErr, errContains string
	}{
		{name: "from day 2, horizon 1d: day 2 only",
			spec:  Spec{Days: []int{1, 2, 3, 4}, From: 24 * sim.Hour, Horizon: 24 * sim.Hour},
			alone: Spec{Days: []int{2}}, perDay: []int64{0, 3 * 7, 0, 0}, functions: 1},
		{name: "from 30h to 2d12h: days 2 and 3",
			spec:  Spec{Days: []int{1, 2, 3, 4}, From: 30 * sim.Hour, To: 60 * sim.Hour},
			alone: Spec{Days: []int{2, 3}, From: 6 * sim.Hour, To: 36 * sim.Hour}, perDay: []int64{0, 2 * 7, 2*8 + 9, 0}, functions: 2},
		{name: "horizon 2d from 1d: day 4 read, broken",
			spec:    Spec{Days: []int{1, 2, 3, 4}, From: 24 * sim.Hour, Horizon: 72 * sim.Hour},
			wantErr: Azure2019Names(4)[0] + ":2: 2: ", errContains: `"x" is not a count`},
		{name: "window past the days",
			spec:    Spec{Days: []int{2, 3}, From: 48 * sim.Hour},
			wantErr: "reaches none of the 2 listed days (2, 3)"},
	}
	for _, c := range cases {
		c.spec.Format, c.spec.Dir = FormatAzure2019, dir
		tr, err := Open(c.spec, 3)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) || !strings.Contains(err.Error(), c.errContains) {
				t.Errorf("%s: error %v, want one naming %q and %q", c.name, err, c.wantErr, c.errContains)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := collect(t, tr.Source)
		if !slices.Equal(tr.DayInvocations, c.perDay) || len(tr.Functions) != c.functions {
			t.Errorf("%s: DayInvocations %v, %d functions; want %v, %d", c.name, tr.DayInvocations, len(tr.Functions), c.perDay, c.functions)
		}
		c.alone.Format, c.alone.Dir = FormatAzure2019, dir
		alone, err := Open(c.alone, 3)
		if err != nil {
			t.Fatal(err)
		}
		want := collect(t, alone.Source)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: %d invocations, not those of the days listed alone (%d)", c.name, len(got), len(want))
		}
	}
}

// TestDaysAllocation: memory and work per day stay flat. The counting
// pass builds no per-minute table, and the replay reads every day into
// the tables of the first (sized once from the counting pass), so each
// day past the first allocates a small part of a day's tables (Held):
// what is left is O(functions) (names, keys, duration tables) and the
// files' read buffers. Before, each day's tables were grown by append
// in both passes: over twice Held a day.
func TestDaysAllocation(t *testing.T) {
	var fns []fxFn
	for i := range 60 {
		c := map[int]map[int]uint32{}
		for day := 1; day <= 6; day++ {
			c[day] = map[int]uint32{}
			for m := range minutesPerDay {
				c[day][m] = 1
			}
		}
		fns = append(fns, fxFn{name: fmt.Sprint("f", i), counts: c, ms: 10, mb: 100})
	}
	dir := azureDays(t, 6, nil, fns...)
	alloc := func(days int) (open, replay, held int64) {
		var list []int
		for d := 1; d <= days; d++ {
			list = append(list, d)
		}
		var m0, m1, m2 runtime.MemStats
		runtime.ReadMemStats(&m0)
		tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: list}, 1)
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&m1)
		var inv workload.Invocation
		n := 0
		for tr.Source.Next(&inv) {
			n++
		}
		runtime.ReadMemStats(&m2)
		if int64(n) != tr.Invocations || tr.Source.Err() != nil {
			t.Fatalf("%d days: replayed %d of %d (%v)", days, n, tr.Invocations, tr.Source.Err())
		}
		return int64(m1.TotalAlloc - m0.TotalAlloc), int64(m2.TotalAlloc - m1.TotalAlloc), tr.Held
	}
	o2, r2, held := alloc(2)
	o6, r6, _ := alloc(6)
	perDayOpen, perDayReplay := (o6-o2)/4, (r6-r2)/4
	t.Logf("a day's tables %d B; each day past the second allocates %d B counting, %d B replaying", held, perDayOpen, perDayReplay)
	if perDayOpen > held/5 || perDayReplay > held/5 {
		t.Errorf("each added day allocates %d B to count and %d B to replay, over a fifth of a day's tables (%d B)", perDayOpen, perDayReplay, held)
	}
}

// TestDaysDirWithPatternCharacters: the days of a directory whose name
// holds a glob pattern character are found (the directory is listed,
// not globbed).
func TestDaysDirWithPatternCharacters(t *testing.T) {
	a := fxFn{name: "a", counts: everyDay(2, 5, 0), ms: 10, mb: 100}
	src := azureDays(t, 2, nil, a)
	dir := filepath.Join(t.TempDir(), "runs[2]")
	if err := os.Rename(src, dir); err != nil {
		t.Fatal(err)
	}
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: []int{1, 2}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tr.DayInvocations, []int64{6, 7}) || len(tr.Warnings) != 0 {
		t.Errorf("DayInvocations %v, warnings %q", tr.DayInvocations, tr.Warnings)
	}
}
