package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// repsScenario is the SimFaaS README point (pacslab/simfaas: Poisson 0.9
// requests/s, exponential warm service 1.991 s, cold 2.244 s, keep-alive
// 600 s; the embedded example simfaas-readme) cut to 300 s from a cold
// start: the short replication a transient study repeats.
const repsScenario = `name: transient-300s
seed: 1
horizon: 300s
warmup: 0s
workload:
  synthetic:
    functions:
      - {name: f, runtime: python, arrival: {process: poisson, rate_per_s: 0.9}, duration: {dist: exponential, mean: 1.991s}}
platforms:
  - name: simfaas
    kind: faas
    preset: generic
    keep_alive: {policy: fixed, ttl: 600s}
    cold_start: {dist: exponential, mean: 253ms}
    concurrency: {per_instance: 1, account_limit: 1000}
    on_limit: reject
    idle_choice: newest
`

// BenchmarkReplicationsPeakRSS runs 1,000 and 10,000 replications of a
// 300 s scenario at 0.9 requests/s on 1 and 2 workers, each in a child
// process of the binary built once, and reports the wall time and the
// child's peak resident memory: memory must not grow with the number of
// replications (they are summarized as they finish), and the results must
// be byte-identical on 1 and 2 workers (checked here). 100,000
// replications are added with FAASSIM_BENCH_REPS=1.
//
//	go test -run '^$' -bench ReplicationsPeakRSS -benchtime 1x ./cmd/faassim
func BenchmarkReplicationsPeakRSS(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "faassim")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	scenario := filepath.Join(dir, "transient.yaml")
	if err := os.WriteFile(scenario, []byte(repsScenario), 0o600); err != nil {
		b.Fatal(err)
	}
	counts := []int{1000, 10000}
	if os.Getenv("FAASSIM_BENCH_REPS") == "1" {
		counts = append(counts, 100000)
	}
	for _, reps := range counts {
		var first []byte
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("reps=%d/workers=%d", reps, workers), func(b *testing.B) {
				out := filepath.Join(dir, fmt.Sprintf("out-%d-%d.json", reps, workers))
				for range b.N {
					start := time.Now()
					rssMB, _, err := childMemory(bin, "run", scenario, "--replications", fmt.Sprint(reps),
						"--workers", fmt.Sprint(workers), "--format", "json", "-q", "-o", out)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(time.Since(start).Seconds(), "wall-s")
					b.ReportMetric(rssMB, "peak-RSS-MB")
				}
				got, err := os.ReadFile(out)
				if err != nil {
					b.Fatal(err)
				}
				if first == nil {
					first = got
				} else if string(got) != string(first) {
					b.Errorf("%d replications: the results on %d workers differ from 1 worker's", reps, workers)
				}
			})
		}
	}
}
