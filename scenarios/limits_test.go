package scenarios

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"faassim/internal/limits"
	"faassim/internal/printable"
	"faassim/scenarios/trace/synth"
)

// The defaults admit every embedded example, at full speed (no worker is
// taken away), and the studies the open issues ask for.
func TestDefaultsAdmitTheStudies(t *testing.T) {
	var def limits.Budget
	for _, e := range Examples() {
		s, err := Open("example:"+e.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		est, err := s.Estimate(Options{})
		if err != nil || est.Check(def) != nil || est.Workers != est.Asked {
			t.Errorf("example %s: %v, %v; %d of %d workers", e.Name, err, est.Check(def), est.Workers, est.Asked)
		}
	}
	dir := t.TempDir()
	day := func(functions int) string {
		out := filepath.Join(dir, fmt.Sprint(functions))
		if err := synth.Generate(out, synth.Config{Functions: functions, Days: 1, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	policies := "  - {name: ttl5, preset: generic, instances_per: app, keep_alive: {ttl: 5m}}\n" +
		"  - {name: ttl10, preset: generic, instances_per: app, keep_alive: {ttl: 10m}}\n" +
		"  - {name: ttl20, preset: generic, instances_per: app, keep_alive: {ttl: 20m}}\n" +
		"  - {name: ttl60, preset: generic, instances_per: app, keep_alive: {ttl: 60m}}\n" +
		"  - {name: ttl120, preset: generic, instances_per: app, keep_alive: {ttl: 120m}}\n" +
		"  - {name: hybrid, preset: generic, instances_per: app, keep_alive: {policy: hybrid}}\n"
	replay := func(dir string) string {
		return "name: study\nhorizon: 24h\nwarmup: 4h\nworkload:\n  trace: {format: azure2019, dir: " + dir + ", day: 1}\nplatforms:\n" + policies
	}
	cases := []struct {
		name string
		text string
		sets []string
		days float64 // a multi-day replay is this many single days
	}{
		// The transient study: 10,000 replications of 300 s at 0.9/s.
		{"10,000 replications of 300 s", "", []string{"replications=10000", "horizon=300s", "warmup=0s"}, 1},
		// The keep-alive study: a 2,000-function synthetic day, five TTLs and hybrid.
		{"a 2,000-function day, 6 policies", replay(day(2000)), nil, 1},
		// The multi-day replay: 14 days of 500 functions, memory flat in days.
		{"14 days of 500 functions, 6 policies", replay(day(500)), nil, 14},
	}
	for _, c := range cases {
		var s *Scenario
		var err error
		if c.text == "" {
			s, err = Open("example:simfaas-readme", c.sets)
		} else {
			s, err = Load(filepath.Join(dir, "study.yaml"), []byte(c.text), c.sets)
		}
		if err != nil {
			t.Fatal(err)
		}
		est, err := s.Estimate(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if est.Events*c.days > def.Events() || est.Bytes > def.Memory() {
			t.Errorf("%s: %.3g events x %g days, %.3g bytes: over the defaults", c.name, est.Events, c.days, est.Bytes)
		}
		t.Logf("%s: %.3g events (%s), %s with %d workers", c.name, est.Events*c.days, limits.CPUTime(est.Events*c.days), limits.FormatSize(est.Bytes), est.Workers)
	}
	// A 50-point sweep is admitted: with a cancelled context it stops at
	// the first point rather than being refused.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p, err := ParseParam("platforms.0.memory_mb=128:3008:50:log")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Sweep(ctx, "example:power-tuning", nil, []Param{p}, SweepOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("a 50-point sweep: %v, want it admitted (then cancelled)", err)
	}
}

// Where the memory bound allows fewer simulations at once than asked,
// fewer run: the run is not refused.
func TestFewerWorkersRatherThanRefuse(t *testing.T) {
	s, err := Open("example:default", nil)
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.Estimate(Options{Workers: 4})
	if err != nil || full.Workers != 4 {
		t.Fatalf("4 workers asked: %d, %v", full.Workers, err)
	}
	// Room for the fixed part and two simulations, not four.
	b := limits.Budget{MaxMemory: limits.Bytes(full.fixed + 2.5*full.perWorker)}
	est, err := s.Estimate(Options{Workers: 4, Budget: b})
	if err != nil || est.Workers != 2 || est.Check(b) != nil {
		t.Errorf("with room for two: %d workers, %v, %v", est.Workers, err, est.Check(b))
	}
}

// The guard stops a run whose memory passes the bound all the same (here
// the test's own ballast fills it), with a message naming the flag.
func TestGuardStopsARunOverTheBound(t *testing.T) {
	s, err := Open("example:simfaas-readme", nil) // 900,000 requests: many checks
	if err != nil {
		t.Fatal(err)
	}
	ballast := make([]byte, 64<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	runtime.GC() // the live heap the guard reads now holds the ballast
	b := limits.Budget{MaxMemory: 32 << 20}
	est, _ := s.Estimate(Options{Budget: b})
	if err := est.Check(b); err != nil {
		t.Fatalf("the estimate itself refused: %v", err)
	}
	_, err = Run(context.Background(), s, Options{Budget: b})
	var ex *limits.Exceeded
	if !errors.As(err, &ex) || !strings.HasPrefix(err.Error(), "stopped platform simfaas, replication 1, at ") ||
		!strings.Contains(err.Error(), "raise --max-memory") {
		t.Errorf("got %v; want the guard's stop", err)
	}
	runtime.KeepAlive(ballast)
}

// A run honours its context: cancelled, it stops within moments, however
// long it would have taken.
func TestRunStopsWhenCancelled(t *testing.T) {
	s, err := Open("example:simfaas-readme", []string{"horizon=100000h"}) // about 10 minutes of work
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = Run(ctx, s, Options{Budget: limits.Budget{MaxEvents: limits.Unlimited}})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("after %v: %v; want the context's error within moments", time.Since(start), err)
	}
}

// A long list of problems prints its first 20 and says how many more.
func TestProblemsAreCapped(t *testing.T) {
	var ps Problems
	for i := range 50_000 {
		ps = append(ps, Problem{File: "f.yaml", Line: i + 1, Reason: "bad"})
	}
	lines := strings.Split(ps.Error(), "\n")
	if len(lines) != MaxShownProblems+1 || lines[MaxShownProblems] != "and 49,980 more" {
		t.Errorf("%d lines, the last %q", len(lines), lines[len(lines)-1])
	}
	if got := ps[:3].Error(); strings.Count(got, "\n") != 2 {
		t.Errorf("three problems: %q", got)
	}
}

// Aliases resolve in linear time, and checking their problems too: 20,000
// anchors used by 20,000 aliases, each a problem, load in well under a
// second (quadratic lookups took 27 s on 50,000).
func TestManyAliasesAreLinear(t *testing.T) {
	// n anchored functions, each aliased as a platform: 2n problems. Work
	// linear in the aliases makes ten times the aliases take about ten
	// times as long; an expansion per alias would take a hundred times.
	// The ratio of two timings holds on a loaded machine (or under the
	// race detector), where a bound on one timing does not.
	load := func(n int) (time.Duration, int) {
		var b strings.Builder
		b.WriteString("name: x\nhorizon: 1h\nworkload:\n  synthetic:\n    functions:\n")
		for i := range n {
			fmt.Fprintf(&b, "      - &a%d {name: f%d}\n", i, i)
		}
		b.WriteString("platforms:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - *a%d\n", i)
		}
		start := time.Now()
		_, err := Load("aliases.yaml", []byte(b.String()), nil)
		took := time.Since(start)
		var ps Problems
		if !errors.As(err, &ps) || len(ps) < 2*n {
			t.Fatalf("%d aliases: %d problems (%v)", n, len(ps), err)
		}
		return took, len(ps)
	}
	// The fastest of three loads of each size: a burst of load on a shared
	// machine slows one load, rarely all three.
	fastest := func(n int) time.Duration {
		best, _ := load(n)
		for range 2 {
			took, _ := load(n)
			best = min(best, took)
		}
		return best
	}
	small, large := fastest(2_000), fastest(20_000)
	if ratio := float64(large) / float64(small); ratio > 35 {
		t.Errorf("10 times the aliases took %.0f times as long (%v against %v): not linear", ratio, large, small)
	}
	// An alias still means the last anchor of its name before it.
	doc := strings.NewReplacer("name: tiny", "name: &n first\ndescription: *n", "- name: api", "- name: &n api\n        app: *n").Replace(tiny)
	s, err := Load("a.yaml", []byte(doc), nil)
	if err != nil || s.Description != "first" || s.Workload.Synthetic.Functions[0].App != "api" {
		t.Errorf("reused anchor names: %v, %+v", err, s)
	}
}

// FuzzSetPath throws arbitrary --set paths and values at a scenario: Load
// never panics, answers with a scenario or with problems (each naming the
// --set key when the key is at fault), prints at most 21 lines, and
// setting the same thing twice is the same as setting it once.
func FuzzSetPath(f *testing.F) {
	for _, kv := range []string{
		"seed=7", "platforms.0.memory_mb=2048", "platforms.0.keep_alive.ttl=5m", "platforms.9.name=x",
		"platforms.0.name.first=x", "platforms.lambda.name=x", "workload.synthetic.functions.0.arrival.rate_per_s=1e9",
		"workload.synthetic.functions.0.arrival.at.0=1s", "platforms.-1.name=x", "platforms.99999999999999999999.name=x",
		"a..b=1", ".=1", "=1", "platforms.0=", "platforms={}", "platforms.0.cold_start={dist: exponential, mean: 250ms}",
		"replications=1000000", "horizon=876000h", "platforms.0.name=[[[[[[[[[[]]]]]]]]]]", "x=&a 1", "name=*a",
		"workload.trace.path=/dev/null", "platforms.0.concurrency.scale_rate=1000/10s",
	} {
		f.Add(kv)
	}
	f.Fuzz(func(t *testing.T, kv string) {
		s, err := Load("fuzz.yaml", []byte(tiny), []string{kv})
		twice, err2 := Load("fuzz.yaml", []byte(tiny), []string{kv, kv})
		if (err == nil) != (err2 == nil) {
			t.Fatalf("--set %q once: %v; twice: %v", kv, err, err2)
		}
		if err == nil {
			if s == nil || twice == nil || s.Seed != twice.Seed || s.Horizon != twice.Horizon || len(s.Platforms) != len(twice.Platforms) {
				t.Fatalf("--set %q once and twice differ", kv)
			}
			return
		}
		var ps Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("--set %q: error %v, want Problems", kv, err)
		}
		if n := strings.Count(err.Error(), "\n"); n > MaxShownProblems {
			t.Fatalf("--set %q: %d lines", kv, n+1)
		}
		for _, p := range ps {
			if strings.HasPrefix(p.File, "--set ") && len(p.File) > len("--set ")+len(printable.Escape(kv))+3 {
				t.Fatalf("--set %q: problem names %q", kv, p.File)
			}
		}
	})
}

// FuzzSetPath's seeds run as a test too; this checks one more thing the
// fuzzer cannot: the caps of a scenario file apply to a --set value.
func TestSetValueCaps(t *testing.T) {
	in := limits.YAMLInput("--set value", limits.Budget{})
	big := "description=" + strings.Repeat("x", int(in.MaxBytes))
	_, err := Load("t.yaml", []byte(tiny), []string{big})
	if err == nil || !strings.Contains(err.Error(), "--set description: 1,000,012 bytes is more than the 1,000,000 bytes a --set value may be") {
		t.Errorf("a --set over the cap: %v", err)
	}
	if _, err := Load("t.yaml", []byte(tiny), []string{"description=" + strings.Repeat("x", 1000)}); err != nil {
		t.Errorf("a --set under the cap: %v", err)
	}
}

// Progress goes from 0 to 1 in simulated time summed over simulations,
// never backwards, whatever the simulations running side by side.
func TestRunReportsProgress(t *testing.T) {
	s, err := Open("example:default", []string{"horizon=6h"})
	if err != nil {
		t.Fatal(err)
	}
	var seen []float64
	opt := Options{Workers: 2, Progress: func(done float64) { seen = append(seen, done) }} // called under the runner's lock
	if _, err := Run(context.Background(), s, opt); err != nil {
		t.Fatal(err)
	}
	if len(seen) < 4 || seen[len(seen)-1] != 1 {
		t.Fatalf("progress %v", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Fatalf("progress went back: %v", seen)
		}
	}
}
