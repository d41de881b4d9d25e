//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trace synth writes --out whole: into a temporary directory beside it,
// renamed at the end; an existing non-empty directory is replaced only
// with --force.
func TestSynthOutDir(t *testing.T) {
	day := []string{"app_memory_percentiles.anon.d01.csv", "function_durations_percentiles.anon.d01.csv", "invocations_per_function_md.anon.d01.csv"}
	in := func(dir string, names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	tests := []struct {
		name  string
		setup func(*testing.T, string)
		out   string // the --out path under {D}
		force bool
		code  int
		first string
		left  []string
	}{
		{name: "new directory", out: "day", first: "faassim: wrote 1 day(s) of 20 functions to {D}/day",
			left: append([]string{"day"}, in("day", day...)...)},
		{name: "empty directory", setup: mkdir("day"), out: "day", first: "faassim: wrote 1 day(s) of 20 functions to {D}/day",
			left: append([]string{"day"}, in("day", day...)...)},
		{name: "non-empty directory refused", setup: writeFile("day/mine.txt", "keep", 0o644), out: "day", code: 2,
			first: "faassim: trace synth: --out {D}/day: exists and is not empty (--force replaces it)", left: []string{"day", "day/mine.txt"}},
		{name: "an earlier trace replaced with --force", setup: writeFiles(in("day", "invocations_per_function_md.anon.d07.csv", day[0])...), out: "day", force: true,
			first: "faassim: wrote 1 day(s) of 20 functions to {D}/day", left: append([]string{"day"}, in("day", day...)...)},
		{name: "a file of the user's refused with --force", setup: writeFiles(in("day", day[0], "thesis.tex")...), out: "day", force: true, code: 2,
			first: "faassim: trace synth: --out {D}/day: holds thesis.tex, which trace synth does not write: --force replaces only a directory of day files from an earlier trace synth; move it or give another directory",
			left:  append([]string{"day"}, in("day", day[0], "thesis.tex")...)},
		{name: "a day file name one character off refused with --force", setup: writeFiles(in("day", "app_memory_percentiles.anon.d1.csv")...), out: "day", force: true, code: 2,
			first: "faassim: trace synth: --out {D}/day: holds app_memory_percentiles.anon.d1.csv, which trace synth does not write: --force replaces only a directory of day files from an earlier trace synth; move it or give another directory",
			left:  append([]string{"day"}, in("day", "app_memory_percentiles.anon.d1.csv")...)},
		{name: "a subdirectory refused with --force", setup: writeFiles(in("day", day[1], "invocations_per_function_md.anon.d02.csv/x")...), out: "day", force: true, code: 2,
			first: "faassim: trace synth: --out {D}/day: holds invocations_per_function_md.anon.d02.csv, which trace synth does not write: --force replaces only a directory of day files from an earlier trace synth; move it or give another directory",
			left:  append([]string{"day"}, in("day", day[1], "invocations_per_function_md.anon.d02.csv", "invocations_per_function_md.anon.d02.csv/x")...)},
		{name: "a name with a space quoted", setup: writeFiles(in("day", "my notes.txt")...), out: "day", force: true, code: 2,
			first: `faassim: trace synth: --out {D}/day: holds "my notes.txt", which trace synth does not write: --force replaces only a directory of day files from an earlier trace synth; move it or give another directory`,
			left:  append([]string{"day"}, in("day", "my notes.txt")...)},
		{name: "a file refused", setup: writeFile("day", "", 0o644), out: "day", force: true, code: 2,
			first: "faassim: trace synth: --out {D}/day: is a file, not a directory", left: []string{"day"}},
		{name: "missing parent", out: "no/day", code: 1, first: "faassim: trace synth: --out {D}/no/day: directory {D}/no does not exist"},
		{name: "under a file", setup: writeFile("f", "", 0o644), out: "f/day", code: 1,
			first: "faassim: trace synth: --out {D}/f/day: {D}/f is not a directory", left: []string{"f"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			args := []string{"trace", "synth", "--functions", "20", "--out", filepath.Join(dir, tt.out)}
			if tt.force {
				args = append(args, "--force")
			}
			_, stderr, code := call(args...)
			checkOutcome(t, dir, stderr, code, tt.code, strings.ReplaceAll(tt.first, "{D}", dir), tt.left)
		})
	}
}

// The current directory, or one holding it, is never replaced.
func TestSynthRefusesTheCurrentDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile("mine.txt", "keep", 0o644)(t, dir)
	t.Chdir(dir)
	_, stderr, code := call("trace", "synth", "--functions", "5", "--out", ".", "--force")
	checkOutcome(t, dir, stderr, code, 2, "faassim: trace synth: --out .: is the current directory or holds it: give another", []string{"mine.txt"})
	if _, err := os.Stat(filepath.Join(dir, "mine.txt")); err != nil {
		t.Error(err)
	}
}

// writeFiles writes each name (under the test's directory) with "keep".
func writeFiles(names ...string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		for _, n := range names {
			writeFile(n, "keep", 0o644)(t, dir)
		}
	}
}
