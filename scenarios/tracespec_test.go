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
