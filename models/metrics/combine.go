package metrics

import (
	"fmt"
	"math"
)

// CombineParts adds the records of one replication of a platform run in
// parts over disjoint sets of functions (function shards) into the run of
// all of them, as far as functions do not interact: counts, integrals and
// billed GB-seconds add, sketches merge (exactly: see Sketch.Merge),
// timelines add bucket by bucket (their levels are time averages, which
// add), per-app records are listed part after part, keep-alive decisions
// add. Sums of floats are taken in part order, so they may differ from
// the whole run's in the last bits.
//
// What depends on the sum of the parts at one instant cannot be exact:
// PeakInstances is the sum of the parts' peaks (callers with finer
// records replace it), and overload is judged on the parts' backlogs
// added bucket by bucket, where a bucket's highest queue of its first
// quarter and lowest of its last are bounded by the sums of the parts'
// (the growth test then sees at most the true growth). The time at each
// instance count (LiveTimes, BusyTimes) is left nil, so the results give
// no distribution: the distribution of a sum of levels depends on how the
// parts' levels coincide in time, which their own distributions do not
// record (two parts each at 1 instance half the time sum to 1 always, or
// to 0 and 2, alike). One part is the run itself and keeps its times. exact reports
// whether that bound was needed: false when some part had a queue. Cost
// is the sum of the parts' costs; callers that bill recompute it from
// merged usage.
func CombineParts(parts []Run) (run Run, exact bool, err error) {
	if len(parts) == 0 {
		return Run{}, true, fmt.Errorf("metrics: CombineParts of no part")
	}
	exact = true
	out := Run{WindowS: parts[0].WindowS}
	var lat, wait, exec *Sketch
	merge := func(dst **Sketch, s *Sketch) {
		if s == nil {
			return
		}
		if *dst == nil {
			*dst = NewSketch()
		}
		(*dst).Merge(s)
	}
	var backlogs []*Backlog
	for i, p := range parts {
		if p.WindowS != out.WindowS {
			return Run{}, false, fmt.Errorf("metrics: part %d covers a window of %v s, part 0 %v s", i, p.WindowS, out.WindowS)
		}
		out.Requests += p.Requests
		out.Completed += p.Completed
		out.Rejected += p.Rejected
		out.TimedOut += p.TimedOut
		out.InFlight += p.InFlight
		out.ColdStarts += p.ColdStarts
		out.CutAtTimeout += p.CutAtTimeout
		out.Waited += p.Waited
		out.BilledGBSeconds += p.BilledGBSeconds
		out.InstanceSeconds += p.InstanceSeconds
		out.BusySeconds += p.BusySeconds
		out.RunningSeconds += p.RunningSeconds
		out.InitSeconds += p.InitSeconds
		out.InSystemSeconds += p.InSystemSeconds
		out.ColdBusySeconds += p.ColdBusySeconds
		out.PeakInstances += p.PeakInstances
		out.Cost = out.Cost.Plus(p.Cost)
		merge(&lat, p.Latency)
		merge(&wait, p.Wait)
		merge(&exec, p.Execution)
		if out.Timeline, err = addTimeline(out.Timeline, p.Timeline); err != nil {
			return Run{}, false, fmt.Errorf("metrics: part %d: %w", i, err)
		}
		out.Apps = append(out.Apps, p.Apps...)
		// A request's state is the instances of its own function's pool,
		// and a pool is never cut between parts (function shards keep an
		// app whole where instances are per app): each request's state is
		// the whole run's, so the states add exactly. Not the platform's
		// total instances, which no part knows.
		out.ByInstances = out.ByInstances.Plus(p.ByInstances)
		if d := p.KeepAliveDecisions; d != nil {
			if out.KeepAliveDecisions == nil {
				out.KeepAliveDecisions = &KeepAliveDecisions{}
			}
			s := out.KeepAliveDecisions
			s.Trusted += d.Trusted
			s.Prewarmed += d.Prewarmed
			s.FewIdleTimes += d.FewIdleTimes
			s.BeyondRange += d.BeyondRange
			s.SpreadOut += d.SpreadOut
		}
		if p.Backlog == nil {
			return Run{}, false, fmt.Errorf("metrics: part %d has no backlog record", i)
		}
		backlogs = append(backlogs, p.Backlog)
	}
	out.Latency, out.Wait, out.Execution = lat, wait, exec
	if len(parts) == 1 {
		out.LiveTimes, out.BusyTimes = parts[0].LiveTimes, parts[0].BusyTimes
	}
	b, queued, err := addBacklogs(backlogs)
	if err != nil {
		return Run{}, false, err
	}
	out.Backlog = b
	out.Overload = b.overload()
	return out, !queued, nil
}

// addTimeline adds t to sum bucket by bucket (a copy: sum starts nil).
func addTimeline(sum, t *Timeline) (*Timeline, error) {
	if t == nil {
		return sum, nil
	}
	if sum == nil {
		c := *t
		for _, s := range []*[]float64{&c.Instances, &c.BusyInstances, &c.Requests, &c.ColdStarts, &c.Rejected} {
			*s = append([]float64(nil), *s...)
		}
		return &c, nil
	}
	if t.StartS != sum.StartS || t.StepS != sum.StepS || len(t.Instances) != len(sum.Instances) {
		return nil, fmt.Errorf("timelines of different buckets (%v s from %v s, %d of them; %v s from %v s, %d)",
			sum.StepS, sum.StartS, len(sum.Instances), t.StepS, t.StartS, len(t.Instances))
	}
	for _, p := range [][2][]float64{{sum.Instances, t.Instances}, {sum.BusyInstances, t.BusyInstances},
		{sum.Requests, t.Requests}, {sum.ColdStarts, t.ColdStarts}, {sum.Rejected, t.Rejected}} {
		if len(p[0]) != len(p[1]) {
			return nil, fmt.Errorf("timelines of %d and %d buckets", len(p[0]), len(p[1]))
		}
		for i := range p[0] {
			p[0][i] += p[1][i]
		}
	}
	return sum, nil
}

// addBacklogs adds backlogs over the same buckets (see CombineParts);
// queued reports that some part had requests waiting at some time, where
// the sum's first-quarter highs and last-quarter lows are only bounds.
func addBacklogs(bs []*Backlog) (sum *Backlog, queued bool, err error) {
	first := bs[0]
	n := len(first.moves)
	s := &Backlog{from: first.from, to: first.to, quarter: first.quarter, last: first.to, since: math.MaxInt64,
		firstMax: make([]int64, n), lastMin: make([]int64, n), moves: make([]int64, n),
		arrivals: make([]int64, n), losses: make([]int64, n)}
	for i, b := range bs {
		if b.from != s.from || b.to != s.to || b.quarter != s.quarter || len(b.moves) != n {
			return nil, false, fmt.Errorf("metrics: part %d's backlog has other buckets than part 0's", i)
		}
		for k := range n {
			s.firstMax[k] += b.firstMax[k]
			s.lastMin[k] += b.lastMin[k]
			s.moves[k] += b.moves[k]
			s.arrivals[k] += b.arrivals[k]
			s.losses[k] += b.losses[k]
			queued = queued || b.firstMax[k] > 0 || b.moves[k] > 0
		}
		if b.waiting > 0 {
			// The sum has been non-empty at least since this part's
			// queue last became non-empty: a bound (maybe later).
			s.since = min(s.since, b.since)
		}
		s.waiting += b.waiting
		s.served += b.served
		s.runS += b.runS
		s.runSqS += b.runSqS
	}
	if s.waiting == 0 {
		s.since = 0
	}
	return s, queued, nil
}
