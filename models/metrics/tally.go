package metrics

import "faassim/sim"

// Tally is what a platform model records while it runs, over the
// statistics window [from, to): requests by fate (counted by arrival, so
// the warm-up's are left out), end-to-end latency and wait, and the live,
// busy, running and in-system levels. Every platform model keeps one; Run
// turns it into the replication's record.
type Tally struct {
	Requests, Completed, Rejected, TimedOut, ColdStarts int64
	// CutAtTimeout counts the timed-out requests whose execution reached
	// the function's own timeout: the function's doing, not overload.
	CutAtTimeout int64
	// InFlight is the requests of the window still waiting or running at
	// its end, counted by the model when it closes the record: with the
	// other fates it adds up to Requests.
	InFlight int64
	// Waited counts the completed requests of the window whose wait (as
	// Wait measures it) was longer than zero: P(wait) of Erlang C.
	Waited        int64
	Latency, Wait *Sketch
	// Live and Busy count instances (with one request or more in flight);
	Live, Busy Level
	// InSystem is the time requests spend queued, starting or running
	// (Little's L over the window).
	InSystem Span
	// ColdInSystem is the part of InSystem spent by requests that met a
	// cold start, from arrival to end: with one request per instance, the
	// busy time of instances serving cold requests (the semi-Markov model's
	// cold running servers).
	ColdInSystem Span
	// Running is the time of executions, Init that of the INIT phases of
	// cold starts (not their platform overhead): measured whatever the
	// product bills, so that a bill can be checked against them.
	Running, Init Span
	// Execution, when not nil, records each execution's length (ms) of the
	// window's requests: Lambda's logged Duration, for comparing a run with
	// observed logs. Nil unless the model was asked for it.
	Execution *Sketch
	// Backlog records the queue, arrivals and losses bucket by bucket, to
	// judge overload (see Overload).
	Backlog Backlog
	// Apps, when not nil, is the per-application record (see AppCount),
	// filled by the model; idle periods go in with AddIdle over the
	// tally's window.
	Apps []AppCount
	// ByInstances counts the window's requests by the instances of their
	// function when they arrived (see ArriveIn); nil from models that
	// keep none.
	ByInstances ByInstances

	from, to sim.Time
	timeline *Recorder
}

// NewTally returns an empty tally over [from, to); timeline, when not nil,
// also receives the instance levels bucket by bucket.
func NewTally(from, to sim.Time, timeline *Recorder) Tally {
	t := Tally{
		Latency: NewSketch(), Wait: NewSketch(),
		Live: NewLevel(from, to), Busy: NewLevel(from, to), Running: NewSpan(from, to), Init: NewSpan(from, to), InSystem: NewSpan(from, to), ColdInSystem: NewSpan(from, to),
		from: from, to: to, timeline: timeline,
		Backlog: NewBacklog(from, to),
	}
	// The time at each count: instances.distribution and
	// running_distribution.
	t.Live.RecordTimes()
	t.Busy.RecordTimes()
	if timeline != nil {
		t.Live.Track(timeline.Live)
		t.Busy.Track(timeline.Busy)
	}
	return t
}

// Close ends the levels at the end of the window; call it once.
func (t *Tally) Close() {
	t.Live.Close(t.to)
	t.Busy.Close(t.to)
	t.Backlog.Close()
}

// Run returns the replication's record; call it after Close.
func (t *Tally) Run() Run {
	// A copy, so that the run does not hold the model (and its instances)
	// alive through a pointer into its tally.
	backlog := t.Backlog
	return Run{
		Requests: t.Requests, Completed: t.Completed, Rejected: t.Rejected,
		TimedOut: t.TimedOut, CutAtTimeout: t.CutAtTimeout, InFlight: t.InFlight, ColdStarts: t.ColdStarts, Waited: t.Waited,
		Latency: t.Latency, Wait: t.Wait, Execution: t.Execution,
		InstanceSeconds: t.Live.Integral(), BusySeconds: t.Busy.Integral(), RunningSeconds: t.Running.Seconds(), InitSeconds: t.Init.Seconds(),
		InSystemSeconds: t.InSystem.Seconds(), ColdBusySeconds: t.ColdInSystem.Seconds(),
		PeakInstances: t.Live.Max(),
		WindowS:       (t.to - t.from).Seconds(),
		Timeline:      t.timeline.Timeline(),
		Overload:      t.Backlog.overload(),
		Backlog:       &backlog,
		Apps:          t.Apps,
		ByInstances:   t.ByInstances,
		LiveTimes:     t.Live.Times(),
		BusyTimes:     t.Busy.Times(),
	}
}

// AddIdle adds an idle period [start, end) of an instance of memMB to app's
// record, clipped to the window.
func (t *Tally) AddIdle(app int32, start, end sim.Time, memMB int) {
	t.Apps[app].AddIdle(start, end, t.from, t.to, memMB)
}
