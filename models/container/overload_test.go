package container

import (
	"fmt"
	"testing"

	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// The overload test on M/M/c queues: a fixed fleet of c single-slot
// replicas with exponential service is M/M/c. Stable at utilization 0.9
// and 0.95 it must never be flagged, whatever the seed, with one server (the
// largest fluctuations relative to the load: the queue's standard deviation
// is about 20 at 0.95) or fifty. At 1.05 on 50 servers of mean 100 ms
// (500/s) the queue grows by 25 requests a second, 7,500 a bucket, and must
// be flagged from the first bucket or the next; one server at 5/s gains 75
// a bucket, below what one bucket can tell from noise (see metrics.Overload
// for the detection limit), so it is not asked to be.
func TestOverloadMMc(t *testing.T) {
	tests := []struct {
		c, serviceMS int
		rho          float64
	}{
		{50, 100, 0.9}, {50, 100, 0.95}, {50, 100, 1.05},
		{1, 200, 0.9}, {1, 200, 0.95},
	}
	for _, tt := range tests {
		capacity := float64(tt.c) * 1000 / float64(tt.serviceMS)
		for seed := uint64(1); seed <= 4; seed++ {
			t.Run(fmt.Sprintf("c=%d/rho=%v/seed=%d", tt.c, tt.rho, seed), func(t *testing.T) {
				cfg := fixed(tt.c, 40*sim.Minute)
				cfg.Warmup = 10 * sim.Minute
				if tt.c == 1 {
					cfg.Horizon = 10 * sim.Hour // the small queue is the slow one: a long run
				}
				d := exponential(t, sim.Time(tt.serviceMS)*sim.Millisecond)
				_, r := run(t, cfg, poisson(t, seed, tt.rho*capacity, d))
				o := r.Overload
				p := metrics.Summarize("fleet", "container", []metrics.Run{r}, 720*sim.Hour)
				t.Logf("growth/noise peak %.2f (flagged above 5), %d of %d buckets flagged", o.Peak, o.Grew, o.Buckets)
				if tt.rho < 1 {
					if p.Saturated {
						t.Errorf("stable M/M/%d at %v flagged saturated: %v", tt.c, tt.rho, p.Warnings)
					}
					return
				}
				if !p.Saturated || o.Grew == 0 {
					t.Fatalf("M/M/%d at %v not flagged (peak %.2f)", tt.c, tt.rho, o.Peak)
				}
				// The window starts at 10 min; the queue grows from the start.
				if at := *p.SaturatedAtS; at > 15*60 {
					t.Errorf("first overloaded bucket at %v s, want the first or second (10 or 15 min)", at)
				}
				if o.Grew < o.Buckets-1 {
					t.Errorf("%d of %d buckets flagged, want every one or all but one", o.Grew, o.Buckets)
				}
			})
		}
	}
}

// A fleet that is overloaded only around the daily peak: capacity 200/s,
// arrivals 140/s x (1 + 0.6 cos) over a 2-hour "day" peaking at 1 h, so
// above capacity (cos > 0.714) from 45.2 to 74.8 minutes. The queue drains
// long before the horizon, so nothing is left in flight there: judging at
// the horizon alone (the rule this replaces) cannot see it. The first
// flagged bucket must be the one where overload starts (45 min) or the
// next, when the growth, slow at first, has built up.
func TestOverloadDiurnalPeak(t *testing.T) {
	cfg := fixed(20, 2*sim.Hour)
	src, err := workload.NewSynthetic(7, []workload.Function{{Name: "f"}}, []workload.Stream{{
		Arrivals: workload.Diurnal{RatePerS: 140, Amplitude: 0.6, Period: 2 * sim.Hour, Peak: sim.Hour},
		Duration: exponential(t, 100*sim.Millisecond),
	}})
	if err != nil {
		t.Fatal(err)
	}
	s, r := run(t, cfg, src)
	p := metrics.Summarize("fleet", "container", []metrics.Run{r}, 720*sim.Hour)
	if !p.Saturated {
		t.Fatalf("peak overload not flagged (peak growth/noise %.2f)", r.Overload.Peak)
	}
	if at := *p.SaturatedAtS; at < 45*60 || at > 50*60 {
		t.Errorf("saturated from %v s, want the bucket at 45 min or 50 min (%v)", at, p.Warnings)
	}
	if r.Overload.Grew > 7 {
		t.Errorf("%d buckets flagged; overload lasts 30 minutes (6 or 7 buckets)", r.Overload.Grew)
	}
	if s.queue.Len() != 0 || len(p.Warnings) != 1 {
		t.Errorf("%d still queued at the horizon, warnings %q: want the growth warning only", s.queue.Len(), p.Warnings)
	}
	t.Log(p.Warnings)
}
