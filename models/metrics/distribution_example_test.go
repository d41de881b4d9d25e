package metrics_test

import (
	"fmt"

	"faassim/models/metrics"
	"faassim/sim"
)

// The time a level spends at each value, and the distribution it gives:
// over the window [0, 10 s), 1 instance for 4 s, 3 for 6 s.
func ExampleLevel_Times() {
	l := metrics.NewLevel(0, 10*sim.Second)
	l.RecordTimes()
	l.Add(0, 1)
	l.Add(4*sim.Second, 2)
	l.Close(20 * sim.Second)
	for _, f := range l.Times().Fractions() {
		fmt.Printf("%d instances: %.0f%% of the window\n", f.Count, 100*f.Fraction)
	}
	fmt.Printf("mean %.1f\n", l.Integral()/10)
	// Output:
	// 1 instances: 40% of the window
	// 3 instances: 60% of the window
	// mean 2.2
}
