package playground

import "testing"

// BenchmarkExplain measures Explain alone on a state with every formula
// kind but cpu-share (three platforms, a change), against the update
// endpoint's 300 ms aim.
func BenchmarkExplain(b *testing.B) {
	prev := snap(b, "serverless-vs-containers", "horizon=2h")
	cur := snap(b, "serverless-vs-containers", "horizon=2h", "workload.synthetic.functions.0.arrival.rate_per_s=20")
	for b.Loop() {
		Explain(&prev, cur)
	}
}
