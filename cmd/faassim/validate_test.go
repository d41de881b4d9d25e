package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/scenarios/validation"
)

// fakeCases replaces the suite with cases that pass or fail on demand, so
// that the command's tests never run the suite a second time.
func fakeCases(t *testing.T, failing bool) {
	t.Helper()
	old := validationCases
	t.Cleanup(func() { validationCases = old })
	value := 1.0
	if failing {
		value = 2
	}
	validationCases = func() []validation.Case {
		return []validation.Case{
			{Name: "theory/fake", Group: validation.Theory, Reference: "1 = 1", Source: "arithmetic",
				Run: func(context.Context, int) ([]validation.Check, error) {
					return []validation.Check{{Metric: "one", Reference: 1, Value: value, Status: map[bool]string{false: "pass", true: "fail"}[failing],
						Error: validation.Error{Kind: validation.Absolute, Value: value - 1}, Tolerance: validation.Tolerance{Words: "exact"}}}, nil
				}},
			{Name: "study/slow", Group: validation.Study, Reference: "a study", Source: "nowhere", Slow: true,
				Run: func(context.Context, int) ([]validation.Check, error) {
					return []validation.Check{{Metric: "x", Value: 3, Status: "info", Tolerance: validation.Tolerance{Words: "reported"}}}, nil
				}},
		}
	}
}

func TestValidateCommand(t *testing.T) {
	cases := []struct {
		name     string
		failing  bool
		args     []string
		code     int
		first    string // stderr's first line
		contains string // in the report
	}{
		{"all pass", false, nil, 0, "", "PASS: 1 check passed, 0 failed, 1 for information, in 2 cases"},
		{"a failure exits 3 after the report", true, nil, 3, "faassim: validate: 1 check failed, in theory/fake", "FAIL: 0 checks passed, 1 failed"},
		{"short skips the slow case", false, []string{"--short"}, 0, "", "1 slow case skipped (--short)"},
		{"json", false, []string{"--format", "json"}, 0, "", `"schema": "faassim/validate/v1"`},
		{"markdown", true, []string{"--format", "markdown"}, 3, "faassim: validate: 1 check failed, in theory/fake", "| `theory/fake` | one | 1 | 2 |"},
		{"a case by pattern", false, []string{"--case", "study/*"}, 0, "", "in 1 case;"},
		{"no case matches", false, []string{"--case", "nothing"}, 2,
			`faassim: validate: --case "nothing" matches no case (faassim validate --list names them)`, ""},
		{"only slow cases match", false, []string{"--case", "study", "--short"}, 2,
			`faassim: validate: --case "study" matches only slow cases, which --short skips (faassim validate --list names them)`, ""},
		{"bad format", false, []string{"--format", "html"}, 2, `faassim: validate: --format: unknown format "html" (known: text, json, markdown)`, ""},
		{"bad pattern", false, []string{"--case", "["}, 2, `faassim: validate: --case: case pattern "[": syntax error in pattern`, ""},
		{"an argument", false, []string{"extra"}, 2, `faassim: validate: unexpected argument "extra"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fakeCases(t, tc.failing)
			dir := t.TempDir()
			out := filepath.Join(dir, "validate.out")
			_, stderr, code := call(append([]string{"validate", "-o", out}, tc.args...)...)
			if first, _, _ := strings.Cut(stderr, "\n"); code != tc.code || first != tc.first {
				t.Fatalf("exit %d, stderr %q; want %d, %q", code, stderr, tc.code, tc.first)
			}
			report, err := os.ReadFile(out)
			if tc.code == 2 {
				if left := entries(t, dir); len(left) != 0 {
					t.Errorf("bad input left %q", left)
				}
				return
			}
			if err != nil || !strings.Contains(string(report), tc.contains) {
				t.Errorf("report (%v) lacks %q:\n%s", err, tc.contains, report)
			}
		})
	}
}

// -o's extension chooses the format; the JSON holds the schema's keys.
func TestValidateJSONByExtension(t *testing.T) {
	fakeCases(t, false)
	out := filepath.Join(t.TempDir(), "v.json")
	if _, stderr, code := call("validate", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema               string
		Cases                []map[string]any
		Passed, Failed, Info int
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Schema != "faassim/validate/v1" || len(doc.Cases) != 2 || doc.Passed != 1 || doc.Info != 1 {
		t.Errorf("%v: %+v", err, doc)
	}
}

func TestValidateHelpAndList(t *testing.T) {
	fakeCases(t, false)
	stdout, _, code := call("validate", "--help")
	for _, want := range []string{"theory ", "published ", "pacsltk", "prices ", "accounting ", "study ", "--short", "--workers", "3 a check failed"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("help (exit %d) lacks %q", code, want)
		}
	}
	stdout, _, code = call("validate", "--list")
	if code != 0 || !strings.Contains(stdout, "theory/fake") || !strings.Contains(stdout, "study/slow   study   slow") {
		t.Errorf("list (exit %d):\n%s", code, stdout)
	}
	// The list goes to -o like any output (it once went to standard
	// output whatever -o said); it is text, and says so to --format json.
	dir := t.TempDir()
	file := filepath.Join(dir, "cases.md")
	stdout, _, code = call("validate", "--list", "-o", file)
	data, _ := os.ReadFile(file)
	if code != 0 || stdout != "" || !strings.Contains(string(data), "study/slow") {
		t.Errorf("list -o (exit %d): stdout %q, file %q", code, stdout, data)
	}
	_, stderr, code := call("validate", "--list", "--format", "json")
	if code != 2 || !strings.Contains(stderr, "--list writes a text list") {
		t.Errorf("list --format json: exit %d, %q", code, stderr)
	}
}
