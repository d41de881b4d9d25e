package playground

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"faassim/scenarios"
)

// smallScenario is a scenario that runs in milliseconds (no name).
const smallScenario = `seed: 7
horizon: 1h
warmup: 10m
workload:
  synthetic:
    functions:
      - name: api
        runtime: python
        arrival: {process: poisson, rate_per_s: 1}
        memory_mb: 512
        duration: {dist: lognormal, median: 100ms, p99: 400ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    keep_alive: {policy: fixed, ttl: 5m}
`

// writeScenario writes a scenario file in a temporary directory.
func writeScenario(t testing.TB, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mine.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadSmall loads smallScenario with sets.
func loadSmall(t testing.TB, sets ...string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.LoadWith("small.yaml", []byte("name: small\n"+smallScenario), sets, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fsEntries lists the page's files.
func fsEntries() ([]string, error) {
	var names []string
	err := fs.WalkDir(staticFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, path)
		}
		return err
	})
	return names, err
}
