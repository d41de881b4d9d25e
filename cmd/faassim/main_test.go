package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func call(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	err := run(args, &out, &errb)
	if err != nil {
		if !strings.Contains(err.Error(), "quiet") {
			errb.WriteString("faassim: " + err.Error() + "\n")
		}
		code = exitCode(err)
	}
	return out.String(), errb.String(), code
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
		{"bad format", tiny, []string{"--format", "xml"}, []string{"--format", "text or json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "missing.yaml")
			if tt.scenario != "" {
				path = writeScenario(t, tt.scenario)
			}
			outFile := filepath.Join(t.TempDir(), "out.json")
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
	for _, w := range []string{"lambda-ttl-10m", "lambda-ttl-1m", "p99 ms", "cold %"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("default output lacks %q:\n%s", w, stdout)
		}
	}
}

func TestExamplesAndHelp(t *testing.T) {
	stdout, _, code := call("examples")
	if code != 0 || !strings.Contains(stdout, "example:simfaas-readme") {
		t.Errorf("examples: exit %d, output %q", code, stdout)
	}
	stdout, _, code = call("help")
	if code != 0 || !strings.Contains(stdout, "faassim run") {
		t.Errorf("help: exit %d", code)
	}
	_, stderr, code := call("run", "--help")
	if code != 0 || !strings.Contains(stderr, "--set") {
		t.Errorf("run --help: exit %d, stderr %q", code, stderr)
	}
	_, _, code = call("frobnicate")
	if code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}
