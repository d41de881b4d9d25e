package coldstart_test

import (
	"fmt"
	"time"

	"faassim/models/coldstart"
	"faassim/sim"
)

// The default cold start of a Python function with a 10 MB package on AWS,
// and of the same function on Azure.
func ExampleDefault() {
	for _, provider := range []string{"aws", "azure"} {
		d, err := coldstart.Default(provider, "python", 10)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(provider, d, "p99", d.Quantile(0.99).Duration().Round(time.Millisecond))
	}

	var s coldstart.Sampler
	s, _ = coldstart.Default("aws", "nodejs", 0)
	r := sim.NewStream(1, "example")
	fmt.Println("nodejs draws:", s.Sample(r).Duration().Round(time.Millisecond),
		s.Sample(r).Duration().Round(time.Millisecond))

	_, err := coldstart.Default("aws", "ruby", 0)
	fmt.Println(err)
	// Output:
	// aws lognormal(median 1.245s, p97.5 3.06907s) p99 3.633s
	// azure lognormal(median 2.28s, p97.5 5.620465s) p99 6.653s
	// nodejs draws: 225ms 227ms
	// coldstart: unknown runtime "ruby" (known: container, go, java, nodejs, python)
}
