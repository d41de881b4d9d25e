//go:build unix

package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// outputCase is one destination given to a command that writes: the exit
// status, the exact first line of stderr ("" for none), and the entries
// the directory must hold afterwards (nothing else: no temporary file).
type outputCase struct {
	name  string
	setup func(t *testing.T, dir string) // prepares dir before the run
	args  []string                       // {D} is the directory, {S} a valid scenario
	code  int
	first string // {D} is the directory
	left  []string
	check func(t *testing.T, dir, stdout string)
}

func TestOutputDestinations(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml") // a scenario never read
	fifoGot := make(chan string, 1)
	tests := []outputCase{
		{name: "new file", args: []string{"run", "{S}", "-o", "{D}/out.txt"}, left: []string{"out.txt"},
			check: func(t *testing.T, dir, _ string) { wantMode(t, filepath.Join(dir, "out.txt"), 0o644) }},
		{name: "a private file stays private", setup: writeFile("out.txt", "old", 0o600),
			args: []string{"run", "{S}", "-o", "{D}/out.txt"}, left: []string{"out.txt"},
			check: func(t *testing.T, dir, _ string) {
				wantMode(t, filepath.Join(dir, "out.txt"), 0o600)
				wantContent(t, filepath.Join(dir, "out.txt"), "scenario tiny")
			}},
		{name: "a file keeps its owner", setup: func(t *testing.T, dir string) {
			writeFile("out.txt", "old", 0o644)(t, dir)
			if os.Geteuid() == 0 { // as in CI: root rewrites a user's file
				mustDo(t, os.Chown(filepath.Join(dir, "out.txt"), 4321, 4321))
			}
		}, args: []string{"run", "{S}", "-o", "{D}/out.txt"}, left: []string{"out.txt"},
			check: func(t *testing.T, dir, _ string) {
				fi, err := os.Stat(filepath.Join(dir, "out.txt"))
				mustDo(t, err)
				if st := fi.Sys().(*syscall.Stat_t); os.Geteuid() == 0 && (st.Uid != 4321 || st.Gid != 4321) {
					t.Errorf("owner %d:%d, want 4321:4321", st.Uid, st.Gid)
				}
			}},
		{name: "through a symlink, atomically beside its target", setup: func(t *testing.T, dir string) {
			writeFile("sub/target", "old", 0o640)(t, dir)
			mustDo(t, os.Symlink("sub/target", filepath.Join(dir, "link")))
		}, args: []string{"run", "{S}", "-o", "{D}/link"}, left: []string{"link", "sub", "sub/target"},
			check: func(t *testing.T, dir, _ string) {
				wantType(t, filepath.Join(dir, "link"), fs.ModeSymlink)
				wantMode(t, filepath.Join(dir, "sub/target"), 0o640)
				wantContent(t, filepath.Join(dir, "sub/target"), "scenario tiny")
			}},
		{name: "through a dangling symlink", setup: func(t *testing.T, dir string) {
			mustDo(t, os.Symlink("target", filepath.Join(dir, "link")))
		}, args: []string{"run", "{S}", "-o", "{D}/link"}, left: []string{"link", "target"},
			check: func(t *testing.T, dir, _ string) { wantContent(t, filepath.Join(dir, "target"), "scenario tiny") }},
		{name: "a directory is refused", setup: mkdir("out"), args: []string{"run", "{S}", "-o", "{D}/out"},
			code: 2, first: "faassim: run: -o {D}/out: is a directory; give a file name", left: []string{"out"}},
		// The scenario is never read: the destination is checked first,
		// so a run never simulates for an output it cannot write.
		{name: "a missing directory fails before any work", args: []string{"run", missing, "-o", "{D}/no/out.txt"},
			code: 1, first: "faassim: run: -o {D}/no/out.txt: directory {D}/no does not exist"},
		{name: "under a regular file", setup: writeFile("f", "", 0o644), args: []string{"run", missing, "-o", "{D}/f/out"},
			code: 1, first: "faassim: run: -o {D}/f/out: {D}/f is not a directory", left: []string{"f"}},
		{name: "a dangling symlink into a missing directory", setup: func(t *testing.T, dir string) {
			mustDo(t, os.Symlink("no/target", filepath.Join(dir, "link")))
		}, args: []string{"run", missing, "-o", "{D}/link"}, code: 1,
			first: "faassim: run: -o {D}/link: directory {D}/no does not exist", left: []string{"link"}},
		{name: "/dev/null stays a device", args: []string{"run", "{S}", "-o", "/dev/null"},
			check: func(t *testing.T, _, _ string) { wantType(t, "/dev/null", fs.ModeCharDevice|fs.ModeDevice) }},
		{name: "/dev/full: disk full", args: []string{"run", "{S}", "-o", "/dev/full"},
			code: 1, first: "faassim: run: -o /dev/full: no space left on device",
			check: func(t *testing.T, _, _ string) { wantType(t, "/dev/full", fs.ModeCharDevice|fs.ModeDevice) }},
		{name: "a FIFO is written, not replaced", setup: func(t *testing.T, dir string) {
			mustDo(t, syscall.Mkfifo(filepath.Join(dir, "p"), 0o644))
			go drain(t, filepath.Join(dir, "p"), fifoGot)
		}, args: []string{"run", "{S}", "-o", "{D}/p"}, left: []string{"p"},
			check: func(t *testing.T, dir, _ string) {
				wantType(t, filepath.Join(dir, "p"), fs.ModeNamedPipe)
				if got := <-fifoGot; !strings.Contains(got, "scenario tiny") {
					t.Errorf("the FIFO's reader got %.80q", got)
				}
			}},
		{name: "--charts onto a file", setup: writeFile("c", "", 0o644), args: []string{"run", "{S}", "--charts", "{D}/c"},
			code: 2, first: "faassim: run: --charts {D}/c: is not a directory", left: []string{"c"}},
		{name: "--charts under a file", setup: writeFile("c", "", 0o644), args: []string{"run", missing, "--charts", "{D}/c/d"},
			code: 1, first: "faassim: run: --charts {D}/c/d: {D}/c is not a directory", left: []string{"c"}},
		{name: "--charts in a new directory", args: []string{"run", "{S}", "--charts", "{D}/charts", "--format", "markdown", "-o", "{D}/r.md"},
			left: []string{"charts", "charts/cost-breakdown.svg", "charts/instance-distribution.svg", "charts/latency-cdf.svg", "r.md"}},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests,
			outputCase{name: "/proc takes no new file", args: []string{"run", missing, "-o", "/proc/faassim-test.json"},
				code: 1, first: "faassim: run: -o /proc/faassim-test.json: cannot create a file in /proc"},
			outputCase{name: "--charts under /proc", args: []string{"run", missing, "--charts", "/proc/faassim-test"},
				code: 1, first: "faassim: run: --charts /proc/faassim-test: cannot create a directory in /proc: no such file or directory"})
	}
	// Every command that writes opens its destination before reading its
	// input (missing here): the destination's error comes first.
	for _, c := range []struct{ cmd, first string }{
		{"sweep " + missing + " --param seed=1,2", "sweep"},
		{"breakeven " + missing + " --platform a --vs b", "breakeven"},
		{"report " + missing, "report"},
		{"trace convert " + missing, "trace convert"},
		{"trace inspect " + missing, "trace inspect"},
	} {
		tests = append(tests, outputCase{name: c.first + " checks -o first", args: append(strings.Fields(c.cmd), "-o", "{D}/no/x"),
			code: 1, first: "faassim: " + c.first + ": -o {D}/no/x: directory {D}/no does not exist"})
	}
	scenario := writeScenario(t, tiny)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.NewReplacer("{D}", dir, "{S}", scenario).Replace(a)
			}
			stdout, stderr, code := call(args...)
			checkOutcome(t, dir, stderr, code, tt.code, strings.ReplaceAll(tt.first, "{D}", dir), tt.left)
			if tt.check != nil {
				tt.check(t, dir, stdout)
			}
		})
	}
}

// Process substitution hands the command a /dev/fd or /proc/self/fd path
// to a pipe: it is written in place.
func TestOutputToADescriptor(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc/self/fd is Linux's")
	}
	r, w, err := os.Pipe()
	mustDo(t, err)
	defer r.Close()
	got := make(chan string)
	go func() {
		data, _ := io.ReadAll(r)
		got <- string(data)
	}()
	_, stderr, code := call("run", writeScenario(t, tiny), "-o", filepath.Join("/proc/self/fd", strconv.Itoa(int(w.Fd()))))
	w.Close()
	if out := <-got; code != 0 || !strings.Contains(out, "scenario tiny") {
		t.Errorf("exit %d, stderr %q; the pipe got %q", code, stderr, out)
	}
}
