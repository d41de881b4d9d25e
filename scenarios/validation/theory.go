package validation

import (
	"context"
	"fmt"
	"math"
	"time"

	"faassim/models/analytic"
	"faassim/models/metrics"
)

// Theory cases: each runs independent replications of a YAML scenario and
// compares the mean of a per-replication value with a queueing formula by
// internal/theory's rule (within 4 standard errors; a standard error below
// a stated bound). The replications are independent whatever the
// correlation inside one run, so the standardized error follows Student's
// t with n-1 degrees of freedom: |t| > 4 has probability 0.005 with 8
// replications and 0.0012 with 16, the false-alarm rate of a case.

// oneFunctionYAML is a scenario of one function f, with the arrival and
// duration given, on one platform (the platform's YAML after "- ").
func oneFunctionYAML(name string, seed, reps int, warmup, horizon time.Duration, arrival, duration, platform string) string {
	return fmt.Sprintf(`name: %s
seed: %d
replications: %d
warmup: %v
horizon: %v
workload:
  synthetic:
    functions:
      - name: f
        arrival: %s
        duration: %s
platforms:
  - %s
`, name, seed, reps, warmup, horizon, arrival, duration, platform)
}

// faasYAML is one Poisson function on the generic preset (no limits, no
// prices): the durations and cold starts as given, nothing else in the way.
func faasYAML(name string, seed, reps int, warmup, horizon time.Duration, rate float64, duration, platform string) string {
	return oneFunctionYAML(name, seed, reps, warmup, horizon, fmt.Sprintf("{process: poisson, rate_per_s: %g}", rate), duration,
		"name: faas\n    preset: generic\n    "+platform)
}

// lognormalSigma1 is the lognormal of mean 1 s and sigma 1: median e^-0.5 s,
// its 99th percentile z99 = 2.3263 sigmas above, to the nanosecond.
func lognormalSigma1() (yaml string, meanS float64) {
	const z99 = 2.3263478740408408
	median := time.Duration(math.Round(math.Exp(-0.5) * 1e9))
	p99 := time.Duration(math.Round(math.Exp(-0.5+z99) * 1e9))
	sigma := math.Log(float64(p99)/float64(median)) / z99
	return fmt.Sprintf("{dist: lognormal, median: %v, p99: %v}", median, p99), median.Seconds() * math.Exp(sigma*sigma/2)
}

// slow says whether reps replications of windowS seconds at rate requests
// a second are over a million requests (about half a second of a core):
// such cases are left to the full suite.
func slow(reps int, windowS, rate float64) bool { return float64(reps)*windowS*rate > 1e6 }

func erlangBCase(c int, rate float64, duration string, meanS float64, label string) Case {
	a := rate * meanS
	want := analytic.ErlangB(c, a)
	return Case{
		Name:  fmt.Sprintf("theory/erlang-b/c%d-a%g-%s", c, math.Round(a*100)/100, label),
		Group: Theory,
		Reference: fmt.Sprintf("Erlang B(c=%d, a=%.4g) = %.5f: rejection probability of an M/G/c/c loss system "+
			"(account limit %d, reject, infinite keep-alive, %s service; insensitive to the distribution beyond its mean)", c, a, want, c, label),
		Source: "Erlang 1917; Kleinrock, Queueing Systems vol. 1 (1975), eq. 3.46",
		Slow:   slow(8, 19900, rate),
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			// 8 x 19,900 s: 2.9 M requests at 18/s.
			y := faasYAML("erlang-b", 20261127, 8, 100*time.Second, 20000*time.Second, rate, duration, fmt.Sprintf(
				"keep_alive: {policy: infinite}\n    cold_start: {dist: deterministic, value: 0s}\n    concurrency: {per_instance: 1, account_limit: %d}\n    on_limit: reject", c))
			_, runs, err := simulate(ctx, workers, "erlang-b", y)
			if err != nil {
				return nil, err
			}
			xs := perRun(runs, func(r metrics.Run) float64 { return float64(r.Rejected) / float64(r.Requests) })
			return []Check{replicated("rejection probability", xs, want, 0.02*want, "2% of the reference")}, nil
		},
	}
}

func mgInfinityCase(label string, rate float64, duration string, meanS float64) Case {
	a := rate * meanS
	return Case{
		Name:  "theory/mg-infinity/" + label,
		Group: Theory,
		Reference: fmt.Sprintf("M/G/infinity: mean busy instances = lambda x E[S] = %g x %.4g s = %.4g, whatever the service distribution "+
			"(no limits, infinite keep-alive, no cold start)", rate, meanS, a),
		Source: "Kleinrock, Queueing Systems vol. 1 (1975), section 3.8",
		Slow:   slow(8, 19800, rate),
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			y := faasYAML("mg-infinity", 20261127, 8, 200*time.Second, 20000*time.Second, rate, duration,
				"keep_alive: {policy: infinite}\n    cold_start: {dist: deterministic, value: 0s}")
			_, runs, err := simulate(ctx, workers, "mg-infinity", y)
			if err != nil {
				return nil, err
			}
			xs := perRun(runs, func(r metrics.Run) float64 { return r.BusySeconds / r.WindowS })
			return []Check{replicated("mean busy instances", xs, a, 0.01*a, "1% of the reference")}, nil
		},
	}
}

// coldTTLCase: fixed keep-alive T, Poisson arrivals at rate lambda, service
// s much shorter than T: a request is cold when the gap since the previous
// one exceeds T + s, so P(cold) = exp(-lambda (T + s)) (the exponential
// gap is memoryless). The cold start is as short as the service, so that
// two requests rarely meet an instance still starting.
func coldTTLCase(rate float64, ttl time.Duration) Case {
	const service = time.Millisecond
	want := analytic.FixedTTLColdProbability(rate, (ttl + service).Seconds())
	return Case{
		Name:  fmt.Sprintf("theory/cold-ttl/rate%g-ttl%gs", rate, ttl.Seconds()),
		Group: Theory,
		Reference: fmt.Sprintf("P(cold) = e^(-lambda (T + s)) = e^(-%g x %.3f s) = %.5f (Poisson arrivals, fixed keep-alive T = %v, service s = 1 ms)",
			rate, (ttl + service).Seconds(), want, ttl),
		Source: "memorylessness of Poisson gaps; Shahrad et al., Serverless in the Wild, USENIX ATC 2020, section 4 (fixed keep-alive)",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			// 40,000 requests a replication: the rarest case (e^-6) sees
			// about 100 cold starts in each.
			horizon := time.Duration(40000 / rate * float64(time.Second))
			y := faasYAML("cold-ttl", 20261127, 8, 0, horizon, rate, "{dist: deterministic, value: 1ms}", fmt.Sprintf(
				"keep_alive: {policy: fixed, ttl: %v}\n    cold_start: {dist: deterministic, value: 1ms}", ttl))
			_, runs, err := simulate(ctx, workers, "cold-ttl", y)
			if err != nil {
				return nil, err
			}
			xs := perRun(runs, func(r metrics.Run) float64 { return float64(r.ColdStarts) / float64(r.Requests) })
			return []Check{replicated("P(cold)", xs, want, 0.05*want, "5% of the reference")}, nil
		},
	}
}

// littleCheck compares L (time in system over the window) with lambda W
// (completed throughput times mean latency). Little's law holds on every
// sample path; only the requests in flight at the window's edges separate
// the two, which a long window makes small.
func littleCheck(r metrics.Run, tol float64) Check {
	l := r.InSystemSeconds / r.WindowS
	lambda := float64(r.Completed) / r.WindowS
	w := r.Latency.Mean() / 1000
	return relative("L = time in system / window", l, lambda*w, tol,
		fmt.Sprintf("within %g%% of lambda x W (requests in flight at the window's edges)", 100*tol))
}

func littleFaaSCase(label, platform string) Case {
	return Case{
		Name:      "theory/little/faas-" + label,
		Group:     Theory,
		Reference: "Little's law L = lambda x W (mean requests in the system = throughput x mean latency), FaaS: " + label,
		Source:    "Little, Operations Research 9(3), 1961",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			y := faasYAML("little", 3, 1, 100*time.Second, 5000*time.Second, 7, "{dist: exponential, mean: 1s}",
				"cold_start: {dist: exponential, mean: 300ms}\n    "+platform)
			_, runs, err := simulate(ctx, workers, "little", y)
			if err != nil {
				return nil, err
			}
			return []Check{littleCheck(runs[0][0], 0.01)}, nil
		},
	}
}

// containerYAML is one function of exponential 1 s durations on a fleet of
// AWS Fargate replicas.
func containerYAML(name string, seed, reps int, warmup, horizon time.Duration, arrival, platform string) string {
	return oneFunctionYAML(name, seed, reps, warmup, horizon, arrival, "{dist: exponential, mean: 1s}",
		"name: fleet\n    kind: container\n    preset: aws-fargate-x86\n    "+platform)
}

// erlangCCase: a fixed fleet of c single-slot replicas with an unbounded
// FIFO queue, Poisson arrivals and exponential service is M/M/c:
// P(wait > 0) = C(c, a), W_q = C(c, a) / (c mu - lambda). Least-outstanding
// routing keeps every replica busy while anyone waits, so the fleet is
// work-conserving like one pool. The allowed standard errors (0.8% of
// P(wait), 2.5% of W_q) are two to three times what 16 x 20,000 s give
// near 80-85% load, where waits are strongly autocorrelated.
func erlangCCase(c int, lambda float64) Case {
	pWait := analytic.ErlangC(c, lambda)
	wq := pWait / (float64(c) - lambda)
	return Case{
		Name:  fmt.Sprintf("theory/erlang-c/c%d-a%g", c, lambda),
		Group: Theory,
		Reference: fmt.Sprintf("M/M/%d at a = %g: P(wait) = Erlang C = %.5f, W_q = C / (c mu - lambda) = %.5f s "+
			"(fixed container fleet, one slot a replica, unbounded queue)", c, lambda, pWait, wq),
		Source: "Kleinrock, Queueing Systems vol. 1 (1975), eqs. 3.40 and 3.43; Gross and Harris, Fundamentals of Queueing Theory, section 2.3",
		Slow:   true,
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			y := containerYAML("erlang-c", 20261127, 16, 500*time.Second, 20500*time.Second,
				fmt.Sprintf("{process: poisson, rate_per_s: %g}", lambda),
				fmt.Sprintf("replica: {vcpu: 1, memory_gb: 2, slots: 1}\n    scaling: {policy: fixed, replicas: %d}", c))
			_, runs, err := simulate(ctx, workers, "erlang-c", y)
			if err != nil {
				return nil, err
			}
			pw := perRun(runs, func(r metrics.Run) float64 { return float64(r.Waited) / float64(r.Completed) })
			w := perRun(runs, func(r metrics.Run) float64 { return r.Wait.Mean() / 1000 })
			return []Check{
				replicated("P(wait)", pw, pWait, 0.008*pWait, "0.8% of the reference"),
				replicated("mean wait (s)", w, wq, 0.025*wq, "2.5% of the reference"),
			}, nil
		},
	}
}

func littleContainerCase(label, arrival, platform string, horizon time.Duration) Case {
	return Case{
		Name:      "theory/little/container-" + label,
		Group:     Theory,
		Reference: "Little's law L = lambda x W (mean requests in the system = throughput x mean latency), containers: " + label,
		Source:    "Little, Operations Research 9(3), 1961",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			y := containerYAML("little", 3, 1, 100*time.Second, horizon, arrival, platform)
			_, runs, err := simulate(ctx, workers, "little", y)
			if err != nil {
				return nil, err
			}
			r := runs[0][0]
			c := littleCheck(r, 0.005)
			// A case in which nothing waits, is rejected or starts cold
			// tests nothing.
			c.Tolerance.Words += ", with some requests waiting and some rejected or cold"
			if r.Waited == 0 || r.Rejected+r.ColdStarts == 0 {
				c.Status = Fail
			}
			return []Check{c}, nil
		},
	}
}

func theoryCases() []Case {
	ln, lnMean := lognormalSigma1()
	return []Case{
		erlangBCase(20, 18, "{dist: exponential, mean: 1s}", 1, "exponential"),
		erlangBCase(5, 3, ln, lnMean, "lognormal"),
		erlangCCase(5, 4),
		erlangCCase(20, 17),
		mgInfinityCase("exponential-2s", 5, "{dist: exponential, mean: 2s}", 2),
		mgInfinityCase("lognormal-median1s-p99-10s", 5, "{dist: lognormal, median: 1s, p99: 10s}",
			math.Exp(math.Pow(math.Log(10)/2.3263478740408408, 2)/2)),
		mgInfinityCase("deterministic-300ms", 20, "{dist: deterministic, value: 300ms}", 0.3),
		coldTTLCase(0.05, 20*time.Second),
		coldTTLCase(0.5, 4*time.Second),
		coldTTLCase(0.01, 600*time.Second),
		littleFaaSCase("queue-behind-account-limit",
			"keep_alive: {policy: fixed, ttl: 1m}\n    concurrency: {account_limit: 8}\n    on_limit: queue"),
		littleFaaSCase("cold-starts-reject",
			"keep_alive: {policy: fixed, ttl: 2s}\n    concurrency: {account_limit: 10}\n    on_limit: reject"),
		littleFaaSCase("concurrency-4-per-instance",
			"keep_alive: {policy: fixed, ttl: 5s}\n    concurrency: {per_instance: 4, max_instances: 3}\n    on_limit: queue"),
		littleContainerCase("fixed-fleet-93pct-load", "{process: poisson, rate_per_s: 2.8}",
			"replica: {vcpu: 1, memory_gb: 2, slots: 1}\n    scaling: {policy: fixed, replicas: 3}\n    queue_limit: 10", 5000*time.Second),
		littleContainerCase("autoscaling-mmpp-2-10-per-s", "{process: mmpp, rate_per_s: 2, burst_rate_per_s: 10, burst_mean: 10m, quiet_mean: 10m}",
			"replica: {vcpu: 1, memory_gb: 2, slots: 4, startup: 30s}\n    scaling: {policy: target, metric: cpu, target: 0.6, min: 1, max: 20}", 20000*time.Second),
	}
}
