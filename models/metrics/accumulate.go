package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/sim"
)

// Accumulator summarizes one platform's runs as they come, one replication
// at a time, into its Platform result (see Summarize for what each figure
// is). It keeps sums, merged sketches and one running mean and variance per
// interval metric, never the runs, so thousands of short replications take
// the memory of one. Runs must be added in replication order for results to
// be identical however they were simulated: sums of floating-point numbers
// depend on their order.
type Accumulator struct {
	monthS float64
	n      int
	sum    Run // counts, seconds and costs added; PeakInstances the highest

	latency, wait, execution Sketch
	recorded                 bool // some run recorded its executions

	instMean, perMonth float64 // sums of per-run values
	ci                 [len(ci95Keys)]meanVar

	timeline  timelineSum
	sat       saturationJudge
	apps      []AppCount
	decisions KeepAliveDecisions
	decided   bool // some run had keep-alive decisions

	dist countPool // instances.distribution, running_distribution
	// byState pools the requests by the instances they found (nil until
	// a run has some, so that Plus never writes into a run's slice).
	byState ByInstances
}

// NewAccumulator returns an empty accumulator projecting costs to month
// (pricing.DefaultMonth unless the scenario chose another). A month that is
// not positive is a programming error and panics.
func NewAccumulator(month sim.Time) *Accumulator {
	if month <= 0 {
		panic(fmt.Sprintf("metrics: NewAccumulator with a month of %v", month))
	}
	return &Accumulator{monthS: month.Seconds()}
}

// Runs is how many runs were added.
func (a *Accumulator) Runs() int { return a.n }

// Add folds the next replication's run in. The run's sketches are read,
// not kept: the caller may drop the run afterwards.
func (a *Accumulator) Add(r Run) {
	a.n++
	s := &a.sum
	s.Requests += r.Requests
	s.Completed += r.Completed
	s.Rejected += r.Rejected
	s.TimedOut += r.TimedOut
	s.InFlight += r.InFlight
	s.ColdStarts += r.ColdStarts
	s.InstanceSeconds += r.InstanceSeconds
	s.BusySeconds += r.BusySeconds
	s.RunningSeconds += r.RunningSeconds
	s.CutAtTimeout += r.CutAtTimeout
	s.PeakInstances = max(s.PeakInstances, r.PeakInstances)
	s.Cost = s.Cost.Plus(r.Cost)
	a.latency.Merge(r.Latency)
	a.wait.Merge(r.Wait)
	if r.Execution != nil {
		a.recorded = true
		a.execution.Merge(r.Execution)
		s.BilledGBSeconds += r.BilledGBSeconds
	}
	a.instMean += ratio(r.InstanceSeconds, r.WindowS)
	a.perMonth += monthly(r, a.monthS)
	for i, v := range perRun(r, a.monthS) {
		a.ci[i].add(v)
	}
	a.timeline.add(r.Timeline)
	a.sat.add(r)
	a.apps = addApps(a.apps, r.Apps)
	if d := r.KeepAliveDecisions; d != nil {
		a.decided = true
		a.decisions.Trusted += d.Trusted
		a.decisions.Prewarmed += d.Prewarmed
		a.decisions.FewIdleTimes += d.FewIdleTimes
		a.decisions.BeyondRange += d.BeyondRange
		a.decisions.SpreadOut += d.SpreadOut
	}
	a.dist.add(r)
	a.byState = a.byState.Plus(r.ByInstances)
}

// Platform returns the summary of the runs added so far, named name, of
// kind kind; no runs gives a Platform with only Name and Kind set. It does
// not change the accumulator: more runs may be added and Platform asked
// again.
func (a *Accumulator) Platform(name, kind string) Platform {
	p := Platform{Name: name, Kind: kind}
	if a.n == 0 {
		return p
	}
	n := float64(a.n)
	s := a.sum
	meanCount := func(c int64) int64 { return int64(math.Round(float64(c) / n)) }
	p.Requests = meanCount(s.Requests)
	fates := largestRemainder(p.Requests, a.n, s.Completed, s.Rejected, s.TimedOut, s.InFlight)
	p.Completed, p.Rejected, p.TimedOut, p.InFlight = fates[0], fates[1], fates[2], fates[3]
	p.ColdStarts = meanCount(s.ColdStarts)
	p.ColdStartRatio = coldRatio(s)
	p.LatencyMS = a.latency.Summary()
	if a.latency.Count() > 0 {
		for _, q := range cdfQuantiles {
			p.LatencyCDF = append(p.LatencyCDF, [2]float64{a.latency.Quantile(q), q})
		}
	}
	p.Timeline = a.timeline.mean()
	p.WaitMS = a.wait.Summary()
	if a.recorded {
		p.Execution = &Execution{DurationMS: a.execution.Summary(), BilledGBSeconds: s.BilledGBSeconds / n}
	}
	p.Instances = Instances{Mean: a.instMean / n, Max: s.PeakInstances}
	a.dist.fill(&p.Instances)
	if a.byState.total() == s.Requests {
		// Else some run kept no such record (a shard file written before
		// it existed): the states would not be the window's requests.
		p.ColdStartByInstances = a.byState.Summary(a.n)
	}
	p.InstanceSeconds = InstanceSeconds{
		Busy: s.BusySeconds / n,
		Idle: (s.InstanceSeconds - s.BusySeconds) / n,
	}
	p.Utilization = ratio(s.BusySeconds, s.InstanceSeconds)
	p.CostUSD = scaleCost(s.Cost, 1/n)
	p.CostPerMillionRequestsUSD = ratio(s.Cost.Total, float64(s.Requests)) * 1e6
	p.MonthlyCostUSD = a.perMonth / n
	p.MeanExecutionMS = 1000 * ratio(s.RunningSeconds, float64(s.Completed+s.CutAtTimeout))
	if a.n > 1 {
		p.CI95 = make(map[string][2]float64, len(ci95Keys))
		for i, k := range ci95Keys {
			lo, hi := a.ci[i].studentT95()
			p.CI95[k] = [2]float64{lo, hi}
		}
	}
	p.Saturated, p.SaturatedAtS, p.Warnings = a.sat.verdict()
	p.Apps = appsOf(a.apps, a.n)
	if a.decided {
		mean := func(x int64) int64 { return int64(math.Round(float64(x) / n)) }
		d := a.decisions
		p.KeepAliveDecisions = &KeepAliveDecisions{Trusted: mean(d.Trusted), Prewarmed: mean(d.Prewarmed),
			FewIdleTimes: mean(d.FewIdleTimes), BeyondRange: mean(d.BeyondRange), SpreadOut: mean(d.SpreadOut)}
	}
	return p
}

// TopApps is TopApps of the runs added so far.
func (a *Accumulator) TopApps(n int) []TopApp { return topApps(a.apps, a.n, n) }

// meanVar is a running mean and sum of squared deviations (Welford,
// "Note on a method for calculating corrected sums of squares and
// products", Technometrics 4(3), 1962): one pass, numerically stable, and
// O(1) memory however many replications.
type meanVar struct {
	n        int
	mean, m2 float64
}

func (m *meanVar) add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

// studentT95 is the 95% confidence interval of the mean: mean ± t(0.975,
// n-1) s/sqrt(n), s the sample standard deviation; [mean, mean] with fewer
// than two values (no spread can be estimated), [0, 0] with none.
func (m meanVar) studentT95() (lo, hi float64) {
	if m.n < 2 {
		return m.mean, m.mean
	}
	n := float64(m.n)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	half := t * math.Sqrt(m.m2/(n-1)) / math.Sqrt(n)
	return m.mean - half, m.mean + half
}
