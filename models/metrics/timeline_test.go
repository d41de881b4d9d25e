package metrics

import (
	"slices"
	"testing"

	"faassim/sim"
)

// A level of 2 from 5 s to 25 s and 4 from 25 s on, seen through 10 s
// buckets over [10 s, 40 s): averages 2, 3 (half at 2, half at 4), 4; counts
// land in the bucket of their time.
func TestTimelineBuckets(t *testing.T) {
	s := sim.Second
	r, err := NewRecorder(10*s, 40*s, 10*s)
	if err != nil {
		t.Fatal(err)
	}
	l := NewLevel(10*s, 40*s)
	l.Track(r.Live)
	l.Add(5*s, 2)
	l.Add(25*s, 2)
	for _, at := range []sim.Time{9 * s, 10 * s, 19 * s, 20 * s, 39 * s, 40 * s} {
		r.Request(at)
	}
	l.Close(40 * s)
	tl := r.Timeline()
	if want := []float64{2, 3, 4}; !slices.Equal(tl.Instances, want) {
		t.Errorf("instances %v, want %v", tl.Instances, want)
	}
	if want := []float64{2, 1, 1}; !slices.Equal(tl.Requests, want) {
		t.Errorf("requests %v, want %v", tl.Requests, want)
	}
	if tl.StartS != 10 || tl.StepS != 10 {
		t.Errorf("start %v step %v", tl.StartS, tl.StepS)
	}
}

func TestTimelineIsBounded(t *testing.T) {
	if _, err := NewSeries(0, 30*24*sim.Hour, sim.Second); err == nil {
		t.Error("a 1 s timeline over 30 days was accepted")
	}
	if _, err := NewSeries(0, sim.Hour, 0); err == nil {
		t.Error("a zero step was accepted")
	}
}

func TestNilRecorderIsSilent(t *testing.T) {
	var r *Recorder
	r.Request(1)
	r.ColdStart(1)
	r.Reject(1)
	if r.Timeline() != nil {
		t.Error("a nil recorder returned a timeline")
	}
}

// A tally's record: levels over the window only, by hand. One instance from
// 0 s, busy from 5 s to 15 s, a second live from 8 s; window [10 s, 20 s).
func TestTallyRun(t *testing.T) {
	s := sim.Second
	tl := NewTally(10*s, 20*s, nil)
	tl.Live.Add(0, 1)
	tl.Busy.Add(5*s, 1)
	tl.Live.Add(8*s, 1)
	tl.Busy.Add(15*s, -1)
	tl.Requests, tl.Completed = 3, 2
	tl.Close()
	r := tl.Run()
	if r.InstanceSeconds != 20 || r.BusySeconds != 5 || r.PeakInstances != 2 || r.WindowS != 10 || r.Requests != 3 || r.Timeline != nil {
		t.Errorf("run %+v: want 20 instance-seconds, 5 busy, peak 2, a 10 s window, 3 requests, no timeline", r)
	}
}
