package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"faassim/models/metrics"
)

const diffScenario = "testdata/diff-report.yaml"

// --fail-above on testdata/diff-report.yaml's Lambda going from 512 to
// 2,048 MB. By hand (AWS Lambda us-east-1 x86, aws.amazon.com/lambda/
// pricing: $0.0000166667 per GB-s, $0.20 per million requests, 1 ms
// rounding; one vCPU at 1,769 MB, docs "Configuring function memory"):
// 1 request/s is 2,592,000 a 30-day month; 500 ms at 512 MB is 0.25 GB-s,
// $11.3184/month with requests; at 2,048 MB the single-threaded function
// gets one vCPU, 500 x 512/1769 = 144.7 ms billed 145 ms = 0.29 GB-s, so
// +0.04 x 0.0000166667 x 2,592,000 = +$1.7280/month, +15.27%.
func TestDiffFailAbove(t *testing.T) {
	cases := []struct {
		name  string
		flags []string
		code  int
		first string // stderr's first line
	}{
		{"dollars, above", []string{"--fail-above", "$1.72"}, 3,
			"faassim: diff: monthly cost rose above --fail-above $1.72: lambda +$1.73/month (+15.3%)"},
		{"dollars, below", []string{"--fail-above", "$1.73"}, 0, ""},
		{"plain number is dollars", []string{"--fail-above", "1.5"}, 3,
			"faassim: diff: monthly cost rose above --fail-above 1.5: lambda +$1.73/month (+15.3%)"},
		{"percent, above", []string{"--fail-above", "15%"}, 3,
			"faassim: diff: monthly cost rose above --fail-above 15%: lambda +$1.73/month (+15.3%)"},
		{"percent, below", []string{"--fail-above", "16%"}, 0, ""},
		{"another platform only", []string{"--fail-above", "0", "--platform", "fargate"}, 0, ""},
		{"that platform", []string{"--fail-above", "0", "--platform", "lambda"}, 3,
			"faassim: diff: monthly cost rose above --fail-above 0: lambda +$1.73/month (+15.3%)"},
		{"no such platform", []string{"--fail-above", "0", "--platform", "lamda"}, 2,
			`faassim: diff: --platform "lamda" is not a platform of both scenarios (compared: "lambda", "fargate")`},
		{"no check", nil, 0, ""},
		{"bad threshold", []string{"--fail-above", "ten"}, 2,
			`faassim: diff: --fail-above "ten": not a number; want dollars a month ("$50" or "50") or a percentage of BASE's monthly cost ("10%")`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "diff.md")
			args := append([]string{"diff", diffScenario, "--set", "platforms.0.memory_mb=2048", "-o", out}, tc.flags...)
			_, stderr, code := call(args...)
			first, _, _ := strings.Cut(stderr, "\n")
			if code != tc.code || first != tc.first {
				t.Fatalf("exit %d, stderr %q; want %d, %q", code, stderr, tc.code, tc.first)
			}
			// The report is written whether the check passed or failed; bad
			// input leaves nothing.
			md, err := os.ReadFile(out)
			if tc.code == 2 {
				if left := entries(t, dir); len(left) != 0 {
					t.Errorf("bad input left %q", left)
				}
				return
			}
			if left := entries(t, dir); len(left) != 1 {
				t.Errorf("left %q, want the report alone", left)
			}
			if err != nil || !strings.Contains(string(md), `**lambda**: +\$1.73/month (+15%), p99 -355 ms`) {
				t.Errorf("report (err %v):\n%s", err, md)
			}
		})
	}
}

// The CLI's diff of a scenario with itself, and with itself at another
// seed (replaced by BASE's, with a note), is zero everywhere.
func TestDiffCLISelf(t *testing.T) {
	for _, extra := range [][]string{nil, {"--set", "seed=77"}} {
		args := append([]string{"diff", diffScenario, diffScenario, "-f", "json", "--fail-above", "0"}, extra...)
		stdout, stderr, code := call(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, %s", extra, code, stderr)
		}
		var d metrics.Diff
		if err := json.Unmarshal([]byte(stdout), &d); err != nil {
			t.Fatal(err)
		}
		if d.Schema != metrics.DiffSchema || len(d.Platforms) != 2 {
			t.Fatalf("schema %q, %d platforms", d.Schema, len(d.Platforms))
		}
		for _, p := range d.Platforms {
			for _, c := range p.Changes() {
				if c.Delta != 0 || *c.CI95 != [2]float64{0, 0} {
					t.Errorf("%s %s: %v %v", p.Name, c.Key, c.Delta, c.CI95)
				}
			}
		}
		if noted := strings.Contains(strings.Join(d.Notes, " "), "seed 77 was replaced by BASE's 5"); noted != (extra != nil) {
			t.Errorf("notes %q", d.Notes)
		}
	}
}

// Platforms without a partner of the same name are listed, not compared.
func TestDiffCLIUnmatched(t *testing.T) {
	stdout, stderr, code := call("diff", diffScenario, "--set", "platforms.1.name=fargate-arm", "--replications", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"only in base (not compared): fargate\n", "only in new (not compared): fargate-arm\n",
		"lambda: no change\n", "note: 1 replication: no interval"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in\n%s", want, stdout)
		}
	}
}

func TestDiffCLIBadInput(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		first string
	}{
		{[]string{"diff"}, "faassim: diff: want BASE and NEW scenarios (or BASE and --set changes), got 0 arguments"},
		{[]string{"diff", diffScenario, "-o", "x.csv"}, `faassim: diff: --format: unknown format "csv" for a diff (known: text, json, markdown)`},
		{[]string{"diff", diffScenario, "--platform", "lambda"}, "faassim: diff: --platform only says which platform --fail-above checks; give --fail-above too"},
		{[]string{"diff", diffScenario, "--replications", "0"}, "faassim: diff: --replications 0: want at least 1"},
		{[]string{"diff", diffScenario, "--set", "platforms.0.memory_mb=99999"}, ""},
	} {
		_, stderr, code := call(tc.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", tc.args, code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if last := lines[len(lines)-1]; tc.first != "" && last != tc.first {
			t.Errorf("%v: last line %q, want %q", tc.args, last, tc.first)
		}
	}
}

func TestDiffHelp(t *testing.T) {
	stdout, _, code := call("diff", "--help")
	for _, want := range []string{"--fail-above X", "--platform NAME", "exit status 3", "--format markdown", "gh pr comment", "common random numbers",
		"mean of the\npaired per-replication changes", "faassim run\npools the replications"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("exit %d; help lacks %q", code, want)
		}
	}
}

func TestParseFailAbove(t *testing.T) {
	for _, tc := range []struct {
		in       string
		usd, pct float64
		relative bool
	}{
		{"$50", 50, 0, false}, {"50", 50, 0, false}, {" 41.20 ", 41.2, 0, false}, {"10%", 0, 10, true},
		{"0", 0, 0, false}, {"0.5%", 0, 0.5, true}, {"$.5", 0.5, 0, false},
	} {
		fa, err := parseFailAbove(tc.in)
		if err != nil || fa.usd != tc.usd || fa.percent != tc.pct || fa.relative != tc.relative {
			t.Errorf("%q: %+v, %v", tc.in, fa, err)
		}
	}
	for _, in := range []string{"", "$", "%", "-5", "+5", "$10%", "10%%", "1e3", "Inf", "NaN", "0x10", "1_000", "1,000", "1.2.3", ".", "$-1", "5$", "1" + strings.Repeat("0", 400)} {
		if fa, err := parseFailAbove(in); err == nil {
			t.Errorf("%q accepted: %+v", in, fa)
		}
	}
}

// exceeded: rises only, over the threshold; any rise from a BASE of $0 is
// over a percentage.
func TestFailAboveExceeded(t *testing.T) {
	ch := func(base, next float64) metrics.Change {
		c := metrics.Change{Base: base, New: next, Delta: next - base}
		if base != 0 {
			r := c.Delta / base
			c.Relative = &r
		}
		return c
	}
	usd, _ := parseFailAbove("$10")
	pct, _ := parseFailAbove("10%")
	for _, tc := range []struct {
		fa   failAbove
		c    metrics.Change
		want bool
	}{
		{usd, ch(100, 110), false}, {usd, ch(100, 110.01), true}, {usd, ch(100, 50), false},
		{pct, ch(100, 110), false}, {pct, ch(100, 111), true}, {pct, ch(0, 0.01), true}, {pct, ch(0, 0), false},
	} {
		if got, why := tc.fa.exceeded(tc.c); got != tc.want {
			t.Errorf("%s on %v -> %v: %v (%s), want %v", tc.fa.text, tc.c.Base, tc.c.New, got, why, tc.want)
		}
	}
}

// FuzzFailAbove: the parser never panics, and what it accepts is a finite
// threshold >= 0 that reads back the same from its canonical form.
func FuzzFailAbove(f *testing.F) {
	for _, s := range []string{"$50", "50", "10%", "0", "$0.01", "1e9", "-1", "$", "%", "NaN", "$10%", " 7 ", "99999999999999999999999%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fa, err := parseFailAbove(s)
		if err != nil {
			return
		}
		v := fa.usd
		canon := "$" + strconv.FormatFloat(v, 'f', -1, 64)
		if fa.relative {
			v = fa.percent
			canon = strconv.FormatFloat(v, 'f', -1, 64) + "%"
		}
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%q accepted as %v", s, v)
		}
		back, err := parseFailAbove(canon)
		if err != nil || back.usd != fa.usd || back.percent != fa.percent || back.relative != fa.relative {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, fa, canon, back, err)
		}
	})
}
