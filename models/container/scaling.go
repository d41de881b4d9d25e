package container

import (
	"faassim/models/internal/deque"
	"math"

	"faassim/models/metrics"
	"faassim/sim"
)

// autoscaler is the HPA-like controller's memory: the load and capacity
// integrated over the current sync period, and the recommendations of the
// scale-down stabilization window.
type autoscaler struct {
	// load is requests running on ready, non-draining replicas; capacity is
	// the number of those replicas. Their integrals over a period give the
	// period's average metric, as metrics-server reports a usage averaged
	// over its window rather than an instantaneous sample (which would make
	// scaling depend on where a sync happens to fall within a burst).
	load, capacity metrics.Level
	since          sim.Time // start of the current period
	recs           deque.Deque[recommendation]
}

type recommendation struct {
	at sim.Time
	n  int
}

func (a *autoscaler) init(now sim.Time) {
	a.load = metrics.NewLevel(now, sim.Never)
	a.capacity = metrics.NewLevel(now, sim.Never)
	a.since = now
}

// period returns the average load and capacity since the last call and
// starts a new period at now.
func (a *autoscaler) period(now sim.Time) (load, capacity float64) {
	span := (now - a.since).Seconds()
	a.since = now
	restart := func(l *metrics.Level) float64 {
		l.Close(now)
		avg, v := l.Integral()/span, l.Value()
		*l = metrics.NewLevel(now, sim.Never)
		l.Add(now, v)
		return avg
	}
	return restart(&a.load), restart(&a.capacity)
}

// record remembers recommendation n made at now, forgetting those made at
// or before cutoff (HPA keeps the ones with a timestamp after now - window),
// so the memory holds about window/Sync entries whatever the horizon.
func (a *autoscaler) record(now, cutoff sim.Time, n int) {
	for a.recs.Len() > 0 && a.recs.Front().at <= cutoff {
		a.recs.PopFront()
	}
	a.recs.PushBack(recommendation{at: now, n: n})
}

// highest returns the highest recommendation remembered.
func (a *autoscaler) highest() int {
	n := 0
	for _, r := range a.recs.All() {
		n = max(n, r.n)
	}
	return n
}

// sync is the HPA loop (kubernetes.io, "Horizontal Pod Autoscaling",
// algorithm details), run every Sync period:
//
//  1. metric = average load / (average ready replicas x units per replica)
//     over the period (see Metric for the units);
//  2. if |metric/Target - 1| <= Tolerance, or no replica was ready during
//     the whole period (no data), the recommendation is the current count;
//     else it is ceil(average ready x metric / Target) = ceil(average load /
//     (units x Target)), so starting replicas count as idle, as HPA treats
//     unready pods when scaling up;
//  3. the recommendation is clamped to [Min, Max] and remembered;
//  4. above the current count the service scales up at once; below it,
//     only down to the highest recommendation of the stabilization window.
//
// HPA's rate limits on scale-up (100% or 4 pods per 15 s) are not modelled:
// the recommendation grows at most by 1/Target a period anyway, because the
// load cannot exceed the ready replicas' slots.
func (s *Service) sync(now sim.Time) {
	sc := &s.cfg.Scaling
	s.eng.Schedule(now+sc.Sync, s.onSync, 0)
	load, capacity := s.hpa.period(now)
	rec := s.desired
	if capacity > 0 {
		units := s.cfg.unitsPerReplica()
		metric := load / (capacity * units)
		if math.Abs(metric/sc.Target-1) > sc.Tolerance {
			// The relative slack keeps an exact quotient from rounding up
			// a whole replica (1.4/0.7 is 2.0000000000000004 in floats)
			// while any load, however small, still rounds up to 1.
			x := load / (units * sc.Target)
			rec = int(math.Ceil(x - x*1e-12))
		}
	}
	rec = min(max(rec, sc.Min), sc.Max)
	s.hpa.record(now, now-sc.ScaleDownStabilization, rec)
	want := rec
	if rec < s.desired {
		want = min(s.desired, s.hpa.highest())
	}
	if want == 0 && s.queue.Len() > 0 {
		// Queued requests keep one replica, or nothing would serve them
		// (an arrival activates a replica only when none is left).
		want = 1
	}
	s.scaleTo(now, want)
}

// activate launches one replica for a request that arrived with none live
// or starting (Min 0). HPA cannot scale from zero; this is what an
// activator (KEDA, Knative) does, and without it the request would wait
// forever. The activation counts as a recommendation of 1, so the replica
// stays at least one stabilization window.
func (s *Service) activate(now sim.Time) {
	s.hpa.record(now, now-s.cfg.Scaling.ScaleDownStabilization, 1)
	s.scaleTo(now, 1)
}

func (s *Service) scaleTo(now sim.Time, want int) {
	if want == s.desired {
		return
	}
	if s.log != nil {
		s.log(Event{At: now, Kind: Scaled, Function: -1, Replicas: want})
	}
	for s.desired < want {
		s.start(now)
	}
	for s.desired > want {
		s.retire(now)
	}
}
