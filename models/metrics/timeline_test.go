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

func TestSaturated(t *testing.T) {
	tests := []struct {
		name string
		p    Platform
		want bool
	}{
		{"serving", Platform{Requests: 1000, Completed: 1000, Utilization: 0.5}, false},
		{"no requests", Platform{}, false},
		{"rejecting 2%", Platform{Requests: 1000, Completed: 980, Rejected: 20}, true},
		{"a growing queue", Platform{Requests: 1000, Completed: 900, Utilization: 0.9}, true},
		{"busy all the time, serving", Platform{Requests: 1000, Completed: 1000, Utilization: 0.97}, false},
	}
	for _, tt := range tests {
		if got := Saturated(tt.p); got != tt.want {
			t.Errorf("%s: Saturated = %v, want %v", tt.name, got, tt.want)
		}
	}
}
