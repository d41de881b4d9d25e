package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

const tuneScenario = "../../scenarios/testdata/tune/cpu-bound.yaml"

// tune teaches in --help: the strategies, the formula, the defaults, an
// example.
func TestTuneHelp(t *testing.T) {
	stdout, stderr, code := call("tune", "--help")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"cost", "speed", "balanced", "w x cost/max(cost) + (1 - w) x duration/max(duration)",
		"128,256,512,1024,1536,3008", "0.5 by default", "on equal cost, the faster", "faassim tune my.yaml --function api",
		"--memory", "--arch", "--weight", "speed_by_architecture"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

// The JSON contract and the chart, written where asked; the winner of the
// hand-worked case (scenarios/tune_test.go): balanced picks 1536 MB.
func TestTuneCommandWritesJSONAndChart(t *testing.T) {
	dir := t.TempDir()
	out, chartDir := filepath.Join(dir, "tune.json"), filepath.Join(dir, "charts")
	_, stderr, code := call("tune", tuneScenario, "--function", "resize", "--strategy", "balanced", "-o", out, "--charts", chartDir, "--chart-format", "png")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res metrics.Tune
	if err := json.Unmarshal(data, &res); err != nil || res.Schema != "faassim/tune/v1" {
		t.Fatalf("not a faassim/tune/v1 document (err %v)", err)
	}
	if res.Points[res.Recommended].MemoryMB != 1536 || res.BalancedWeight != 0.5 {
		t.Errorf("recommended %d MB at w %g, want 1536 at 0.5", res.Points[res.Recommended].MemoryMB, res.BalancedWeight)
	}
	if fi, err := os.Stat(filepath.Join(chartDir, "tune-tradeoff.png")); err != nil || fi.Size() == 0 {
		t.Errorf("no chart: %v", err)
	}
}

func TestTuneCommandRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{tuneScenario}, "want one scenario and --function NAME"},
		{[]string{tuneScenario, "--function", "resize", "--platform", "fargate"}, "fargate is a container platform"},
		{[]string{tuneScenario, "--function", "resize", "--memory", "64,128"}, "--memory: 64 MB is not a size aws-lambda-x86 offers (128 to 10,240 MB)"},
		{[]string{tuneScenario, "--function", "resize", "--memory", "128:20000:5"}, "15032 MB is not a size aws-lambda-x86 offers (128 to 10,240 MB)"},
		{[]string{tuneScenario, "--function", "resize", "--arch", "sparc"}, "unknown architecture"},
		{[]string{tuneScenario, "--function", "resize", "--strategy", "balanced", "--weight", "1.5"}, "--weight 1.5"},
		{[]string{tuneScenario, "--function", "resize", "--weight", "0.3"}, "--weight applies to --strategy balanced only"},
		{[]string{tuneScenario, "--function", "nope"}, "no such function"},
	} {
		dir := t.TempDir()
		args := append(append([]string{"tune"}, tc.args...), "-o", filepath.Join(dir, "out.txt"))
		_, stderr, code := call(args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
		if left := entries(t, dir); len(left) != 0 {
			t.Errorf("%v left %v", tc.args, left)
		}
	}
}
