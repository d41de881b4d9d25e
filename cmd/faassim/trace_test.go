package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const traceTestdata = "../../scenarios/trace/testdata"

func TestTraceCommands(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.csv")
	cases := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"inspect azure2019 dir", []string{"trace", "inspect", traceTestdata + "/azure2019"}, 0, "invocations                   48"},
		{"inspect huawei", []string{"trace", "inspect", traceTestdata + "/huawei", "--day", "3"}, 0, "invocations                   1797"},
		{"inspect csv window", []string{"trace", "inspect", traceTestdata + "/sample.csv", "--to", "1s", "--format", "json"}, 0, `"invocations": 3`},
		{"convert", []string{"trace", "convert", traceTestdata + "/azure2021/Azure2021_head60.csv", "-o", out}, 0, ""},
		{"bad output format", []string{"trace", "inspect", traceTestdata + "/sample.csv", "--format", "xml"}, 2, "unknown --format"},
		{"missing input", []string{"trace", "inspect", "nope.csv"}, 2, "no such file"},
		{"bad spread", []string{"trace", "convert", traceTestdata + "/azure2019", "--spread", "bursty"}, 2, "spread"},
		{"inspect lambda logs", []string{"trace", "inspect", traceTestdata + "/lambda/orders.log"}, 0, "invocations                   6"},
		{"inspect lambda glob, one function", []string{"trace", "inspect", traceTestdata + "/lambda/[ow]*", "--function", "api", "--format", "json"}, 0, `"functions": 1`},
		{"lambda bare lines", []string{"trace", "inspect", traceTestdata + "/lambda/bare.log"}, 2, "cannot be replayed"},
		{"function on csv", []string{"trace", "inspect", traceTestdata + "/sample.csv", "--function", "f"}, 2, "--function applies to lambda-report"},
		{"unknown subcommand", []string{"trace", "plot"}, 2, "unknown subcommand"},
		{"synth needs out", []string{"trace", "synth"}, 2, "--out DIR is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(c.args, &stdout, &stderr)
			code := 0
			if err != nil {
				code = exitCode(err)
			}
			text := stdout.String() + stderr.String()
			if err != nil {
				text += err.Error()
			}
			if code != c.code || !strings.Contains(text, c.contains) {
				t.Errorf("exit %d, output %q; want exit %d containing %q", code, text, c.code, c.contains)
			}
		})
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(data), "timestamp,function,duration_ms,memory_mb,app\n0,") || strings.Count(string(data), "\n") != 61 {
		t.Errorf("converted file: %v\n%.200s", err, data)
	}
}

// synth, then inspect its day as JSON: the stable keys are there.
func TestTraceSynthInspectJSON(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run([]string{"trace", "synth", "--functions", "200", "--days", "2", "--seed", "3", "--out", dir}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"trace", "inspect", dir, "--day", "2", "--format", "json"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"invocations", "functions", "apps", "span_s", "apps_at_most_once_per_minute_pct",
		"apps_at_most_once_per_hour_pct", "top_apps_share_of_invocations_pct", "apps_iat_cv_above_1_pct", "duration_ms", "memory_mb"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no key %q in %s", k, stdout.String())
		}
	}
	if got["functions"].(float64) != 200 || got["span_s"].(float64) != 86400 {
		t.Errorf("functions %v span %v", got["functions"], got["span_s"])
	}
}
