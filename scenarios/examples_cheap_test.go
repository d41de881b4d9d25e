package scenarios

import "slices"

// cheapExampleSets are --set overrides that keep the tests which run every
// example cheap: an example whose full run takes more than a few seconds
// runs there at a reduced scale (its own figures are checked by its own
// tests).
var cheapExampleSets = map[string][]string{
	// 2,000 functions over 24h replay 8.9 million invocations on each of
	// six platforms (about 25 s of CPU); 100 functions over 2h, 16,000
	// (0.1 s).
	"keepalive-study": {"workload.synth.functions=100", "horizon=2h", "warmup=30m"},
}

// CheapExampleSets returns the example's test overrides followed by sets.
func CheapExampleSets(name string, sets ...string) []string {
	return append(slices.Clone(cheapExampleSets[name]), sets...)
}
