package scenarios

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"faassim/internal/limits"
	"faassim/scenarios/trace"
	"faassim/scenarios/trace/synth"
)

// daysScenario is a scenario replaying an azure2019 directory with the
// given workload.trace keys (one per line, indented by the caller).
func daysScenario(dir, horizon, keys string) string {
	return fmt.Sprintf("name: days\nseed: 3\nhorizon: %s\nwarmup: 0s\nworkload:\n  trace:\n    format: azure2019\n    dir: %s\n%s"+
		"platforms:\n  - {name: lambda, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 10m}}\n", horizon, dir, keys)
}

// days decodes as a range, trace.ParseDays' lists, one day, or a YAML
// list, and every misuse is a problem naming the file, line and key.
func TestDaysDecode(t *testing.T) {
	dir := emptyDays(t, 14)
	for _, c := range []struct {
		keys string
		want []int
		err  string // "" decodes
	}{
		{"    days: 1-14\n", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, ""},
		{"    days: \"1-3,7\"\n", []int{1, 2, 3, 7}, ""},
		{"    days: [1, 3, 5]\n", []int{1, 3, 5}, ""},
		{"    days: [5, 1]\n", []int{5, 1}, ""}, // the order given
		{"    days: 2\n", []int{2}, ""},
		{"    days:\n      - 1\n      - x\n", nil, "s.yaml:11: workload.trace.days[1]: want an integer"},
		{"    days: 14-1\n", nil, "s.yaml:9: workload.trace.days: days \"14-1\": range 14-1 ends before it starts"},
		{"    days: d\n", nil, "s.yaml:9: workload.trace.days:"},
		{"    days: {a: 1}\n", nil, "s.yaml:9: workload.trace.days: want a range of days such as 1-14"},
		{"    days: 1-99999999\n", nil, "s.yaml:9: workload.trace.days: days: \"99999999\" in \"1-99999999\": want a day number from 1 to 10000"},
		{"    days: [1, 2, 1]\n", nil, "s.yaml:9: workload.trace.days[2]: day 1 is listed twice (also days[0])"},
		{"    days: [0]\n", nil, "s.yaml:9: workload.trace.days[0]: must be within 1..10000"},
		{"    day: 2\n    days: 1-2\n", nil, "s.yaml:10: workload.trace.days: give day or days, not both"},
	} {
		s, err := Load("s.yaml", []byte(daysScenario(dir, "48h", c.keys)), nil)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.keys, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.keys, err)
		} else if !slices.Equal(s.Workload.Trace.Days, c.want) {
			t.Errorf("%q: %v, want %v", c.keys, s.Workload.Trace.Days, c.want)
		}
	}
	csv := "name: x\nhorizon: 1h\nworkload:\n  trace:\n    format: csv\n    path: a.csv\n    days: 1-2\nplatforms:\n  - {name: l, preset: aws-lambda-x86}\n"
	if _, err := Load("c.yaml", []byte(csv), nil); err == nil || !strings.Contains(err.Error(),
		"c.yaml:7: workload.trace.days: applies to the per-day releases azure2019 and huawei2023 only, not csv") {
		t.Errorf("days on csv: %v", err)
	}
	// --set writes days as text, which is the range form.
	s, err := Load("s.yaml", []byte(daysScenario(dir, "48h", "")), []string{"workload.trace.days=2-3"})
	if err != nil {
		t.Errorf("--set days: %v", err)
	} else if !slices.Equal(s.Workload.Trace.Days, []int{2, 3}) {
		t.Errorf("--set days: %v", s.Workload.Trace.Days)
	}
}

// Marshal writes consecutive days as a range and others as a list; both
// load back.
func TestDaysMarshalLoadsBack(t *testing.T) {
	dir := emptyDays(t, 14)
	for _, keys := range []string{"    days: 1-14\n", "    days: [3, 1]\n", "    days: [4]\n"} {
		s, err := Load("s.yaml", []byte(daysScenario(dir, "14d", keys)), nil)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Marshal(s, nil)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load("back.yaml", out, nil)
		if err != nil {
			t.Fatalf("%q: %v\n%s", keys, err, out)
		}
		if !slices.Equal(back.Workload.Trace.Days, s.Workload.Trace.Days) || back.Horizon != s.Horizon {
			t.Errorf("%q: back %v %v, want %v %v\n%s", keys, back.Workload.Trace.Days, back.Horizon, s.Workload.Trace.Days, s.Horizon, out)
		}
	}
}

// State crosses midnight: the fixture's one function is called in the
// last minute of day 1 and the first of day 2, under two minutes apart.
// Replayed as days 1-2 with a 10-minute keep-alive, the second call finds
// the first's instance warm (one cold start in two requests); day 2 alone
// has only the second call, which is cold.
func TestDaysStateCrossesMidnight(t *testing.T) {
	dir, err := filepath.Abs("testdata/midnight")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		keys, horizon  string
		requests, cold int64
	}{
		{"    days: 1-2\n", "2d", 2, 1},
		{"    days: [1, 2]\n    spread: equidistant\n", "2d", 2, 1},
		{"    day: 2\n", "1d", 1, 1},
		{"    day: 1\n", "1d", 1, 1},
	} {
		s, err := Load("s.yaml", []byte(daysScenario(dir, c.horizon, c.keys)), nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		p := res.Platforms[0]
		if p.Requests != c.requests || p.ColdStarts != c.cold {
			t.Errorf("%q: %d requests, %d cold starts; want %d and %d", c.keys, p.Requests, p.ColdStarts, c.requests, c.cold)
		}
	}
}

// Conservation across days: the requests a multi-day replay makes are
// the sum of the listed days' per-minute counts, whatever the spreading,
// including counts in each day's first and last minutes.
func TestDaysConservation(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	perDay := map[int]int64{}
	for day := 1; day <= 3; day++ {
		w, err := trace.NewAzure2019Writer(dir, day, day != 3) // day 3 without memory, as days 13-14
		if err != nil {
			t.Fatal(err)
		}
		for f := range 5 {
			counts := make([]uint32, 1440)
			counts[0], counts[1439] = uint32(f), uint32(day)
			for range 40 {
				counts[rng.IntN(1440)] += uint32(rng.IntN(4))
			}
			for _, n := range counts {
				perDay[day] += int64(n)
			}
			name := fmt.Sprintf("f%d", f)
			ms := float64(50 + 100*f)
			mustNil(t, w.Function(trace.AzureFunctionRow{Owner: "o", App: "a" + name, Function: name, Trigger: "http",
				Counts: counts, AverageMS: ms, PercentilesMS: [7]float64{ms, ms, ms, ms, ms, ms, ms}}))
			if day != 3 {
				mustNil(t, w.App(trace.AzureAppRow{Owner: "o", App: "a" + name, SampleCount: 1, AverageMB: 200}))
			}
		}
		mustNil(t, w.Close())
	}
	for _, c := range []struct {
		days    string
		horizon string
		want    int64
	}{
		{"1-3", "3d", perDay[1] + perDay[2] + perDay[3]},
		{"[3, 1]", "2d", perDay[3] + perDay[1]},
		{"2-3", "1d", perDay[2]}, // the horizon replays the first day only
	} {
		for _, spread := range []string{"uniform", "equidistant", "poisson"} {
			keys := "    days: " + c.days + "\n    spread: " + spread + "\n"
			s, err := Load("s.yaml", []byte(daysScenario(dir, c.horizon, keys)), nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(context.Background(), s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if n := res.Platforms[0].Requests; n != c.want {
				t.Errorf("days %s, spread %s: %d requests, want the days' %d", c.days, spread, n, c.want)
			}
		}
	}
}

// The bundled excerpt listed as days [1] replays its 48 invocations, as
// day 1 does.
func TestDaysExcerptReplaysEveryInvocation(t *testing.T) {
	res := runExample(t, "azure-sample", "workload.trace.day=0", "workload.trace.days=1")
	for _, p := range res.Platforms {
		if p.Requests != 48 {
			t.Errorf("%s: %d requests, want the excerpt's 48", p.Name, p.Requests)
		}
	}
}

// emptyDays writes days 1..n of an azure2019 trace with one function
// called once a day, for tests of what a scenario says about days.
func emptyDays(t *testing.T, n int) string {
	dir := t.TempDir()
	for day := 1; day <= n; day++ {
		w, err := trace.NewAzure2019Writer(dir, day, true)
		mustNil(t, err)
		counts := make([]uint32, 1440)
		counts[60] = 1
		mustNil(t, w.Function(trace.AzureFunctionRow{Owner: "o", App: "a", Function: "f", Trigger: "http",
			Counts: counts, AverageMS: 10, PercentilesMS: [7]float64{10, 10, 10, 10, 10, 10, 10}}))
		mustNil(t, w.App(trace.AzureAppRow{Owner: "o", App: "a", SampleCount: 1, AverageMB: 128}))
		mustNil(t, w.Close())
	}
	return dir
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The monthly projection comes from the measured span whatever its
// length: MonthlyCostUSD = CostUSD.Total x 30 days / the window, here a
// 14-day replay measured whole and after a 7-day warm-up (month 720h).
func TestDaysMonthlyProjection(t *testing.T) {
	dir := emptyDays(t, 14)
	for _, c := range []struct {
		warmup   string
		measured float64 // days
	}{{"0s", 14}, {"7d", 7}} {
		y := strings.Replace(daysScenario(dir, "14d", "    days: 1-14\n"), "warmup: 0s", "warmup: "+c.warmup, 1)
		s, err := Load("s.yaml", []byte(y), nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		p := res.Platforms[0]
		if p.Requests != int64(c.measured) || p.CostUSD.Total <= 0 {
			t.Fatalf("warmup %s: %d requests, cost %g; want one a measured day and a cost", c.warmup, p.Requests, p.CostUSD.Total)
		}
		want := p.CostUSD.Total * 30 / c.measured
		if math.Abs(p.MonthlyCostUSD-want) > 1e-12*want {
			t.Errorf("warmup %s: monthly %g, want 30/%g x %g = %g", c.warmup, p.MonthlyCostUSD, c.measured, p.CostUSD.Total, want)
		}
	}
}

// Estimates over days: the work grows with the days replayed, the memory
// does not (the readers and the generator hold one day at a time), and a
// 14-day replay over the events bound is refused naming --max-events with
// its estimate, where one day of it runs.
func TestDaysEstimate(t *testing.T) {
	dir := t.TempDir()
	mustNil(t, synth.Generate(dir, synth.Config{Functions: 40, Days: 14, Seed: 3}))
	workloads := map[string]func(days string) string{
		"trace": func(days string) string {
			return fmt.Sprintf("  trace: {format: azure2019, dir: %q, days: %s}\n", dir, days)
		},
		"synth": func(days string) string { return fmt.Sprintf("  synth: {functions: 40, seed: 3, days: %s}\n", days) },
	}
	for name, w := range workloads {
		load := func(days, horizon string, opt Options) (*Scenario, Estimate) {
			y := "name: est\nseed: 1\nhorizon: " + horizon + "\nworkload:\n" + w(days) +
				"platforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"
			s, err := LoadWith("e.yaml", []byte(y), nil, opt)
			if err != nil {
				t.Fatalf("%s, days %s: %v", name, days, err)
			}
			e, err := s.Estimate(opt)
			if err != nil {
				t.Fatal(err)
			}
			return s, e
		}
		_, one := load("1-1", "1d", Options{})
		_, all := load("1-14", "14d", Options{})
		t.Logf("%s: 1 day %.0f events %.0f bytes; 14 days %.0f events %.0f bytes", name, one.Events, one.Bytes, all.Events, all.Bytes)
		if all.Events < 10*one.Events || all.Events > 16*one.Events {
			t.Errorf("%s: 14 days estimated at %.0f events, 1 day at %.0f: want about 14 times", name, all.Events, one.Events)
		}
		if all.Bytes > 1.1*one.Bytes {
			t.Errorf("%s: 14 days estimated at %.0f bytes, 1 day at %.0f: want the same memory", name, all.Bytes, one.Bytes)
		}
		opt := Options{Budget: limits.Budget{MaxEvents: 3 * one.Events}}
		if _, err := Run(context.Background(), mustLoad(t, load, "1-1", "1d", opt), opt); err != nil {
			t.Errorf("%s: one day under 3 x its estimate: %v", name, err)
		}
		s, _ := load("1-14", "14d", opt)
		_, err := Run(context.Background(), s, opt)
		if err == nil || !strings.Contains(err.Error(), "raise --max-events to run it, or list fewer days") || !strings.Contains(err.Error(), "over 14 days") || !strings.Contains(err.Error(), "asks for about "+limits.FormatCount(all.Events)) {
			t.Errorf("%s: 14 days over the events bound: %v", name, err)
		}
	}
}

func mustLoad(t *testing.T, load func(days, horizon string, opt Options) (*Scenario, Estimate), days, horizon string, opt Options) *Scenario {
	t.Helper()
	s, _ := load(days, horizon, opt)
	return s
}

// A window counts from the start of the first listed day and crosses
// midnight: from 23h to 1d1h of days 1-2 holds both calls of the
// fixture, the second warm.
func TestDaysWindowCrossesMidnight(t *testing.T) {
	dir, err := filepath.Abs("testdata/midnight")
	mustNil(t, err)
	s, err := Load("s.yaml", []byte(daysScenario(dir, "2h", "    days: 1-2\n    from: 23h\n    to: 1d1h\n")), nil)
	mustNil(t, err)
	res, err := Run(context.Background(), s, Options{})
	mustNil(t, err)
	if p := res.Platforms[0]; p.Requests != 2 || p.ColdStarts != 1 {
		t.Errorf("from 23h to 1d1h: %d requests, %d cold starts; want 2 and 1", p.Requests, p.ColdStarts)
	}
}

// Simulated time 0 is the trace window's from, so the results say how far
// into the first replayed day it falls (day_offset_s), for the charts'
// midnights: the from of a per-minute trace or a synthetic population,
// absent (the JSON unchanged) without a from, and absent for a csv trace,
// whose time 0 is no known midnight.
func TestDaysResultsDayOffset(t *testing.T) {
	dir, err := filepath.Abs("testdata/midnight")
	mustNil(t, err)
	csvDir := t.TempDir()
	mustNil(t, os.WriteFile(filepath.Join(csvDir, "a.csv"), []byte("timestamp,function,duration_ms\n0,f,100\n7200,f,100\n"), 0o644))
	synthYAML := func(keys string) string {
		return "name: s\nseed: 3\nhorizon: 1h\nworkload:\n  synth:\n    functions: 20\n" + keys +
			"platforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"
	}
	tests := []struct {
		name, yaml string
		wantS      float64
	}{
		{"azure2019 days, from 23h", daysScenario(dir, "2h", "    days: 1-2\n    from: 23h\n"), 23 * 3600},
		{"azure2019 days, from 1d", daysScenario(dir, "1h", "    days: 1-2\n    from: 1d\n"), 86400},
		{"azure2019, no from", daysScenario(dir, "2d", "    days: 1-2\n"), 0},
		{"synth, from 6h", synthYAML("    from: 6h\n"), 6 * 3600},
		{"csv, from 1h", "name: c\nhorizon: 2h\nworkload:\n  trace:\n    format: csv\n    path: " + filepath.Join(csvDir, "a.csv") +
			"\n    from: 1h\nplatforms:\n  - {name: l, preset: aws-lambda-x86}\n", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Load("s.yaml", []byte(tc.yaml), nil)
			mustNil(t, err)
			res, err := Run(context.Background(), s, Options{})
			mustNil(t, err)
			if res.DayOffsetS != tc.wantS {
				t.Errorf("day_offset_s %v, want %v", res.DayOffsetS, tc.wantS)
			}
			js, err := res.MarshalJSON()
			mustNil(t, err)
			if has := strings.Contains(string(js), `"day_offset_s"`); has != (tc.wantS != 0) {
				t.Errorf("JSON holds day_offset_s: %v, want %v", has, tc.wantS != 0)
			}
		})
	}
}

// A horizon past the end of a per-minute trace's window (days 1-2 run for
// 3 days) is a day of no arrivals that every mean and the monthly
// projection count: the results say so. A horizon within it does not.
// The midnight fixture's files hold only minutes 1440 of day 1 and 1 of
// day 2, so its window ends 24h1m in.
func TestDaysHorizonPastTraceEnd(t *testing.T) {
	dir, err := filepath.Abs("testdata/midnight")
	mustNil(t, err)
	synthYAML := func(horizon, keys string) string {
		return "name: s\nseed: 3\nhorizon: " + horizon + "\nworkload:\n  synth:\n    functions: 20\n" + keys +
			"platforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"
	}
	tests := []struct {
		yaml, warn string
	}{
		{synthYAML("3d", "    days: 1-2\n"), "ends 48h into the run, the horizon at 72h: its last 24h have no arrivals"},
		{synthYAML("2d", "    days: 1-2\n"), ""},
		{synthYAML("1d", "    days: 1-2\n"), ""},
		{synthYAML("1d", "    day: 1\n"), ""},
		{synthYAML("25h", "    day: 1\n"), "ends 24h into the run, the horizon at 25h: its last 1h have no arrivals"},
		{synthYAML("1d", "    days: 1-2\n    from: 1d1h\n"), "ends 23h into the run, the horizon at 24h: its last 1h have no arrivals"},
		{daysScenario(dir, "2d", "    days: 1-2\n"), "ends 24h1m into the run"},
		{daysScenario(dir, "2d", "    days: 1-2\n    to: 1d1m\n"), "ends 24h1m into the run"},
		{daysScenario(dir, "24h1m", "    days: 1-2\n"), ""},
	}
	for _, tc := range tests {
		s, err := Load("s.yaml", []byte(tc.yaml), nil)
		mustNil(t, err)
		res, err := Run(context.Background(), s, Options{})
		mustNil(t, err)
		var got string
		for _, w := range res.Warnings {
			if strings.Contains(w, "have no arrivals") {
				got = w
			}
		}
		if (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
			t.Errorf("%s: warning %q, want one holding %q", tc.yaml, got, tc.warn)
		}
	}
}

// Listed days the horizon never reaches are not read: day 3 of this
// copy of the midnight fixture is broken, and days 1-3 over a 2-day
// horizon (two replications, each replaying both calls) run without
// opening it; the workload line says which days were not read.
func TestDaysPastHorizonNotRead(t *testing.T) {
	dir := t.TempDir()
	for _, day := range []int{1, 2} {
		for _, name := range trace.Azure2019Names(day) {
			raw, err := os.ReadFile(filepath.Join("testdata/midnight", name))
			mustNil(t, err)
			mustNil(t, os.WriteFile(filepath.Join(dir, name), raw, 0o644))
		}
	}
	n := trace.Azure2019Names(3)
	mustNil(t, os.WriteFile(filepath.Join(dir, n[0]), []byte("HashOwner,HashApp,HashFunction,Trigger,1\no,app,fn,http,x\n"), 0o644))
	mustNil(t, os.WriteFile(filepath.Join(dir, n[1]), []byte("broken\n"), 0o644))
	y := strings.Replace(daysScenario(dir, "2d", "    days: 1-3\n"), "warmup: 0s\n", "warmup: 0s\nreplications: 2\n", 1)
	s, err := Load("s.yaml", []byte(y), nil)
	mustNil(t, err)
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatalf("days 1-3 over a 2-day horizon read day 3: %v", err)
	}
	if p := res.Platforms[0]; p.Requests != 2 || p.ColdStarts != 1 {
		t.Errorf("%d requests, %d cold starts a replication; want 2 and 1 (both calls, the second warm)", p.Requests, p.ColdStarts)
	}
	if w := strings.Join(res.Workload, "\n"); !strings.Contains(w, "(day by day: 1, 1), day 3 not read (outside the window or past the horizon)") {
		t.Errorf("workload lines:\n%s", w)
	}
}
