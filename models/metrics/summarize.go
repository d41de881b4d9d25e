package metrics

import "faassim/sim"

// cdfQuantiles are where the latency CDF is sampled for plots: evenly in
// the body, denser in the tail where FaaS and containers differ.
var cdfQuantiles = []float64{0, 0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65,
	0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9995, 0.9999, 1}

// Run is the raw record of one platform in one replication, covering the
// measured window only (after the warm-up).
type Run struct {
	// Every request of the window has one fate: Requests = Completed +
	// Rejected + TimedOut + InFlight.
	Requests, Completed, Rejected, TimedOut, InFlight, ColdStarts int64
	// CutAtTimeout is the part of TimedOut whose execution reached the
	// function's own timeout (not a loss to overload).
	CutAtTimeout int64
	// Latency is end to end (wait + cold start + run); Wait is queueing plus
	// cold-start wait. Either may be nil when nothing was recorded.
	Latency, Wait *Sketch
	// Execution is the executions' lengths, when recorded (see
	// Tally.Execution); BilledGBSeconds the on-demand GB-seconds billed.
	Execution       *Sketch
	BilledGBSeconds float64
	// InstanceSeconds is live instance time, BusySeconds the busy part of
	// it; RunningSeconds is execution time summed over executions, which
	// per-invocation billing bills (with InitSeconds where INIT is billed).
	InstanceSeconds, BusySeconds, RunningSeconds float64
	// InitSeconds is the INIT phases of cold starts in the window.
	InitSeconds float64
	// Waited counts the completed requests whose wait was above zero.
	Waited int64
	// InSystemSeconds is the time requests spent in the system (queued,
	// starting or running) within the window: Little's L times WindowS.
	// ColdBusySeconds is the part of it spent by requests that met a cold
	// start (see Tally.ColdInSystem).
	InSystemSeconds, ColdBusySeconds float64
	PeakInstances                    int64
	// WindowS is the measured window in seconds (horizon minus warm-up).
	WindowS float64
	Cost    Cost
	// Timeline is recorded only when asked for (nil otherwise).
	Timeline *Timeline
	// Overload is the bucket-by-bucket record saturation is judged on.
	Overload Overload
	// Backlog is the raw record Overload was judged from, which function
	// shards add up to judge their sum (nil from models that keep none).
	Backlog *Backlog
	// Apps is the per-application record, one entry per app in the same
	// order in every replication of a platform; nil unless recorded (FaaS
	// platforms asked for it).
	Apps []AppCount
	// KeepAliveDecisions is a hybrid keep-alive's record (nil for other
	// policies).
	KeepAliveDecisions *KeepAliveDecisions
	// LiveTimes and BusyTimes are the time the live and the busy
	// instance levels spent at each count in the window (nil from models
	// that keep none): instances.distribution and running_distribution.
	LiveTimes, BusyTimes CountTimes
	// ByInstances counts the window's requests by the number of instances
	// of their function when they arrived (nil from models that keep
	// none): cold_start_by_instances.
	ByInstances ByInstances
}

// Summarize turns the runs of one platform, one per replication, into its
// Platform result, projecting costs to month (the month the runs were
// billed with: pricing.DefaultMonth unless the scenario chose another). No
// runs gives a Platform with only Name and Kind set. It feeds the runs, in
// order, to an Accumulator, which a runner with many replications uses
// directly so as not to keep them.
//
//   - Counts are the per-replication mean rounded to the nearest integer
//     (exact with one run). The fates are rounded together so that
//     requests = completed + rejected + timed_out + in_flight holds as
//     printed: requests is its mean rounded half up, each fate gets its mean
//     rounded down, and the units still missing go to the fates with the
//     largest remainders (ties in that order), the largest-remainder
//     method; it needs each run's fates to add up to its requests.
//   - Latency and wait percentiles come from the merge of every run's sketch:
//     pooled over replications, not averaged (averaging percentiles has no
//     meaning; merging sketches is exact).
//   - cold_start_ratio is cold starts / (requests - rejected): the share of
//     the requests admitted to the platform that met a cold start, pooled over
//     runs. Utilization is busy / live instance-seconds, cost per million
//     requests is cost / requests, both pooled; each is 0 when its
//     denominator is.
//   - instances.mean is the mean of InstanceSeconds/WindowS, instances.max
//     the highest PeakInstances; instance-seconds and costs are means;
//     monthly_cost_usd is the mean of Cost.Total * month / WindowS.
//   - With more than one run, CI95 holds the Student-t 95% interval of the
//     per-run values of the headline metrics, keyed by JSON path:
//     cold_start_ratio, latency_ms.mean, latency_ms.p50, latency_ms.p99,
//     wait_ms.mean, instances.mean, utilization, rejected_ratio (rejected /
//     requests), cost_usd.total and monthly_cost_usd.
//   - apps, when the runs carry per-app records, adds each app's requests,
//     cold starts and idle memory-time over the runs, then computes its
//     cold-start percentage (see Apps); its top list is TopApps's.
//   - instances.distribution and running_distribution add the runs' times
//     at each instance count (exact), then divide by the total; absent
//     when some run has no such record (function parts merged).
//   - cold_start_by_instances adds the runs' requests, rejections and cold
//     starts by the instances found at arrival (see ByInstances.Summary);
//     absent unless the states hold every request of the runs.
func Summarize(name, kind string, runs []Run, month sim.Time) Platform {
	a := NewAccumulator(month)
	for _, r := range runs {
		a.Add(r)
	}
	return a.Platform(name, kind)
}

// largestRemainder divides total among the means sums[i]/n of counts
// that add up to total on average: each gets its mean rounded down, and
// the units left go one each to the largest remainders, the earlier on
// ties. With sum(sums)/n within 1/2 of total, what is left is between 0
// and len(sums), so every count is its mean rounded down or up.
func largestRemainder(total int64, n int, sums ...int64) []int64 {
	out := make([]int64, len(sums))
	left := total
	for i, s := range sums {
		out[i] = s / int64(n)
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := -1
		for i, s := range sums {
			if r := s % int64(n); r > 0 && (best < 0 || r > sums[best]%int64(n)) && out[i] == s/int64(n) {
				best = i
			}
		}
		if best < 0 {
			break // the runs' fates do not add up to their requests
		}
		out[best]++
	}
	return out
}

// ci95Keys names the metrics that get a confidence interval, in the order
// perRun computes them.
var ci95Keys = [...]string{
	"cold_start_ratio", "latency_ms.mean", "latency_ms.p50", "latency_ms.p99",
	"wait_ms.mean", "instances.mean", "utilization", "rejected_ratio",
	"cost_usd.total", "monthly_cost_usd",
}

// perRun computes the ci95Keys metrics of one run, in that order.
func perRun(r Run, monthS float64) [len(ci95Keys)]float64 {
	lat, wait := r.Latency, r.Wait
	if lat == nil {
		lat = &Sketch{}
	}
	if wait == nil {
		wait = &Sketch{}
	}
	return [...]float64{
		coldRatio(r), lat.Mean(), lat.Quantile(0.5), lat.Quantile(0.99),
		wait.Mean(), ratio(r.InstanceSeconds, r.WindowS),
		ratio(r.BusySeconds, r.InstanceSeconds),
		ratio(float64(r.Rejected), float64(r.Requests)),
		r.Cost.Total, monthly(r, monthS),
	}
}

// StudentT95 returns the 95% confidence interval of the mean of xs:
// mean ± t(0.975, n-1) * s / sqrt(n), s the sample standard deviation. It
// assumes the values are independent replications, roughly normal in their
// mean. Fewer than two values give [mean, mean]: no spread can be estimated.
func StudentT95(xs []float64) (lo, hi float64) {
	var m meanVar
	for _, x := range xs {
		m.add(x)
	}
	return m.studentT95()
}

// coldRatio is cold starts among admitted (not rejected) requests.
func coldRatio(r Run) float64 {
	return ratio(float64(r.ColdStarts), float64(r.Requests-r.Rejected))
}

func monthly(r Run, monthS float64) float64 { return ratio(r.Cost.Total*monthS, r.WindowS) }

// ratio is a/b, or 0 when b is not positive: JSON has no NaN or Inf.
func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// Plus adds two bills line by line: a platform billed on two price sheets
// (nodes and a control plane) costs the sum of both.
func (c Cost) Plus(o Cost) Cost {
	return Cost{
		Total:        c.Total + o.Total,
		Compute:      c.Compute + o.Compute,
		Requests:     c.Requests + o.Requests,
		Provisioned:  c.Provisioned + o.Provisioned,
		Idle:         c.Idle + o.Idle,
		Storage:      c.Storage + o.Storage,
		ControlPlane: c.ControlPlane + o.ControlPlane,
	}
}

func scaleCost(c Cost, f float64) Cost {
	return Cost{
		Total:        c.Total * f,
		Compute:      c.Compute * f,
		Requests:     c.Requests * f,
		Provisioned:  c.Provisioned * f,
		Idle:         c.Idle * f,
		Storage:      c.Storage * f,
		ControlPlane: c.ControlPlane * f,
	}
}
