package container

import (
	"testing"

	"faassim/models/dist"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// run simulates one service fed by src until the horizon in cfg.
func run(t testing.TB, cfg Config, src workload.Source) (*Service, metrics.Run) {
	t.Helper()
	eng := sim.NewEngine()
	s, err := New(eng, cfg, []Function{{Name: "f"}})
	if err != nil {
		t.Fatal(err)
	}
	workload.Feed(eng, src, cfg.Horizon, s.Arrive)
	eng.Run(cfg.Horizon)
	return s, s.Result()
}

func exponential(t testing.TB, mean sim.Time) dist.Exponential {
	t.Helper()
	d, err := dist.NewExponential(mean)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// poisson is a one-function Poisson source with the given durations.
func poisson(t testing.TB, seed uint64, rate float64, d dist.Dist) workload.Source {
	t.Helper()
	src, err := workload.NewSynthetic(seed, []workload.Function{{Name: "f"}},
		[]workload.Stream{{Arrivals: workload.Poisson{RatePerS: rate}, Duration: d}})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// fixed is a fleet of n single-slot replicas of 1 vCPU and 2 GiB.
func fixed(n int, horizon sim.Time) Config {
	return Config{
		Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 1},
		Scaling: Scaling{Policy: Fixed, Replicas: n},
		Horizon: horizon,
	}
}
