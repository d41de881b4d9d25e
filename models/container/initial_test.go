package container

import (
	"slices"
	"strings"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

// Scaling.Initial replicas are ready at time 0: the first requests run on
// them without a launch or a cold start, and the autoscaler adjusts from
// there, as if it had recommended them just before the start. Target 50%
// concurrency, 1 slot, 10 s startup, syncs every 15 s, a 60 s window.
// Three 2 s requests at 1 s: at 15s the period's load is 6/15 = 0.4,
// recommending ceil(0.4/0.5) = 1; then 0. The initial 3 leave the window
// (0s, 60s] at 60s: down to 1 (the 15s recommendation), to 0 at 75s.
func TestInitialReplicas(t *testing.T) {
	s := sim.Second
	cfg := Config{
		Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 1, Startup: 10 * s},
		Scaling: Scaling{Policy: Target, Metric: Concurrency, Target: 0.5, Min: 0, Max: 5,
			ScaleDownStabilization: 60 * s, Initial: 3},
		Horizon: 100 * s,
	}
	invs := []workload.Invocation{{Arrival: s, Duration: 2 * s}, {Arrival: s, Duration: 2 * s}, {Arrival: s, Duration: 2 * s}}
	var got []string
	eng := sim.NewEngine()
	svc, err := New(eng, cfg, []Function{{Name: "f"}})
	if err != nil {
		t.Fatal(err)
	}
	svc.SetLog(func(e Event) { got = append(got, e.String()) })
	workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, svc.Arrive)
	eng.Run(cfg.Horizon)
	want := `1s arrive f0|1s start f0 r1|1s arrive f0|1s start f0 r2|1s arrive f0|1s start f0 r3|3s finish f0 r1|3s finish f0 r2|3s finish f0 r3|` +
		`1m0s scale 1|1m0s drain r1|1m0s remove r1|1m0s drain r2|1m0s remove r2|1m15s scale 0|1m15s drain r3|1m15s remove r3`
	if !slices.Equal(got, strings.Split(want, "|")) {
		t.Errorf("event log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
	if r := svc.Result(); r.ColdStarts != 0 || r.Completed != 3 {
		t.Errorf("%d cold starts, %d completed; want 0 and 3", r.ColdStarts, r.Completed)
	}
}

// Initial replicas outside [Min, Max], or on a fixed fleet, are refused.
func TestInitialReplicasRefused(t *testing.T) {
	target := Scaling{Policy: Target, Metric: Concurrency, Target: 0.5, Min: 2, Max: 4}
	for _, tt := range []struct {
		scaling Scaling
		want    string
	}{
		{func() Scaling { x := target; x.Initial = 1; return x }(), "1 initial replicas: want 2 (min) to 4 (max)"},
		{func() Scaling { x := target; x.Initial = 5; return x }(), "5 initial replicas: want 2 (min) to 4 (max)"},
		{Scaling{Policy: Fixed, Replicas: 2, Initial: 2}, "always all ready"},
	} {
		cfg := Config{Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 1}, Scaling: tt.scaling, Horizon: sim.Second}
		if _, err := New(sim.NewEngine(), cfg, []Function{{Name: "f"}}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want one containing %q", tt.scaling, err, tt.want)
		}
	}
}
