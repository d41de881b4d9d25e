package metrics

import (
	"math"

	"faassim/sim"
)

// overloadZ is how many standard deviations of a stable queue's noise the
// growth and loss tests ask for. A normal variable exceeds 5 with
// probability 2.9e-7, so a run of a year in 5-minute buckets (105,120 of
// them) flags a queue at the edge of stability (utilization 1, no drift)
// with probability about 3%, and a stable one (utilization below 1, whose
// queue is pulled back to zero) far less often.
const overloadZ = 5

// lossShare is the share of lost requests (rejected or timed out) above
// which a platform does not serve its load.
const lossShare = 0.01

// Overload is what a run's Backlog says about overload, bucket by bucket:
// the raw facts Summarize turns into Platform.Saturated. Times are from
// the start of the run (warm-up included), like saturated_at_s.
//
// Growth. A bucket is overloaded when its queue grows through it: the
// lowest number waiting in its last quarter exceeds the highest in its
// first quarter by more than overloadZ standard deviations of what a
// stable queue's fluctuations give. Lowest against highest means that a
// burst, or a wait for replicas starting, that drains within the bucket
// never counts, wherever it falls: only a queue still higher at the end
// of the bucket than at any time of its first quarter does, which is what
// offered work above capacity over the bucket leaves.
//
// The bound: that difference is at most Q(3T/4) - Q(T/4), the change of
// the queue over the middle half of the bucket (T its length). While the
// queue is non-empty, requests leave it as busy servers complete, so the
// change is at most that of a free random walk of arrivals minus service
// completions, whose variance over the middle half is about (A ca^2 +
// D cs^2) / 2 (A arrivals and D completions in the bucket; ca^2 = 1 for
// Poisson arrivals; cs^2 the squared coefficient of variation of run
// times, by renewal theory: Cox, Renewal Theory, 1962, ch. 6); with k =
// max(1, cs^2) it is at most k M / 2, M = A + D the requests joining or
// leaving the queue in the bucket, counted. A stable queue has no drift
// (its level is stationary) and its reflection at zero only damps it, so
// the difference exceeds overloadZ sqrt(k M / 2) with probability below
// 2.9e-7 a bucket; the counts are their own estimate, so the test needs no
// rate or capacity. Measured (models/container overload tests): stable
// M/M/1 and M/M/50 queues at utilization 0.9 and 0.95 peak at under 1.5
// standard deviations over hundreds of buckets; M/M/50 at 1.05 shows 10-11.
// An overload of a fraction e (arrivals at (1 + e) x capacity, lambda per
// second) gains e lambda T / (1 + e) a bucket, half of it over the middle
// half, against about 5 sqrt(k lambda T (2 + e) / (2 (1 + e))): within one
// 5-minute bucket it is seen once lambda exceeds 0.17 k (2 + e)(1 + e) / e^2
// requests per second (with k = 1: 143/s for a 5% overload, 11/s for 20%,
// 2.5/s for 50%). A smaller overload that lasts leaves a backlog at the
// horizon: the third test.
//
// Losses. A bucket is overloaded when the requests arriving in it were lost
// (rejected or timed out) more often than 1%, by more than overloadZ
// binomial standard deviations of a 1% loss rate. And a run that loses
// more than 1% of all its requests is overloaded, as it was before buckets,
// from the first bucket losing more than 1%.
//
// Backlog. More than 1% of the window's requests still waiting for
// capacity at the horizon: overloaded since the queue last became
// non-empty. Requests running at the horizon do not count: 1 request/s of
// 15-minute executions has 900 running at any time, and that is service.
type Overload struct {
	From    sim.Time // the window's start
	BucketS float64
	Buckets int
	// Grew counts the buckets whose queue grew; GrewAt is the start of the
	// first, Growth its growth (requests: the lowest level of the last
	// quarter minus the highest of the first) and Noise the standard
	// deviation it was judged against.
	Grew          int
	GrewAt        sim.Time
	Growth, Noise float64
	// Peak is the largest growth / noise over the buckets, flagged or not:
	// how near the test came (flagged above overloadZ).
	Peak float64
	// Lossy counts the buckets losing significantly more than 1%; LossyAt
	// is the first. OverAt is the first bucket losing more than 1% at all
	// (-1 if none): the time of a run over 1% in total.
	Lossy           int
	LossyAt, OverAt sim.Time
	// Waiting is the number of requests waiting at the horizon, Since when
	// the queue last became non-empty.
	Waiting int64
	Since   sim.Time
}

// overload judges the record (after Close).
func (b *Backlog) overload() Overload {
	n := len(b.moves)
	o := Overload{From: b.from, Buckets: n, BucketS: (4 * b.quarter).Seconds(), Waiting: b.waiting, Since: b.since, OverAt: -1}
	k := 1.0
	if b.served > 1 && b.runS > 0 {
		mean := b.runS / float64(b.served)
		k = max(1, (b.runSqS/float64(b.served)-mean*mean)/(mean*mean))
	}
	for i := range n {
		start := b.from + sim.Time(4*i)*b.quarter
		noise := math.Sqrt(k * float64(b.moves[i]) / 2)
		if b.firstMax[i] >= 0 && b.lastMin[i] != math.MaxInt64 {
			growth := float64(b.lastMin[i] - b.firstMax[i])
			if noise > 0 {
				o.Peak = max(o.Peak, growth/noise)
			}
			if growth > overloadZ*noise && growth > 0 {
				if o.Grew == 0 {
					o.GrewAt, o.Growth, o.Noise = start, growth, noise
				}
				o.Grew++
			}
		}
		arr, lost := float64(b.arrivals[i]), float64(b.losses[i])
		if lost > lossShare*arr && o.OverAt < 0 {
			o.OverAt = start
		}
		if lost > lossShare*arr+overloadZ*math.Sqrt(lossShare*(1-lossShare)*arr) {
			if o.Lossy == 0 {
				o.LossyAt = start
			}
			o.Lossy++
		}
	}
	return o
}
