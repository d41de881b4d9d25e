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
// Growth. A bucket is overloaded when the queue grows through it: the mean
// number waiting over its second half exceeds that over its first half by
// more than overloadZ standard deviations of what a stable queue's
// fluctuations give. Over a bucket of length T, a queue changes by joins
// minus leaves. While it is non-empty, leaves are the completions of busy
// servers, so the change is at most that of a free random walk of arrivals
// minus service completions, whose variance is about A ca^2 + D cs^2 (A
// arrivals, D completions; ca^2 = 1 for Poisson arrivals; cs^2 the squared
// coefficient of variation of run times, by renewal theory: Cox, Renewal
// Theory, 1962, ch. 6); with k = max(1, cs^2) it is at most k M, M = A + D
// the moves in and out of the queue counted in the bucket. The difference of
// the two half-bucket means weighs that walk's increments with a tent of
// height 1 (the mean over t in the first half of Q(t + T/2) - Q(t)), so its
// variance is k M / 3 (the integral of the squared tent over T, times the
// variance per unit time). A stable queue has no drift (its level is
// stationary) and its reflection at zero only damps it, so it exceeds
// overloadZ sqrt(k M / 3) with probability below 2.9e-7 per bucket;
// the counts of a bucket are their own estimate, so the test needs no rate
// or capacity. An overload of a fraction e (arrivals at (1 + e) x capacity,
// lambda per second) gains e lambda T / (1 + e) requests per bucket, half of
// that between the half means, against a threshold of about
// 5 sqrt(2 k lambda T / 3): within one 5-minute bucket it is seen once
// lambda exceeds 0.22 k (1 + e)^2 / e^2 requests per second (with k = 1:
// 98/s for a 5% overload, 8/s for 20%, 2/s for 50%).
// A smaller overload that lasts leaves a backlog at the horizon, the third
// test. Averaging over half buckets keeps a short spike (a burst, a
// replica starting) from counting as growth: its area, not its height,
// enters the mean.
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
	// first, Growth its growth (requests) and Noise the standard deviation
	// it was judged against.
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
	o := Overload{From: b.from, Buckets: n, BucketS: (2 * b.half).Seconds(), Waiting: b.waiting, Since: b.since, OverAt: -1}
	k := 1.0
	if b.served > 1 && b.runS > 0 {
		mean := b.runS / float64(b.served)
		k = max(1, (b.runSqS/float64(b.served)-mean*mean)/(mean*mean))
	}
	for i := range n {
		start := b.from + sim.Time(2*i)*b.half
		first, second := b.halfMean(2*i), b.halfMean(2*i+1)
		noise := math.Sqrt(k * float64(b.moves[i]) / 3)
		growth := second - first
		if noise > 0 {
			o.Peak = max(o.Peak, growth/noise)
		}
		if growth > overloadZ*noise && growth > 0 {
			if o.Grew == 0 {
				o.GrewAt, o.Growth, o.Noise = start, growth, noise
			}
			o.Grew++
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

// halfMean is the mean number waiting over half bucket j.
func (b *Backlog) halfMean(j int) float64 {
	start := b.from + sim.Time(j)*b.half
	length := min(b.half, b.to-start)
	if length <= 0 {
		return 0
	}
	return b.area[j] / float64(length)
}
