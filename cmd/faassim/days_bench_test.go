//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
)

// BenchmarkReplayDaysPeakRSS replays 1, 7 and 14 days of a synthetic
// population of 500 functions (faassim trace synth --days 14, on disk) as
// one continuous run, each in a child process of the binary built once,
// and reports the child's peak resident memory (getrusage's ru_maxrss,
// KiB on Linux) and the largest heap live after a garbage collection
// (GODEBUG=gctrace=1): memory must not grow with the days (the issue: the
// three within 10%). It takes about a minute, so it runs only with
// FAASSIM_BENCH_DAYS=1, never in the run-every-benchmark-once step:
//
//	FAASSIM_BENCH_DAYS=1 go test -run '^$' -bench ReplayDaysPeakRSS -benchtime 1x ./cmd/faassim
func BenchmarkReplayDaysPeakRSS(b *testing.B) {
	if os.Getenv("FAASSIM_BENCH_DAYS") != "1" {
		b.Skip("set FAASSIM_BENCH_DAYS=1: replays 14 synthetic days in child processes (about a minute)")
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "faassim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	traceDir := filepath.Join(dir, "trace")
	if out, err := exec.Command(bin, "trace", "synth", "--functions", "500", "--days", "14", "--seed", "1", "--out", traceDir, "-q").CombinedOutput(); err != nil {
		b.Fatalf("trace synth: %v\n%s", err, out)
	}
	peak := map[int]float64{}
	for _, days := range []int{1, 7, 14} {
		scenario := filepath.Join(dir, fmt.Sprintf("days%d.yaml", days))
		y := fmt.Sprintf("name: days%d\nseed: 1\nhorizon: %dd\nworkload:\n  trace: {format: azure2019, dir: %q, days: 1-%d}\n"+
			"platforms:\n  - {name: fixed-10m, preset: generic, instances_per: app, keep_alive: {policy: fixed, ttl: 10m}}\n", days, days, traceDir, days)
		if err := os.WriteFile(scenario, []byte(y), 0o600); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("days=%d", days), func(b *testing.B) {
			for range b.N {
				rssMB, liveMB, err := childMemory(bin, "run", scenario, "--format", "json", "-o", filepath.Join(dir, "out.json"))
				if err != nil {
					b.Fatal(err)
				}
				peak[days] = max(peak[days], rssMB)
				b.ReportMetric(rssMB, "peak-RSS-MB")
				b.ReportMetric(liveMB, "max-live-heap-MB")
			}
		})
	}
	lo, hi := min(peak[1], peak[7], peak[14]), max(peak[1], peak[7], peak[14])
	b.Logf("peak RSS: 1 day %.1f MB, 7 days %.1f MB, 14 days %.1f MB (spread %.0f%%)", peak[1], peak[7], peak[14], 100*(hi-lo)/lo)
}

// gcLine is a gctrace line's heap sizes: before, at the end, live after.
var gcLine = regexp.MustCompile(`(\d+)->(\d+)->(\d+) MB`)

// childMemory runs bin args and returns its peak RSS and the largest
// heap live after one of its collections, in MB.
func childMemory(bin string, args ...string) (rssMB, liveMB float64, err error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=gctrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%v: %v\n%s", args, err, stderr.Bytes())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, fmt.Errorf("no rusage")
	}
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		if m := gcLine.FindStringSubmatch(sc.Text()); m != nil {
			live, _ := strconv.ParseFloat(m[3], 64)
			liveMB = max(liveMB, live)
		}
	}
	return float64(ru.Maxrss) / 1024, liveMB, nil
}
