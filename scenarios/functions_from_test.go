package scenarios

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"faassim/scenarios/iac"
)

// functions_from: the path is relative to the scenario file; matched
// functions get the file's memory, runtime, timeout and limits (what the
// scenario writes wins); unmatched names both ways are warnings in the
// results. The template is built in Go (the parser is tested in iac).
func TestFunctionsFrom(t *testing.T) {
	var opened string
	parseIaC = func(name string, _ []byte, _ iac.Options) (*iac.Template, error) {
		opened = name
		two := 2
		return &iac.Template{Format: iac.FormatServerless, Functions: []iac.Function{
			{Name: "api", Line: 10, Family: "nodejs", MemoryMB: 2048, Architecture: "x86_64", ReservedConcurrency: &two},
			{Name: "unused", Line: 20, Family: "python", MemoryMB: 128},
		}}, nil
	}
	defer func() { parseIaC = iac.Parse }()
	text := []byte(`name: ff
horizon: 1h
workload:
  functions_from: serverless.yml
  synthetic:
    functions:
      - {name: api, arrival: {process: deterministic, rate_per_s: 1}, duration: {dist: deterministic, value: 10s}}
      - {name: extra, runtime: go, memory_mb: 256, arrival: {process: poisson, rate_per_s: 0.1}, duration: {dist: deterministic, value: 1s}}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`)
	scenario := filepath.Join("testdata", "ff", "scenario.yaml")
	s, err := Load(scenario, text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("testdata", "ff", "serverless.yml"); opened != want {
		t.Errorf("opened %q, want %q (relative to the scenario file)", opened, want)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Platforms[0].Settings.Functions
	if st[0].MemoryMB != 2048 || st[0].Reserved != 2 || st[1].MemoryMB != 256 {
		t.Errorf("settings %+v: want api at 2048 MB with reserved 2 from the file, extra at its own 256 MB", st)
	}
	// api needs 10 at once (1/s of 10 s); its reserved 2 rejects most.
	if p := res.Platforms[0]; float64(p.Rejected) < 0.7*float64(p.Requests) {
		t.Errorf("%d of %d rejected: api's reserved 2 (from the file) should reject most", p.Rejected, p.Requests)
	}
	joined := strings.Join(res.Warnings, "\n")
	for _, want := range []string{"workload function extra is not in the file", "function unused (line 20) is not in the workload"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "function api ") }) {
		t.Errorf("api is matched, yet warned about:\n%s", joined)
	}
}
