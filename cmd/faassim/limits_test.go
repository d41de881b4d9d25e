package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// callMeasured is call, with the CPU time it used (not wall time, which a
// loaded machine stretches: see cpuTime) and its peak heap.
func callMeasured(args ...string) (stdout, stderr string, code int, took time.Duration, peak float64) {
	start := cpuTime()
	peak = peakHeap(func() { stdout, stderr, code = call(args...) })
	return stdout, stderr, code, cpuTime() - start, peak
}

// peakHeap runs f and returns the highest heap (live and not yet swept
// objects) seen while it ran, above the heap before it, sampled every
// millisecond with runtime/metrics.
func peakHeap(f func()) float64 {
	runtime.GC()
	read := func() uint64 {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	base := read()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		top := base
		for {
			select {
			case <-stop:
				done <- max(top, read())
				return
			case <-time.After(time.Millisecond):
				top = max(top, read())
			}
		}
	}()
	f()
	close(stop)
	return float64(<-done) - float64(base)
}

// The hostile inputs, generated here: each must be refused with exit
// status 2 and a first line that names the input and the flag or limit,
// quickly, with a peak heap far under the 1 GB bound, and with nothing left
// in the output directory.
func TestResourceLimits(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	deep := write("deep.yaml", "name: x\nplatforms: "+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"\n")
	var aliases strings.Builder
	aliases.WriteString(strings.Replace(tiny, "platforms:", "others:", 1))
	aliases.WriteString("x:\n")
	for i := range 50_000 {
		fmt.Fprintf(&aliases, "  - &a%d {n: %d}\n", i, i)
	}
	for i := range 50_000 {
		fmt.Fprintf(&aliases, "  - *a%d\n", i)
	}
	aliasFile := write("aliases.yaml", aliases.String())
	var keys strings.Builder
	keys.WriteString(tiny)
	for i := range 32_000 {
		fmt.Fprintf(&keys, "k%d: 1\n", i)
	}
	manyKeys := write("keys.yaml", keys.String())
	overCap := write("over.yaml", tiny+"# "+strings.Repeat("x", 1_000_000-len(tiny)-2)+"\n") // one byte over 1,000,000
	var laugh strings.Builder
	laugh.WriteString("name: x\nhorizon: 1h\nworkload:\n  synthetic:\n    functions:\n")
	laugh.WriteString("      - &f {name: f, runtime: python, arrival: {process: replay, at: [" + strings.Repeat("1s,", 9_999) + "1s]}, duration: {dist: exponential, mean: 1s}}\n")
	laugh.WriteString(strings.Repeat("      - *f\n", 150)) // 1.5 million arrivals from 31 KB
	laugh.WriteString("platforms:\n  - {name: p, preset: aws-lambda-x86}\n")
	laughFile := write("laugh.yaml", laugh.String())
	rate := func(name, platform string) string {
		return write(name, strings.NewReplacer("rate_per_s: 2", "rate_per_s: 1e9", "horizon: 10m", "horizon: 1h",
			"    preset: aws-lambda-x86\n    keep_alive: {policy: fixed, ttl: 10m}\n", platform).Replace(tiny))
	}
	fargate := rate("fargate.yaml", "    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 4}\n    scaling: {policy: fixed, replicas: 2}\n")
	lambda := rate("lambda.yaml", "    preset: aws-lambda-x86\n")
	queue := write("queue.yaml", strings.NewReplacer("rate_per_s: 2", "rate_per_s: 1e5", "horizon: 10m", "horizon: 1h", "name: lambda", "name: fleet",
		"    preset: aws-lambda-x86\n    keep_alive: {policy: fixed, ttl: 10m}\n",
		"    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 4}\n    scaling: {policy: fixed, replicas: 2}\n").Replace(tiny))
	replications := func(n string) string {
		return write("reps"+n+".yaml", strings.Replace(tiny, "seed: 1", "seed: 1\nreplications: "+n, 1))
	}
	traceScale := write("trace.yaml", "name: t\nhorizon: 24h\nworkload:\n  trace: {format: azure2019, dir: example:azure2019-excerpt, day: 1, rate_scale: 1e9}\n"+
		"platforms:\n  - {name: lambda, preset: aws-lambda-x86}\n")
	excerpt := "../../scenarios/examples/traces/azure2019-excerpt"
	sample := "../../scenarios/trace/testdata/sample.csv"
	deepJSON := write("deep.json", `{"schema": "faassim/results/v1", "x": `+strings.Repeat("[", 101)+strings.Repeat("]", 101)+"}")
	// Short lines (the readers cap lines too): 10,000 of 100 bytes, one over.
	bigSheet := write("big-prices.yaml", strings.Repeat("# "+strings.Repeat("x", 97)+"\n", 10_000)+"\n")
	deepSet := "platforms.0.name=" + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	out := filepath.Join(dir, "out", "result.json")
	if err := os.Mkdir(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	synthOut := filepath.Join(dir, "out", "synth")
	var manyFns strings.Builder // 200,000 one-row functions in 4 MB
	manyFns.WriteString("timestamp,function,duration_ms\n")
	for i := range 200_000 {
		fmt.Fprintf(&manyFns, "%d,f%d,10\n", i, i)
	}
	manyFnsFile := write("many-functions.csv", manyFns.String())

	cases := []struct {
		name  string
		args  []string
		first string // in the first line of the message
	}{
		// 1. YAML
		{"list nested 100,000 deep", []string{"run", deep}, "deep.yaml:2: nested more than 100 deep"},
		{"--set value nested 100,000 deep", []string{"run", "example:default", "--set", deepSet}, "--set platforms.0.name: nested more than 100 deep"},
		{"a mapping of 32,000 keys", []string{"run", manyKeys}, "keys.yaml:10010: a mapping with more than 10,000 keys"},
		{"nested under empty entries", []string{"run", "example:default", "--set", "description=" + strings.Repeat("-\n? k\n", 1000)}, "--set description: nested more than 100 deep"},
		{"50,000 aliases of 50,000 anchors", []string{"run", aliasFile}, "more than the 1MB a scenario file may be"},
		{"a scenario one byte over 1,000,000", []string{"run", overCap}, "1,000,001 bytes is more than the 1,000,000 bytes a scenario file may be"},
		{"aliases expanding a long list", []string{"run", laughFile}, "the file's aliases expand it to more than 500,000 values"},
		{"a price sheet over 1 MB", []string{"run", "example:default", "--prices", bigSheet}, "big-prices.yaml: 1,000,001 bytes is more than the 1,000,000 bytes a price sheet may be"},
		{"results nested 101 deep", []string{"report", deepJSON}, "deep.json:1: nested more than 100 deep"},
		// 2. Work and memory
		{"horizon 876000h", []string{"run", "example:default", "--set", "horizon=876000h"}, "over horizon 876000h x 4 platforms x 1 replication), about 10 hours of CPU, more than --max-events"},
		{"replications 1e6", []string{"run", replications("1e6")}, "replications: want an integer"},
		// A million replications of it fit (runs are summarized as they
		// finish, so memory stays flat): ten million are too much work.
		{"replications 10000000", []string{"run", replications("10000000")}, "x 1e7 replications), about"},
		{"--replications 1000000", []string{"run", "example:cold-starts-101", "--replications", "1000000"}, "x 1e6 replications), about"},
		{"1e9/s for an hour on Fargate", []string{"run", fargate}, "1e9 requests/s over horizon 1h x 1 platform x 1 replication"},
		{"1e9/s for an hour on Lambda", []string{"run", lambda}, "1e9 requests/s over horizon 1h x 1 platform x 1 replication"},
		{"an unbounded container queue", []string{"run", queue}, "the scenario needs about 61GB of memory, more than --max-memory (now 1GB, the default) allows: platform fleet would queue about 3.6e8 requests (100,000 requests/s arrive at the busiest, more than 2 replicas can serve: 80 requests/s)"},
		{"trace rate_scale 1e9", []string{"run", traceScale}, "48 invocations of the trace x rate_scale 1e9"},
		{"trace inspect --rate-scale 1e9", []string{"trace", "inspect", excerpt, "--rate-scale", "1e9"}, "trace inspect: the trace has 48 invocations in the window, x --rate-scale 1e9 makes about 4.8e10"},
		{"trace inspect csv --rate-scale 1e9", []string{"trace", "inspect", sample, "--rate-scale", "1e9"}, "more than --max-memory"},
		{"a trace of 200,000 one-row functions, 32MB", []string{"trace", "inspect", manyFnsFile, "--max-memory", "32MiB"}, "many-functions.csv:32770: function: more than 32768 distinct functions"},
		{"the same through convert", []string{"trace", "convert", manyFnsFile, "--max-memory", "32MiB", "-o", out}, "more than 32768 distinct functions"},
		{"trace convert --rate-scale 1e9", []string{"trace", "convert", excerpt, "--rate-scale", "1e9", "-o", out}, "--max-events"},
		{"sweep with 1e9 steps", []string{"sweep", "example:power-tuning", "--param", "platforms.0.memory_mb=128:3008:1e9"}, "steps must be an integer >= 2"},
		{"sweep with 1000000000 steps", []string{"sweep", "example:power-tuning", "--param", "platforms.0.memory_mb=128:3008:1000000000"}, "1000000000 steps, more than the 1e6 a range may have"},
		{"sweep over a 1e6-point grid", []string{"sweep", "example:power-tuning", "--param", "platforms.0.memory_mb=128:3008:1000", "--param", "seed=1:1000:1000", "-o", out},
			"its grid has 1e6 points (--param platforms.0.memory_mb, --param seed: 1,000 x 1,000)"},
		{"breakeven --points 1e6", []string{"breakeven", "example:default", "--platform", "lambda", "--vs", "fargate-fixed", "--points", "1e6"}, `invalid argument "1e6" for "--points"`},
		{"breakeven --points 1000000", []string{"breakeven", "example:default", "--platform", "lambda", "--vs", "fargate-fixed", "--points", "1000000"}, "(1e6 grid points and 5 refining steps"},
		{"breakeven --to 1e6", []string{"breakeven", "example:default", "--platform", "lambda", "--vs", "fargate-fixed", "--to", "1e6", "-o", out}, "--to 1e6 times the scenario's rate"},
		{"trace synth --functions 1e8", []string{"trace", "synth", "--functions", "1e8", "--out", synthOut}, `invalid argument "1e8" for "--functions"`},
		{"trace synth --functions 100000000", []string{"trace", "synth", "--functions", "100000000", "--out", synthOut}, "trace synth: --functions 100000000 x --days 1 make 1.4e11 per-minute counts"},
		{"trace synth over the memory bound", []string{"trace", "synth", "--functions", "5000000", "--out", synthOut}, "need about 3.2GB of memory for the population"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code, took, peak := callMeasured(c.args...)
			first, _, _ := strings.Cut(stderr, "\n")
			if code != 2 || !strings.Contains(first, c.first) {
				t.Errorf("exit %d, first line %q; want exit 2 and %q", code, first, c.first)
			}
			if stdout != "" {
				t.Errorf("stdout: %.200q", stdout)
			}
			// Refused before the work: seconds, and a heap of tens of
			// megabytes (the largest: parsing the 1 MB inputs).
			if took > 5*time.Second || peak > 200e6 {
				t.Errorf("used %v of CPU with a peak heap of %.0f MB; want a quick refusal far under the 1 GB bound", took, peak/1e6)
			}
			if left, _ := os.ReadDir(filepath.Dir(out)); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
			t.Logf("%v, peak heap %.1f MB", took.Round(time.Millisecond), peak/1e6)
		})
	}
}

// Inputs just inside the bounds are taken, and run under them: a scenario
// of exactly 1,000,000 bytes; a file of 20,000 anchors used by 20,000
// aliases, each a problem, answered in 21 lines ("and N more"); and a
// replay of 100,000 functions on four platforms (2.1 GB before the
// estimate), whose peak heap stays under the 1 GB bound.
func TestInsideTheBounds(t *testing.T) {
	dir := t.TempDir()
	atCap := filepath.Join(dir, "at.yaml")
	os.WriteFile(atCap, []byte(tiny+"# "+strings.Repeat("x", 1_000_000-len(tiny)-3)+"\n"), 0o644)
	var aliases strings.Builder
	aliases.WriteString("name: x\nhorizon: 1h\nworkload:\n  synthetic:\n    functions:\n")
	for i := range 20_000 {
		fmt.Fprintf(&aliases, "      - &a%d {name: f%d}\n", i, i)
	}
	aliases.WriteString("platforms:\n")
	for i := range 20_000 {
		fmt.Fprintf(&aliases, "  - *a%d\n", i)
	}
	aliasFile := filepath.Join(dir, "aliases.yaml")
	os.WriteFile(aliasFile, []byte(aliases.String()), 0o644)
	var csv strings.Builder
	csv.WriteString("timestamp,function,duration_ms\n")
	for i := range 100_000 {
		fmt.Fprintf(&csv, "%d,f%d,100\n", i/100, i)
	}
	os.WriteFile(filepath.Join(dir, "many.csv"), []byte(csv.String()), 0o644)
	many := filepath.Join(dir, "many.yaml")
	os.WriteFile(many, []byte(`name: many
horizon: 1h
workload:
  trace: {format: csv, path: many.csv}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
  - {name: run, preset: gcp-cloud-run}
  - {name: hybrid, preset: generic, keep_alive: {policy: hybrid}}
  - {name: fleet, kind: container, preset: aws-fargate-x86, replica: {vcpu: 1, memory_gb: 2, slots: 4}, scaling: {policy: fixed, replicas: 2}}
`), 0o644)

	cases := []struct {
		name       string
		args       []string
		code       int
		lines      int // of stderr, 0: any
		last, want string
		seconds    float64
	}{
		{"a scenario of 1,000,000 bytes", []string{"run", atCap}, 0, 0, "", "", 5},
		{"20,000 aliases, 40,000 problems", []string{"run", aliasFile}, 2, 21, "and 39,981 more", "", 5},
		{"100,000 functions on four platforms", []string{"run", many, "-q"}, 0, 0, "", "fleet", 60},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code, took, peak := callMeasured(c.args...)
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if code != c.code || (c.lines > 0 && len(lines) != c.lines) || (c.last != "" && lines[len(lines)-1] != c.last) ||
				!strings.Contains(stdout, c.want) {
				t.Errorf("exit %d, %d lines of stderr ending %q; want exit %d, %d lines ending %q\n%.300s", code, len(lines), lines[len(lines)-1], c.code, c.lines, c.last, stderr)
			}
			if took.Seconds() > c.seconds || peak > 1e9 {
				t.Errorf("used %v of CPU, peak heap %.0f MB; want under %gs and 1 GB", took, peak/1e6, c.seconds)
			}
			t.Logf("%v, peak heap %.1f MB", took.Round(time.Millisecond), peak/1e6)
		})
	}
}
