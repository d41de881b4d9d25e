package container

import (
	"math"
	"math/rand/v2"
	"testing"

	"faassim/internal/theory"
	"faassim/models/analytic"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Validation against queueing theory (Erlang C, in models/analytic), in the pattern
// of models/faas: each check runs independent replications and compares the
// mean across them with the theoretical value within 4 standard errors of
// that mean, the standard error estimated from the replications themselves.
// The per-replication values are independent, so the check is exact in
// distribution whatever the autocorrelation inside one run: the standardized
// error follows Student's t with reps-1 = 15 degrees of freedom, which
// exceeds 4 in absolute value with probability 0.0012 (with 8 replications it
// would be 0.005: hence 16 shorter runs rather than 8 longer ones). Each
// check also requires the standard error to be small, so that a loose
// simulation cannot pass by being noisy.

const reps = 16

// replicate returns the means and standard errors over reps runs of f, which
// returns several values per run.
func replicate(t *testing.T, f func(seed uint64) []float64) (mean, se []float64) {
	t.Helper()
	if testing.Short() {
		t.Skip("validation against theory runs in the full suite, not with -short")
	}
	var runs [][]float64
	for i := range reps {
		runs = append(runs, f(sim.DeriveSeed(20261127, i+1)))
	}
	for k := range runs[0] {
		xs := make([]float64, reps)
		for i, r := range runs {
			xs[i] = r[k]
		}
		m, e := theory.MeanSE(xs)
		lo, hi := metrics.StudentT95(xs)
		mean, se = append(mean, m), append(se, e)
		t.Logf("value %d: mean %.5f, se %.5f, 95%% CI [%.5f, %.5f]", k, m, se[k], lo, hi)
	}
	return mean, se
}

// A fixed fleet of c single-slot replicas with an unbounded FIFO queue,
// Poisson arrivals at rate lambda and exponential service of rate mu is an
// M/M/c queue: P(wait > 0) = C(c, a) with a = lambda/mu, and the mean wait
// is W_q = C(c, a) / (c mu - lambda) (Kleinrock vol. 1, eq. 3.43).
// Least-outstanding routing keeps every replica busy while anyone waits, so
// it is work-conserving like the single M/M/c server pool. 16 x 20,000 s is
// 1.3 M requests at c = 5 and 5.4 M at c = 20. The allowed standard errors
// (0.8% of P(wait), 2.5% of W_q) are two to three times what these runs
// give near 80-85% load, where waits are strongly autocorrelated.
func TestErlangC(t *testing.T) {
	cases := []struct {
		c      int
		lambda float64 // per second; mean service 1 s, so a = lambda
	}{
		{c: 5, lambda: 4},
		{c: 20, lambda: 17},
	}
	for _, tc := range cases {
		a := tc.lambda
		pWait := analytic.ErlangC(tc.c, a)
		meanWait := pWait / (float64(tc.c) - tc.lambda)
		t.Logf("c=%d a=%g: P(wait) = %.5f, W_q = %.5f s", tc.c, a, pWait, meanWait)
		cfg := fixed(tc.c, 20000*sim.Second)
		cfg.Warmup = 500 * sim.Second
		mean, se := replicate(t, func(seed uint64) []float64 {
			s, r := run(t, cfg, poisson(t, seed, tc.lambda, exponential(t, sim.Second)))
			return []float64{float64(s.st.Waited) / float64(r.Completed), r.Wait.Mean() / 1000}
		})
		theory.Agrees(t, "P(wait)", mean[0], se[0], pWait, 0.008*pWait)
		theory.Agrees(t, "mean wait (s)", mean[1], se[1], meanWait, 0.025*meanWait)
	}
}

// steps is a Poisson source whose rate alternates between low and high
// every period, to make an autoscaler work in both directions.
type steps struct {
	rng       *rand.Rand
	low, high float64
	period    sim.Time
	mean      sim.Time
	now       sim.Time
}

func (s *steps) Next(inv *workload.Invocation) bool {
	rate := s.low
	if (s.now/s.period)%2 == 1 {
		rate = s.high
	}
	// A gap drawn at the current rate; crossing a boundary with it is a
	// small bias in the rate, irrelevant to Little's law, which holds on
	// every sample path.
	s.now += sim.FromSeconds(s.rng.ExpFloat64() / rate)
	*inv = workload.Invocation{Arrival: s.now, Duration: sim.FromSeconds(s.rng.ExpFloat64() * s.mean.Seconds())}
	return true
}

func (s *steps) Err() error { return nil }

// Little's law, L = lambda W, holds on every sample path (Little 1961): the
// time-averaged number of requests in the system (queued or running) equals
// the throughput times the mean latency, up to the requests in flight at the
// ends of the window, which a long window makes negligible (< 0.5% here).
func TestLittlesLaw(t *testing.T) {
	queueing := fixed(3, 5000*sim.Second)
	queueing.Warmup, queueing.QueueLimit = 100*sim.Second, 10
	scaled := Config{
		Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 4, Startup: 30 * sim.Second},
		Scaling: Scaling{Policy: Target, Metric: CPU, Target: 0.6, Min: 1, Max: 20},
		Warmup:  100 * sim.Second, Horizon: 20000 * sim.Second,
	}
	cases := []struct {
		name string
		cfg  Config
		src  workload.Source
	}{
		{"queueing, fixed fleet of 3 at 93% load", queueing, poisson(t, 3, 2.8, exponential(t, sim.Second))},
		{"autoscaling, rate 2/s and 10/s alternating every 10 min", scaled,
			&steps{rng: sim.NewStream(3, "steps"), low: 2, high: 10, period: 10 * sim.Minute, mean: sim.Second}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, r := run(t, tc.cfg, tc.src)
			lambda := float64(r.Completed) / r.WindowS
			w := r.Latency.Mean() / 1000
			l := s.MeanInSystem()
			t.Logf("L %.4f, lambda %.4f, W %.4f s; %d rejected, %d cold, peak %d replicas",
				l, lambda, w, r.Rejected, r.ColdStarts, r.PeakInstances)
			if r.Rejected+r.ColdStarts == 0 || s.st.Waited == 0 {
				t.Errorf("no queueing, rejection or cold start: the case tests nothing")
			}
			if rel := math.Abs(l-lambda*w) / l; rel > 0.005 {
				t.Errorf("L = %.4f but lambda W = %.4f x %.4f = %.4f (%.2f%% apart)", l, lambda, w, lambda*w, 100*rel)
			}
		})
	}
}
