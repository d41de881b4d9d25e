package scenarios

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
)

// The embedded example traces are read in place: running one leaves no
// directory behind, and a message names a file as the scenario does,
// never an internal path.
func TestExampleTraceReadInPlace(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where an extracted copy would go
	tests := []struct {
		name string
		set  string
		want string // "" means the run succeeds
	}{
		{"runs", "", ""},
		{"missing day", "workload.trace.day=99", "example:azure2019-excerpt/invocations_per_function_md.anon.d99.csv"},
		{"escape the traces", "workload.trace.dir=example:../../etc", `"example:../../etc" is not an embedded trace (known: example:azure2019-excerpt)`},
		{"escape after a name", "workload.trace.dir=example:azure2019-excerpt/..", "is not an embedded trace"},
		{"unknown trace", "workload.trace.dir=example:nope", `"example:nope" is not an embedded trace`},
		{"wrong format", "workload.trace.format=huawei2023", "in example:azure2019-excerpt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sets []string
			if tt.set != "" {
				sets = []string{tt.set}
			}
			s, err := OpenWith("example:azure-sample", sets, Options{})
			if err == nil {
				_, err = Run(context.Background(), s, Options{})
			}
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("run: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			case err != nil && (strings.Contains(err.Error(), os.TempDir()) || strings.Contains(err.Error(), "examples/traces")):
				t.Errorf("the message shows an internal path: %v", err)
			}
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("left %d entries in TMPDIR, first %s", len(entries), entries[0].Name())
			}
		})
	}
}

// A scenario replays Lambda logs given as a glob relative to its own
// file, each file a function named after it; --function-like `function:`
// renames them, and keys of lambda-report are refused on other formats.
func TestScenarioLambdaReportPaths(t *testing.T) {
	dir := t.TempDir()
	logs := dir + "/logs"
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"orders.log", "worker.json"} {
		b, err := os.ReadFile("trace/testdata/lambda/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(logs+"/"+f, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scenario := func(extra string) string {
		p := dir + "/s.yaml"
		y := "name: logs\nseed: 1\nhorizon: 1m\nwarmup: 0s\nworkload:\n  trace:\n    format: lambda-report\n    paths: [\"logs/*\"]\n" + extra +
			"platforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"
		if err := os.WriteFile(p, []byte(y), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	s, err := OpenWith(scenario(""), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fns, err := s.traceFunctions()
	if err != nil {
		t.Fatal(err)
	}
	if len(fns) != 2 || fns[0].Name != "orders" || fns[1].Name != "worker" || fns[0].MemoryMB != 1024 || fns[1].MemoryMB != 256 {
		t.Errorf("functions %+v", fns)
	}
	if _, err := Run(context.Background(), s, Options{}); err != nil {
		t.Fatalf("run: %v", err)
	}
	s, err = OpenWith(scenario("    function: api\n"), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if fns, err := s.traceFunctions(); err != nil || len(fns) != 1 || fns[0].Name != "api" {
		t.Errorf("function: api: %+v, %v", fns, err)
	}
	_, err = OpenWith(scenario(""), []string{"workload.trace.format=csv"}, Options{})
	if err == nil || !strings.Contains(err.Error(), "paths: applies to lambda-report only") {
		t.Errorf("paths on csv: %v", err)
	}
}

// The trace readers' warnings reach the run's results: a lambda-report
// log's malformed REPORT line is said with its file and line, not dropped
// (the issue: "never silently dropped").
func TestScenarioTraceWarningsReported(t *testing.T) {
	dir := t.TempDir()
	log := "2026-03-02T09:00:00.100000+00:00 2026/03/02/[$LATEST]0a1b REPORT RequestId: 6f1c0001-8a2b-4c3d-9e4f-5a6b7c8d9e0f\tDuration: 80.00 ms\tBilled Duration: 80 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\t\n" +
		"2026-03-02T09:00:10.100000+00:00 2026/03/02/[$LATEST]0a1b REPORT RequestId: 6f1c0002-8a2b-4c3d-9e4f-5a6b7c8d9e0f\tDuration: lots ms\tBilled Duration: 80 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\t\n" +
		"2026-03-02T09:00:20.100000+00:00 2026/03/02/[$LATEST]0a1b REPORT RequestId: 6f1c0003-8a2b-4c3d-9e4f-5a6b7c8d9e0f\tDuration: 90.00 ms\tBilled Duration: 90 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\t\n"
	if err := os.WriteFile(dir+"/api.log", []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	y := "name: logs\nhorizon: 1m\nworkload:\n  trace:\n    format: lambda-report\n    path: api.log\nplatforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"
	if err := os.WriteFile(dir+"/s.yaml", []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := OpenWith(dir+"/s.yaml", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `trace: 1 malformed line skipped (` + dir + `/api.log:2: Duration: "lots" is not a number of ms)`
	if !slices.Contains(res.Warnings, want) {
		t.Errorf("warnings %q lack %q", res.Warnings, want)
	}
}
