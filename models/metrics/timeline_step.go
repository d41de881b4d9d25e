package metrics

import "time"

// TimelinePoints is the most buckets DefaultTimelineStep gives a window:
// enough for a staircase that reads as a curve on an 800-pixel chart (about
// 1.6 pixels a bucket), few enough that a 14-day run's results stay small.
const TimelinePoints = 500

// readableSteps are the bucket lengths a chart's reader can count in: the
// clock's own divisions. Past a day, steps are whole days.
var readableSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// DefaultTimelineStep is the timeline resolution for a measured window
// (horizon less warm-up) when none is asked for: window / TimelinePoints
// rounded up to a readable step (1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m,
// 10m, 15m, 30m, 1h, 2h, 6h, 12h, 1d, then whole days). Rounding up keeps
// the window within TimelinePoints buckets (so well under
// MaxTimelinePoints); the coarsest jump (2h to 6h) leaves at least a third
// of them. A window under TimelinePoints seconds gets 1 s buckets.
func DefaultTimelineStep(window time.Duration) time.Duration {
	want := (window + TimelinePoints - 1) / TimelinePoints // ceiling: never more than TimelinePoints buckets
	for _, s := range readableSteps {
		if s >= want {
			return s
		}
	}
	const day = 24 * time.Hour
	return (want + day - 1) / day * day
}
