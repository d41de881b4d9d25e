package metrics

import (
	"math"
	"strings"
	"testing"

	"faassim/sim"
)

// A backlog's record by hand: a window of 10 minutes is two buckets of 5,
// quarters of 75 s.
func TestBacklogQuarters(t *testing.T) {
	s := sim.Second
	t.Run("a queue that rises and falls within the bucket", func(t *testing.T) {
		b := NewBacklog(0, 600*s)
		// 2 waiting in the first quarter, 1 from 100 s, a burst of 5 at
		// 230 s (last quarter) of which one leaves at 240 s.
		b.Wait(10*s, 1)
		b.Wait(20*s, 1)
		b.Wait(100*s, -1)
		b.Wait(230*s, 5)
		b.Wait(240*s, -1)
		b.Close()
		if b.firstMax[0] != 2 || b.lastMin[0] != 1 || b.moves[0] != 9 {
			t.Errorf("bucket 0: first quarter max %d, last quarter min %d, moves %d; want 2, 1, 9",
				b.firstMax[0], b.lastMin[0], b.moves[0])
		}
		// Bucket 1 sees 5 waiting throughout, carried over.
		if b.firstMax[1] != 5 || b.lastMin[1] != 5 || b.moves[1] != 0 {
			t.Errorf("bucket 1: %d, %d, %d; want 5, 5, 0", b.firstMax[1], b.lastMin[1], b.moves[1])
		}
		if o := b.overload(); o.Grew != 0 || o.Buckets != 2 || o.BucketS != 300 || o.Waiting != 5 || o.Since != 10*s {
			t.Errorf("overload %+v: want none of 2 buckets of 300 s, 5 waiting, the queue non-empty since 10 s", o)
		}
	})
	t.Run("a queue growing through the bucket", func(t *testing.T) {
		b := NewBacklog(0, 600*s)
		// One joins every second, none leaves: 74 waiting by the end of
		// the first quarter, 225 from the start of the last. The growth
		// is 151, the noise sqrt(299 moves / 2) = 12.2 (the 300th join is
		// at 300 s, in bucket 1).
		for i := sim.Time(1); i <= 300; i++ {
			b.Wait(i*s, 1)
		}
		b.Close()
		o := b.overload()
		if o.Grew != 1 || o.GrewAt != 0 || o.Growth != 151 || math.Abs(o.Noise-math.Sqrt(149.5)) > 1e-9 {
			t.Errorf("overload %+v: want bucket 0 flagged, growth 151, noise sqrt(149.5)", o)
		}
	})
	t.Run("a window not a multiple of 5 minutes", func(t *testing.T) {
		b := NewBacklog(sim.Hour, sim.Hour+7*sim.Minute)
		if len(b.moves) != 2 || 4*b.quarter < 210*s || 4*b.quarter > 211*s {
			t.Errorf("%d buckets of %v, want 2 of 3m30s", len(b.moves), 4*b.quarter)
		}
	})
	t.Run("a window of centuries", func(t *testing.T) {
		b := NewBacklog(0, sim.Never-1)
		if len(b.moves) != maxOverloadBuckets {
			t.Errorf("%d buckets, want at most %d", len(b.moves), maxOverloadBuckets)
		}
	})
}

// Losses: 2% of the requests lost is over the 1% rule; whether one bucket
// is significantly over 1% depends on its count: 20 of 1,000 is under
// 10 + 5 sqrt(9.9) = 25.7, 40 of 1,000 is over.
func TestLossRules(t *testing.T) {
	for _, tt := range []struct {
		lost      int
		wantLossy int
	}{{20, 0}, {40, 1}} {
		b := NewBacklog(0, 300*sim.Second)
		for i := range 1000 {
			at := sim.Time(i) * 300 * sim.Millisecond
			b.Arrive(at)
			if i < tt.lost {
				b.Lose(at)
			}
		}
		b.Close()
		o := b.overload()
		if o.Lossy != tt.wantLossy || o.OverAt != 0 {
			t.Errorf("%d lost of 1,000: %d buckets lossy, over 1%% from %v; want %d, from 0", tt.lost, o.Lossy, o.OverAt, tt.wantLossy)
		}
		r := Run{Requests: 1000, Rejected: int64(tt.lost), Overload: o}
		if sat, at, w := saturation([]Run{r}); !sat || *at != 0 || len(w) != 1 || !strings.Contains(w[0], "more than 1%") {
			t.Errorf("%d lost of 1,000: saturated %v at %v, %q", tt.lost, sat, at, w)
		}
	}
}

// With replications, a platform is saturated if any replication is, from
// the earliest time any was; each test that fired gives one warning.
func TestSaturationOverReplications(t *testing.T) {
	s := sim.Second
	grew := func(at sim.Time) Overload {
		return Overload{Buckets: 12, BucketS: 300, Grew: 1, GrewAt: at, Growth: 900, Noise: 100, OverAt: -1}
	}
	runs := []Run{
		{Requests: 1000, Completed: 1000, Overload: Overload{Buckets: 12, BucketS: 300, OverAt: -1}},
		{Requests: 1000, Completed: 1000, Overload: grew(1200 * s)},
		{Requests: 1000, Completed: 1000, Overload: grew(600 * s)},
		// 50 still waiting at the horizon, since 3000 s: over 1%.
		{Requests: 1000, Completed: 950, Overload: Overload{Buckets: 12, BucketS: 300, OverAt: -1, Waiting: 50, Since: 3000 * s}},
	}
	sat, at, w := saturation(runs)
	if !sat || *at != 600 || len(w) != 2 {
		t.Fatalf("saturated %v at %v, warnings %q: want from 600 s, two warnings", sat, *at, w)
	}
	if !strings.Contains(w[0], "in 2 of 4 replications") || !strings.Contains(w[0], "from 10m after") ||
		!strings.Contains(w[1], "50 requests") || !strings.Contains(w[1], "in 1 of 4 replications") {
		t.Errorf("warnings %q", w)
	}
	if sat, at, w := saturation(runs[:1]); sat || at != nil || w != nil {
		t.Errorf("an unsaturated run: saturated %v at %v, %q", sat, at, w)
	}
}
