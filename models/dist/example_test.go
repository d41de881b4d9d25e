package dist_test

import (
	"fmt"
	"time"

	"faassim/models/dist"
	"faassim/sim"
)

// A cold start with a 250 ms median and a 1 s 99th percentile.
func ExampleNewLogNormal() {
	d, err := dist.NewLogNormal(250*sim.Millisecond, sim.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	fmt.Println("mean:", d.Mean().Duration().Round(time.Millisecond))
	fmt.Println("p99.9:", d.Quantile(0.999).Duration().Round(time.Millisecond))

	r := sim.NewStream(1, "example")
	for range 3 {
		fmt.Println(d.Sample(r).Duration().Round(time.Millisecond))
	}
	// Output:
	// lognormal(median 250ms, p99 1s)
	// mean: 299ms
	// p99.9: 1.576s
	// 199ms
	// 201ms
	// 154ms
}

// A function's duration percentiles, as in the Azure Functions 2019 trace,
// and the same function on memory twice as slow.
func ExampleNewPercentiles() {
	d, err := dist.NewPercentiles([]dist.Point{
		{Q: 0, Value: 2 * sim.Millisecond},
		{Q: 0.5, Value: 20 * sim.Millisecond},
		{Q: 0.99, Value: 400 * sim.Millisecond},
		{Q: 1, Value: 1500 * sim.Millisecond},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d, "mean", d.Mean())
	slow := dist.Scale(d, 2)
	fmt.Println(slow, "mean", slow.Mean())
	// Output:
	// percentiles(p0 2ms, p50 20ms, p99 400ms, p100 1.5s) mean 117.9ms
	// percentiles(p0 4ms, p50 40ms, p99 800ms, p100 3s) mean 235.8ms
}

// A function's duration table held inline, as a trace replay keeps one
// per function: At gives the table's Quantile without following a
// pointer.
func ExamplePercentiles_Inline() {
	p, err := dist.NewPercentiles([]dist.Point{{Q: 0, Value: 2 * sim.Millisecond}, {Q: 0.5, Value: 20 * sim.Millisecond}, {Q: 1, Value: 100 * sim.Millisecond}})
	if err != nil {
		fmt.Println(err)
		return
	}
	in, ok := p.Inline()
	fmt.Println(ok, in.At(0.25), p.Quantile(0.25), in.At(0.75))
	// Output:
	// true 11ms 11ms 60ms
}
