package metrics_test

import (
	"fmt"

	"faassim/models/metrics"
)

// Two replications' requests by the instances they found: pooled, then
// summarized as cold_start_by_instances.
func ExampleByInstances_Summary() {
	a := metrics.ByInstances{{Requests: 3, ColdStarts: 3}, {Requests: 10, Rejected: 2, ColdStarts: 2}}
	b := metrics.ByInstances{{Requests: 1, ColdStarts: 1}, {Requests: 12, ColdStarts: 1}, {}, {Requests: 4}}
	for _, row := range a.Plus(b).Summary(2) {
		fmt.Printf("%d instances: %d requests, %.3f cold\n", row.Instances, row.Requests, row.ColdStartRatio)
	}
	// Output:
	// 0 instances: 2 requests, 1.000 cold
	// 1 instances: 11 requests, 0.150 cold
	// 3 instances: 2 requests, 0.000 cold
}
