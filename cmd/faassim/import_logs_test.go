package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/scenarios"
)

// TestImportWithLogs: import --logs calibrates the functions the logs
// name and leaves the others' placeholders. api (an HTTP function) gets
// the fitted durations and arrivals and no PLACEHOLDER comment;
// nightly-report (two schedules) gets one fitted entry instead of one per
// schedule; worker, with no logs, keeps its placeholders; the keep-alive
// is the one that explains the logs' cold starts; and the file runs.
func TestImportWithLogs(t *testing.T) {
	dir := t.TempDir()
	sls, _ := copyTestdata(t, dir, "import", "serverless.yml")
	if err := os.Mkdir(filepath.Join(dir, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeReportLog(t, filepath.Join(dir, "logs", "api.log"), 400)
	writeReportLog(t, filepath.Join(dir, "logs", "nightly-report.log"), 300)
	out := filepath.Join(dir, "calibrated.yaml")
	stdout, stderr, code := call("import", sls, "--logs", filepath.Join(dir, "logs", "*.log"), "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "api") || !strings.Contains(stdout, "keep-alive") {
		t.Errorf("summary on stdout (with -o) does not name the fit:\n%s", stdout)
	}
	text, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load(out, text, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	byName := map[string]scenarios.Function{}
	for _, f := range s.Workload.Synthetic.Functions {
		byName[f.Name] = f
	}
	if _, ok := byName["nightly-report-2"]; ok {
		t.Error("nightly-report still has one entry per schedule: its logs cover them all")
	}
	api, worker := byName["api"], byName["worker"]
	if api.Duration.Dist == "deterministic" || api.Arrival.RatePerS == scenarios.PlaceholderRatePerS {
		t.Errorf("api not calibrated: duration %+v, arrival %+v", api.Duration, api.Arrival)
	}
	if api.MemoryMB != 256 || api.Timeout != scenarios.Duration(10e9) {
		t.Errorf("api: %d MB (the logs say 256), timeout %v (the file says 10s)", api.MemoryMB, api.Timeout)
	}
	if worker.Arrival.RatePerS != scenarios.PlaceholderRatePerS || worker.ReservedConcurrency == nil {
		t.Errorf("worker, without logs, changed: %+v", worker)
	}
	if n := strings.Count(string(text), "PLACEHOLDER: set the requests"); n != 2 { // worker and invoice
		t.Errorf("%d placeholder arrivals, want 2 (worker, invoice):\n%s", n, text)
	}
	// The logs' gaps are 4 minutes, and 9 before each cold start: a TTL
	// from 4 to 8 minutes explains them.
	if ttl := s.Platforms[0].KeepAlive.TTL; ttl < scenarios.Duration(4*60e9) || ttl >= scenarios.Duration(9*60e9) {
		t.Errorf("keep-alive %v, want 4 to 8 minutes", ttl)
	}
	if _, stderr, code := call("run", out, "-q", "--set", "horizon=3h"); code != 0 {
		t.Fatalf("run of the calibrated import: exit %d\n%s", code, stderr)
	}
}

// A function triggered by one schedule and nothing else keeps the
// schedule's times when calibrated: the logs give its durations.
func TestImportWithLogsKeepsASchedule(t *testing.T) {
	dir := t.TempDir()
	sls := filepath.Join(dir, "serverless.yml")
	yml := "service: s\nprovider: {name: aws, runtime: python3.12}\nfunctions:\n  tick:\n    handler: h.h\n    events:\n      - schedule: rate(4 minutes)\n"
	if err := os.WriteFile(sls, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	writeReportLog(t, filepath.Join(dir, "tick.log"), 300)
	stdout, stderr, code := call("import", sls, "--logs", filepath.Join(dir, "tick.log"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	s, err := scenarios.Load("out.yaml", []byte(stdout), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	f := s.Workload.Synthetic.Functions[0]
	if f.Arrival.Process != "deterministic" || f.Arrival.RatePerS != 1/240.0 {
		t.Errorf("arrival %+v, want the schedule's rate(4 minutes)", f.Arrival)
	}
	if f.Duration.Dist == "deterministic" {
		t.Errorf("duration %+v: not fitted", f.Duration)
	}
	if !strings.Contains(stdout, "the schedule's exact times") {
		t.Errorf("the file does not say where the arrivals come from:\n%s", stdout)
	}
}

// Logs exported from AWS name functions as deployed: the Serverless
// Framework's SERVICE-STAGE-KEY. import --logs matches them to the file's
// functions all the same, at the stage --var opt:stage gives.
func TestImportWithLogsByDeployedName(t *testing.T) {
	dir := t.TempDir()
	sls, _ := copyTestdata(t, dir, "import", "serverless.yml")
	writeReportLog(t, filepath.Join(dir, "shop-orders-prod-api.log"), 300)
	stdout, stderr, code := call("import", sls, "--var", "opt:stage=prod", "--logs", filepath.Join(dir, "shop-orders-prod-api.log"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	s, err := scenarios.Load("out.yaml", []byte(stdout), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	var names []string
	for _, f := range s.Workload.Synthetic.Functions {
		names = append(names, f.Name)
		if f.Name == "api" && f.Duration.Dist == "deterministic" {
			t.Errorf("api not calibrated on shop-orders-prod-api's logs: %+v", f.Duration)
		}
	}
	if strings.Contains(strings.Join(names, ","), "shop-orders-prod-api") {
		t.Errorf("the logs' function was added beside api instead of calibrating it: %v", names)
	}
}
