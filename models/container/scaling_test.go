package container

import (
	"fmt"
	"slices"
	"testing"

	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// hpaConfig is target scaling at 50% concurrency with 1 slot, a 10 s
// startup, the default 15 s sync and a 60 s stabilization window, as in the
// event-log tests.
func hpaConfig(min, max int) Config {
	return Config{
		Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 1, Startup: 10 * sim.Second},
		Scaling: Scaling{Policy: Target, Target: 0.5, Min: min, Max: max, ScaleDownStabilization: 60 * sim.Second},
		Horizon: 100 * sim.Second,
	}
}

// replay runs cfg on a fixed list of invocations, recording lifetimes.
func replay(t *testing.T, cfg Config, fns []Function, invs ...workload.Invocation) (*Service, metrics.Run, []string) {
	t.Helper()
	eng := sim.NewEngine()
	s, err := New(eng, cfg, fns)
	if err != nil {
		t.Fatal(err)
	}
	var lives []string
	s.SetLifetimeHook(func(start, end sim.Time) { lives = append(lives, fmt.Sprintf("%v-%v", start, end)) })
	workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, s.Arrive)
	eng.Run(cfg.Horizon)
	return s, s.Result(), lives
}

func inv(at, d sim.Time) workload.Invocation { return workload.Invocation{Arrival: at, Duration: d} }

// Replica-seconds, node-seconds and lifetimes on the scenarios of the event
// logs, worked out by hand from the replica counts over time.
func TestReplicaAndNodeSeconds(t *testing.T) {
	s := sim.Second
	fiveWarm := fixed(5, 10*s)
	fiveWarm.Warmup = 2 * s
	fromZeroWarm := hpaConfig(0, 2)
	fromZeroWarm.Warmup = 50 * s
	tests := []struct {
		name     string
		cfg      Config
		invs     []workload.Invocation
		replicaS float64
		nodeS    map[int]float64 // per node -> node-seconds
		lives    []string
	}{
		{
			name:     "fixed 5 over an 8 s window",
			cfg:      fiveWarm,
			replicaS: 40,
			nodeS:    map[int]float64{1: 40, 2: 24, 5: 8, 10: 8},                           // ceil(5/2) = 3 nodes x 8 s
			lives:    []string{"0s-never", "0s-never", "0s-never", "0s-never", "0s-never"}, // live at the horizon: end unknown
		},
		{
			// 1 replica on [0, 15), 2 on [15, 90), 1 on [90, 100).
			name:     "scale up then down",
			cfg:      hpaConfig(1, 3),
			invs:     []workload.Invocation{inv(1*s, 29*s), inv(89*s, 5*s)},
			replicaS: 15 + 150 + 10,
			nodeS:    map[int]float64{1: 175, 2: 100},
			lives:    []string{"15s-1m30s", "0s-never"},
		},
		{
			// r1 lives [1 s, 75 s), r2 from 80 s past the horizon; the
			// window starts at 50 s, the lifetimes are reported whole.
			name:     "scale from zero, window from 50 s",
			cfg:      fromZeroWarm,
			invs:     []workload.Invocation{inv(1*s, 2*s), inv(80*s, 1*s)},
			replicaS: 25 + 20,
			nodeS:    map[int]float64{1: 45, 3: 45},
			lives:    []string{"1s-1m15s", "1m20s-never"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, r, lives := replay(t, tt.cfg, []Function{{Name: "f"}}, tt.invs...)
			if got := svc.ReplicaSeconds(); got != tt.replicaS || r.InstanceSeconds != tt.replicaS {
				t.Errorf("ReplicaSeconds = %v, InstanceSeconds = %v, want %v", got, r.InstanceSeconds, tt.replicaS)
			}
			for per, want := range tt.nodeS {
				if got := svc.NodeSeconds(per); got != want {
					t.Errorf("NodeSeconds(%d) = %v, want %v", per, got, want)
				}
			}
			if !slices.Equal(lives, tt.lives) {
				t.Errorf("lifetimes %v, want %v", lives, tt.lives)
			}
		})
	}
}

// A cold start is a request that waited for a replica that was not serving
// when it arrived; waiting for a busy replica is not one.
func TestColdStarts(t *testing.T) {
	s := sim.Second
	tests := []struct {
		name string
		cfg  Config
		invs []workload.Invocation
		cold int64
	}{
		{"queued behind a busy fixed replica: warm", fixed(1, 100*s), []workload.Invocation{inv(1*s, 5*s), inv(2*s, 1*s)}, 0},
		// The second request queues at 2 s; r2 launched at 15 s serves it at 25 s.
		{"queue drained by a replica launched after the arrival", hpaConfig(1, 2), []workload.Invocation{inv(1*s, 29*s), inv(2*s, 1*s)}, 1},
		{"scale from zero, twice", hpaConfig(0, 2), []workload.Invocation{inv(1*s, 2*s), inv(80*s, 1*s)}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r, _ := replay(t, tt.cfg, []Function{{Name: "f"}}, tt.invs...)
			if r.ColdStarts != tt.cold {
				t.Errorf("%d cold starts, want %d", r.ColdStarts, tt.cold)
			}
		})
	}
}

// The CPU metric sees a single-slot request on 4 vCPUs as 25% busy; the
// concurrency metric sees the replica full. At target 0.5, one request in
// flight for the first sync period scales up only under concurrency.
func TestScalingMetric(t *testing.T) {
	tests := []struct {
		metric Metric
		want   int
	}{
		{Concurrency, 2}, // ceil(1 / (1 x 0.5))
		{CPU, 1},         // ceil(1 / (max(1, 4) x 0.5)) = 1: no change
	}
	for _, tt := range tests {
		t.Run(tt.metric.String(), func(t *testing.T) {
			cfg := hpaConfig(1, 3)
			cfg.Replica.VCPU = 4
			cfg.Scaling.Metric = tt.metric
			cfg.Horizon = 20 * sim.Second
			svc, _, _ := replay(t, cfg, []Function{{Name: "f"}}, inv(0, 100*sim.Second))
			if got := svc.Replicas(); got != tt.want {
				t.Errorf("%d replicas after the first sync, want %d", got, tt.want)
			}
		})
	}
}

// Service time is the invocation's duration times the function's speed.
func TestSpeedScalesServiceTime(t *testing.T) {
	fns := []Function{{Name: "unset"}, {Name: "slow", Speed: 2.5}}
	invs := []workload.Invocation{
		{Arrival: 0, Function: 0, Duration: sim.Second},
		{Arrival: 10 * sim.Second, Function: 1, Duration: sim.Second},
	}
	_, r, _ := replay(t, fixed(1, sim.Minute), fns, invs...)
	if got, want := r.Latency.Mean(), (1000.0+2500.0)/2; got != want {
		t.Errorf("mean latency %v ms, want %v", got, want)
	}
}
