package metrics

import (
	"fmt"
	"math"
	"strings"
	"time"

	"faassim/sim"
)

// saturation judges a platform over its runs (see Overload): saturated if
// any run is, from the earliest time any run was, with one warning per test
// that fired saying what it saw.
func saturation(runs []Run) (saturated bool, atS *float64, warnings []string) {
	var j saturationJudge
	for _, r := range runs {
		j.add(r)
	}
	return j.verdict()
}

// saturationTests are the overload tests, each saying when it fired in a
// run and what it saw.
var saturationTests = [...]struct {
	fired func(Run) (sim.Time, bool)
	say   func(Run, sim.Time) string
}{
	{growthFired, growthWarning},
	{lossFired, lossWarning},
	{backlogFired, backlogWarning},
}

// saturationJudge judges runs as they come, in replication order, keeping
// per test only how many runs it fired in and the earliest of them (the
// first such replication on a tie), so memory does not grow with the runs.
type saturationJudge struct {
	runs  int
	tests [len(saturationTests)]struct {
		fired    int
		at       sim.Time
		earliest Run // without its sketches and records: the warning reads counts and Overload
	}
}

func (j *saturationJudge) add(r Run) {
	j.runs++
	for i, t := range saturationTests {
		when, ok := t.fired(r)
		if !ok {
			continue
		}
		st := &j.tests[i]
		st.fired++
		if st.fired == 1 || when < st.at {
			st.at = when
			st.earliest = Run{Requests: r.Requests, Rejected: r.Rejected, TimedOut: r.TimedOut,
				CutAtTimeout: r.CutAtTimeout, Overload: r.Overload}
		}
	}
}

func (j *saturationJudge) verdict() (saturated bool, atS *float64, warnings []string) {
	first := sim.Never
	for i, t := range saturationTests {
		st := j.tests[i]
		if st.fired == 0 {
			continue
		}
		w := t.say(st.earliest, st.at)
		if j.runs > 1 {
			w += fmt.Sprintf(" (in %d of %d replications; figures of the earliest)", st.fired, j.runs)
		}
		warnings = append(warnings, w)
		first = min(first, st.at)
	}
	if len(warnings) == 0 {
		return false, nil, nil
	}
	s := first.Seconds()
	return true, &s, warnings
}

func growthFired(r Run) (sim.Time, bool) { return r.Overload.GrewAt, r.Overload.Grew > 0 }

func growthWarning(r Run, at sim.Time) string {
	o := r.Overload
	noise := ""
	if o.Noise > 0 {
		noise = fmt.Sprintf(", %.3g times the noise of a stable queue", o.Growth/o.Noise)
	}
	return fmt.Sprintf("saturated: offered work exceeded capacity; the queue grew through %d of %d buckets of %s, "+
		"the first from %s after the start (by %.0f requests waiting%s)",
		o.Grew, o.Buckets, bucketSpan(o.BucketS), clock(at), o.Growth, noise)
}

// lossFired: a bucket losing significantly more than 1%, or more than 1%
// of the run's requests lost.
func lossFired(r Run) (sim.Time, bool) {
	o := r.Overload
	at, ok := sim.Never, false
	if o.Lossy > 0 {
		at, ok = o.LossyAt, true
	}
	if r.Requests > 0 && float64(lost(r)) > lossShare*float64(r.Requests) {
		at, ok = min(at, max(o.OverAt, o.From)), true
	}
	return at, ok
}

// lost counts the requests a platform failed for want of capacity:
// rejected, or timed out waiting or behind a load balancer. Runs cut at
// the function's own timeout are the function's doing and do not count.
func lost(r Run) int64 { return r.Rejected + r.TimedOut - r.CutAtTimeout }

func lossWarning(r Run, at sim.Time) string {
	o := r.Overload
	var parts []string
	if r.Requests > 0 && float64(lost(r)) > lossShare*float64(r.Requests) {
		parts = append(parts, fmt.Sprintf("lost %.2f%% of requests (%d rejected, %d timed out waiting), more than 1%%",
			100*float64(lost(r))/float64(r.Requests), r.Rejected, r.TimedOut-r.CutAtTimeout))
	}
	if o.Lossy > 0 {
		parts = append(parts, fmt.Sprintf("lost more than 1%% of the requests arriving in %d of %d buckets of %s",
			o.Lossy, o.Buckets, bucketSpan(o.BucketS)))
	}
	return fmt.Sprintf("saturated: %s, the first from %s after the start", strings.Join(parts, "; "), clock(at))
}

// backlogFired: more than 1% of the requests still waiting at the horizon.
func backlogFired(r Run) (sim.Time, bool) {
	o := r.Overload
	return max(o.Since, o.From), r.Requests > 0 && float64(o.Waiting) > lossShare*float64(r.Requests)
}

func backlogWarning(r Run, at sim.Time) string {
	return fmt.Sprintf("saturated: %d requests (%.2f%% of the window's) still waiting at the horizon, more than 1%%; "+
		"the queue has not emptied since %s after the start", r.Overload.Waiting,
		100*float64(r.Overload.Waiting)/float64(r.Requests), clock(at))
}

// clock formats a time from the start of the run to the second ("13h5m0s").
func clock(t sim.Time) string { return ShortDuration(t.Duration().Round(time.Second).Seconds()) }

// bucketSpan names a bucket's length to the second ("4m57s", not
// "4m56.875s"): buckets are the window cut in equal parts.
func bucketSpan(s float64) string { return ShortDuration(math.Round(s)) }
