package scenarios

import (
	"strings"
	"testing"
)

// LocalFiles names each field that reads this machine's disk, and no
// embedded trace (example:NAME) or in-memory workload.
func TestLocalFiles(t *testing.T) {
	for _, c := range []struct {
		name string
		w    Workload
		want []string
	}{
		{"synthetic", Workload{Synthetic: &Synthetic{}}, nil},
		{"synth", Workload{Synth: &SynthSpec{Functions: 10}}, nil},
		{"embedded trace", Workload{Trace: &TraceSpec{Format: "azure2019", Dir: "example:azure2019-excerpt"}}, nil},
		{"trace dir", Workload{Trace: &TraceSpec{Format: "azure2019", Dir: "/data/azure"}},
			[]string{`workload.trace.dir: reads the file "/data/azure" from this machine's disk`}},
		{"trace path and paths", Workload{Trace: &TraceSpec{Format: "csv", Path: "t.csv", Paths: []string{"a.log", "b*.log"}}},
			[]string{`workload.trace.path: reads the file "t.csv"`, `workload.trace.paths[0]: reads the file "a.log"`, `workload.trace.paths[1]: reads the file "b*.log"`}},
		{"functions_from", Workload{FunctionsFrom: "serverless.yml", Synthetic: &Synthetic{}},
			[]string{`workload.functions_from: reads the file "serverless.yml"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Scenario{Workload: c.w}
			probs := s.LocalFiles()
			if len(probs) != len(c.want) {
				t.Fatalf("got %v, want %d problems", probs, len(c.want))
			}
			for i, p := range probs {
				if !strings.HasPrefix(p.String(), c.want[i]) {
					t.Errorf("problem %d: %q, want it to start %q", i, p.String(), c.want[i])
				}
			}
		})
	}
}
