package faas

import (
	"testing"

	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// run simulates one platform fed by src until the horizon in cfg.
func run(t testing.TB, cfg Config, fns []Function, keep keepalive.Policy, src workload.Source, seed uint64) (*Platform, metrics.Run) {
	t.Helper()
	eng := sim.NewEngine()
	p, err := New(eng, cfg, fns, keep, seed)
	if err != nil {
		t.Fatal(err)
	}
	workload.Feed(eng, src, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	return p, p.Result()
}

func fn(name string, cold dist.Dist) Function {
	return Function{Function: workload.Function{Name: name}, ColdStart: cold}
}

func exponential(t testing.TB, mean sim.Time) dist.Exponential {
	t.Helper()
	d, err := dist.NewExponential(mean)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// poisson is a one-function Poisson source with exponential or given durations.
func poisson(t testing.TB, seed uint64, rate float64, d dist.Dist) workload.Source {
	t.Helper()
	src, err := workload.NewSynthetic(seed, []workload.Function{{Name: "f"}},
		[]workload.Stream{{Arrivals: workload.Poisson{RatePerS: rate}, Duration: d}})
	if err != nil {
		t.Fatal(err)
	}
	return src
}
