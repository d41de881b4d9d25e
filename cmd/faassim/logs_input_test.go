package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLogsInputRefused: each command reading Lambda logs (calibrate,
// import --logs, run --compare-observed) refuses logs that hold nothing
// to read with exit status 2, naming the path and what to give instead,
// and writes nothing.
func TestLogsInputRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir("logs", 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"empty.log":    "",
		"startend.log": "START RequestId: 8a2b Version: $LATEST\nEND RequestId: 8a2b\n",
		"bad.log":      "2026-03-02T09:00:00.000000+00:00 2026/03/02/[$LATEST]0a1b REPORT RequestId: 8a2b\tDuration: abc ms\tBilled Duration: 1 ms\n",
		"sls.yml":      "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: h\n",
	}
	for name, content := range files {
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct{ logs, want string }{
		{"logs", "logs is a directory: give its log files, e.g. '" + filepath.Join("logs", "*.log") + "'"},
		{"nothing/*.log", `"nothing/*.log" matches no file`},
		{"empty.log", "logs empty.log: no readable REPORT line (0 lines read): give the function's log group exported with its REPORT lines, e.g. aws logs filter-log-events"},
		{"startend.log", "logs startend.log: no readable REPORT line (2 lines read)"},
		{"bad.log", `1 malformed line skipped (bad.log:1: Duration: "abc" is not a number of ms)`},
	}
	for _, tc := range cases {
		for _, args := range [][]string{
			{"calibrate", tc.logs, "-o", "out.yaml"},
			{"import", "sls.yml", "--logs", tc.logs, "-o", "out.yaml"},
			{"run", "example:default", "-q", "--compare-observed", tc.logs, "-o", "out.txt"},
		} {
			t.Run(args[0]+" "+tc.logs, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				err := run(args, &stdout, &stderr)
				if code := exitCode(err); code != 2 {
					t.Fatalf("exit %d (%v), want 2", code, err)
				}
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q lacks %q", err, tc.want)
				}
				for _, out := range []string{"out.yaml", "out.txt"} {
					if _, err := os.Stat(out); err == nil {
						t.Errorf("%s written", out)
					}
				}
			})
		}
	}
}

// TestLogsMalformedReported: a malformed REPORT line among good ones is
// skipped and said, with its file and line, where the user reads the
// result: the calibrated scenario's head comment (calibrate, import
// --logs) and the comparison's notes (run --compare-observed).
func TestLogsMalformedReported(t *testing.T) {
	t.Chdir(t.TempDir())
	writeReportLog(t, "api.log", 30)
	data, err := os.ReadFile("api.log")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	bad := strings.Replace(lines[3], "Duration: ", "Duration: x", 1) // line 4
	mixed := strings.Join(lines[:3], "") + bad + strings.Join(lines[3:], "")
	if err := os.WriteFile("api.log", []byte(mixed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("sls.yml", []byte("service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: h\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const want = "1 malformed line skipped (api.log:4: Duration:"
	for _, args := range [][]string{
		{"calibrate", "api.log", "-o", "out.yaml"},
		{"import", "sls.yml", "--logs", "api.log", "-o", "out.yaml"},
		{"run", "out.yaml", "-q", "--compare-observed", "api.log", "-o", "out.txt"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(args, &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		got, err := os.ReadFile(args[len(args)-1])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(got), want) {
			t.Errorf("%s: %s does not say %q:\n%s", args[0], args[len(args)-1], want, got)
		}
	}
}

// TestCalibrateVar: calibrate --functions-from reads a serverless.yml of
// several stages as import does, --var choosing the stage (the memory the
// deployment file says is compared with the logs'); --var without
// --functions-from is refused.
func TestCalibrateVar(t *testing.T) {
	t.Chdir(t.TempDir())
	writeReportLog(t, "api.log", 30) // 256 MB
	sls := "service: s\ncustom:\n  mem:\n    dev: 256\n    prod: 1024\nprovider:\n  name: aws\n  runtime: nodejs20.x\n" +
		"  stage: ${opt:stage, 'dev'}\n  memorySize: ${self:custom.mem.${self:provider.stage}}\nfunctions:\n  api:\n    handler: h\n"
	if err := os.WriteFile("serverless.yml", []byte(sls), 0o644); err != nil {
		t.Fatal(err)
	}
	const differ = "the deployment file says 1024 MB, the logs 256 MB"
	for _, tc := range []struct {
		vars []string
		want bool
	}{{nil, false}, {[]string{"--var", "opt:stage=prod"}, true}} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"calibrate", "api.log", "--functions-from", "serverless.yml", "-o", "out.yaml"}, tc.vars...)
		if err := run(args, &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		if got := strings.Contains(stdout.String(), differ); got != tc.want {
			t.Errorf("%v: says %q: %v, want %v\n%s", tc.vars, differ, got, tc.want, stdout.String())
		}
	}
	var stdout, stderr bytes.Buffer
	err := run([]string{"calibrate", "api.log", "--var", "opt:stage=prod"}, &stdout, &stderr)
	if code := exitCode(err); code != 2 || !strings.Contains(err.Error(), "--functions-from") {
		t.Errorf("--var alone: exit %d, %v", code, err)
	}
}

// TestImportHeadSaysWhatIsLeft: the description and head comment say what
// the user still has to set: nothing once every function is calibrated on
// its logs (it said "Set each PLACEHOLDER arrival" still), and the cron
// calendar only when there is a cron schedule.
func TestImportHeadSaysWhatIsLeft(t *testing.T) {
	t.Chdir(t.TempDir())
	writeReportLog(t, "api.log", 30)
	sam := "Transform: AWS::Serverless-2016-10-31\nResources:\n  api:\n    Type: AWS::Serverless::Function\n" +
		"    Properties:\n      Runtime: nodejs20.x\n      Handler: h\n      MemorySize: 256\n"
	if err := os.WriteFile("template.yaml", []byte(sam), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args      []string
		want, not []string
	}{
		{[]string{"import", "template.yaml", "-o", "out.yaml"},
			[]string{"from an AWS SAM template", "Set each PLACEHOLDER arrival and duration"}, []string{"Calendar", "from a AWS"}},
		{[]string{"import", "template.yaml", "--logs", "api.log", "-o", "out.yaml"},
			[]string{`description: "Imported from an AWS SAM template: 1 functions, calibrated on their logs."`}, []string{"PLACEHOLDER", "Calendar"}},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(tc.args, &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v\n%s", tc.args, err, stderr.String())
		}
		got, err := os.ReadFile("out.yaml")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(got), w) {
				t.Errorf("%v: lacks %q:\n%s", tc.args, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(string(got), n) {
				t.Errorf("%v: says %q:\n%s", tc.args, n, got)
			}
		}
	}
}
