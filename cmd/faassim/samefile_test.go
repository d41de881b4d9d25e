package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Item 4 of the review: -o naming one of the command's inputs (directly,
// through a symlink or a hard link) is refused with exit 2 before any work,
// naming both; the input keeps its content and nothing is left beside it.
func TestOutputIsAnInput(t *testing.T) {
	const csv = "timestamp,function,duration_ms\n0,f,1\n1,f,2\n"
	results := `{"schema": "faassim/results/v1", "platforms": [{"name": "x", "requests": 1, "completed": 1, "rejected": 0, "timed_out": 0, "in_flight": 0}]}`
	day := azureDay("HashOwner,HashApp,HashFunction,Trigger,540,541", "o,a,f,http,1,0")
	tests := []struct {
		name  string
		files map[string]string
		link  string // "sym" or "hard": -o is IN/alias, a link to IN/<target>
		args  []string
		first string
	}{
		{"run onto its scenario", map[string]string{"me.yaml": tiny}, "", []string{"run", "IN/me.yaml", "-o", "IN/me.yaml"},
			"faassim: run: -o IN/me.yaml is the same file as the scenario IN/me.yaml: writing there would replace it; give -o another file"},
		{"run onto its scenario through a symlink", map[string]string{"me.yaml": tiny}, "sym", []string{"run", "IN/me.yaml", "-o", "IN/alias"},
			"faassim: run: -o IN/alias is the same file as the scenario IN/me.yaml: writing there would replace it; give -o another file"},
		{"run onto its scenario through a hard link", map[string]string{"me.yaml": tiny}, "hard", []string{"run", "IN/alias", "-o", "IN/me.yaml"},
			"faassim: run: -o IN/me.yaml is the same file as the scenario IN/alias: writing there would replace it; give -o another file"},
		{"run onto its price sheet", map[string]string{"me.yaml": tiny, "p.yaml": goodSheet}, "", []string{"run", "IN/me.yaml", "--prices", "IN/p.yaml", "-o", "IN/p.yaml"},
			"faassim: run: -o IN/p.yaml is the same file as the price sheet IN/p.yaml: writing there would replace it; give -o another file"},
		{"sweep onto its scenario", map[string]string{"me.yaml": tiny}, "", []string{"sweep", "IN/me.yaml", "--param", "seed=1,2", "-o", "IN/me.yaml"},
			"faassim: sweep: -o IN/me.yaml is the same file as the scenario IN/me.yaml: writing there would replace it; give -o another file"},
		{"breakeven onto its scenario", map[string]string{"me.yaml": tiny}, "", []string{"breakeven", "IN/me.yaml", "--platform", "lambda", "--vs", "lambda2", "-o", "IN/me.yaml"},
			"faassim: breakeven: -o IN/me.yaml is the same file as the scenario IN/me.yaml: writing there would replace it; give -o another file"},
		{"trace convert onto its input", map[string]string{"in.csv": csv}, "", []string{"trace", "convert", "IN/in.csv", "-o", "IN/in.csv"},
			"faassim: trace convert: -o IN/in.csv is the same file as the trace IN/in.csv: writing there would replace it; give -o another file"},
		{"trace convert into its input directory", day, "", []string{"trace", "convert", "IN/day", "-o", "IN/day/invocations_per_function_md.anon.d01.csv"},
			"faassim: trace convert: -o IN/day/invocations_per_function_md.anon.d01.csv is a file of the trace IN/day: writing there would replace it; give -o a file outside it"},
		{"trace inspect onto its input", map[string]string{"in.csv": csv}, "sym", []string{"trace", "inspect", "IN/in.csv", "-o", "IN/alias"},
			"faassim: trace inspect: -o IN/alias is the same file as the trace IN/in.csv: writing there would replace it; give -o another file"},
		{"report onto its results", map[string]string{"r.json": results}, "", []string{"report", "IN/r.json", "-o", "IN/r.json"},
			"faassim: report: -o IN/r.json is the same file as the results file IN/r.json: writing there would replace it; give -o another file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := t.TempDir()
			var want []string
			for name, text := range tt.files {
				writeFile(name, text, 0o644)(t, in)
				want = append(want, name)
				if d := filepath.Dir(name); d != "." {
					want = append(want, d)
				}
			}
			if tt.link != "" {
				var target string
				for name := range tt.files {
					target = name
				}
				link := os.Symlink
				if tt.link == "hard" {
					link = os.Link
				}
				mustDo(t, link(filepath.Join(in, target), filepath.Join(in, "alias")))
				want = append(want, "alias")
			}
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "IN", in)
			}
			stdout, stderr, code := call(args...)
			checkOutcome(t, in, strings.ReplaceAll(stderr, in, "IN"), code, 2, tt.first, uniqueSorted(want))
			if stdout != "" {
				t.Errorf("stdout: %.200q", stdout)
			}
			for name, text := range tt.files {
				wantContent(t, filepath.Join(in, name), text)
			}
		})
	}
}

func uniqueSorted(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
