package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// import --help teaches: what it does, every flag with its default, examples.
func TestImportHelp(t *testing.T) {
	out, _, code := call("import", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"serverless.yml", "SAM", "PLACEHOLDER", "rate(5 minutes)", "cron(", "2026-01-01T00:00:00Z",
		"--horizon", `(default "24h")`, "--var", "KEY=VALUE", "-o, --output", "Examples:", "Fargate"} {
		if !strings.Contains(out, want) {
			t.Errorf("import --help lacks %q", want)
		}
	}
}

// copyTestdata copies testdata/<elem...> into dir, where a test may write
// beside it, and returns the copy's path and content.
func copyTestdata(t *testing.T, dir string, elem ...string) (string, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, elem[len(elem)-1])
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// Bad input is refused with exit status 2 and no output file; -o never
// replaces the deployment file it reads.
func TestImportRefusals(t *testing.T) {
	dir := t.TempDir()
	in, original := copyTestdata(t, dir, "import", "serverless.yml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "import: want one deployment file"},
		{[]string{"import", in, "-o", in}, "is the same file as the deployment file"},
		{[]string{"import", in, "--var", "stage"}, `import: --var "stage": want KEY=VALUE`},
		{[]string{"import", in, "--horizon", "0s"}, "import: --horizon"},
		{[]string{"import", in, "--horizon", "ten"}, "import: --horizon"},
		{[]string{"import", filepath.Join(dir, "missing.yml")}, "missing.yml"},
	} {
		_, stderr, code := call(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if got, _ := os.ReadFile(in); string(got) != string(original) {
		t.Error("the deployment file was changed")
	}
	if got := entries(t, dir); strings.Join(got, " ") != "serverless.yml" {
		t.Errorf("left %v, want only serverless.yml", got)
	}
}

// parseHorizon reads Go durations and days, positive only.
func TestParseHorizon(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" refused
	}{{"24h", "24h0m0s"}, {"7d", "168h0m0s"}, {"90m", "1h30m0s"}, {"0d", ""}, {"-1h", ""}, {"1.5d", "36h0m0s"}, {"1d12h", "36h0m0s"}, {"d", ""}, {"106752d", ""}} {
		got, err := parseHorizon(tc.in)
		if (tc.want == "") != (err != nil) || (err == nil && got.String() != tc.want) {
			t.Errorf("parseHorizon(%q) = %v, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// Import of the fixtures (a serverless.yml with provider defaults,
// per-function overrides, an unresolved ${ssm:...} variable, plugins and
// custom keys, two schedules and a switched-off one; a SAM template with
// Globals, intrinsic tags, S3, HttpApi, Schedule and ScheduleV2 events)
// gives the golden scenarios (go test -update rewrites them), and the
// round trip holds: each imported scenario runs with no edit beyond the
// workload, its placeholders replaced with --set.
func TestImportGoldenAndRun(t *testing.T) {
	for _, name := range []string{"serverless.yml", "template.yaml"} {
		dir := t.TempDir()
		in := filepath.Join("testdata", "import", name)
		out := filepath.Join(dir, "scenario.yaml")
		_, stderr, code := call("import", in, "-o", out)
		if code != 0 {
			t.Fatalf("import %s: exit %d: %s", name, code, stderr)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "import", strings.TrimSuffix(name, filepath.Ext(name))+".golden.yaml")
		if *updateGolden {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("import %s differs from %s (go test -update to accept):\n%s", name, golden, got)
		}
		// Every placeholder, and nothing else, set on the command line.
		args := []string{"run", out, "--format", "json", "--set", "horizon=2h"}
		for k := 0; k < 8; k++ {
			p := "workload.synthetic.functions." + strconv.Itoa(k)
			if !strings.Contains(string(got), "--set "+p+".duration.value=DURATION") {
				break
			}
			args = append(args, "--set", p+".duration.value=150ms")
			if strings.Contains(string(got), "--set "+p+".arrival.rate_per_s=RATE") {
				args = append(args, "--set", p+".arrival.rate_per_s=0.5")
			}
		}
		stdout, stderr, code := call(args...)
		if code != 0 {
			t.Fatalf("run of the imported %s: exit %d: %s", name, code, stderr)
		}
		var res struct {
			Platforms []struct {
				Name     string `json:"name"`
				Requests int64  `json:"requests"`
			} `json:"platforms"`
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Platforms) != 2 || res.Platforms[0].Requests == 0 || res.Platforms[0].Requests != res.Platforms[1].Requests {
			t.Errorf("run of the imported %s: %+v", name, res.Platforms)
		}
	}
}

// An unresolved variable is a warning on standard error (and in the
// file's head comment); a file with a problem is refused, every problem
// at its line, with no output file.
func TestImportWarningsAndProblems(t *testing.T) {
	stdout, stderr, code := call("import", filepath.Join("testdata", "import", "serverless.yml"))
	want := "testdata/import/serverless.yml:38: functions.worker.memorySize: ${ssm:/shop/worker-memory} cannot be resolved"
	if code != 0 || !strings.Contains(stderr, want) || !strings.Contains(stdout, "# Warning: line 38: functions.worker.memorySize") {
		t.Errorf("exit %d, stderr %q: want the warning on stderr and in the head comment", code, stderr)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "serverless.yml")
	text := "service: x\nprovider:\n  name: aws\n  runtime: java21\nfunctions:\n  a:\n    handler: A::h\n    snapStart: true\n    provisionedConcurrency: 2\n  b:\n    handler: b.h\n    runtime: python3.12\n    memorySize: 64\n"
	if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.yaml")
	_, stderr, code = call("import", bad, "-o", out)
	if code != 2 || !strings.Contains(stderr, bad+":8:") || !strings.Contains(stderr, bad+":13:") {
		t.Errorf("exit %d, stderr %q: want 2 and both problems at their lines", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an output file was left")
	}
}

// placeholderSets are the --set arguments that replace every placeholder
// an imported scenario's comments name, whatever the count of functions.
func placeholderSets(text string) []string {
	var args []string
	for _, m := range regexp.MustCompile(`--set (\S+)=(DURATION|RATE)\)`).FindAllStringSubmatch(text, -1) {
		v := "150ms"
		if m[2] == "RATE" {
			v = "0.5"
		}
		args = append(args, "--set", m[1]+"="+v)
	}
	return args
}

// Every deployment-file fixture of the repository imports, and what it
// writes loads and runs once its placeholders are set; a fixture written
// with problems (to test them) is refused with exit 2, each at its line,
// and leaves no file. The head comment and the placeholders never send
// the user to a file the binary's users do not have (docs/, DESIGN.md).
func TestImportEveryFixtureRuns(t *testing.T) {
	var files []string
	for _, g := range []string{filepath.Join("..", "..", "scenarios", "iac", "testdata", "*"), filepath.Join("testdata", "import", "*")} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	ran := 0
	for _, in := range files {
		if strings.Contains(in, ".golden.") {
			continue
		}
		dir := t.TempDir()
		out := filepath.Join(dir, "scenario.yaml")
		_, stderr, code := call("import", in, "-o", out)
		if code == 2 {
			if !strings.Contains(stderr, in+":") {
				t.Errorf("import %s: exit 2 without a line: %s", in, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("import %s: refused, but wrote %s", in, out)
			}
			continue
		}
		if code != 0 {
			t.Errorf("import %s: exit %d: %s", in, code, stderr)
			continue
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"docs/", "DESIGN", "../shared"} {
			if strings.Contains(string(got), bad) {
				t.Errorf("import %s: the scenario refers the user to %q", in, bad)
			}
		}
		args := append([]string{"run", out, "--format", "json", "--set", "horizon=2h"}, placeholderSets(string(got))...)
		if _, stderr, code := call(args...); code != 0 {
			t.Errorf("run of the imported %s: exit %d: %s", in, code, stderr)
			continue
		}
		ran++
	}
	if ran < 3 {
		t.Errorf("%d fixtures imported and ran, want at least 3", ran)
	}
}

// manyFunctions writes a serverless.yml of n HTTP functions.
func manyFunctions(t *testing.T, dir string, n int) string {
	var b strings.Builder
	b.WriteString("service: many\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  fn%d:\n    handler: h.h\n    events:\n      - httpApi: GET /x%d\n", i, i)
	}
	in := filepath.Join(dir, "serverless.yml")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

// A file of 10,000 functions would make a scenario larger than the 1 MB a
// scenario file may be under the default --max-memory (a thousandth of
// it): import refuses it, naming the limit and the flag, in bounded time
// (it took 95 s to write the unloadable file before: the YAML encoder
// places each comment from the top), and writes nothing. 500 functions
// fit, and what import writes, run reads.
func TestImportManyFunctions(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.yaml")
	began := cpuTime()
	_, stderr, code := call("import", manyFunctions(t, dir, 10_000), "-o", out)
	if took := cpuTime() - began; took > 30*time.Second {
		t.Errorf("import of 10,000 functions used %v of CPU", took)
	}
	if code != 2 || !strings.Contains(stderr, "over the 1MB a scenario file may be under --max-memory") || !strings.Contains(stderr, "10000 functions") {
		t.Errorf("exit %d, %q: want 2 and the scenario file's limit named", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an unloadable scenario was written")
	}
	dir = t.TempDir()
	out = filepath.Join(dir, "out.yaml")
	if _, stderr, code := call("import", manyFunctions(t, dir, 500), "-o", out); code != 0 {
		t.Fatalf("import of 500 functions: exit %d: %s", code, stderr)
	}
	if _, stderr, code := call("run", out, "--format", "json", "--set", "horizon=10s"); code != 0 {
		t.Errorf("run of the 500 imported functions: exit %d: %s", code, stderr)
	}
}

// The head comment counts only what was ignored: a serverless.yml with
// no resources: section says nothing of resources.
func TestImportIgnoredCountsOnlyWhatWasIgnored(t *testing.T) {
	stdout, stderr, code := call("import", manyFunctions(t, t.TempDir(), 2))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "Ignored: 0 ") {
		t.Errorf("the head comment counts nothing ignored:\n%s", stdout[:min(len(stdout), 600)])
	}
}
