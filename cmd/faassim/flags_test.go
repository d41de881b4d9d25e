package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"faassim/reports"
)

const twoPlatforms = tiny + `  - name: fleet
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 0.25, memory_gb: 0.5, slots: 4}
    scaling: {policy: fixed, replicas: 1}
`

// Item 7 of the issue: flags that meant nothing, or something else than
// what they said, are refused at once with the flag named.
func TestBadFlags(t *testing.T) {
	files := map[string]string{"s.yaml": twoPlatforms}
	be := func(more ...string) []string {
		return append([]string{"breakeven", "IN/s.yaml", "--platform", "lambda", "--vs", "fleet", "-o", "OUT/b.json"}, more...)
	}
	sw := func(more ...string) []string {
		return append([]string{"sweep", "IN/s.yaml", "-o", "OUT/s.json"}, more...)
	}
	const ttl = "platforms.0.keep_alive.ttl"
	runHostile(t, []hostile{
		{"sweep: the same --param twice", files, sw("--param", ttl+"=1m,2m", "--param", ttl+"=5m"), 2,
			"faassim: --param " + ttl + ": the path is swept twice (also --param " + ttl + "): give it once, with all its values"},
		{"sweep: the same --param twice, spelt differently", files, sw("--param", "platforms.0.memory_mb=128,256", "--param", " platforms.00.memory_mb=512"), 2,
			"faassim: --param platforms.00.memory_mb: the path is swept twice (also --param platforms.0.memory_mb): give it once, with all its values"},
		{"sweep: --param and --set of one path", files, sw("--param", ttl+"=1m,2m", "--set", ttl+"=5m"), 2,
			"faassim: --param " + ttl + ": the path is also given by --set " + ttl + ", which the sweep would override: drop one"},
		{"sweep: a range from nan", files, sw("--param", "platforms.0.memory_mb=nan:1:3"), 2,
			`faassim: --param platforms.0.memory_mb: range "nan:1:3": nan is not a finite number`},
		{"sweep: a range to Inf", files, sw("--param", "platforms.0.memory_mb=128:Inf:3"), 2,
			`faassim: --param platforms.0.memory_mb: range "128:Inf:3": Inf is not a finite number`},
		{"sweep: a range to 1e999", files, sw("--param", "platforms.0.memory_mb=128:1e999:3:log"), 2,
			`faassim: --param platforms.0.memory_mb: range "128:1e999:3:log": 1e999 is not a finite number`},
		{"breakeven: one platform on both sides", nil, // no scenario at all: refused before reading it
			[]string{"breakeven", "IN/missing.yaml", "--platform", "lambda", "--vs", "lambda", "-o", "OUT/b.json"}, 2,
			`faassim: breakeven: --platform and --vs are both "lambda": compare two different platforms`},
		{"breakeven: --tolerance NaN", files, be("--tolerance", "NaN"), 2,
			`faassim: breakeven: invalid argument "NaN" for "--tolerance" flag: "NaN" is not a finite number`},
		{"breakeven: --tolerance Inf", files, be("--tolerance", "+Inf"), 2,
			`faassim: breakeven: invalid argument "+Inf" for "--tolerance" flag: "+Inf" is not a finite number`},
		{"breakeven: --tolerance 1e999", files, be("--tolerance", "1e999"), 2,
			`faassim: breakeven: invalid argument "1e999" for "--tolerance" flag: "1e999" is not a finite number`},
		{"breakeven: --tolerance -0.1", files, be("--tolerance", "-0.1"), 2,
			"faassim: breakeven: --tolerance -0.1: want a fraction from 0 to 1"},
		{"breakeven: --tolerance 1", files, be("--tolerance", "1"), 2,
			"faassim: breakeven: --tolerance 1: want a fraction from 0 to 1"},
		{"breakeven: --from nan", files, be("--from", "nan"), 2,
			`faassim: breakeven: invalid argument "nan" for "--from" flag: "nan" is not a finite number`},
		{"breakeven: --to inf", files, be("--to", "inf"), 2,
			`faassim: breakeven: invalid argument "inf" for "--to" flag: "inf" is not a finite number`},
		{"breakeven: --from 0", files, be("--from", "0"), 2, "faassim: breakeven: --from 0: want a multiple > 0"},
		{"breakeven: --to below --from", files, be("--from", "2", "--to", "1"), 2, "faassim: breakeven: --to 1: want more than --from 2"},
		{"breakeven: --points 1", files, be("--points", "1"), 2, "faassim: breakeven: --points 1: want at least 2"},
		{"breakeven: --steps -1", files, be("--steps", "-1"), 2, "faassim: breakeven: --steps -1: want 0 or more"},
		{"trace: --rate-scale NaN", nil, []string{"trace", "inspect", "IN/t.csv", "--rate-scale", "NaN"}, 2,
			`faassim: trace inspect: invalid argument "NaN" for "--rate-scale" flag: "NaN" is not a finite number`},
		{"trace convert: --format and --trace-format disagree", map[string]string{"t.csv": "timestamp,function,duration_ms\n0,f,1\n"},
			[]string{"trace", "convert", "IN/t.csv", "--format", "csv", "--trace-format", "azure2021", "-o", "OUT/t.csv"}, 2,
			"faassim: trace convert: --format csv and --trace-format azure2021: give the input format once, as --trace-format"},
		{"unknown format from an explicit --format", files, []string{"run", "IN/s.yaml", "--format", "yaml", "-o", "OUT/r.json"}, 2,
			`faassim: run: --format: unknown format "yaml" (known: text, json, markdown, csv, html)`},
	})
}

// A search with the same platform on both sides is refused before any
// simulation: at once, not after seconds of runs.
func TestBreakevenSamePlatformAtOnce(t *testing.T) {
	start := cpuTime()
	_, stderr, code := call("breakeven", "example:default", "--platform", "lambda", "--vs", "lambda")
	if code != 2 || !strings.Contains(stderr, "compare two different platforms") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if d := cpuTime() - start; d > time.Second {
		t.Errorf("refused after %v of CPU", d)
	}
}

// Every --help prints on stdout and exits 0, with nothing on stderr.
func TestHelpOnStdout(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"help"}, {"-h"},
		{"run", "--help"}, {"run", "-h"}, {"sweep", "--help"}, {"breakeven", "--help"}, {"report", "--help"},
		{"examples", "--help"}, {"prices", "--help"}, {"trace", "--help"},
		{"trace", "inspect", "--help"}, {"trace", "synth", "--help"}, {"trace", "convert", "--help"},
		{"run", "example:default", "--help", "--bogus"}, // help wins over what follows it
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := call(args...)
			if code != 0 || stderr != "" || !strings.Contains(stdout, "faassim") {
				t.Errorf("exit %d, stderr %q, stdout %.80q", code, stderr, stdout)
			}
		})
	}
	// Each trace command shows its own --spread default.
	for cmd, def := range map[string]string{"inspect": "equidistant", "convert": "uniform"} {
		stdout, _, _ := call("trace", cmd, "--help")
		if !strings.Contains(stdout, `(MODE: uniform, equidistant or poisson) (default "`+def+`")`) {
			t.Errorf("trace %s --help does not show the --spread default %s:\n%s", cmd, def, stdout)
		}
	}
}

// --format is the output format everywhere; without it, -o's extension
// chooses; trace convert's old --format still names its input, with a note.
func TestFormatFromExtension(t *testing.T) {
	dir := t.TempDir()
	scenario := writeScenario(t, twoPlatforms)
	saved := filepath.Join(dir, "saved.json")
	if _, stderr, code := call("run", scenario, "-o", saved); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	// What each format's output starts with.
	starts := map[string]string{"json": "{", "markdown": "# tiny", "csv": "scenario,seed,", "html": "<!DOCTYPE html>", "text": "scenario tiny"}
	sweepStarts := map[string]string{"json": "{", "markdown": "# Sweep of tiny", "csv": "platforms.0.keep_alive.ttl,", "html": "<!DOCTYPE html>", "text": "sweep of tiny"}
	beStarts := map[string]string{"json": "{", "markdown": "# Break-even of fleet", "csv": "scale,", "html": "<!DOCTYPE html>", "text": "break-even"}
	exts := map[string]string{".json": "json", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".html": "html",
		".htm": "html", ".txt": "text", ".out": "text", ".JSON": "json"}
	for ext, format := range exts {
		for _, c := range []struct {
			cmd    []string
			starts map[string]string
		}{
			{[]string{"run", scenario}, starts},
			{[]string{"report", saved}, starts},
			{[]string{"sweep", scenario, "--param", "platforms.0.keep_alive.ttl=1m,2m"}, sweepStarts},
			{[]string{"breakeven", scenario, "--platform", "lambda", "--vs", "fleet", "--points", "2", "--steps", "0", "--to", "2"}, beStarts},
		} {
			if ext != ".json" && ext != ".md" && c.cmd[0] != "run" && c.cmd[0] != "report" {
				continue // every extension once through run and report; the studies through two
			}
			out := filepath.Join(dir, c.cmd[0]+"-out"+ext)
			if _, stderr, code := call(append(c.cmd, "-o", out)...); code != 0 {
				t.Fatalf("%s -o %s: exit %d: %s", c.cmd[0], out, code, stderr)
			}
			data, _ := os.ReadFile(out)
			if want := c.starts[format]; !strings.HasPrefix(strings.TrimSpace(string(data)), want) {
				t.Errorf("%s -o %s: want %s, starting %q; got %.60q", c.cmd[0], filepath.Base(out), format, want, data)
			}
		}
	}
	// An explicit --format wins over the extension.
	out := filepath.Join(dir, "explicit.json")
	if _, stderr, code := call("run", scenario, "--format", "csv", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	if data, _ := os.ReadFile(out); !strings.HasPrefix(string(data), "scenario,seed,") {
		t.Errorf("--format csv -o explicit.json wrote %.40q", data)
	}
	// trace inspect: -o x.json is JSON too.
	out = filepath.Join(dir, "inspect.json")
	if _, stderr, code := call("trace", "inspect", traceTestdata+"/sample.csv", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	if data, _ := os.ReadFile(out); !strings.HasPrefix(string(data), "{") {
		t.Errorf("trace inspect -o inspect.json wrote %.40q", data)
	}
	// trace convert: --trace-format names the input; --format still does, with a note naming the new flag.
	for _, flag := range []string{"--trace-format", "--format", "-f"} {
		stdout, stderr, code := call("trace", "convert", traceTestdata+"/sample.csv", flag, "csv")
		note := "faassim: note: trace convert --format is now --trace-format (the input format); --format csv still works"
		if code != 0 || !strings.HasPrefix(stdout, "timestamp,function,") {
			t.Errorf("trace convert %s csv: exit %d: %s", flag, code, stderr)
		}
		if first, _, _ := strings.Cut(stderr, "\n"); (flag == "--trace-format") != (first == "") || (first != "" && first != note) {
			t.Errorf("trace convert %s csv: stderr %q", flag, stderr)
		}
	}
}

// parseBreakEven, fed any arguments, refuses them or returns a search that
// means something: finite bounds 0 < from < to, at least 2 points, a
// tolerance in [0, 1), and two different platforms. Arguments are
// separated by NUL (so that a value may hold spaces).
func FuzzBreakEvenFlags(f *testing.F) {
	for _, s := range []string{
		"--platform\x00a\x00--vs\x00b",
		"--platform\x00a\x00--vs\x00a",
		"--platform\x00a\x00--vs\x00b\x00--tolerance\x00NaN",
		"--platform\x00a\x00--vs\x00b\x00--from\x001e-300\x00--to\x001e300\x00--points\x002",
		"--platform=a\x00--vs=b\x00--to=-Inf\x00--steps=-1",
		"--platform\x00a\x00--vs\x00b\x00--tolerance\x000x1p-2\x00-f\x00json",
		"--help",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := append([]string{"s.yaml"}, strings.Split(s, "\x00")...)
		var out, errb strings.Builder
		b, err := parseBreakEven(args, &out, &errb)
		if err != nil {
			return
		}
		o := b.opt
		switch {
		case !(o.Low > 0) || !(o.High > o.Low) || math.IsInf(o.High, 0):
			t.Fatalf("%q: accepted the range %v to %v", s, o.Low, o.High)
		case o.Points < 2 || o.Bisections < 0:
			t.Fatalf("%q: accepted %d points, %d steps", s, o.Points, o.Bisections)
		case !(o.Tolerance >= 0 && o.Tolerance < 1):
			t.Fatalf("%q: accepted the tolerance %v", s, o.Tolerance)
		case b.a == "" || b.b == "" || b.a == b.b:
			t.Fatalf("%q: accepted platforms %q and %q", s, b.a, b.b)
		case reports.CheckFormat(b.out.format) != nil:
			t.Fatalf("%q: accepted the format %q", s, b.out.format)
		}
	})
}
