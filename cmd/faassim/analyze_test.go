package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// analyze teaches in --help: the models, the flags, examples.
func TestAnalyzeHelp(t *testing.T) {
	stdout, stderr, code := call("analyze", "--help")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"semi-Markov", "Mahmoudi and Khazaei", "Erlang B", "M/M/c/K", "Erlang C", "Poisson", "workload.synth",
		"--replications", "--set", "--format", "-o", "--max-memory", "--workers", "faassim analyze example:simfaas-readme"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	if stdout, _, _ := call("help"); !strings.Contains(stdout, "analyze") {
		t.Errorf("the command list lacks analyze")
	}
}

// -o writes the faassim/analyze/v1 JSON (its extension chooses the
// format); example:erlang-b fits Erlang B.
func TestAnalyzeCommandWritesJSON(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a.json")
	_, stderr, code := call("analyze", "example:erlang-b", "--set", "horizon=3000s", "--replications", "2", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var a metrics.Analysis
	if err := json.Unmarshal(data, &a); err != nil || a.Schema != metrics.AnalysisSchema {
		t.Fatalf("not a %s document (err %v)", metrics.AnalysisSchema, err)
	}
	if p := a.Platforms[0]; !p.Fits || p.Model != "erlang-b" || a.Replications != 2 || p.SimulatedCI95 == nil {
		t.Errorf("platform %+v, %d replications", p, a.Replications)
	}
	if left := entries(t, dir); strings.Join(left, " ") != "a.json" {
		t.Errorf("left %v", left)
	}
	stdout, _, code := call("analyze", "example:erlang-b", "--set", "horizon=3000s", "--format", "markdown")
	if code != 0 || !strings.Contains(stdout, "| rejection ratio | 0.1092 |") {
		t.Errorf("exit %d, markdown:\n%s", code, stdout)
	}
}

func TestAnalyzeCommandRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "want one scenario"},
		{[]string{"example:erlang-b", "--format", "csv"}, `unknown format "csv" for an analysis`},
		{[]string{"example:erlang-b", "--replications", "0"}, "--replications 0"},
		{[]string{"example:erlang-b", "--workers", "-1"}, "--workers -1"},
		{[]string{"example:nope"}, "nope"},
		{[]string{"example:erlang-b", "--set", "platforms.0.keep_alive.policy=sometimes"}, "sometimes"},
		{[]string{"example:erlang-b", "--max-events", "1000"}, "--max-events"},
	} {
		dir := t.TempDir()
		args := append(append([]string{"analyze"}, tc.args...), "-o", filepath.Join(dir, "out.txt"))
		_, stderr, code := call(args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
		if left := entries(t, dir); len(left) != 0 {
			t.Errorf("%v left %v", tc.args, left)
		}
	}
}
