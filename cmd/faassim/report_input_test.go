package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file that is not faassim results JSON is explained in the file's
// terms, with its name: never a Go type, never the JSON decoder's words.
func TestReportInputMessages(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "r.json")
	if _, stderr, code := call("run", writeScenario(t, tiny), "--format", "json", "-o", saved); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	edit := func(f func(map[string]any)) string {
		data, err := os.ReadFile(saved)
		mustDo(t, err)
		var doc map[string]any
		mustDo(t, json.Unmarshal(data, &doc))
		f(doc)
		data, _ = json.Marshal(doc)
		return string(data)
	}
	const notJSON = "not faassim results JSON (the output of run, sweep or breakeven --format json)"
	tests := []struct {
		name, file, text, first string
	}{
		{"a YAML scenario", "s.yaml", tiny, "s.yaml: " + notJSON + ": line 1, column 2 is not valid JSON"},
		{"a YAML comment", "c.yaml", "# a scenario\nname: x\n", "c.yaml: " + notJSON + ": line 1, column 1 is not valid JSON"},
		{"empty", "e.json", "", "e.json: empty file: " + notJSON},
		{"no platforms", "p.json", edit(func(d map[string]any) { d["platforms"] = []any{} }), "p.json: no platforms: nothing to report"},
		{"platforms a string", "s.json", edit(func(d map[string]any) { d["platforms"] = "x" }), `s.json: "platforms" holds a string where a list is expected`},
		{"requests a string", "q.json", edit(func(d map[string]any) { d["platforms"].([]any)[0].(map[string]any)["requests"] = "many" }),
			`q.json: platforms.0 (platform "lambda"): requests many: want a whole number >= 0`},
		{"a list", "l.json", "[1, 2]", "l.json: the file holds a list where an object is expected"},
		{"schema a number", "n.json", `{"schema": 5}`, `n.json: "schema" holds a number where a string is expected`},
		{"no sweep points", "w.json", `{"schema": "faassim/sweep/v1", "points": []}`, "w.json: no sweep points: nothing to report"},
		{"no break-even points", "b.json", `{"schema": "faassim/breakeven/v1", "points": []}`, "b.json: no break-even points: nothing to report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := t.TempDir()
			mustDo(t, os.WriteFile(filepath.Join(in, tt.file), []byte(tt.text), 0o644))
			t.Chdir(in) // messages name the file as given
			out := t.TempDir()
			for _, format := range []string{"text", "html"} {
				_, stderr, code := call("report", tt.file, "--format", format, "-o", filepath.Join(out, "report"), "--charts", filepath.Join(out, "charts"))
				checkOutcome(t, out, stderr, code, 2, "faassim: "+tt.first, nil)
				if strings.Contains(stderr, "Go ") || strings.Contains(stderr, "metrics.") || strings.Contains(stderr, "charts: charts") {
					t.Errorf("--format %s: %q", format, stderr)
				}
			}
		})
	}
}
