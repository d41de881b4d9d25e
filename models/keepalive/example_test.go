package keepalive_test

import (
	"fmt"

	"faassim/models/keepalive"
	"faassim/sim"
)

func Example() {
	policies := []keepalive.Policy{
		keepalive.FixedTTL{TTL: 10 * sim.Minute},
		keepalive.None{},
		keepalive.Infinite{},
	}
	for _, p := range policies {
		fmt.Printf("%v keeps an idle instance for %v\n", p, p.KeepAlive(keepalive.Idle{}))
	}
	// Output:
	// fixed 10m0s keeps an idle instance for 10m0s
	// none keeps an idle instance for 0s
	// infinite keeps an idle instance for never
}
