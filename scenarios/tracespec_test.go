package scenarios

import (
	"context"
	"os"
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
