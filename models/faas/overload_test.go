package faas

import (
	"strings"
	"testing"

	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/sim"
)

// Saturation on a FaaS platform: its queue is the throttling queue
// (on_limit: queue), and requests running are service, not backlog.
func TestSaturation(t *testing.T) {
	cold := dist.Deterministic{Value: 100 * sim.Millisecond}
	tests := []struct {
		name      string
		cfg       Config
		rate      float64
		d         dist.Dist
		want      bool
		wantAtS   float64 // when want
		wantFired string  // a word of the warning
	}{
		{
			// 1 request/s of 15-minute executions: 900 in flight at any
			// time, a quarter of the window's requests at the horizon. It
			// is Little's law, not a backlog.
			name: "long executions, no limit",
			cfg:  Config{Warmup: sim.Hour, Horizon: 2 * sim.Hour},
			rate: 1, d: dist.Deterministic{Value: 15 * sim.Minute},
		},
		{
			// 10 in flight at most, 100/s of 200 ms: 50/s served, the
			// queue grows by 50 a second from the first bucket.
			name: "account limit, queueing",
			cfg:  Config{AccountLimit: 10, OnLimit: Queue, Warmup: 0, Horizon: 20 * sim.Minute},
			rate: 100, d: dist.Deterministic{Value: 200 * sim.Millisecond},
			want: true, wantAtS: 0, wantFired: "queue grew",
		},
		{
			// The same load throttled: half the requests are rejected.
			name: "account limit, rejecting",
			cfg:  Config{AccountLimit: 10, OnLimit: Reject, Warmup: 5 * sim.Minute, Horizon: 20 * sim.Minute},
			rate: 100, d: dist.Deterministic{Value: 200 * sim.Millisecond},
			want: true, wantAtS: 300, wantFired: "rejected",
		},
		{
			// 50 in flight at most, 100/s of 200 ms: utilization 0.4.
			name: "account limit, enough",
			cfg:  Config{AccountLimit: 50, OnLimit: Queue, Horizon: 20 * sim.Minute},
			rate: 100, d: dist.Deterministic{Value: 200 * sim.Millisecond},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := run(t, tt.cfg, []Function{fn("f", cold)}, keepalive.FixedTTL{TTL: 10 * sim.Minute},
				poisson(t, 3, tt.rate, tt.d), 1)
			p := metrics.Summarize("p", "faas", []metrics.Run{r}, 720*sim.Hour)
			if p.Saturated != tt.want {
				t.Fatalf("saturated = %v, want %v (%q; %d requests, %d completed)", p.Saturated, tt.want, p.Warnings, p.Requests, p.Completed)
			}
			if !tt.want {
				return
			}
			if *p.SaturatedAtS != tt.wantAtS {
				t.Errorf("saturated at %v s, want %v", *p.SaturatedAtS, tt.wantAtS)
			}
			if len(p.Warnings) == 0 || !strings.Contains(p.Warnings[0], tt.wantFired) {
				t.Errorf("warnings %q, want one saying %q", p.Warnings, tt.wantFired)
			}
		})
	}
}
