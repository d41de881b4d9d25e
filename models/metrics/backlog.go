package metrics

import (
	"math"

	"faassim/sim"
)

// OverloadBucket is the longest bucket overload is judged over: the window
// is cut into ceil(window / OverloadBucket) equal buckets, so a platform
// overloaded only at the daily peak is caught at the peak, not averaged
// away over the day.
const OverloadBucket = 5 * sim.Minute

// maxOverloadBuckets bounds a Backlog's memory (about 40 bytes a bucket):
// a window longer than a year of 5-minute buckets gets longer buckets.
const maxOverloadBuckets = 366 * 24 * 12

// Backlog records, bucket by bucket over the window [from, to), what
// overload leaves behind: the number of requests waiting for capacity (a
// queue, not requests running or starting), and the requests arriving and
// lost (rejected or timed out), by arrival. Of the queue it keeps, per
// bucket, the highest level of its first quarter and the lowest of its
// last, and how many requests joined or left it (see Overload). Its memory
// is a few numbers a bucket, allocated up front, so recording allocates
// nothing. The zero value records nothing.
type Backlog struct {
	from, to sim.Time
	quarter  sim.Time // a quarter of a bucket
	waiting  int64
	last     sim.Time // when waiting last changed
	since    sim.Time // when the queue last became non-empty
	// Per bucket: the first quarter's highest level (-1 before any), the
	// last quarter's lowest (math.MaxInt64 before any), the requests
	// joining or leaving the queue, arriving, and lost.
	firstMax, lastMin       []int64
	moves, arrivals, losses []int64
	// Moments of the run times, in seconds: their squared coefficient of
	// variation widens the growth test's noise (see Overload).
	served       int64
	runS, runSqS float64
	// The bucket of the latest arrival, [edge - 4 quarter, edge): arrivals
	// come in time order, so Arrive divides once a bucket, not once a
	// request.
	cur  int
	edge sim.Time
}

// NewBacklog returns an empty record over [from, to).
func NewBacklog(from, to sim.Time) Backlog {
	if to <= from {
		return Backlog{}
	}
	n := min((to-from-1)/OverloadBucket+1, maxOverloadBuckets)
	b := Backlog{
		from: from, to: to, last: math.MinInt64,
		quarter:  (to-from-1)/(4*n) + 1, // rounded up: the last quarter may be a few ns short
		firstMax: make([]int64, n), lastMin: make([]int64, n),
		moves: make([]int64, n), arrivals: make([]int64, n), losses: make([]int64, n),
	}
	for i := range n {
		b.firstMax[i], b.lastMin[i] = -1, math.MaxInt64
	}
	return b
}

// bucket returns the bucket holding t, or -1 outside the window.
func (b *Backlog) bucket(t sim.Time) int {
	if t < b.from || t >= b.to || b.quarter == 0 {
		return -1
	}
	return int((t - b.from) / (4 * b.quarter))
}

// Arrive counts a request that arrived at arrival.
func (b *Backlog) Arrive(arrival sim.Time) {
	if b.quarter == 0 || arrival < b.from || arrival >= b.to {
		return
	}
	if span := 4 * b.quarter; arrival >= b.edge || arrival < b.edge-span {
		b.cur = b.bucket(arrival)
		b.edge = b.from + sim.Time(b.cur+1)*span
	}
	b.arrivals[b.cur]++
}

// Lose counts a request that arrived at arrival and was rejected or timed
// out (counted by arrival, like Tally's counts).
func (b *Backlog) Lose(arrival sim.Time) {
	if i := b.bucket(arrival); i >= 0 {
		b.losses[i]++
	}
}

// Serve records the run time of a request placed on an instance or replica.
func (b *Backlog) Serve(run sim.Time) {
	s := run.Seconds()
	b.served++
	b.runS += s
	b.runSqS += s * s
}

// Wait changes the number of requests waiting for capacity by delta (+1
// when one joins the queue, -1 when it leaves it: started, timed out) at
// now. Times must not decrease.
func (b *Backlog) Wait(now sim.Time, delta int64) {
	if b.quarter == 0 {
		return
	}
	b.advance(now)
	if b.waiting == 0 && delta > 0 {
		b.since = now
	}
	b.waiting += delta
	if i := b.bucket(now); i >= 0 {
		b.moves[i] += max(delta, -delta)
		b.observe(int((now-b.from)/b.quarter), b.waiting)
	}
}

// advance records the level in force from b.last to now in the quarters
// it spans.
func (b *Backlog) advance(now sim.Time) {
	start, end := max(b.last, b.from), min(now, b.to)
	b.last = now
	if end <= start {
		return
	}
	for q := int((start - b.from) / b.quarter); q <= int((end-1-b.from)/b.quarter); q++ {
		b.observe(q, b.waiting)
	}
}

// observe notes level v in quarter q: only first and last quarters matter.
func (b *Backlog) observe(q int, v int64) {
	i := q / 4
	switch q % 4 {
	case 0:
		b.firstMax[i] = max(b.firstMax[i], v)
	case 3:
		b.lastMin[i] = min(b.lastMin[i], v)
	}
}

// Close ends the record at the end of the window; call it once.
func (b *Backlog) Close() {
	if b.quarter != 0 {
		b.advance(b.to)
	}
}
