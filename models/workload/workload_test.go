package workload

import (
	"math"
	"testing"

	"faassim/models/dist"
	"faassim/sim"
)

func TestSyntheticMergesInArrivalOrder(t *testing.T) {
	fns := []Function{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	streams := []Stream{
		{Arrivals: Deterministic{RatePerS: 1}, Duration: dist.Deterministic{Value: 1}},
		{Arrivals: Deterministic{RatePerS: 2}, Duration: dist.Deterministic{Value: 2}},
		{Arrivals: &Offsets{At: []sim.Time{0, 1500 * sim.Millisecond}}, Duration: dist.Deterministic{Value: 3}},
	}
	src, err := NewSynthetic(1, fns, streams)
	if err != nil {
		t.Fatal(err)
	}
	want := []Invocation{
		{Arrival: 0, Function: 2, Duration: 3},
		{Arrival: 500 * sim.Millisecond, Function: 1, Duration: 2},
		{Arrival: sim.Second, Function: 0, Duration: 1}, // ties: lower function index first
		{Arrival: sim.Second, Function: 1, Duration: 2},
		{Arrival: 1500 * sim.Millisecond, Function: 1, Duration: 2},
		{Arrival: 1500 * sim.Millisecond, Function: 2, Duration: 3},
		{Arrival: 2 * sim.Second, Function: 0, Duration: 1},
	}
	var inv Invocation
	for i, w := range want {
		if !src.Next(&inv) || inv != w {
			t.Fatalf("invocation %d = %+v, want %+v", i, inv, w)
		}
	}
}

// Poisson arrivals: the count in a window is Poisson(rate x window), so its
// mean over the window has standard error sqrt(rate x window)/window.
func TestPoissonRate(t *testing.T) {
	const rate, window = 50.0, 2000.0 // 100,000 arrivals expected, sd 316
	src, err := NewSynthetic(7, []Function{{Name: "f"}}, []Stream{{Arrivals: Poisson{RatePerS: rate}, Duration: dist.Deterministic{}}})
	if err != nil {
		t.Fatal(err)
	}
	var inv Invocation
	n := 0
	for src.Next(&inv) && inv.Arrival < sim.FromSeconds(window) {
		n++
	}
	if sd := math.Sqrt(rate * window); math.Abs(float64(n)-rate*window) > 4*sd {
		t.Errorf("%d arrivals in %v s at %v/s: more than 4 sd from %v", n, window, rate, rate*window)
	}
}

// Adding a function must not change another's invocations: streams are per
// function name, so comparisons stay paired when a scenario grows.
func TestStreamsArePerFunction(t *testing.T) {
	exp, _ := dist.NewExponential(sim.Second)
	one, _ := NewSynthetic(3, []Function{{Name: "api"}}, []Stream{{Poisson{RatePerS: 1}, exp}})
	two, _ := NewSynthetic(3, []Function{{Name: "other"}, {Name: "api"}}, []Stream{{Poisson{RatePerS: 5}, exp}, {Poisson{RatePerS: 1}, exp}})
	var a, b Invocation
	for i := 0; i < 100; i++ {
		one.Next(&a)
		for two.Next(&b) && b.Function != 1 {
		}
		if a.Arrival != b.Arrival || a.Duration != b.Duration {
			t.Fatalf("api invocation %d differs once another function is added", i)
		}
	}
}

func TestSpeedFactor(t *testing.T) {
	tests := []struct {
		name     string
		fn       Function
		from, to int
		want     float64
	}{
		{"same memory", Function{CPUBoundFraction: 1}, 512, 512, 1},
		{"CPU-bound doubles memory: half the time", Function{CPUBoundFraction: 1}, 512, 1024, 0.5},
		{"I/O-bound does not care", Function{CPUBoundFraction: 0}, 128, 3008, 1},
		{"half CPU-bound", Function{CPUBoundFraction: 0.5}, 256, 1024, 0.625},
		{"single thread caps at 1 vCPU", Function{CPUBoundFraction: 1}, 1769, 3538, 1},
		{"two threads use the second vCPU", Function{CPUBoundFraction: 1, Parallelism: 2}, 1769, 3538, 0.5},
	}
	for _, tt := range tests {
		if got := SpeedFactor(tt.fn, tt.from, tt.to); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: SpeedFactor = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFeederPullsLazily(t *testing.T) {
	eng := sim.NewEngine()
	src := &Replay{Invocations: []Invocation{{Arrival: 1}, {Arrival: 2}, {Arrival: 5}, {Arrival: 9}}}
	var got []sim.Time
	f := Feed(eng, src, 6, func(now sim.Time, _ Invocation) {
		got = append(got, now)
		if eng.Pending() != 0 {
			t.Errorf("at %v: %d events pending during delivery, want none (the next is read after)", now, eng.Pending())
		}
	})
	eng.Run(sim.Never)
	if len(got) != 3 || f.Fed() != 3 {
		t.Errorf("fed %v (%d), want arrivals 1, 2, 5 before the horizon 6", got, f.Fed())
	}
}
