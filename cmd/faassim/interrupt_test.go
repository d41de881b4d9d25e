//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary run as the faassim command (with main's
// signal handling) when started by cli, so interrupts are tested on a real
// process without building the CLI.
func TestMain(m *testing.M) {
	if os.Getenv("FAASSIM_TEST_AS_CLI") == "1" {
		os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cli returns a command running faassim args in a child process.
func cli(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	mustDo(t, err)
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "FAASSIM_TEST_AS_CLI=1")
	return cmd
}

// long is a run of about 20 s (86 million requests), far longer than the
// tests wait.
var long = strings.Replace(strings.Replace(tiny, "horizon: 10m", "horizon: 240h", 1), "rate_per_s: 2", "rate_per_s: 100", 1)

// Every command that writes, interrupted while it works, removes its
// temporary files, says so in one line and exits 130: the destination is
// as it was.
func TestInterrupt(t *testing.T) {
	src := t.TempDir()
	scenario := filepath.Join(src, "long.yaml")
	mustDo(t, os.WriteFile(scenario, []byte(long), 0o644))
	// A synthetic day of 2,000 functions converts to about 1.3 GB of CSV
	// in some 20 s: the conversion is stopped after its first megabyte.
	synthDir := filepath.Join(src, "syn")
	if _, stderr, code := call("trace", "synth", "--functions", "2000", "--out", synthDir); code != 0 {
		t.Fatal(stderr)
	}
	tests := []struct {
		name string
		args []string // {D} is the output directory
		sig  syscall.Signal
		// ready reports when the command is in the middle of its work.
		ready func(dir string) bool
		// after is how long to let it work once ready: a run's temporary
		// file exists before the simulation starts.
		after time.Duration
		// fast: the command watches its context and stops before main's
		// grace period runs out.
		fast bool
	}{
		{name: "trace convert", args: []string{"trace", "convert", synthDir, "-o", "{D}/big.csv"}, sig: syscall.SIGINT,
			ready: tempOver("big.csv", 1<<20), fast: true},
		{name: "trace synth", args: []string{"trace", "synth", "--functions", "20000", "--days", "3", "--out", "{D}/day"}, sig: syscall.SIGINT,
			// Day 1 is complete in the temporary directory: an interrupted
			// run must not leave it looking like a finished shorter trace.
			ready: func(dir string) bool {
				m, _ := filepath.Glob(filepath.Join(dir, ".day.*.tmp", "invocations_per_function_md.anon.d01.csv"))
				return len(m) > 0
			}, fast: true},
		{name: "run", args: []string{"run", scenario, "--format", "json", "-o", "{D}/r.json"}, sig: syscall.SIGTERM,
			ready: tempOver("r.json", 0), after: 500 * time.Millisecond},
		{name: "sweep", args: []string{"sweep", scenario, "--param", "seed=1,2,3", "--quiet", "-o", "{D}/s.csv", "--format", "csv"}, sig: syscall.SIGINT,
			ready: tempOver("s.csv", 0), after: 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "{D}", dir)
			}
			cmd := cli(t, args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			mustDo(t, cmd.Start())
			deadline := time.Now().Add(30 * time.Second)
			for !tt.ready(dir) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("never got under way; stderr %q", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(tt.after)
			start := time.Now()
			mustDo(t, cmd.Process.Signal(tt.sig))
			cmd.Wait()
			took := time.Since(start)
			name := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[tt.sig]
			checkOutcome(t, dir, stderr.String(), cmd.ProcessState.ExitCode(), 130, "faassim: interrupted by "+name, nil)
			if n := strings.Count(stderr.String(), "\n"); n != 1 {
				t.Errorf("%d lines on stderr, want 1: %q", n, stderr.String())
			}
			if tt.fast && took >= interruptGrace {
				t.Errorf("took %v to stop: it does not watch its context", took)
			}
			if took > interruptGrace+time.Second {
				t.Errorf("took %v to stop, over the grace period of %v", took, interruptGrace)
			}
			t.Logf("stopped %v after the signal", took.Round(time.Millisecond))
		})
	}
}

// tempOver reports when dir holds the temporary file of name with more
// than size bytes.
func tempOver(name string, size int64) func(string) bool {
	return func(dir string) bool {
		m, _ := filepath.Glob(filepath.Join(dir, "."+name+".*.tmp"))
		for _, p := range m {
			if fi, err := os.Stat(p); err == nil && fi.Size() >= size {
				return true
			}
		}
		return false
	}
}

// -o /dev/stdout writes to the descriptor the command was given, whatever
// it is: a pipe, or a file a shell redirected, which is appended to in
// place, never replaced.
func TestOutputToStandardOutput(t *testing.T) {
	scenario := writeScenario(t, tiny)
	cmd := cli(t, "run", scenario, "-o", "/dev/stdout")
	out, err := cmd.Output()
	if err != nil || !strings.HasPrefix(string(out), "scenario tiny") {
		t.Errorf("into a pipe: %v, %.80q", err, out)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "redirected.txt")
	mustDo(t, os.WriteFile(path, []byte("first line\n"), 0o600))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	mustDo(t, err)
	before, _ := f.Stat()
	cmd = cli(t, "run", scenario, "-o", "/dev/stdout")
	cmd.Stdout = f
	err = cmd.Run()
	f.Close()
	after, _ := os.Stat(path)
	data, _ := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "first line\nscenario tiny") || !os.SameFile(before, after) {
		t.Errorf("into a redirected file: %v, same file %v, %.80q", err, os.SameFile(before, after), data)
	}
	checkOutcome(t, dir, "", 0, 0, "", []string{"redirected.txt"})
}
