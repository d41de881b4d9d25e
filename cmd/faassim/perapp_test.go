package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"faassim/scenarios"
)

// --per-app alone, with a number after it (pflag would make it a
// positional argument) or after "=", and refused values.
func TestPerAppFlagParsing(t *testing.T) {
	tests := []struct {
		args []string
		want scenarios.PerApp
		rest []string // positional arguments left
		err  string
	}{
		{[]string{"s.yaml"}, scenarios.PerApp{}, []string{"s.yaml"}, ""},
		{[]string{"s.yaml", "--per-app"}, scenarios.PerApp{On: true}, []string{"s.yaml"}, ""},
		{[]string{"--per-app", "s.yaml"}, scenarios.PerApp{On: true}, []string{"s.yaml"}, ""},
		{[]string{"--per-app", "5", "s.yaml"}, scenarios.PerApp{On: true, Top: 5}, []string{"s.yaml"}, ""},
		{[]string{"s.yaml", "--per-app", "5"}, scenarios.PerApp{On: true, Top: 5}, []string{"s.yaml"}, ""},
		{[]string{"--per-app=5", "s.yaml"}, scenarios.PerApp{On: true, Top: 5}, []string{"s.yaml"}, ""},
		{[]string{"--per-app=0", "s.yaml"}, scenarios.PerApp{On: true}, []string{"s.yaml"}, ""},
		{[]string{"--per-app=false", "s.yaml"}, scenarios.PerApp{}, []string{"s.yaml"}, ""},
		// A --set value is the --set's, whatever it looks like; after
		// "--" everything is positional.
		{[]string{"--set", "--per-app", "s.yaml"}, scenarios.PerApp{}, []string{"s.yaml"}, ""},
		{[]string{"-o", "--per-app", "s.yaml", "--per-app", "3"}, scenarios.PerApp{On: true, Top: 3}, []string{"s.yaml"}, ""},
		{[]string{"--per-app", "--", "7"}, scenarios.PerApp{On: true}, []string{"7"}, ""},
		{[]string{"--per-app", "-1", "s.yaml"}, scenarios.PerApp{}, nil, "-1 applications: want 0 or more"},
		{[]string{"--per-app=-1", "s.yaml"}, scenarios.PerApp{}, nil, "-1 applications: want 0 or more"},
		{[]string{"--per-app", "10001", "s.yaml"}, scenarios.PerApp{}, nil, "10001 applications: at most 10000"},
		{[]string{"--per-app", "99999999999999999999999", "s.yaml"}, scenarios.PerApp{}, nil, "at most 10000"},
		{[]string{"--per-app=many", "s.yaml"}, scenarios.PerApp{}, nil, "want --per-app alone, or --per-app N"},
	}
	for _, tc := range tests {
		fs := newFlagSet("run", "", io.Discard, io.Discard)
		fs.StringArray("set", nil, "")
		fs.StringP("output", "o", "", "")
		f := addPerApp(fs)
		err := parseFlags(fs, joinOptional(fs, tc.args, "per-app"))
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want one saying %q", tc.args, err, tc.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.args, err)
		case f.opt != tc.want || !reflect.DeepEqual(fs.Args(), tc.rest):
			t.Errorf("%q: %+v, arguments %q; want %+v, %q", tc.args, f.opt, fs.Args(), tc.want, tc.rest)
		}
	}
}

// The whole command: json with apps and a top list; a bad N is exit 2
// with the flag named, and writes nothing.
func TestRunPerApp(t *testing.T) {
	path := writeScenario(t, twoPlatforms)
	stdout, stderr, code := call("run", path, "--per-app", "1", "--format", "json", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Platforms []struct {
			Name string
			Apps *struct {
				Count int
				Top   []struct{ App string }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	if p := res.Platforms[0]; p.Apps == nil || p.Apps.Count != 1 || len(p.Apps.Top) != 1 || p.Apps.Top[0].App != "api" {
		t.Errorf("lambda: %+v", p.Apps)
	}
	if p := res.Platforms[1]; p.Apps != nil {
		t.Errorf("container platform %s has apps", p.Name)
	}
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code = call("run", path, "--per-app", "-1", "-o", out)
	if code != 2 || !strings.Contains(stderr, `"--per-app"`) {
		t.Errorf("--per-app -1: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--per-app -1 left %s", out)
	}
}

// The commands without --per-app say where it belongs (run), and that
// report renders the statistics saved with the results, exit status 2.
func TestPerAppElsewhere(t *testing.T) {
	for _, args := range [][]string{
		{"sweep", "example:keep-alive-tradeoff", "--param", "platforms.0.keep_alive.ttl=1m,5m", "--per-app"},
		{"diff", "example:keep-alive-tradeoff", "--set", "platforms.0.keep_alive.ttl=1m", "--per-app", "5"},
		{"report", "results.json", "--per-app"},
		{"analyze", "example:keep-alive-tradeoff", "--per-app=3"},
		{"breakeven", "example:default", "--per-app"},
	} {
		_, stderr, code := call(args...)
		if code != 2 || !strings.Contains(stderr, args[0]+": unknown flag: --per-app: per-application statistics are a flag of run") ||
			!strings.Contains(stderr, "faassim report renders") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// A word after --per-app is not its N: run says which arguments it got.
func TestRunNamesItsArguments(t *testing.T) {
	_, stderr, code := call("run", "example:erlang-b", "--per-app", "abc")
	if code != 2 || !strings.Contains(stderr, `run: want one scenario (a file or example:NAME), got 2 arguments: "example:erlang-b", "abc"`) {
		t.Errorf("exit %d, %q", code, stderr)
	}
	_, stderr, code = call("analyze")
	if code != 2 || !strings.Contains(stderr, "analyze: want one scenario (a file or example:NAME), got no argument") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}
