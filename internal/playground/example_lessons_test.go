package playground_test

import (
	"fmt"

	"faassim/internal/playground"
	"faassim/models/metrics"
)

// A lesson step names a metric of a platform's results; the page and the
// tests read it the same way.
func ExampleMetricValue() {
	p := metrics.Platform{Name: "reject", Requests: 358635, Rejected: 154568}
	v, ok := playground.MetricValue(p, playground.MetricRejectedRatio)
	fmt.Printf("%.1f%% %v\n", 100*v, ok)
	// Output: 43.1% true
}
