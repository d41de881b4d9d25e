package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A duration in days is read the same in every place a duration is
// given: a scenario key, --set, --param ranges and each flag that takes
// one; "d" alone is refused in each with the one parser's message.
func TestDaySuffixEverywhere(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "s.yaml")
	mustDo(t, os.WriteFile(scenario, []byte(`name: d
horizon: 2d
warmup: 1d
workload:
  synthetic:
    functions:
      - {name: a, runtime: go, arrival: {process: poisson, rate_per_s: 0.0005}, duration: {dist: deterministic, value: 1s}}
platforms:
  - {name: l, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 10m}}
`), 0o600))
	midnight := filepath.Join("..", "..", "scenarios", "testdata", "midnight")
	bad := `invalid duration "d" (use a Go duration such as 10m or 250ms, or days such as 7d)`
	runJSON := func(t *testing.T, args ...string) map[string]any {
		t.Helper()
		stdout, stderr, code := call(append([]string{"run", scenario, "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var r map[string]any
		mustDo(t, json.Unmarshal([]byte(stdout), &r))
		return r
	}
	for _, c := range []struct {
		name  string
		args  []string // a successful use, checked by check
		check func(t *testing.T, stdout string)
		bad   []string // the same place given "d"
	}{
		{"scenario keys", nil, func(t *testing.T, _ string) {
			r := runJSON(t)
			if r["horizon_s"] != 172800.0 || r["warmup_s"] != 86400.0 {
				t.Errorf("horizon %v, warm-up %v; want 2d and 1d", r["horizon_s"], r["warmup_s"])
			}
		}, []string{"run", scenario, "--set", "platforms.0.keep_alive.ttl=d"}},
		{"--set", nil, func(t *testing.T, _ string) {
			r := runJSON(t, "--set", "horizon=1d12h", "--set", "warmup=0.5d")
			if r["horizon_s"] != 129600.0 || r["warmup_s"] != 43200.0 {
				t.Errorf("horizon %v, warm-up %v; want 1d12h and 0.5d", r["horizon_s"], r["warmup_s"])
			}
		}, []string{"run", scenario, "--set", "warmup=d"}},
		{"run --timeline", nil, func(t *testing.T, _ string) {
			r := runJSON(t, "--timeline", "1d")
			tl := r["platforms"].([]any)[0].(map[string]any)["timeline"].(map[string]any)
			if tl["step_s"] != 86400.0 {
				t.Errorf("timeline step %v, want 1d", tl["step_s"])
			}
		}, []string{"run", scenario, "--timeline", "d"}},
		{"sweep --param", []string{"sweep", scenario, "--param", "platforms.0.keep_alive.ttl=1d:2d:2", "--format", "csv"}, func(t *testing.T, stdout string) {
			if !strings.Contains(stdout, "24h0m0s") || !strings.Contains(stdout, "48h0m0s") {
				t.Errorf("sweep of 1d to 2d: %s", stdout)
			}
		}, []string{"sweep", scenario, "--param", "platforms.0.keep_alive.ttl=1d:d:2"}},
		{"trace --from", []string{"trace", "inspect", midnight, "--from", "0.5d"}, func(t *testing.T, stdout string) {
			if !strings.Contains(stdout, "invocations                   1\n") {
				t.Errorf("from half a day, want the call at 23:59:\n%s", stdout)
			}
		}, []string{"trace", "inspect", midnight, "--from", "d"}},
		{"trace --to", []string{"trace", "inspect", midnight, "--to", "1d"}, func(t *testing.T, stdout string) {
			if !strings.Contains(stdout, "invocations                   1\n") {
				t.Errorf("to the end of the day:\n%s", stdout)
			}
		}, []string{"trace", "convert", midnight, "--to", "d"}},
		{"trace --reorder-window", []string{"trace", "inspect", filepath.Join("..", "..", "scenarios", "trace", "testdata", "lambda", "worker.json"), "--reorder-window", "1d"},
			func(t *testing.T, stdout string) {
				if !strings.Contains(stdout, "lambda-report") {
					t.Errorf("inspect: %s", stdout)
				}
			}, []string{"trace", "inspect", midnight, "--reorder-window", "d"}},
		{"import --horizon", []string{"import", filepath.Join("testdata", "import", "serverless.yml"), "--horizon", "1.5d"}, func(t *testing.T, stdout string) {
			if !strings.Contains(stdout, "\nhorizon: 36h\n") {
				t.Errorf("import --horizon 1.5d:\n%s", stdout)
			}
		}, nil}, // --horizon says its own words: TestParseHorizon
		{"serve --timeout", []string{"serve", "--addr", "127.0.0.1:0", "--timeout", "1d", "--max-concurrent", "0"}, nil,
			[]string{"serve", "--addr", "127.0.0.1:0", "--timeout", "d"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.args != nil {
				stdout, stderr, code := call(c.args...)
				if c.check == nil { // parsed, then refused further on
					if code != 2 || !strings.Contains(stderr, "--max-concurrent 0") {
						t.Errorf("%v: exit %d, %q; want the day parsed", c.args, code, stderr)
					}
				} else if code != 0 {
					t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
				}
				if c.check != nil {
					c.check(t, stdout)
				}
			} else {
				c.check(t, "")
			}
			if c.bad != nil {
				_, stderr, code := call(c.bad...)
				if code != 2 || !strings.Contains(stderr, bad) {
					t.Errorf("%v: exit %d, %q; want 2 and %q", c.bad, code, stderr, bad)
				}
			}
		})
	}
}
