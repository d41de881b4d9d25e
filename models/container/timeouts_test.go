package container

import (
	"slices"
	"strings"
	"testing"

	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Exact event logs of timeouts on one single-slot replica, by hand.
func TestTimeoutEventLogs(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	inv := func(at, d sim.Time) workload.Invocation { return workload.Invocation{Arrival: at, Duration: d} }
	withRT := func(rt sim.Time) Config {
		c := fixed(1, 60*s)
		c.RequestTimeout = rt
		return c
	}
	tests := []struct {
		name                string
		cfg                 Config
		fn                  Function
		invs                []workload.Invocation
		want                string
		completed, timedOut int64
	}{
		{
			// The 3 s execution is cut at the 1 s timeout, which frees the
			// replica for the queued request.
			name: "function timeout cuts the execution",
			cfg:  fixed(1, 60*s), fn: Function{Name: "f", Timeout: 1 * s},
			invs: []workload.Invocation{inv(1*s, 3*s), inv(1500*ms, 500*ms)},
			want: `
1s arrive f0
1s start f0 r1
1.5s arrive f0
1.5s queue f0
2s timeout f0 r1
2s start f0 r1
2.5s finish f0 r1`,
			completed: 1, timedOut: 1,
		},
		{
			// At speed 2 (half the CPU), 600 ms runs 1.2 s: over the 1 s
			// timeout, cut; 400 ms runs 800 ms and finishes.
			name: "function timeout applies to the scaled run time",
			cfg:  fixed(1, 60*s), fn: Function{Name: "f", Timeout: 1 * s, Speed: 2},
			invs: []workload.Invocation{inv(1*s, 600*ms), inv(3*s, 400*ms)},
			want: `
1s arrive f0
1s start f0 r1
2s timeout f0 r1
3s arrive f0
3s start f0 r1
3.8s finish f0 r1`,
			completed: 1, timedOut: 1,
		},
		{
			// Request timeout 2 s. The first request runs 1-4 s: its client
			// gives up at 3 s, the replica works on until 4 s. The second
			// waits from 1.5 s and leaves the queue at 3.5 s. The third,
			// queued at 3.6 s, starts at 4 s and finishes at 4.5 s, 0.9 s
			// after it arrived.
			name: "request timeout: running and queued",
			cfg:  withRT(2 * s), fn: Function{Name: "f"},
			invs: []workload.Invocation{inv(1*s, 3*s), inv(1500*ms, 1*s), inv(3600*ms, 500*ms)},
			want: `
1s arrive f0
1s start f0 r1
1.5s arrive f0
1.5s queue f0
3s timeout f0 r1
3.5s timeout f0
3.6s arrive f0
3.6s queue f0
4s finish f0 r1
4s start f0 r1
4.5s finish f0 r1`,
			completed: 1, timedOut: 2,
		},
		{
			// The first request ends exactly at its 2 s deadline: served.
			// The second, queued since 1 s, reaches its deadline as the
			// slot frees: timed out, not started.
			name: "request timeout at the deadline",
			cfg:  withRT(2 * s), fn: Function{Name: "f"},
			invs: []workload.Invocation{inv(1*s, 2*s), inv(1*s, 1*s)},
			want: `
1s arrive f0
1s start f0 r1
1s arrive f0
1s queue f0
3s finish f0 r1
3s timeout f0`,
			completed: 1, timedOut: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			eng := sim.NewEngine()
			svc, err := New(eng, tt.cfg, []Function{tt.fn})
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
			r := svc.Result()
			if r.Completed != tt.completed || r.TimedOut != tt.timedOut || r.InFlight != 0 {
				t.Errorf("completed %d, timed out %d, %d in system; want %d, %d, 0",
					r.Completed, r.TimedOut, r.InFlight, tt.completed, tt.timedOut)
			}
		})
	}
}

// A request timeout on a saturated fleet bounds every latency and turns
// the backlog into timeouts: 1 replica of 100 ms at 20/s (twice what it
// serves) must time out over half the requests, complete none later than
// the timeout, and be saturated. Fewer than the 6,000 it could serve in 10
// minutes complete: a replica finishes the work of requests whose clients
// gave up, as behind a load balancer, so much of its time is wasted.
func TestRequestTimeoutBoundsLatency(t *testing.T) {
	cfg := fixed(1, 10*sim.Minute)
	cfg.RequestTimeout = 2 * sim.Second
	_, r := run(t, cfg, poisson(t, 5, 20, exponential(t, 100*sim.Millisecond)))
	if max := r.Latency.Summary().Max; max > 2000*1.01 {
		t.Errorf("max latency %v ms, want at most the 2 s timeout", max)
	}
	inFlight := r.InFlight
	if r.TimedOut*2 < r.Requests || r.Completed > 6000 || r.Completed+r.TimedOut+inFlight != r.Requests {
		t.Errorf("%d requests, %d completed, %d timed out, %d in flight: want over half timed out, "+
			"under 6,000 completed, and every request in one of the three", r.Requests, r.Completed, r.TimedOut, inFlight)
	}
	if p := metrics.Summarize("fleet", "container", []metrics.Run{r}, 720*sim.Hour); !p.Saturated {
		t.Error("not saturated")
	}
}

func TestTimeoutValidation(t *testing.T) {
	cfg := fixed(1, sim.Minute)
	cfg.RequestTimeout = -1
	if _, err := New(sim.NewEngine(), cfg, []Function{{Name: "f"}}); err == nil {
		t.Error("negative request timeout accepted")
	}
	if _, err := New(sim.NewEngine(), fixed(1, sim.Minute), []Function{{Name: "f", Timeout: -1}}); err == nil {
		t.Error("negative function timeout accepted")
	}
}
