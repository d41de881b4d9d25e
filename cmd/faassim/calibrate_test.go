package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"faassim/models/metrics"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files of cmd/faassim")

// writeReportLog writes n REPORT lines as `aws logs tail` prints them: a
// function called every 4 minutes, every tenth call after 9 minutes and
// cold then (so any TTL from 4 to 8 minutes explains it), durations of
// 60 to 100 ms, 256 MB.
func writeReportLog(t *testing.T, path string, n int) {
	t.Helper()
	var b strings.Builder
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range n {
		gap := 4 * time.Minute
		if i%10 == 0 {
			gap = 9 * time.Minute
		}
		at = at.Add(gap)
		durMS := 80 + 20*math.Sin(float64(i))
		initMS := 0.0
		if i%10 == 0 {
			initMS = 312.5
		}
		end := at.Add(time.Duration((durMS + initMS) * float64(time.Millisecond)))
		fmt.Fprintf(&b, "%s 2026/03/02/[$LATEST]0a1b2c3d4e5f REPORT RequestId: 6f1c%04d-8a2b-4c3d-9e4f-5a6b7c8d9e0f\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: 256 MB\tMax Memory Used: %d MB\t",
			end.Format("2006-01-02T15:04:05.000000+00:00"), i, durMS, int(math.Ceil(durMS+initMS)), 70+i%7)
		if initMS > 0 {
			fmt.Fprintf(&b, "Init Duration: %.2f ms\t", initMS)
		}
		b.WriteString("\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCalibrateThenCompare: calibrate writes a scenario that run reads
// back, its summary names the keep-alive, and run --compare-observed on
// the same logs prints predicted next to observed in every format it
// supports.
func TestCalibrateThenCompare(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "calibrated.yaml.golden"))
	if err != nil {
		t.Fatal(err)
	}
	// Relative names, so the file's head comment is the same on every run.
	t.Chdir(t.TempDir())
	logs, out := "report.log", "calibrated.yaml"
	writeReportLog(t, logs, 400)
	var stdout, stderr bytes.Buffer
	if err := run([]string{"calibrate", logs, "--runtime", "nodejs", "-o", out}, &stdout, &stderr); err != nil {
		t.Fatalf("calibrate: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "keep-alive: fixed TTL 4m ") {
		t.Errorf("summary does not state the keep-alive:\n%s", stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want, err := os.ReadFile(golden); err != nil || !bytes.Equal(data, want) {
		t.Errorf("calibrated scenario differs from %s (go test ./cmd/faassim -run TestCalibrateThenCompare -update):\n%s", golden, data)
	}

	stdout.Reset()
	stderr.Reset()
	if err := run([]string{"run", out, "-q", "--compare-observed", logs, "--format", "json"}, &stdout, &stderr); err != nil {
		t.Fatalf("run --compare-observed: %v\n%s", err, stderr.String())
	}
	var res metrics.Results
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Observed == nil || res.Observed.Reports != 400 || len(res.Observed.Platforms) != 1 || len(res.Observed.Platforms[0].Rows) != 5 {
		t.Fatalf("observed: %+v", res.Observed)
	}
	for _, r := range res.Observed.Platforms[0].Rows {
		if r.Predicted == nil || r.RelativeError == nil {
			t.Errorf("%s: no prediction or error", r.Metric)
		}
	}
	for _, f := range []string{"text", "markdown"} {
		stdout.Reset()
		if err := run([]string{"run", out, "-q", "--compare-observed", logs, "--format", f}, &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.ToLower(stdout.String()), "predicted against observed") {
			t.Errorf("%s: no comparison:\n%s", f, stdout.String())
		}
	}
}

// TestCalibrateRefuses: bad flags and inputs exit with status 2, naming
// the flag, and write nothing.
func TestCalibrateRefuses(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "a.log")
	writeReportLog(t, logs, 20)
	out := filepath.Join(dir, "out.yaml")
	// A deployment file over the YAML cap (1 MB under the default 1 GB
	// bound: limits.YAMLBytesPerByte) is refused before it is parsed.
	huge := filepath.Join(dir, "serverless.yml")
	if err := os.WriteFile(huge, []byte("service: x\n# "+strings.Repeat("x", 1<<20)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args  []string
		first string
	}{
		{[]string{"calibrate", logs, "--functions-from", huge, "-o", out}, "calibrate: --functions-from: " + huge + ": 1,048,590 bytes is more than the 1,000,000 bytes a deployment file (--functions-from) may be (reading it needs up to 1000 bytes of memory a byte): a deployment file is a few KB; give one that holds the functions' definitions only"},
		{[]string{"calibrate", "-o", out}, "calibrate: want at least one log file or glob"},
		{[]string{"calibrate", logs, "--arrivals", "guess", "-o", out}, `calibrate: --arrivals "guess": want fit or replay`},
		{[]string{"calibrate", logs, "--reservoir", "0", "-o", out}, "calibrate: --reservoir 0: want at least 1"},
		{[]string{"calibrate", logs, "--max-invocations", "5", "-o", out}, "calibrate: more than 5 timed reports: the keep-alive search replays every one (16 bytes each); raise --max-invocations to read them all"},
		{[]string{"run", "example:default", "--compare-observed", logs, "--format", "csv"}, "run: --compare-observed prints in text, markdown or json, not csv"},
		{[]string{"run", "example:default", "--compare-platform", "lambda"}, "run: --compare-platform and --compare-function go with --compare-observed LOGS"},
		{[]string{"run", "example:default", "--compare-observed", logs, "--compare-platform", "fargate-fixed"}, "run: --compare-platform fargate-fixed: no FaaS platform of that name (FaaS platforms: lambda, cloud-run)"},
		{[]string{"run", "example:default", "--compare-observed", filepath.Join(dir, "missing.log")}, ""}, // names the file: a temporary path
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args[1:], " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(tc.args, &stdout, &stderr)
			if code := exitCode(err); code != 2 {
				t.Fatalf("exit %d (%v), want 2", code, err)
			}
			if got, _, _ := strings.Cut(err.Error(), "\n"); tc.first != "" && got != tc.first {
				t.Errorf("error %q\nwant  %q", got, tc.first)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s written", out)
			}
		})
	}
}

// TestCalibrateHelpTeaches: --help says what is fitted and how, with the
// defaults and an example.
func TestCalibrateHelpTeaches(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"calibrate", "--help"}, &stdout, &stderr); exitCode(err) != 0 {
		t.Fatal(err)
	}
	for _, want := range []string{"lognormal", "Init Duration", "overhead", "Poisson", "MMPP", "1-30 min", "--arrivals", "(default 100000)", "--functions-from", "faassim calibrate logs/"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("help does not say %q", want)
		}
	}
}

// TestCalibrateReplay: --arrivals replay writes the logs as a lambda-report
// trace, their paths relative to the scenario written (here in another
// directory), and the scenario runs from anywhere.
func TestCalibrateReplay(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeReportLog(t, filepath.Join(dir, "logs", "api.log"), 200)
	writeReportLog(t, filepath.Join(dir, "logs", "jobs.log"), 100)
	out := filepath.Join(dir, "out", "replay.yaml")
	if err := os.Mkdir(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run([]string{"calibrate", filepath.Join(dir, "logs", "api.log"), filepath.Join(dir, "logs", "jobs.log"), "--arrivals", "replay", "-o", out}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "format: lambda-report") || !strings.Contains(string(data), "- ../logs/api.log") {
		t.Errorf("no relative lambda-report trace:\n%s", data)
	}
	stdout.Reset()
	if err := run([]string{"run", out, "-q", "--format", "json"}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	var res metrics.Results
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if got := res.Platforms[0].Requests; got != 300 {
		t.Errorf("%d requests replayed, want the logs' 300", got)
	}
}

// TestCalibrateFunctionsFrom: a deployment file gives the function its
// runtime and timeout by name; the memory stays the logs' (where the
// durations were measured) and the difference is said.
func TestCalibrateFunctionsFrom(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "report.log")
	writeReportLog(t, logs, 300)
	sls := filepath.Join(dir, "serverless.yml")
	if err := os.WriteFile(sls, []byte(`service: reporting
provider:
  name: aws
  runtime: nodejs20.x
  memorySize: 512
  timeout: 10
functions:
  report:
    handler: src/report.handler
    events:
      - httpApi: GET /report
  other:
    handler: src/other.handler
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "c.yaml")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"calibrate", logs, "--functions-from", sls, "-o", out}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"runtime: nodejs\n", "timeout: 10s\n", "memory_mb: 256\n", "non-INIT share (46%) of the published nodejs"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("scenario does not say %q:\n%s", want, data)
		}
	}
	if !strings.Contains(stdout.String(), "the deployment file says 512 MB, the logs 256 MB") {
		t.Errorf("summary does not warn of the memory difference:\n%s", stdout.String())
	}
}
