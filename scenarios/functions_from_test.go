package scenarios

import (
	"context"
	"os"
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

// The same with the real parser and files on disk: Open resolves
// functions_from next to the scenario, whatever the working directory.
func TestFunctionsFromFile(t *testing.T) {
	s, err := Open(filepath.Join("testdata", "ff", "scenario.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Platforms[0].Settings.Functions
	if st[0].MemoryMB != 2048 || st[0].Reserved != 2 || st[0].TimeoutS != 20 {
		t.Errorf("api settings %+v: want 2048 MB, reserved 2, timeout 20 s from serverless.yml", st[0])
	}
	if len(res.Warnings) != 2 {
		t.Errorf("warnings %q: want extra (not in the file) and unused (not in the workload)", res.Warnings)
	}
	// A missing file is refused at the key's line, naming the resolved path.
	text := "name: x\nhorizon: 1h\nworkload:\n  functions_from: nothere.yml\n  synthetic:\n    functions:\n      - {name: a, runtime: go, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: deterministic, value: 1s}}\nplatforms:\n  - {name: l, preset: aws-lambda-x86}\n"
	_, err = Load(filepath.Join("testdata", "x.yaml"), []byte(text), nil)
	if want := "x.yaml:4: workload.functions_from: " + filepath.Join("testdata", "nothere.yml") + ": no such file"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

// The file's own problems stop the scenario, each at its line in that
// file (SnapStart with provisioned concurrency: AWS refuses both).
func TestFunctionsFromProblems(t *testing.T) {
	dir := t.TempDir()
	file := "service: x\nprovider:\n  name: aws\n  runtime: java21\nfunctions:\n  a:\n    handler: A::h\n    snapStart: true\n    provisionedConcurrency: 2\n"
	if err := os.WriteFile(filepath.Join(dir, "serverless.yml"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	text := "name: x\nhorizon: 1h\nworkload:\n  functions_from: serverless.yml\n  synthetic:\n    functions:\n      - {name: a, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: deterministic, value: 1s}}\nplatforms:\n  - {name: l, preset: aws-lambda-x86}\n"
	_, err := Load(filepath.Join(dir, "s.yaml"), []byte(text), nil)
	if want := filepath.Join(dir, "serverless.yml") + ":8: functions.a"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want a problem at %q", err, want)
	}
}
