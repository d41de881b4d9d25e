package sim_test

import (
	"fmt"

	"faassim/sim"
)

// A tiny model: a timer that is scheduled, then cancelled before it fires,
// beside two events at the same instant that run in scheduling order.
func Example() {
	eng := sim.NewEngine()
	say := sim.HandlerFunc(func(now sim.Time, data uint64) {
		fmt.Printf("%v: event %d\n", now, data)
	})
	eng.Schedule(2*sim.Second, say, 2)
	eng.Schedule(2*sim.Second, say, 3)
	timer := eng.Schedule(5*sim.Second, say, 99)
	eng.Schedule(1*sim.Second, sim.HandlerFunc(func(now sim.Time, _ uint64) {
		fmt.Printf("%v: cancel the timer: %v\n", now, eng.Cancel(timer))
	}), 0)
	eng.Run(sim.Never)
	fmt.Println("pending:", eng.Pending())
	// Output:
	// 1s: cancel the timer: true
	// 2s: event 2
	// 2s: event 3
	// pending: 0
}
