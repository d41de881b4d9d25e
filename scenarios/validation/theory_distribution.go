package validation

import (
	"context"
	"fmt"
	"math"
	"time"

	"faassim/models/analytic"
	"faassim/models/metrics"
)

// Distribution cases: the time share of each instance count
// (instances.running_distribution) against a queueing formula, count by
// count. Each count's share in one replication is a time average over a
// long window; the replications are independent, so the share's mean over
// them is judged by the same rule as every theory case (within 4 standard
// errors, a small standard error demanded). Only counts the formula gives
// at least 2% of the time are judged: rarer ones have too few visits a
// replication for a useful standard error.

// minShare is the least theoretical share of a count that is checked.
const minShare = 0.02

// shareAt is the fraction of r's window during which the busy level was k.
func shareAt(r metrics.Run, k int) float64 {
	if k >= len(r.BusyTimes) {
		return 0
	}
	return float64(r.BusyTimes[k]) / float64(r.BusyTimes.Total())
}

// distributionChecks compares, for each k with want[k] >= minShare, the
// mean over the replications of the share of time at k busy instances
// with want[k]; maxSE bounds each standard error.
func distributionChecks(runs [][]metrics.Run, want []float64, maxSE float64) []Check {
	var cs []Check
	for k, p := range want {
		if p < minShare {
			continue
		}
		xs := perRun(runs, func(r metrics.Run) float64 { return shareAt(r, k) })
		cs = append(cs, replicated(fmt.Sprintf("share of time with %d running", k), xs, p, maxSE,
			fmt.Sprintf("%g (absolute)", maxSE)))
	}
	return cs
}

// poissonPMF returns P(N = k) for k = 0.. while the tail above holds more
// than 1e-9, N Poisson of mean m.
func poissonPMF(m float64) []float64 {
	var out []float64
	p, cum := math.Exp(-m), 0.0
	for k := 0; cum < 1-1e-9; k++ {
		out = append(out, p)
		cum += p
		p *= m / float64(k+1)
	}
	return out
}

// mgInfinityDistributionCase: with one request per instance, no limits and
// no cold start, the running instances are the requests in service of an
// M/G/infinity queue, whose number is Poisson of mean lambda E[S] at every
// time in steady state, whatever the service distribution. 16 x 5,000 s
// give a standard error near 0.001 on each share (the busy level forgets
// its past within a few service times); 0.003 allowed.
func mgInfinityDistributionCase(label string, rate float64, duration string, meanS float64) Case {
	a := rate * meanS
	return Case{
		Name:  "theory/mg-infinity-distribution/" + label,
		Group: Theory,
		Reference: fmt.Sprintf("M/G/infinity: running instances ~ Poisson(lambda x E[S] = %g x %.4g s = %.4g), P(k) = e^-a a^k / k!, "+
			"whatever the service distribution (no limits, infinite keep-alive, no cold start)", rate, meanS, a),
		Source: "Takacs, Introduction to the Theory of Queues (1962); Gross and Harris, Fundamentals of Queueing Theory (M/G/infinity)",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			y := faasYAML("mg-infinity-distribution", 20261202, 16, 100*time.Second, 5100*time.Second, rate, duration,
				"keep_alive: {policy: infinite}\n    cold_start: {dist: deterministic, value: 0s}")
			_, runs, err := simulate(ctx, workers, "mg-infinity-distribution", y)
			if err != nil {
				return nil, err
			}
			return distributionChecks(runs, poissonPMF(a), 0.003), nil
		},
	}
}

// mmcBusyShares is the distribution of busy servers of M/M/c at offered
// load a < c: p_k = p_0 a^k / k! for k < c, and c busy whenever c or more
// are in the system, with probability Erlang C.
func mmcBusyShares(c int, a float64) []float64 {
	out := make([]float64, c+1)
	out[c] = analytic.ErlangC(c, a)
	// p_0 from the states below c: they share 1 - C in proportion to a^k/k!.
	w, sum := 1.0, 0.0
	for k := 0; k < c; k++ {
		out[k] = w
		sum += w
		w *= a / float64(k+1)
	}
	for k := 0; k < c; k++ {
		out[k] *= (1 - out[c]) / sum
	}
	return out
}

// mmcDistributionCase: a fixed fleet of c single-slot replicas with an
// unbounded queue is M/M/c (see erlangCCase); a replica is running while
// it has a request in flight, so the running replicas are min(N, c), N
// the requests in the system. At 2/3 load 16 x 5,000 s give a standard
// error near 0.002 on each share; 0.004 allowed.
func mmcDistributionCase(c int, lambda float64) Case {
	want := mmcBusyShares(c, lambda)
	return Case{
		Name:  fmt.Sprintf("theory/mmc-distribution/c%d-a%g", c, lambda),
		Group: Theory,
		Reference: fmt.Sprintf("M/M/%d at a = %g: running replicas = min(N, c): P(k) = p_0 a^k / k! below c, P(c) = Erlang C = %.5f "+
			"(fixed container fleet, one slot a replica, unbounded queue)", c, lambda, want[c]),
		Source: "Kleinrock, Queueing Systems vol. 1 (1975), section 3.5 (M/M/m) and eq. 3.40; Gross and Harris, Fundamentals of Queueing Theory, section 2.3",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			y := containerYAML("mmc-distribution", 20261202, 16, 500*time.Second, 5500*time.Second,
				fmt.Sprintf("{process: poisson, rate_per_s: %g}", lambda),
				fmt.Sprintf("replica: {vcpu: 1, memory_gb: 2, slots: 1}\n    scaling: {policy: fixed, replicas: %d}", c))
			_, runs, err := simulate(ctx, workers, "mmc-distribution", y)
			if err != nil {
				return nil, err
			}
			return distributionChecks(runs, want, 0.004), nil
		},
	}
}

// distributionCases are the instance-count distribution cases: M/G/infinity
// at three loads and three service laws, and M/M/c.
func distributionCases() []Case {
	ln, lnMean := lognormalSigma1()
	return []Case{
		mgInfinityDistributionCase("exponential-1s-rate3", 3, "{dist: exponential, mean: 1s}", 1),
		mgInfinityDistributionCase("lognormal-mean1s-sigma1-rate5", 5, ln, lnMean),
		mgInfinityDistributionCase("deterministic-500ms-rate8", 8, "{dist: deterministic, value: 500ms}", 0.5),
		mmcDistributionCase(3, 2),
	}
}
