package metrics

import (
	"fmt"
	"slices"

	"faassim/sim"
)

// MaxTimelinePoints bounds a timeline: a resolution that would need more
// buckets over the window is refused, so results stay small enough to save
// and plot (a day at 10 s is 8,640 points).
const MaxTimelinePoints = 10_000

// Series holds per-bucket values over the window [from, to) in steps: the
// time average of a Level (instances, busy instances) or a count per bucket
// (requests, cold starts). It is preallocated, so recording allocates
// nothing.
type Series struct {
	from, step sim.Time
	sum        []float64 // level-nanoseconds, or counts
}

// NewSeries returns a series over [from, to) with buckets of step; it
// refuses more than MaxTimelinePoints buckets.
func NewSeries(from, to, step sim.Time) (*Series, error) {
	if step <= 0 || to <= from {
		return nil, fmt.Errorf("metrics: timeline step %v over [%v, %v)", step, from, to)
	}
	n := (to - from + step - 1) / step
	if n > MaxTimelinePoints {
		return nil, fmt.Errorf("a %v timeline over %v needs %d points, more than %d: choose a coarser resolution",
			step, to-from, n, MaxTimelinePoints)
	}
	return &Series{from: from, step: step, sum: make([]float64, n)}, nil
}

// Count adds one event at time now (ignored outside the window).
func (s *Series) Count(now sim.Time) {
	if s == nil || now < s.from {
		return
	}
	if i := int((now - s.from) / s.step); i < len(s.sum) {
		s.sum[i]++
	}
}

// accrue spreads value x [start, end) over the buckets it covers.
func (s *Series) accrue(start, end sim.Time, value int64) {
	if value == 0 {
		return
	}
	start = max(start, s.from)
	for start < end {
		i := int((start - s.from) / s.step)
		if i >= len(s.sum) {
			return
		}
		bucketEnd := min(end, s.from+sim.Time(i+1)*s.step)
		s.sum[i] += float64(value) * float64(bucketEnd-start)
		start = bucketEnd
	}
}

// Averages returns each bucket's time average of a level (the last bucket
// may be shorter than a step; it is averaged over its own length).
func (s *Series) Averages(to sim.Time) []float64 {
	out := make([]float64, len(s.sum))
	for i, v := range s.sum {
		length := min(s.step, to-(s.from+sim.Time(i)*s.step))
		if length > 0 {
			out[i] = v / float64(length)
		}
	}
	return out
}

// Counts returns the per-bucket counts.
func (s *Series) Counts() []float64 { return append([]float64(nil), s.sum...) }

// Track makes the level also accumulate into s, bucket by bucket.
func (l *Level) Track(s *Series) { l.series = s }

// Timeline is a platform's series over the measured window, recorded when
// a run asks for one (--timeline). Instances and busy are time averages
// per bucket; requests, cold starts and rejections are counts per bucket.
type Timeline struct {
	StartS        float64   `json:"start_s"` // the warm-up's end
	StepS         float64   `json:"step_s"`
	Instances     []float64 `json:"instances"`
	BusyInstances []float64 `json:"busy_instances"`
	Requests      []float64 `json:"requests"`
	ColdStarts    []float64 `json:"cold_starts"`
	Rejected      []float64 `json:"rejected"`
}

// Recorder gathers a Timeline while a platform runs. A nil *Recorder
// records nothing, so models call it unconditionally.
type Recorder struct {
	to                             sim.Time
	Live, Busy                     *Series
	Requests, ColdStarts, Rejected *Series
}

// NewRecorder returns a recorder over [from, to) at resolution step.
func NewRecorder(from, to, step sim.Time) (*Recorder, error) {
	r := &Recorder{to: to}
	for _, p := range []**Series{&r.Live, &r.Busy, &r.Requests, &r.ColdStarts, &r.Rejected} {
		s, err := NewSeries(from, to, step)
		if err != nil {
			return nil, err
		}
		*p = s
	}
	return r, nil
}

// Timeline returns the recorded series; call it after the levels tracked
// into Live and Busy are closed.
func (r *Recorder) Timeline() *Timeline {
	if r == nil {
		return nil
	}
	return &Timeline{
		StartS: r.Live.from.Seconds(), StepS: r.Live.step.Seconds(),
		Instances: r.Live.Averages(r.to), BusyInstances: r.Busy.Averages(r.to),
		Requests: r.Requests.Counts(), ColdStarts: r.ColdStarts.Counts(), Rejected: r.Rejected.Counts(),
	}
}

// Count helpers that tolerate a nil recorder.
func (r *Recorder) Request(now sim.Time) {
	if r != nil {
		r.Requests.Count(now)
	}
}

// ColdStart counts a cold start at now.
func (r *Recorder) ColdStart(now sim.Time) {
	if r != nil {
		r.ColdStarts.Count(now)
	}
}

// Reject counts a rejected request at now.
func (r *Recorder) Reject(now sim.Time) {
	if r != nil {
		r.Rejected.Count(now)
	}
}

// timelineSum adds timelines (replications share the window and the
// step) bucket by bucket as runs come, in replication order: one
// timeline's memory whatever the number of runs.
type timelineSum struct {
	sum *Timeline
	n   int
}

// series lists t's series in one order, for adding and scaling them alike.
func (t *Timeline) series() []*[]float64 {
	return []*[]float64{&t.Instances, &t.BusyInstances, &t.Requests, &t.ColdStarts, &t.Rejected}
}

func (s *timelineSum) add(t *Timeline) {
	if t == nil {
		return
	}
	s.n++
	if s.sum == nil {
		c := *t
		for _, x := range c.series() {
			*x = slices.Clone(*x)
		}
		s.sum = &c
		return
	}
	from := t.series()
	for i, dst := range s.sum.series() {
		for k, v := range *from[i] {
			(*dst)[k] += v
		}
	}
}

// mean is the mean timeline of those added (nil if none had one), a copy:
// adding more afterwards does not change it.
func (s *timelineSum) mean() *Timeline {
	if s.sum == nil {
		return nil
	}
	out := *s.sum
	for _, x := range out.series() {
		*x = slices.Clone(*x)
		if s.n > 1 {
			for k := range *x {
				(*x)[k] /= float64(s.n)
			}
		}
	}
	return &out
}
