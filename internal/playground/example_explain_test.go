package playground_test

import (
	"context"
	"fmt"
	"strings"

	"faassim/internal/playground"
	"faassim/scenarios"
)

// The issue's example: one request every 100 s, the keep-alive cut from
// ten minutes to one. The formula's worked value is a closed form; the
// explanation's numbers come from the two runs.
func ExampleExplain() {
	run := func(sets ...string) playground.Snapshot {
		s, err := scenarios.OpenWith("example:cold-starts-101", sets, scenarios.Options{})
		if err != nil {
			panic(err)
		}
		r, err := scenarios.Run(context.Background(), s, scenarios.Options{})
		if err != nil {
			panic(err)
		}
		return playground.Snapshot{State: playground.State{Example: "cold-starts-101", Sets: sets}, Scenario: s, Results: r}
	}
	base := []string{"horizon=20h", "workload.synthetic.functions.0.arrival.rate_per_s=0.01"}
	prev := run(append(base, "platforms.2.keep_alive.ttl=10m")...)
	cur := run(append(base, "platforms.2.keep_alive.ttl=1m")...)
	e, fs := playground.Explain(&prev, cur)
	head, _, _ := strings.Cut(e.ColdStarts, ",")
	fmt.Println(head)
	for _, f := range fs {
		if f.ID == playground.FormulaFixedTTL && f.Platform == "ttl-10m" {
			fmt.Println(f.Equation)
			w, _, _ := strings.Cut(f.Worked, ";")
			fmt.Println(w)
		}
	}
	// Output:
	// TTL on ttl-10m 10m to 1m: cold starts on ttl-10m 0.74% to 55%
	// P(cold) = e^(-λT)
	// e^(-0.01/s × 60 s) = e^(-0.6) = 0.549
}
