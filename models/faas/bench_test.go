package faas

import (
	"fmt"
	"testing"

	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// steady builds a platform fed by Poisson arrivals at rate/s with 1 s mean
// durations (so about rate busy instances) and runs it for warm seconds, so
// that pools, heaps and sketch bins have grown.
func steady(tb testing.TB, rate float64, warm sim.Time) (*sim.Engine, *Platform) {
	return steadyWith(tb, Config{Horizon: sim.Never - 1}, rate, warm)
}

func steadyWith(tb testing.TB, cfg Config, rate float64, warm sim.Time) (*sim.Engine, *Platform) {
	eng := sim.NewEngine()
	p, err := New(eng, cfg, []Function{fn("f", exponential(tb, 200*sim.Millisecond))}, keepalive.FixedTTL{TTL: 10 * sim.Minute}, 1)
	if err != nil {
		tb.Fatal(err)
	}
	workload.Feed(eng, poisson(tb, 1, rate, exponential(tb, sim.Second)), cfg.Horizon, p.Arrive)
	eng.Run(warm)
	return eng, p
}

func TestSteadyStateAllocatesNothing(t *testing.T) {
	// The window of the peaks records covers the measured seconds, so that
	// their Set writes buckets rather than returning past the end.
	window := 3600 * sim.Second
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"plain", Config{Horizon: sim.Never - 1}},
		{"per-app records", Config{Horizon: sim.Never - 1, RecordApps: true}},
		{"function-shard peaks", Config{Horizon: sim.Never - 1,
			InFlightPeaks: metrics.NewPeaks(0, window), LivePeaks: metrics.NewPeaks(0, window)}},
	} {
		eng, _ := steadyWith(t, c.cfg, 200, 600*sim.Second)
		allocs := testing.AllocsPerRun(20, func() { eng.Run(eng.Now() + sim.Second) }) // 200 requests a run
		if allocs != 0 {
			t.Fatalf("%s: %v allocations per simulated second (200 requests), want 0", c.name, allocs)
		}
	}
}

// BenchmarkInvocation reports the cost of one invocation (arrival, dispatch,
// completion, keep-alive) in steady state, at 10 and at 10,000 live
// instances of one function: choosing and reclaiming instances is O(log n),
// so the second must not be much slower than the first.
func BenchmarkInvocation(b *testing.B) {
	for _, rate := range []float64{10, 10_000} {
		b.Run(fmt.Sprintf("instances=%d", int(rate)), func(b *testing.B) {
			eng, p := steady(b, rate, sim.FromSeconds(min(600, 2e6/rate)))
			start := p.st.Requests
			b.ReportAllocs()
			b.ResetTimer()
			for p.st.Requests-start < int64(b.N) {
				eng.Run(eng.Now() + sim.FromSeconds(max(1, float64(b.N)/rate/100)))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(p.st.Requests-start), "ns/invocation")
			b.ReportMetric(float64(p.st.Live.Value()), "live-instances")
		})
	}
}

// BenchmarkInvocationPerApp is BenchmarkInvocation with per-app records
// (Config.RecordApps): what --per-app costs an invocation.
func BenchmarkInvocationPerApp(b *testing.B) {
	for _, rate := range []float64{10, 10_000} {
		b.Run(fmt.Sprintf("instances=%d", int(rate)), func(b *testing.B) {
			eng, p := steadyWith(b, Config{Horizon: sim.Never - 1, RecordApps: true}, rate, sim.FromSeconds(min(600, 2e6/rate)))
			start := p.st.Requests
			b.ReportAllocs()
			b.ResetTimer()
			for p.st.Requests-start < int64(b.N) {
				eng.Run(eng.Now() + sim.FromSeconds(max(1, float64(b.N)/rate/100)))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(p.st.Requests-start), "ns/invocation")
		})
	}
}
