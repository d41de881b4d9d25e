package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// call runs the program as main does (messages escaped and printed, the
// exit status mapped), capturing its output.
func call(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = runMain(args, &out, &errb)
	return out.String(), errb.String(), code
}

// Rates so low that a gap passes the clock's range saturate at "never"
// instead of wrapping into the past (which once panicked the feed).
func TestVanishingRates(t *testing.T) {
	for _, args := range [][]string{
		{"run", "example:default", "--set", "horizon=10m", "--set", "warmup=0s",
			"--set", "workload.synthetic.functions.0.arrival.rate_per_s=1e-10"},
		{"run", "example:default", "--set", "horizon=10m", "--set", "warmup=0s",
			"--set", "workload.synthetic.functions.0.arrival={process: deterministic, rate_per_s: 1e-10}"},
		{"breakeven", "example:default", "--platform", "lambda", "--vs", "fargate-fixed", "--from", "1e-300", "--to", "1e-299",
			"--set", "horizon=10m", "--set", "warmup=0s"},
	} {
		_, stderr, code := call(args...)
		if code != 0 || strings.Contains(stderr, "panic") || strings.Contains(stderr, "internal error") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

const tiny = `name: tiny
seed: 1
horizon: 10m
workload:
  synthetic:
    functions:
      - name: api
        runtime: python
        arrival: {process: poisson, rate_per_s: 2}
        duration: {dist: exponential, mean: 100ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    keep_alive: {policy: fixed, ttl: 10m}
`

func writeScenario(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, scenario string
		args           []string
		want           []string // substrings of stderr
	}{
		{"unknown key", strings.Replace(tiny, "seed: 1", "seed: 1\ncolour: blue", 1), nil,
			[]string{"s.yaml:3:", "colour"}},
		{"negative rate", strings.Replace(tiny, "rate_per_s: 2", "rate_per_s: -2", 1), nil,
			[]string{"s.yaml:9:", "rate_per_s"}},
		{"ttl banana", strings.Replace(tiny, "ttl: 10m", "ttl: banana", 1), nil,
			[]string{"s.yaml:14:", "keep_alive.ttl", `invalid duration "banana"`}},
		{"bad --set", tiny, []string{"--set", "platforms.0.keep_alive.ttl=banana"},
			[]string{"--set platforms.0.keep_alive.ttl", `invalid duration "banana"`}},
		{"every --set problem at once", tiny, []string{"--set", "platforms.0.keep_alive.ttl=banana", "--set", "workload.synthetic.functions.0.arrival.rate_per_s=-1"},
			[]string{"--set platforms.0.keep_alive.ttl: invalid duration", "--set workload.synthetic.functions.0.arrival.rate_per_s: must be"}},
		{"unknown preset", strings.Replace(tiny, "aws-lambda-x86", "aws-lambda-x87", 1), nil,
			[]string{"s.yaml:13:", "preset", "aws-lambda-x86"}},
		{"missing file", "", nil, []string{"no such file"}},
		{"replica with zero slots", strings.Replace(tiny, "    preset: aws-lambda-x86\n    keep_alive: {policy: fixed, ttl: 10m}\n",
			"    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 0}\n    scaling: {policy: fixed, replicas: 2}\n", 1), nil,
			[]string{"s.yaml:15:", "replica.slots", "must be >= 1"}},
		{"unknown container preset", strings.Replace(tiny, "    preset: aws-lambda-x86\n    keep_alive: {policy: fixed, ttl: 10m}\n",
			"    kind: container\n    preset: aws-fargate-x87\n    replica: {vcpu: 1, memory_gb: 2, slots: 4}\n    scaling: {policy: fixed, replicas: 2}\n", 1), nil,
			[]string{"s.yaml:14:", "unknown container preset", "aws-fargate-x86"}},
		{"negative price", tiny, []string{"--prices", "NEG"}, []string{"negative.yaml", "usd_per_million_requests"}},
		{"price sheet without a source", tiny, []string{"--prices", "NOSRC"}, []string{"nosource.yaml", "source"}},
		{"bad format", tiny, []string{"--format", "xml"}, []string{"--format", `unknown format "xml"`, "html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "missing.yaml")
			if tt.scenario != "" {
				path = writeScenario(t, tt.scenario)
			}
			outFile := filepath.Join(t.TempDir(), "out.json")
			for i, a := range tt.args {
				if sheet, ok := badSheets[a]; ok {
					tt.args[i] = filepath.Join(t.TempDir(), sheet.file)
					os.WriteFile(tt.args[i], []byte(sheet.text), 0o644)
				}
			}
			args := append([]string{"run", path, "-o", outFile, "--format", "json"}, tt.args...)
			stdout, stderr, code := call(args...)
			if code != 2 {
				t.Errorf("exit status %d, want 2; stderr: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
			if stdout != "" {
				t.Errorf("stdout not empty: %q", stdout)
			}
			if _, err := os.Stat(outFile); !os.IsNotExist(err) {
				t.Errorf("an output file was written despite the error")
			}
			if entries, _ := os.ReadDir(filepath.Dir(outFile)); len(entries) != 0 {
				t.Errorf("left files behind: %v", entries)
			}
		})
	}
}

const goodSheet = `- name: my-lambda
  provider: aws
  product: AWS Lambda (negotiated)
  region: us-east-1
  currency: USD
  effective: "2026-01-01"
  source: https://example.com/contract
  model: per-invocation
  rounding: {step_ms: 1}
  duration_tiers: [{usd_per_gb_s: 0.00001}]
  usd_per_million_requests: 0.15
`

var badSheets = map[string]struct{ file, text string }{
	"NEG":   {"negative.yaml", strings.Replace(goodSheet, "0.15", "-0.15", 1)},
	"NOSRC": {"nosource.yaml", strings.Replace(goodSheet, "  source: https://example.com/contract\n", "", 1)},
}

func TestUserPriceSheet(t *testing.T) {
	dir := t.TempDir()
	sheet := filepath.Join(dir, "mine.yaml")
	os.WriteFile(sheet, []byte(goodSheet), 0o644)
	scenario := strings.Replace(tiny, "    keep_alive:", "    prices: my-lambda\n    keep_alive:", 1)
	stdout, stderr, code := call("run", writeScenario(t, scenario), "--prices", sheet, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"monthly_cost_usd"`) || strings.Contains(stdout, `"monthly_cost_usd": 0,`) {
		t.Errorf("no cost from the user's sheet:\n%s", stdout)
	}
	stdout, _, code = call("prices", "--prices", sheet, "--provider", "aws")
	if code != 0 || !strings.Contains(stdout, "my-lambda") || !strings.Contains(stdout, "aws-fargate-x86-us-east-1") {
		t.Errorf("prices: exit %d:\n%s", code, stdout)
	}
}

func TestBreakevenCommand(t *testing.T) {
	scenario := writeScenario(t, tiny+`  - name: fleet
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 0.25, memory_gb: 0.5, slots: 4}
    scaling: {policy: fixed, replicas: 1}
`)
	stdout, stderr, code := call("breakeven", scenario, "--platform", "lambda", "--vs", "fleet", "--to", "100", "--points", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "fleet becomes cheaper than lambda above about") {
		t.Errorf("no crossing reported:\n%s", stdout)
	}
	_, stderr, code = call("breakeven", scenario, "--platform", "lambda", "--vs", "nope")
	if code != 2 || !strings.Contains(stderr, `no platform "nope"`) {
		t.Errorf("unknown platform: exit %d, %s", code, stderr)
	}
}

func TestRunWritesJSONContract(t *testing.T) {
	outFile := filepath.Join(t.TempDir(), "out.json")
	_, stderr, code := call("run", writeScenario(t, tiny), "--format", "json", "-o", outFile, "--seed", "9")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	var res map[string]any
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	if res["schema"] != "faassim/results/v1" || res["seed"] != 9.0 {
		t.Errorf("schema %v, seed %v", res["schema"], res["seed"])
	}
	p := res["platforms"].([]any)[0].(map[string]any)
	for _, key := range []string{"requests", "cold_start_ratio", "latency_ms", "wait_ms", "instances", "instance_seconds", "utilization", "cost_usd"} {
		if _, ok := p[key]; !ok {
			t.Errorf("platform lacks %q", key)
		}
	}
}

func TestDefaultRunPrintsTable(t *testing.T) {
	stdout, stderr, code := call()
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"lambda", "cloud-run", "fargate-fixed", "fargate-autoscaled", "p99 ms", "cold %", "monthly $"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("default output lacks %q:\n%s", w, stdout)
		}
	}
}

func TestExamplesAndHelp(t *testing.T) {
	stdout, _, code := call("examples")
	if code != 0 || !strings.Contains(stdout, "example:simfaas-readme") || !strings.Contains(stdout, "example:keepalive-history") {
		t.Errorf("examples: exit %d, output %q", code, stdout)
	}
	stdout, _, code = call("help")
	if code != 0 || !strings.Contains(stdout, "faassim run") {
		t.Errorf("help: exit %d", code)
	}
	stdout, stderr, code := call("run", "--help")
	if code != 0 || !strings.Contains(stdout, "--set") || stderr != "" {
		t.Errorf("run --help: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The research outputs and the initial state are taught where the
	// command is.
	for _, w := range []string{"instances.distribution", "running_distribution", "cold_start_by_instances", "initial_instances", "warmup: 0"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("run --help does not mention %s", w)
		}
	}
	_, _, code = call("frobnicate")
	if code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// Saved results render without simulating again, in every format, and
// the chart files land where the Markdown links them.
func TestReportFromSavedResults(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "r.json")
	if _, stderr, code := call("run", writeScenario(t, tiny), "--timeline", "1m", "--format", "json", "-o", saved); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	for _, format := range []string{"text", "json", "markdown", "csv", "html"} {
		out := filepath.Join(dir, "report."+format)
		if _, stderr, code := call("report", saved, "--format", format, "-o", out, "--charts", filepath.Join(dir, "charts")); code != 0 {
			t.Fatalf("report --format %s: exit %d: %s", format, code, stderr)
		}
		if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
			t.Errorf("report --format %s wrote nothing", format)
		}
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.markdown"))
	if !strings.Contains(string(md), "](charts/latency-cdf.svg)") {
		t.Errorf("the Markdown report does not link its charts:\n%s", md)
	}
	if _, err := os.Stat(filepath.Join(dir, "charts", "instances.svg")); err != nil {
		t.Errorf("no instances chart: %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"schema": "faassim/results/v9"}`), 0o644)
	if _, stderr, code := call("report", bad); code != 2 || !strings.Contains(stderr, "faassim/results/v9") {
		t.Errorf("unknown schema: exit %d, %s", code, stderr)
	}
}

// TestReportAcceptsAddedFields: schema faassim/results/v1 may gain fields
// (models/metrics/results.go), so a file with a field this build does not
// know, at the top level and inside a platform, still renders, and the
// fields it knows are read.
func TestReportAcceptsAddedFields(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "r.json")
	if _, stderr, code := call("run", writeScenario(t, tiny), "--format", "json", "-o", saved); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["generated_by"] = "faassim 9.9"
	plat := doc["platforms"].([]any)[0].(map[string]any)
	plat["carbon_g"] = 12.5
	plat["requests"] = 424242.0 // a field it knows, to see that it is read
	// ... with the fates still adding up to it, as report checks.
	plat["completed"] = 424242.0 - plat["rejected"].(float64) - plat["timed_out"].(float64) - plat["in_flight"].(float64)
	data, _ = json.Marshal(doc)
	newer := filepath.Join(dir, "newer.json")
	if err := os.WriteFile(newer, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		stdout, stderr, code := call("report", newer, "--format", format)
		if code != 0 {
			t.Fatalf("report --format %s of a file with added fields: exit %d: %s", format, code, stderr)
		}
		if !strings.Contains(stdout, "424,242") && !strings.Contains(stdout, "424242") {
			t.Errorf("report --format %s does not show the requests read from the file:\n%s", format, stdout)
		}
	}
}

func TestSweepCommand(t *testing.T) {
	dir := t.TempDir()
	scenario := writeScenario(t, tiny)
	stdout, stderr, code := call("sweep", scenario, "--param", "platforms.0.keep_alive.ttl=1s,1m", "--param", "workload.synthetic.functions.0.arrival.rate_per_s=1,4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := strings.Count(stdout, "lambda"); got != 4 {
		t.Errorf("%d rows, want 4 (2 x 2 grid):\n%s", got, stdout)
	}
	if _, stderr, code := call("sweep", scenario, "--param", "platforms.0.keep_alive.ttl=1s:1m:3", "--format", "csv", "-o", filepath.Join(dir, "s.csv"), "--charts", dir); code != 0 {
		t.Fatalf("csv: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "keepalive-tradeoff.svg")); err != nil {
		t.Errorf("no keep-alive trade-off chart: %v", err)
	}
	if _, stderr, code := call("sweep", scenario, "--param", "platforms.0.keep_alive.ttl=banana"); code != 2 || !strings.Contains(stderr, "invalid duration") {
		t.Errorf("bad value: exit %d, %s", code, stderr)
	}
}
