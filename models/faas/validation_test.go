package faas

import (
	"math"
	"testing"

	"faassim/internal/theory"
	"faassim/models/analytic"
	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/sim"
)

// Validation against queueing theory (Erlang B, M/G/infinity, P(cold) =
// e^(-lambda T), Little's law; the formulas and their sources are in
// models/analytic and beside each test). Each check runs
// independent replications and compares the mean across them with the
// theoretical value within 4 standard errors of that mean, the standard error
// estimated from the replications themselves: the per-replication values are
// independent, so the test is exact in distribution whatever the correlation
// inside one run (a false alarm about once in 15,000 runs). Each check also
// requires the standard error to be small, so that a loose simulation cannot
// pass by being noisy.

const reps = 8

// replicate returns the mean and its standard error over reps runs of f.
func replicate(t *testing.T, f func(seed uint64) float64) (mean, se float64) {
	t.Helper()
	if testing.Short() {
		t.Skip("validation against theory runs in the full suite, not with -short")
	}
	xs := make([]float64, reps)
	for i := range xs {
		xs[i] = f(sim.DeriveSeed(20261127, i+1))
	}
	mean, se = theory.MeanSE(xs)
	lo, hi := metrics.StudentT95(xs)
	t.Logf("mean %.5f, se %.5f, 95%% CI [%.5f, %.5f]", mean, se, lo, hi)
	return mean, se
}

// A concurrency limit c with reject, infinite keep-alive and Poisson
// arrivals is an M/G/c/c loss system: rejection probability = B(c, a).
// 8 x 20,000 s at 18/s is 2.9 M requests.
func TestErlangBRejection(t *testing.T) {
	// Lognormal with sigma 1 and mean 1 s: median e^-0.5 s, and the
	// 84.13th percentile (z = 1) one sigma above it, at e^0.5 s.
	ln, err := dist.LogNormalFromQuantile(sim.FromSeconds(math.Exp(-0.5)), 0.8413447460685429, sim.FromSeconds(math.Exp(0.5)))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		c    int
		rate float64
		d    dist.Dist
	}{
		{c: 20, rate: 18, d: exponential(t, sim.Second)},
		// Erlang B is insensitive to the service distribution beyond its mean.
		{c: 5, rate: 3, d: ln},
	}
	for _, tc := range cases {
		a := tc.rate * tc.d.Mean().Seconds()
		want := analytic.ErlangB(tc.c, a)
		cfg := Config{AccountLimit: tc.c, Warmup: 100 * sim.Second, Horizon: 20000 * sim.Second}
		mean, se := replicate(t, func(seed uint64) float64 {
			_, r := run(t, cfg, []Function{fn("f", dist.Deterministic{})}, keepalive.Infinite{}, poisson(t, seed, tc.rate, tc.d), seed)
			return float64(r.Rejected) / float64(r.Requests)
		})
		theory.Agrees(t, "rejection probability", mean, se, want, 0.02*want)
	}
}

// With no limits and infinite keep-alive the platform is an M/G/inf system:
// the time-averaged number of busy instances is a = lambda x E[S] whatever
// the service distribution (Kleinrock vol. 1, section 3.8). Cold starts are
// zero so that busy time is service time.
func TestMGInfinityBusyInstances(t *testing.T) {
	ln, err := dist.NewLogNormal(sim.Second, 10*sim.Second)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		rate float64
		d    dist.Dist
	}{
		{"exponential 2s", 5, exponential(t, 2*sim.Second)},
		{"lognormal median 1s p99 10s", 5, ln},
		{"deterministic 300ms", 20, dist.Deterministic{Value: 300 * sim.Millisecond}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.rate * tc.d.Mean().Seconds()
			cfg := Config{Warmup: 200 * sim.Second, Horizon: 20000 * sim.Second}
			mean, se := replicate(t, func(seed uint64) float64 {
				_, r := run(t, cfg, []Function{fn("f", dist.Deterministic{})}, keepalive.Infinite{}, poisson(t, seed, tc.rate, tc.d), seed)
				return r.BusySeconds / r.WindowS
			})
			theory.Agrees(t, "mean busy instances", mean, se, a, 0.01*a)
		})
	}
}

// Fixed keep-alive T, Poisson arrivals at rate lambda, service much shorter
// than T: a request is cold when the gap since the previous one exceeds
// T + service, so P(cold) = exp(-lambda (T + s)) ~ exp(-lambda T)
// (memorylessness of the exponential gap). The cold start is as short as the
// service, so that two requests rarely meet an instance still starting.
func TestColdStartProbabilityFixedTTL(t *testing.T) {
	cases := []struct {
		rate float64
		ttl  sim.Time
	}{
		{0.05, 20 * sim.Second},  // e^-1
		{0.5, 4 * sim.Second},    // e^-2
		{0.01, 600 * sim.Second}, // e^-6 = 0.0025: rare colds
	}
	service := sim.Millisecond
	for _, tc := range cases {
		want := analytic.FixedTTLColdProbability(tc.rate, (tc.ttl + service).Seconds())
		horizon := sim.FromSeconds(400000 / tc.rate / 10) // 40,000 requests a replication
		cfg := Config{Horizon: horizon}
		mean, se := replicate(t, func(seed uint64) float64 {
			_, r := run(t, cfg, []Function{fn("f", dist.Deterministic{Value: service})},
				keepalive.FixedTTL{TTL: tc.ttl}, poisson(t, seed, tc.rate, dist.Deterministic{Value: service}), seed)
			return float64(r.ColdStarts) / float64(r.Requests)
		})
		theory.Agrees(t, "P(cold)", mean, se, want, 0.05*want)
	}
}

// Little's law, L = lambda W, holds on every sample path (Little 1961): the
// time-averaged number of requests in the system equals the admitted
// throughput times the mean latency, up to requests in flight at the ends of
// the window, which a long window makes negligible (< 0.5% here).
func TestLittlesLaw(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		keep keepalive.Policy
	}{
		{"queue behind an account limit", Config{AccountLimit: 8, OnLimit: Queue, Horizon: 5000 * sim.Second, Warmup: 100 * sim.Second}, keepalive.FixedTTL{TTL: sim.Minute}},
		{"cold starts, reject", Config{AccountLimit: 10, Horizon: 5000 * sim.Second, Warmup: 100 * sim.Second}, keepalive.FixedTTL{TTL: 2 * sim.Second}},
		{"concurrency 4 per instance", Config{PerInstance: 4, MaxInstances: 3, OnLimit: Queue, Horizon: 5000 * sim.Second, Warmup: 100 * sim.Second}, keepalive.FixedTTL{TTL: 5 * sim.Second}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, r := run(t, tc.cfg, []Function{fn("f", exponential(t, 300*sim.Millisecond))}, tc.keep,
				poisson(t, 3, 7, exponential(t, sim.Second)), 3)
			lambda := float64(r.Completed) / r.WindowS
			w := r.Latency.Mean() / 1000
			l := p.MeanInSystem()
			if rel := math.Abs(l-lambda*w) / l; rel > 0.01 {
				t.Errorf("L = %.4f but lambda W = %.4f x %.4f = %.4f (%.2f%% apart)", l, lambda, w, lambda*w, 100*rel)
			}
		})
	}
}
