package scenarios

import (
	"slices"
	"testing"
)

// cheapExampleSets are --set overrides that keep the tests which run every
// example cheap: an example whose full run takes more than a few seconds
// runs there at a reduced scale (its own figures are checked by its own
// tests).
var cheapExampleSets = map[string][]string{
	// 2,000 functions over 24h replay 8.9 million invocations on each of
	// six platforms (about 25 s of CPU); 100 functions over 2h, 16,000
	// (0.1 s).
	"keepalive-study": {"workload.synth.functions=100", "horizon=2h", "warmup=30m"},
	// 500 functions over 14 days replay 18.6 million invocations on each
	// of three platforms (about 15 s of CPU); 100 functions over 2h of
	// the first two days, about 16,000.
	"keepalive-history": {"workload.synth.functions=100", "workload.synth.days=1-2", "horizon=2h", "warmup=30m"},
}

// CheapExampleSets returns the example's test overrides followed by sets.
func CheapExampleSets(name string, sets ...string) []string {
	return append(slices.Clone(cheapExampleSets[name]), sets...)
}

// skipLargeUnderShort skips a test of every example for a large one
// (ExampleIsLarge: its estimate is over LargeExampleEvents) under -short.
func skipLargeUnderShort(t *testing.T, name string) {
	t.Helper()
	if !testing.Short() {
		return
	}
	large, err := ExampleIsLarge(name)
	if err != nil {
		t.Fatal(err)
	}
	if large {
		t.Skipf("example %s is large (estimate over %.0g simulated requests): skipped under -short", name, LargeExampleEvents)
	}
}
