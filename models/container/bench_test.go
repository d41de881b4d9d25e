package container

import (
	"fmt"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

// limited stops a source after n invocations.
type limited struct {
	workload.Source
	n int
}

func (l *limited) Next(inv *workload.Invocation) bool {
	if l.n == 0 {
		return false
	}
	l.n--
	return l.Source.Next(inv)
}

// steady builds a service of n single-slot replicas at 80% load (Poisson,
// exponential 1 s service), run for warm seconds so that pools, the queue
// and the sketch bins have grown.
func steady(tb testing.TB, cfg Config, rate float64, warm sim.Time) (*sim.Engine, *Service) {
	eng := sim.NewEngine()
	s, err := New(eng, cfg, []Function{{Name: "f"}})
	if err != nil {
		tb.Fatal(err)
	}
	workload.Feed(eng, poisson(tb, 1, rate, exponential(tb, sim.Second)), cfg.Horizon, s.Arrive)
	eng.Run(warm)
	return eng, s
}

func TestSteadyStateAllocatesNothing(t *testing.T) {
	autoscaled := Config{
		Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 4, Startup: 10 * sim.Second},
		Scaling: Scaling{Policy: Target, Target: 0.7, Min: 1, Max: 100},
		Horizon: sim.Never - 1,
	}
	// 40 fast enough replicas for 40/s of 1 s: the queue and its request
	// timeouts are busy.
	timeouts := fixed(40, sim.Never-1)
	timeouts.RequestTimeout = 2 * sim.Second
	tests := []struct {
		name string
		cfg  Config
	}{
		{"fixed fleet of 50", fixed(50, sim.Never-1)},
		{"autoscaled", autoscaled},
		{"request timeouts", timeouts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng, _ := steady(t, tt.cfg, 40, 1200*sim.Second)
			// One measured run of an hour (AllocsPerRun truncates the
			// mean, so many short runs would hide a rare allocation):
			// 144,000 requests and, under Target, 240 syncs, so that the
			// memory of recommendations must be bounded too.
			allocs := testing.AllocsPerRun(1, func() { eng.Run(eng.Now() + sim.Hour) })
			if allocs != 0 {
				t.Fatalf("%v allocations in a simulated hour (144,000 requests), want 0", allocs)
			}
		})
	}
}

// BenchmarkFixedFleet is the figure of issue 3: a fixed fleet of 50
// single-slot replicas serving 1,000,000 requests (Poisson at 40/s, 1 s
// exponential service: 80% load with queueing), source and metrics
// included. One op is the whole million.
func BenchmarkFixedFleet(b *testing.B) {
	const n = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		eng := sim.NewEngine()
		cfg := fixed(50, sim.Never-1)
		s, err := New(eng, cfg, []Function{{Name: "f"}})
		if err != nil {
			b.Fatal(err)
		}
		workload.Feed(eng, &limited{poisson(b, 1, 40, exponential(b, sim.Second)), n}, cfg.Horizon, s.Arrive)
		eng.Run(sim.Never - 1)
		if s.st.Requests != n {
			b.Fatalf("%d requests, want %d", s.st.Requests, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/request")
}

// BenchmarkRequest reports the steady-state cost of one request at 10 and
// 10,000 replicas: routing is O(log n), so the second must not be much
// slower than the first.
func BenchmarkRequest(b *testing.B) {
	for _, c := range []int{10, 10_000} {
		b.Run(fmt.Sprintf("replicas=%d", c), func(b *testing.B) {
			rate := 0.8 * float64(c)
			eng, s := steady(b, fixed(c, sim.Never-1), rate, sim.FromSeconds(max(60, 2e5/rate)))
			start := s.st.Requests
			b.ReportAllocs()
			b.ResetTimer()
			for s.st.Requests-start < int64(b.N) {
				eng.Run(eng.Now() + sim.FromSeconds(max(1, float64(b.N)/rate/100)))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(s.st.Requests-start), "ns/request")
		})
	}
}
