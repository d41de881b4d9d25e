package container

import (
	"slices"
	"strings"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

// Exact event logs for tiny scenarios: what a reader of the package
// documentation would write down by hand. The comments give the arithmetic.
func TestEventLogs(t *testing.T) {
	s := sim.Second
	ms := sim.Millisecond
	inv := func(at, d sim.Time) workload.Invocation {
		return workload.Invocation{Arrival: at, Duration: d}
	}
	// Target scaling at 50% concurrency, 1 slot, 10 s startup, syncs every
	// 15 s, a 60 s stabilization window.
	hpa := func(min, max int) Config {
		return Config{
			Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 1, Startup: 10 * s},
			Scaling: Scaling{Policy: Target, Metric: Concurrency, Target: 0.5, Min: min, Max: max,
				ScaleDownStabilization: 60 * s},
			Horizon: 100 * s,
		}
	}
	two := fixed(2, 60*s)
	two.Replica.Slots = 2
	one := fixed(1, 60*s)
	oneBounded := fixed(1, 60*s)
	oneBounded.QueueLimit = 1
	tests := []struct {
		name string
		cfg  Config
		invs []workload.Invocation
		want string
	}{
		{
			// Each request goes to the replica with fewer in flight; ties to
			// the lower id (r1 at 1s and 2s).
			name: "least outstanding requests across 2 replicas",
			cfg:  two,
			invs: []workload.Invocation{inv(1*s, 3*s), inv(1500*ms, 1*s), inv(2*s, 2*s), inv(2600*ms, 1*s)},
			want: `
1s arrive f0
1s start f0 r1
1.5s arrive f0
1.5s start f0 r2
2s arrive f0
2s start f0 r1
2.5s finish f0 r2
2.6s arrive f0
2.6s start f0 r2
3.6s finish f0 r2
4s finish f0 r1
4s finish f0 r1`,
		},
		{
			name: "queueing then serving, oldest first",
			cfg:  one,
			invs: []workload.Invocation{inv(1*s, 2*s), inv(1500*ms, 1*s), inv(2*s, 1*s)},
			want: `
1s arrive f0
1s start f0 r1
1.5s arrive f0
1.5s queue f0
2s arrive f0
2s queue f0
3s finish f0 r1
3s start f0 r1
4s finish f0 r1
4s start f0 r1
5s finish f0 r1`,
		},
		{
			name: "queue limit 1: overflow rejected",
			cfg:  oneBounded,
			invs: []workload.Invocation{inv(1*s, 2*s), inv(1500*ms, 1*s), inv(2*s, 1*s)},
			want: `
1s arrive f0
1s start f0 r1
1.5s arrive f0
1.5s queue f0
2s arrive f0
2s reject f0
3s finish f0 r1
3s start f0 r1
4s finish f0 r1`,
		},
		{
			// 15s: load 14/15 on 1 replica, metric 0.93 -> ceil(0.93/0.5) = 2.
			// 30s: load 1, capacity (10x1 + 5x2)/15 = 1.33, metric 0.75 ->
			// ceil(1/0.5) = 2, no change. From 45s the recommendation is 1,
			// but 2 stays in the 60 s window until 90s, when the window
			// (30s, 90s] holds only 1s: the idle r2 goes, not the busy r1.
			name: "scale up with startup delay, scale down after stabilization, idle first",
			cfg:  hpa(1, 3),
			invs: []workload.Invocation{inv(1*s, 29*s), inv(89*s, 5*s)},
			want: `
1s arrive f0
1s start f0 r1
15s scale 2
15s launch r2
25s ready r2
30s finish f0 r1
1m29s arrive f0
1m29s start f0 r1
1m30s scale 1
1m30s drain r2
1m30s remove r2
1m34s finish f0 r1`,
		},
		{
			// Both replicas busy at 90s: r1 (lower id) drains and leaves when
			// its request finishes; it receives nothing meanwhile.
			name: "a draining replica leaves when its last request finishes",
			cfg:  hpa(1, 3),
			invs: []workload.Invocation{inv(1*s, 29*s), inv(89*s, 5*s), inv(89500*ms, 1*s)},
			want: `
1s arrive f0
1s start f0 r1
15s scale 2
15s launch r2
25s ready r2
30s finish f0 r1
1m29s arrive f0
1m29s start f0 r1
1m29.5s arrive f0
1m29.5s start f0 r2
1m30s scale 1
1m30s drain r1
1m30.5s finish f0 r2
1m34s finish f0 r1
1m34s remove r1`,
		},
		{
			// Min 0: a request finding no replica launches one and waits for
			// it (cold). The activation is a recommendation of 1 at 1s, 15s
			// recommends 1 (metric 0.5 = target), then 0 from 30s: the
			// window (15s, 75s] holds only zeros at 75s.
			name: "scale from zero and back",
			cfg:  hpa(0, 2),
			invs: []workload.Invocation{inv(1*s, 2*s), inv(80*s, 1*s)},
			want: `
1s arrive f0
1s queue f0
1s scale 1
1s launch r1
11s ready r1
11s start f0 r1
13s finish f0 r1
1m15s scale 0
1m15s drain r1
1m15s remove r1
1m20s arrive f0
1m20s queue f0
1m20s scale 1
1m20s launch r2
1m30s ready r2
1m30s start f0 r2
1m31s finish f0 r2`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			eng := sim.NewEngine()
			svc, err := New(eng, tt.cfg, []Function{{Name: "f"}})
			if err != nil {
				t.Fatal(err)
			}
			svc.SetLog(func(e Event) { got = append(got, e.String()) })
			workload.Feed(eng, &workload.Replay{Invocations: tt.invs}, tt.cfg.Horizon, svc.Arrive)
			eng.Run(tt.cfg.Horizon)
			want := strings.Split(strings.TrimSpace(tt.want), "\n")
			if !slices.Equal(got, want) {
				t.Errorf("event log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
