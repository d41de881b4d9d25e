package scenarios

import (
	"errors"
	"os"
	"path/filepath"
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

// ReadsLocalFile refuses each key that reads a file, its ancestors and
// what lies under it, and nothing else.
func TestReadsLocalFile(t *testing.T) {
	for _, c := range []struct {
		key  string
		want string // "" none
	}{
		{"workload.functions_from", "workload.functions_from"},
		{"workload.trace.dir", "workload.trace.dir"},
		{"workload.trace.path", "workload.trace.path"},
		{"workload.trace.paths", "workload.trace.paths"},
		{"workload.trace.paths.0", "workload.trace.paths"},
		{"workload.trace", "workload.trace.dir"},
		{"workload", "workload.trace.dir"},
		{" Workload . Functions_From ", "workload.functions_from"},
		{"workload.synthetic.functions.0.arrival.rate_per_s", ""},
		{"workload.trace_x", ""},
		{"platforms.0.prices", ""},
		{"horizon", ""},
		{"", ""},
	} {
		file, ok := ReadsLocalFile(c.key)
		if ok != (c.want != "") || file != c.want {
			t.Errorf("ReadsLocalFile(%q) = %q, %v; want %q", c.key, file, ok, c.want)
		}
	}
}

// A platform's prices field is a price sheet's name, never a file: a path
// to a valid sheet file is refused as an unknown sheet (the file is not
// read), so a scenario from an untrusted source cannot read one through it.
func TestPricesIsASheetName(t *testing.T) {
	data, err := os.ReadFile("../models/pricing/sheets/aws-lambda.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sheet.yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = OpenWith("example:default", []string{"platforms.0.prices=" + path}, Options{})
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("prices set to a file path: got %v, want a problem", err)
	}
	found := false
	for _, p := range probs {
		found = found || (p.Path == "platforms[0].prices" && strings.Contains(p.Reason, "unknown price sheet"))
	}
	if !found {
		t.Errorf("problems %v name no prices field", probs)
	}
	if s, err := OpenWith("example:default", nil, Options{}); err != nil || s.LocalFiles() != nil {
		t.Errorf("example:default: %v, local files %v", err, s.LocalFiles())
	}
}
