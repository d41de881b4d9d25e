package scenarios_test

import (
	"context"
	"fmt"

	"faassim/scenarios"
)

// A memory change diffed on common random numbers: testdata/diff-resize.yaml
// is deterministic (arrivals every 0.5 s, 200 ms of CPU at 1,024 MB), so
// the change is exact. At 2,048 MB the single-threaded function is capped
// at one vCPU (1,769 MB): 115.8 ms billed 116 ms, 0.232 GB-s instead of
// 0.2, +$2.76 a month at $0.0000166667 per GB-s.
func ExampleDiff() {
	base, err := scenarios.Open("testdata/diff-resize.yaml", nil)
	if err != nil {
		panic(err)
	}
	next, err := scenarios.Open("testdata/diff-resize.yaml", []string{"platforms.0.memory_mb=2048"})
	if err != nil {
		panic(err)
	}
	d, err := scenarios.Diff(context.Background(), base, next, scenarios.DiffOptions{})
	if err != nil {
		panic(err)
	}
	for _, p := range d.Platforms {
		c, l := p.MonthlyCostUSD, p.LatencyP99MS
		fmt.Printf("%s: cost %+.2f $/month [%.2f, %.2f], p99 %.0f -> %.0f ms\n", p.Name, c.Delta, c.CI95[0], c.CI95[1], l.Base, l.New)
	}
	// Output:
	// lambda: cost +2.76 $/month [2.76, 2.76], p99 200 -> 116 ms
	// fargate: cost +0.00 $/month [0.00, 0.00], p99 116 -> 116 ms
}
