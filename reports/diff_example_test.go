package reports_test

import (
	"fmt"

	"faassim/models/metrics"
	"faassim/reports"
)

// The headline of a pull request that raised Lambda's memory: the cost
// and p99 changes have intervals that exclude 0 and are named; p50's
// interval straddles 0, so it is not called a change.
func ExampleHeadline() {
	ci := func(lo, hi float64) *[2]float64 { return &[2]float64{lo, hi} }
	rel := func(v float64) *float64 { return &v }
	p := metrics.PlatformDiff{Name: "lambda", Kind: "faas",
		MonthlyCostUSD: metrics.Change{Base: 228.89, New: 270.09, Delta: 41.20, Relative: rel(0.18), CI95: ci(40.1, 42.3), Significant: true},
		LatencyP50MS:   metrics.Change{Base: 61, New: 59, Delta: -2, Relative: rel(-0.033), CI95: ci(-4.1, 0.3)},
		LatencyP99MS:   metrics.Change{Base: 912, New: 792, Delta: -120, Relative: rel(-0.13), CI95: ci(-141, -99), Significant: true},
	}
	fmt.Printf("%s: %s\n", p.Name, reports.Headline(p, 5))
	// Output:
	// lambda: +$41.20/month (+18%), p99 -120 ms
}
