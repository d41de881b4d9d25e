package reports_test

import (
	"fmt"
	"os"

	"faassim/models/metrics"
	"faassim/reports"
)

func ExampleText() {
	r := metrics.Results{
		Schema: metrics.Schema, Scenario: "hello", Seed: 1,
		HorizonS: 3900, WarmupS: 300, Replications: 1,
		Platforms: []metrics.Platform{
			{Name: "lambda", Kind: "faas", Requests: 3600, Completed: 3600, ColdStarts: 36, ColdStartRatio: 0.01,
				LatencyMS: metrics.Latency{P50: 102.4, P99: 377.8},
				Instances: metrics.Instances{Mean: 0.61, Max: 3}, Utilization: 0.164,
				CostPerMillionRequestsUSD: 1.87, MonthlyCostUSD: 4.85},
			{Name: "fargate", Kind: "container", Requests: 3600, Completed: 3598, InFlight: 2,
				LatencyMS: metrics.Latency{P50: 100.1, P99: 231},
				Instances: metrics.Instances{Mean: 1, Max: 1}, Utilization: 0.1,
				CostPerMillionRequestsUSD: 12.5, MonthlyCostUSD: 32.35},
		},
	}
	if err := reports.Text(os.Stdout, r); err != nil {
		panic(err)
	}
	// Output:
	// scenario hello  seed 1  horizon 1h5m (warm-up 5m)  1 replication
	//
	//   platform  kind       requests  rejected  timed out  in flight  cold %  p50 ms  p99 ms  mean instances  utilization %  cost/M req $  monthly $
	//   lambda    faas          3,600         0          0          0    1.00     102     378            0.61          16.40          1.87       4.85
	//   fargate   container     3,600         0          0          2    0.00     100     231            1.00          10.00         12.50      32.35
	//
	// statistics cover the 1h after the warm-up; costs project it to a 30-day month
	// work across the window's edges is billed pro rata for its part inside; in flight is still waiting or running at the end
	// cold % is among requests not rejected; latency is end to end (wait + cold start + run)
}

func ExampleComparisonTable() {
	head, rows := reports.ComparisonTable(metrics.Results{Platforms: []metrics.Platform{{
		Name: "lambda", Kind: "faas", Requests: 1000, Completed: 1000, ColdStarts: 25, ColdStartRatio: 0.025,
		LatencyMS: metrics.Latency{P50: 41.5, P99: 812}, MonthlyCostUSD: 12.345,
	}}})
	fmt.Println(head[6], head[12])
	fmt.Println(rows[0][6], rows[0][12])
	// Output:
	// cold % monthly $
	// 2.50 12.35
}
