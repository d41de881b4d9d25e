package scenarios

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"faassim/internal/limits"
	"faassim/reports"
	"faassim/scenarios/trace/synth"
)

// synthPlatforms are platforms for the replay tests: instances per app as
// in the Azure paper, a fixed and a hybrid keep-alive.
const synthPlatforms = `platforms:
  - {name: fixed-10m, preset: generic, instances_per: app, keep_alive: {policy: fixed, ttl: 10m}}
  - {name: hybrid, preset: generic, instances_per: app, keep_alive: {policy: hybrid}}
`

// The invariant of workload.synth: a population generated in memory gives
// the results, byte for byte, of the same scenario replaying the files
// faassim trace synth writes for it (synth.Generate, which that command
// calls), read as an azure2019 trace. The only difference allowed is the
// line that says the population was generated.
func TestSynthReplaysTraceSynth(t *testing.T) {
	cases := []struct {
		name            string
		seed, synthSeed uint64
		explicitSeed    bool
		days, day       int
		dayList         string // days: in both, in place of day
		fields          string // selection and replay fields, the same in both
		horizon         string
		reps            int
	}{
		{name: "scenario seed, day 1", seed: 7, synthSeed: 7, days: 1, day: 1, horizon: "2h", reps: 1},
		{name: "own seed, day 2 of 3, window and top", seed: 1, synthSeed: 4, explicitSeed: true, days: 3, day: 2,
			fields: "from: 1h, to: 3h, top: 30, spread: equidistant, runtime: nodejs", horizon: "2h", reps: 2},
		{name: "sample and rate scale", seed: 11, synthSeed: 11, days: 1, day: 1,
			fields: "sample: 25, rate_scale: 0.5, spread: poisson", horizon: "90m", reps: 1},
		{name: "days 2-3 of 3 as one run", seed: 5, synthSeed: 5, days: 3, dayList: "2-3",
			fields: "spread: equidistant", horizon: "2d", reps: 1},
		{name: "days [3, 1], window across midnight", seed: 9, synthSeed: 9, days: 3, dayList: "[3, 1]",
			fields: "from: 20h, to: 1d4h, top: 20", horizon: "8h", reps: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := synth.Generate(dir, synth.Config{Functions: 50, Days: tc.days, Seed: tc.synthSeed}); err != nil {
				t.Fatal(err)
			}
			head := fmt.Sprintf("name: replay\nseed: %d\nhorizon: %s\nwarmup: 10m\nreplications: %d\n", tc.seed, tc.horizon, tc.reps)
			seed := ""
			if tc.explicitSeed {
				seed = fmt.Sprintf(", seed: %d", tc.synthSeed)
			}
			day := ""
			if tc.day != 1 {
				day = fmt.Sprintf(", day: %d", tc.day)
			}
			fields := ""
			if tc.fields != "" {
				fields = ", " + tc.fields
			}
			traceDay := fmt.Sprintf(", day: %d", tc.day)
			if tc.dayList != "" {
				day, traceDay = ", days: "+tc.dayList, ", days: "+tc.dayList
			}
			gen := head + fmt.Sprintf("workload:\n  synth: {functions: 50%s%s%s}\n", seed, day, fields) + synthPlatforms
			rep := head + fmt.Sprintf("workload:\n  trace: {format: azure2019, dir: %q%s%s}\n", dir, traceDay, fields) + synthPlatforms

			g, r := runResults(t, gen), runResults(t, rep)
			if len(g.Workload) != len(r.Workload)+1 || !strings.HasPrefix(g.Workload[0], "Generated an Azure-calibrated population") {
				t.Fatalf("workload lines:\n%q\nwant the trace's with the generation first:\n%q", g.Workload, r.Workload)
			}
			g.Workload = g.Workload[1:]
			var gj, rj bytes.Buffer
			if err := reports.JSON(&gj, g); err != nil {
				t.Fatal(err)
			}
			if err := reports.JSON(&rj, r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gj.Bytes(), rj.Bytes()) {
				t.Errorf("results differ:\nsynth: %.600s\ntrace: %.600s", gj.String(), rj.String())
			}
			if g.Platforms[0].Requests == 0 {
				t.Errorf("no requests replayed")
			}
		})
	}
}

// Each problem of a workload.synth section is reported at its path.
func TestSynthValidation(t *testing.T) {
	cases := []struct {
		workload string
		want     []string // substrings of the problems, each at its path
	}{
		{"synth: {functions: 0}", []string{"workload.synth.functions: must be >= 1"}},
		{"synth: {functions: -5}", []string{"workload.synth.functions: must be >= 1"}},
		{"synth: {seed: 3}", []string{"workload.synth.functions: must be >= 1"}},
		{"synth: {functions: 10, day: 100}", []string{"workload.synth.day: must be within 1..99"}},
		{"synth: {functions: 10, day: -1}", []string{"workload.synth.day: must be within 1..99"}},
		{"synth: {functions: 10, colour: red}", []string{"workload.synth.colour"}},
		{"synth: {functions: 10, format: azure2019}", []string{"workload.synth.format"}},
		{"synth: {functions: 10, spread: lumpy}", []string{"workload.synth.spread: unknown spread"}},
		{"synth: {functions: 10, from: 2h, to: 1h}", []string{"workload.synth: want 0 <= from < to"}},
		{"synth: {functions: 10, top: -1}", []string{"workload.synth: top and sample must be >= 0"}},
		{"synth: {functions: 10, rate_scale: -2}", []string{"workload.synth.rate_scale: must be a finite number"}},
		{"synth: {functions: 10, runtime: cobol}", []string{"workload.synth.runtime: unknown runtime"}},
		{"synth: {functions: 10, seed: -1}", []string{"workload.synth.seed"}},
		// The population's files exist only in memory: an empty selection
		// says what it selected, not a file name the user never saw.
		{"synth: {functions: 10, apps: [nope]}", []string{"workload.synth: no invocations of the selected functions", "app00000"}},
		{"synth: {functions: 10}\n  trace: {format: azure2019, dir: x, day: 1}", []string{"workload: give one of synthetic, trace and synth, not trace and synth"}},
	}
	for _, tc := range cases {
		text := "name: v\nhorizon: 1h\nworkload:\n  " + tc.workload + "\nplatforms:\n  - {name: a}\n"
		_, err := Load("v.yaml", []byte(text), nil)
		if err == nil {
			t.Errorf("%s: loaded", tc.workload)
			continue
		}
		if strings.Contains(tc.workload, "synth") && strings.Contains(err.Error(), ".csv") {
			t.Errorf("%s: error %v names a generated file", tc.workload, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error\n%v\nwant %q", tc.workload, err, w)
			}
		}
	}
}

// A population over the memory or work bound is refused before it is
// generated, when the scenario is loaded (as a trace is opened then), at
// its functions, naming the flag that lifts the bound; the population
// generated counts in the run's estimate.
func TestSynthBudget(t *testing.T) {
	text := "name: b\nhorizon: 1h\nworkload:\n  synth: {functions: %d}\nplatforms:\n  - {name: a}\n"
	cases := []struct {
		functions int
		budget    limits.Budget
		want      string
	}{
		{100_000, limits.Budget{MaxMemory: 50_000_000}, "raise --max-memory"},
		{100_000, limits.Budget{MaxEvents: 1e6}, "raise --max-events"},
	}
	for _, tc := range cases {
		opt := Options{Budget: tc.budget}
		_, err := LoadWith("b.yaml", []byte(fmt.Sprintf(text, tc.functions)), nil, opt)
		var probs Problems
		if !errors.As(err, &probs) || !strings.Contains(err.Error(), "b.yaml:4") ||
			!strings.Contains(err.Error(), "workload.synth.functions") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%d functions under %+v: error %v, want a problem at b.yaml:4 saying %q", tc.functions, tc.budget, err, tc.want)
		}
		// Refused before generating: a Scenario built in Go, over the
		// same bound, holds no generated day after the refusal.
		s := &Scenario{Name: "b", budget: tc.budget, Workload: Workload{Synth: &SynthSpec{Functions: tc.functions}}}
		if err := s.prepare(context.Background()); err == nil || s.gen.files != nil {
			t.Errorf("%d functions under %+v: prepare gave %v and generated %v", tc.functions, tc.budget, err, s.gen.files != nil)
		}
	}

	// The generated day and the generation's work are in the estimate.
	s, err := Load("b.yaml", []byte(fmt.Sprintf(text, 300)), nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.Estimate(Options{})
	if err != nil {
		t.Fatal(err)
	}
	// One platform, horizon 1h of the day's 24h: a 24th of the day's
	// invocations are simulated (in one simulation, with its setup), and
	// the day generated once.
	held, work := float64(s.gen.files.Held()), s.synthWork()
	requests := float64(s.cache.stats.Invocations) / 24
	if held <= 0 || work <= 0 || e.Bytes < held+processBytes || math.Abs(e.Events-(requests+work+simSetupEvents)) > 1e-9*e.Events {
		t.Errorf("estimate %.0f bytes, %.0f events; want at least the day held (%.0f bytes), and the requests (%.0f) plus its generation (%.0f events)",
			e.Bytes, e.Events, held, requests, work)
	}
}

// A cancelled load (Options.Context) or run stops generating and returns
// the context's error, not a problem of the file.
func TestSynthCancelled(t *testing.T) {
	text := []byte("name: c\nhorizon: 1h\nworkload:\n  synth: {functions: 500}\nplatforms:\n  - {name: a}\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadWith("c.yaml", text, nil, Options{Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Errorf("load: error %v, want context.Canceled", err)
	}
	s := &Scenario{Name: "c", Horizon: Duration(time.Hour), Workload: Workload{Synth: &SynthSpec{Functions: 500}},
		Platforms: []Platform{{Name: "a"}}}
	s.ApplyDefaults()
	if _, err := Run(ctx, s, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("run: error %v, want context.Canceled", err)
	}
}

// --set reaches the section's keys like any other.
func TestSynthSet(t *testing.T) {
	text := "name: s\nhorizon: 1h\nworkload:\n  synth: {functions: 10}\nplatforms:\n  - {name: a}\n"
	s, err := Load("s.yaml", []byte(text), []string{"workload.synth.functions=40", "workload.synth.day=3"})
	if err != nil {
		t.Fatal(err)
	}
	if g := s.Workload.Synth; g.Functions != 40 || g.Day != 3 {
		t.Errorf("functions %d, day %d after --set; want 40 and 3", g.Functions, g.Day)
	}
	fns, _, probs := s.functions()
	if len(probs) > 0 || len(fns) != 40 {
		t.Errorf("%d functions (%v), want 40", len(fns), probs)
	}
}

// The population is generated once, when the scenario is loaded, and
// every platform and replication replays that one day.
func TestSynthGeneratedOnce(t *testing.T) {
	text := "name: o\nseed: 2\nhorizon: 1h\nreplications: 3\nworkload:\n  synth: {functions: 40}\n" + synthPlatforms
	s, err := Load("o.yaml", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	gen, files := s.gen, s.gen.files
	if files == nil {
		t.Fatal("not generated at load")
	}
	if _, err := Run(context.Background(), s, Options{}); err != nil {
		t.Fatal(err)
	}
	if s.gen != gen || s.gen.files != files {
		t.Errorf("generated again during the run")
	}
}

// A sweep's points share the population they have in common: a sweep of
// keep-alives generates one, a sweep of functions one a point.
func TestSweepSharesThePopulation(t *testing.T) {
	share := &synthShare{}
	opt := Options{synths: share}
	text := "name: w\nhorizon: 1h\nworkload:\n  synth: {functions: 30}\nplatforms:\n  - {name: a}\n"
	var gens []*synthCache
	for _, sets := range [][]string{{"platforms.0.keep_alive.ttl=5m"}, {"platforms.0.keep_alive.ttl=20m"}, {"workload.synth.functions=31"}} {
		s, err := LoadWith("w.yaml", []byte(text), sets, opt)
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, s.gen)
	}
	if gens[0] != gens[1] || gens[0] == gens[2] || len(share.m) != 2 {
		t.Errorf("populations %p %p %p (%d generated): want the first two shared, the third its own", gens[0], gens[1], gens[2], len(share.m))
	}
}
