package metrics_test

import (
	"fmt"

	"faassim/models/metrics"
)

// Two replications of one platform before and after a change, paired by
// replication: the runs of replication r saw the same requests, so the
// differences (+$0.30 and +$0.34 over the same 1 h window, +$216 and
// +$244.80 a month) vary far less than the costs themselves. By hand: mean
// +$230.40; s = 28.80/√2 = 20.36, t(0.975, 1) = 12.706, half-width
// 12.706 x 20.36/√2 = $182.97 (two replications give a wide interval).
func ExampleNewPlatformDiff() {
	run := func(costUSD float64) metrics.Run {
		return metrics.Run{Requests: 3600, Completed: 3600, WindowS: 3600, Cost: metrics.Cost{Total: costUSD}}
	}
	base := []metrics.Run{run(1.00), run(1.40)}
	next := []metrics.Run{run(1.30), run(1.74)}
	const monthS = 30 * 24 * 3600 // 720 windows of an hour
	d := metrics.NewPlatformDiff("lambda", "faas", base, next, monthS, monthS)
	c := d.MonthlyCostUSD
	fmt.Printf("base $%.2f, new $%.2f, change %+.2f (%+.1f%%), 95%% interval [%.2f, %.2f], significant %v\n",
		c.Base, c.New, c.Delta, 100**c.Relative, c.CI95[0], c.CI95[1], c.Significant)
	// Output:
	// base $864.00, new $1094.40, change +230.40 (+26.7%), 95% interval [47.43, 413.37], significant true
}
