package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bounded is a hostile input found after the first pass of bounds (the
// review of issue 9's bounded memory and work): the command must refuse
// it with the exit code and first line given, quickly, with a small peak
// heap. Files are generated into a fresh directory, named IN in args and
// in the first line.
type bounded struct {
	name  string
	files map[string]string
	args  []string
	code  int
	first string
}

func runBounded(t *testing.T, cases []bounded) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := t.TempDir()
			for name, text := range c.files {
				if err := os.WriteFile(filepath.Join(in, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.ReplaceAll(a, "IN", in)
			}
			var stdout, stderr string
			var code int
			start := cpuTime()
			peak := peakHeap(func() {
				// Not call: its filter for -q's silent errors drops any
				// message with "quiet" in it (quiet_mean).
				var out, errb strings.Builder
				if err := run(args, &out, &errb); err != nil {
					errb.WriteString("faassim: " + err.Error() + "\n")
					code = exitCode(err)
				}
				stdout, stderr = out.String(), errb.String()
			})
			took := cpuTime() - start // CPU, not wall, time: see cpuTime
			first, _, _ := strings.Cut(strings.ReplaceAll(stderr, in, "IN"), "\n")
			if code != c.code || first != c.first {
				t.Errorf("exit %d, first line\n  %s\nwant exit %d,\n  %s", code, first, c.code, c.first)
			}
			if stdout != "" {
				t.Errorf("stdout: %.200q", stdout)
			}
			if took > 3*time.Second || peak > 200e6 {
				t.Errorf("used %v of CPU with a peak heap of %.0f MB; want a quick refusal", took, peak/1e6)
			}
			if left, _ := os.ReadDir(in); len(left) != len(c.files) {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// mmppScenario is one bursty function with the given sojourns on one
// Lambda, over horizon.
func mmppScenario(horizon, burst, quiet string) string {
	return "name: m\nseed: 1\nhorizon: " + horizon + "\nworkload:\n  synthetic:\n    functions:\n" +
		"      - {name: hook, runtime: nodejs, duration: {dist: exponential, mean: 100ms},\n" +
		"         arrival: {process: mmpp, rate_per_s: 0.001, burst_rate_per_s: 0.001, burst_mean: " + burst + ", quiet_mean: " + quiet + "}}\n" +
		"platforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"
}

// Item 1: an mmpp process switching state far more often than requests
// arrive: refused by validation under a millisecond, and counted by the
// work estimate above it.
func TestBoundedMMPPSwitches(t *testing.T) {
	const set = "workload.synthetic.functions.2.arrival."
	runBounded(t, []bounded{
		{"burst_mean 1ns", nil, []string{"run", "example:default", "--set", set + "burst_mean=1ns", "--set", set + "quiet_mean=1ns"}, 2,
			"faassim: --set workload.synthetic.functions.2.arrival.burst_mean: must be at least 1ms (the mean length of a burst), got 1ns"},
		{"quiet_mean 999us", map[string]string{"s.yaml": mmppScenario("1h", "1s", "999us")}, []string{"run", "IN/s.yaml"}, 2,
			"faassim: IN/s.yaml:8: workload.synthetic.functions[0].arrival.quiet_mean: must be at least 1ms (the mean time between bursts), got 999µs"},
		{"1ms sojourns over 100,000 hours", map[string]string{"s.yaml": mmppScenario("100000h", "1ms", "1ms")}, []string{"run", "IN/s.yaml"}, 2,
			"faassim: IN/s.yaml: the scenario asks for about 1.8e10 simulated events (mostly function hook switching between bursts and quiet 3.6e11 times (burst_mean 1ms, quiet_mean 1ms); " +
				"the requests: 0.001 requests/s over horizon 100000h x 1 platform x 1 replication), about 2.5 hours of CPU, more than --max-events (now 7.2e9, the default) allows; raise --max-events to run it, or lower what it names"},
	})
}

// Item 5: what the estimate's messages say.
func TestBoundedEstimateMessages(t *testing.T) {
	one := strings.NewReplacer("rate_per_s: 2", "rate_per_s: 1e5", "horizon: 10m", "horizon: 1h", "name: lambda", "name: fleet",
		"    preset: aws-lambda-x86\n    keep_alive: {policy: fixed, ttl: 10m}\n",
		"    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 4}\n    scaling: {policy: fixed, replicas: 1}\n").Replace(tiny)
	many := strings.Replace(one, "replicas: 1}", "replicas: 3000000}", 1)
	runBounded(t, []bounded{
		{"one replica", map[string]string{"s.yaml": one}, []string{"run", "IN/s.yaml"}, 2,
			"faassim: IN/s.yaml: the scenario needs about 61GB of memory, more than --max-memory (now 1GB, the default) allows: " +
				"platform fleet would queue about 3.6e8 requests (100,000 requests/s arrive at the busiest, more than 1 replica can serve: 40 requests/s); raise --max-memory to run it, or lower what it names"},
		{"3e6 replicas", map[string]string{"s.yaml": many}, []string{"run", "IN/s.yaml"}, 2,
			"faassim: IN/s.yaml: the scenario needs about 1.4GB of memory, more than --max-memory (now 1GB, the default) allows: " +
				"platform fleet runs up to 3e6 replicas; raise --max-memory to run it, or lower what it names"},
		{"--max-memory 0", nil, []string{"run", "example:default", "--max-memory", "0"}, 2,
			`faassim: run: invalid argument "0" for "--max-memory" flag: invalid size "0": no memory at all (unlimited lifts the bound; or give a size such as 1GB)`},
		{"--max-events 0", nil, []string{"run", "example:default", "--max-events", "0"}, 2,
			`faassim: run: invalid argument "0" for "--max-events" flag: invalid event count "0": no work at all (unlimited lifts the bound; or give a count such as 1e10)`},
		{"sweep --max-memory 0GB", nil, []string{"sweep", "example:power-tuning", "--param", "seed=1:2:2", "--max-memory", "0GB"}, 2,
			`faassim: sweep: invalid argument "0GB" for "--max-memory" flag: invalid size "0GB": no memory at all (unlimited lifts the bound; or give a size such as 1GB)`},
		{"an empty trace, one prefix", map[string]string{"empty.csv": "timestamp,function,duration_ms\n",
			"s.yaml": "name: t\nhorizon: 1h\nworkload:\n  trace: {format: csv, path: empty.csv}\nplatforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"},
			[]string{"run", "IN/s.yaml"}, 2, "faassim: IN/s.yaml:4: workload.trace: IN/empty.csv: no rows after the header: the workload would be empty"},
		{"scaling.sync 1ns", nil, []string{"run", "example:default", "--set", "platforms.3.scaling.sync=1ns"}, 2,
			"faassim: example:default: the scenario asks for about 9e13 simulated events (mostly platform fargate-autoscaled's autoscaler checking every 1ns (scaling.sync) over horizon 25h: 9e13 checks; " +
				"the requests: 5.7 requests/s over horizon 25h x 4 platforms x 1 replication), about 521 days of CPU, more than --max-events (now 7.2e9, the default) allows; raise --max-events to run it, or lower what it names"},
	})
}

// Item 2: hybrid keep-alive histograms with fine bins: more bins than the
// cap refused, and their memory (bins x groups) counted by the estimate.
func TestBoundedHybridBins(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("timestamp,function,duration_ms\n")
	for i := range 20_000 {
		fmt.Fprintf(&csv, "%d,f%d,100\n", i/100, i)
	}
	week := "name: many\nhorizon: 1h\nworkload:\n  trace: {format: csv, path: many.csv}\n" +
		"platforms:\n  - {name: hybrid, preset: generic, keep_alive: {policy: hybrid, range: 168h, bin: 1m}}\n"
	runBounded(t, []bounded{
		{"27h in 1s bins", nil, []string{"run", "example:default", "--set", "platforms.0.keep_alive={policy: hybrid, range: 27h, bin: 1s}"}, 2,
			"faassim: --set platforms.0.keep_alive: range 27h0m0s in bins of 1s makes 97200 bins, more than the 10080 allowed (a week in minutes; the paper uses 240: 4h in minutes)"},
		{"20,000 apps with a week of minute bins", map[string]string{"many.csv": csv.String(), "s.yaml": week}, []string{"run", "IN/s.yaml"}, 2,
			"faassim: IN/s.yaml: the scenario needs about 1.7GB of memory, more than --max-memory (now 1GB, the default) allows: " +
				"platform hybrid keeps a hybrid keep-alive histogram of 10,080 bins for each of 20,000 instance groups; raise --max-memory to run it, or lower what it names"},
	})
}

// Item 3: many YAML documents, refused before parsing (the parser takes
// time growing with their square: 23 s for 110,000), in a scenario, a price
// sheet and a --set value; a price sheet may still hold a few.
func TestBoundedYAMLDocuments(t *testing.T) {
	docs := strings.Repeat("---\na: 1\n", 110_000) // 990 KB
	sheets := strings.Repeat("---\na: 1\n", 65)
	runBounded(t, []bounded{
		{"a scenario of 110,000 documents", map[string]string{"s.yaml": docs}, []string{"run", "IN/s.yaml"}, 2,
			"faassim: IN/s.yaml:4: a scenario file holds one YAML document, found 110,000"},
		{"a scenario of two documents", map[string]string{"s.yaml": tiny + "...\n" + tiny}, []string{"run", "IN/s.yaml"}, 2,
			"faassim: IN/s.yaml:16: a scenario file holds one YAML document, found 2"},
		{"a price sheet of 110,000 documents", map[string]string{"p.yaml": docs}, []string{"run", "example:default", "--prices", "IN/p.yaml"}, 2,
			"faassim: IN/p.yaml:130: a price sheet holds at most 64 YAML documents, found 110,000: write the sheets as one list, or split them into several files (--prices is repeatable)"},
		{"a price sheet of 65 documents", map[string]string{"p.yaml": sheets}, []string{"run", "example:default", "--prices", "IN/p.yaml"}, 2,
			"faassim: IN/p.yaml:130: a price sheet holds at most 64 YAML documents, found 65: write the sheets as one list, or split them into several files (--prices is repeatable)"},
		{"a --set value of 100,000 documents", nil, []string{"run", "example:default", "--set", "description=" + strings.Repeat("a\n---\n", 100_000)}, 2,
			"faassim: --set description: a --set value holds one YAML document, found 100,001"},
	})
}

// Item 4: --set keys capped before any work (following a path of 60,000
// elements took 1 s and 156 MB), and every message echoing a key or a value
// shortened to 80 bytes.
func TestBoundedSetKeys(t *testing.T) {
	a80 := strings.Repeat("a", 80) + "..."
	runBounded(t, []bounded{
		{"60,000 elements", nil, []string{"run", "example:default", "--set", strings.Repeat("a.", 59_999) + "b=1"}, 2,
			"faassim: --set " + strings.Repeat("a.", 40) + "...: a key has at most 64 dotted elements and 256 bytes; this one has 60,000 elements in 119,999 bytes"},
		{"65 elements", nil, []string{"run", "example:default", "--set", strings.Repeat("a.", 64) + "b=1"}, 2,
			"faassim: --set " + strings.Repeat("a.", 40) + "...: a key has at most 64 dotted elements and 256 bytes; this one has 65 elements in 129 bytes"},
		{"257 bytes", nil, []string{"run", "example:default", "--set", strings.Repeat("a", 257) + "=1"}, 2,
			"faassim: --set " + a80 + ": a key has at most 64 dotted elements and 256 bytes; this one has 1 element in 257 bytes"},
		{"100,000 bytes and no =", nil, []string{"run", "example:default", "--set", strings.Repeat("a", 100_000)}, 2,
			"faassim: --set " + a80 + ": want key=value, e.g. platforms.0.keep_alive.ttl=5m"},
		{"a 100,000-byte value that does not parse", nil, []string{"run", "example:default", "--set", "description=[" + strings.Repeat("a", 100_000)}, 2,
			"faassim: --set description: invalid value \"[" + strings.Repeat("a", 79) + "...\": sequence end token ']' not found"},
	})
	// 64 elements and 256 bytes are taken as a path (and refused as one).
	_, stderr, code := call("run", "example:default", "--set", strings.Repeat("a.", 63)+"b=1")
	if first, _, _ := strings.Cut(stderr, "\n"); code != 2 || !strings.HasPrefix(first, "faassim: --set a.a.") || strings.Contains(first, "at most 64") {
		t.Errorf("64 elements: exit %d, %s", code, first)
	}
}
