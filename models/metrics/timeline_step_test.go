package metrics

import (
	"testing"
	"time"
)

// The default step gives at most TimelinePoints buckets (never more than
// MaxTimelinePoints) and at least a third of them (the coarsest jump of the
// readable steps is 2h to 6h), on one of the readable steps: so an HTML
// report's instances and cold-start charts are about 500 points whatever
// the span, from an hour to a month.
func TestDefaultTimelineStep(t *testing.T) {
	const day = 24 * time.Hour
	cases := []struct {
		window, want time.Duration
	}{
		{time.Hour, 10 * time.Second},     // 7.2 s a bucket, rounded up
		{25 * time.Hour, 5 * time.Minute}, // 180 s
		{7 * day, 30 * time.Minute},       // 1,209.6 s
		{14 * day, time.Hour},             // 2,419.2 s
		{30 * day, 2 * time.Hour},         // 5,184 s
		{1001 * time.Hour, 6 * time.Hour}, // just past 2h: the coarsest jump, 167 buckets
		{500 * time.Second, time.Second},  // exactly 500 buckets of 1 s
		{501 * time.Second, 2 * time.Second},
		{10 * time.Second, time.Second},               // short windows: 1 s, fewer points
		{0, time.Second},                              // no window: the finest step
		{1000 * day, 2 * day},                         // past a day: whole days
		{500*day + time.Second, 2 * day},              // rounded up, never over 500
		{20 * time.Hour, 5 * time.Minute},             // 144 s
		{24*time.Hour - 4*time.Hour, 5 * time.Minute}, // a one-day trace after a 4 h warm-up
	}
	for _, c := range cases {
		got := DefaultTimelineStep(c.window)
		if got != c.want {
			t.Errorf("window %v: step %v, want %v", c.window, got, c.want)
		}
		n := (c.window + got - 1) / got
		if n > TimelinePoints || n > MaxTimelinePoints {
			t.Errorf("window %v: %d buckets of %v, more than %d", c.window, n, got, TimelinePoints)
		}
		if c.window >= TimelinePoints*time.Second && n < TimelinePoints/3 {
			t.Errorf("window %v: only %d buckets of %v, fewer than a third of %d", c.window, n, got, TimelinePoints)
		}
	}
}
