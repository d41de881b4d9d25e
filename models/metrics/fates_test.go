package metrics

import (
	"math"
	"math/rand/v2"
	"testing"

	"faassim/sim"
)

// The printed fates add up to the printed requests however the runs'
// means fall, and each is its mean rounded down or up.
func TestSummarizeFatesAddUp(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 5000 {
		n := 1 + r.IntN(7)
		runs := make([]Run, n)
		var sums [4]int64
		for i := range runs {
			f := [4]int64{r.Int64N(1000), r.Int64N(5), r.Int64N(5), r.Int64N(5)}
			if trial%3 == 0 { // small counts, where rounding bites
				f = [4]int64{r.Int64N(3), r.Int64N(2), r.Int64N(2), r.Int64N(2)}
			}
			runs[i] = Run{Completed: f[0], Rejected: f[1], TimedOut: f[2], InFlight: f[3],
				Requests: f[0] + f[1] + f[2] + f[3], WindowS: 1}
			for k := range f {
				sums[k] += f[k]
			}
		}
		p := Summarize("p", "faas", runs, 720*sim.Hour)
		got := [4]int64{p.Completed, p.Rejected, p.TimedOut, p.InFlight}
		if got[0]+got[1]+got[2]+got[3] != p.Requests {
			t.Fatalf("runs %+v: requests %d, fates %v", runs, p.Requests, got)
		}
		for k := range got {
			mean := float64(sums[k]) / float64(n)
			if float64(got[k]) < math.Floor(mean) || float64(got[k]) > math.Ceil(mean) {
				t.Fatalf("runs %+v: fate %d printed %d, mean %v", runs, k, got[k], mean)
			}
		}
	}
}

// Worked example: three runs of one request, each with another fate:
// means 1/3, 1/3, 1/3 and 0 of requests 1. The one unit goes to the first
// of the three tied fates.
func TestLargestRemainderTies(t *testing.T) {
	runs := []Run{
		{Requests: 1, Completed: 1, WindowS: 1},
		{Requests: 1, Rejected: 1, WindowS: 1},
		{Requests: 1, TimedOut: 1, WindowS: 1},
	}
	p := Summarize("p", "faas", runs, 720*sim.Hour)
	if p.Requests != 1 || p.Completed != 1 || p.Rejected != 0 || p.TimedOut != 0 || p.InFlight != 0 {
		t.Errorf("got requests %d = %d + %d + %d + %d, want 1 = 1 + 0 + 0 + 0",
			p.Requests, p.Completed, p.Rejected, p.TimedOut, p.InFlight)
	}
}
