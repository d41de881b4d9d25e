package metrics

import (
	"fmt"

	"faassim/sim"
)

// PeakStep is the resolution of a Peaks record: one second, fine enough
// that the sum of function shards' per-second maxima is a tight bound on
// the peak of their sum (a Lambda request lasts from milliseconds to 15
// minutes; the account limit is judged per instant).
const PeakStep = sim.Second

// MaxPeakBuckets bounds a Peaks record's memory (8 bytes a bucket, 8 MB):
// a window longer than about 12 days of seconds gets longer buckets.
const MaxPeakBuckets = 1 << 20

// MaxPeakLevel bounds a level read from a file: no run has a trillion
// requests in flight or instances live, and merge adds up to MaxShards
// (1e5) records bucket by bucket, so a larger level could overflow the
// int64 sum and hide an account limit that bound.
const MaxPeakLevel = 1 << 40

// Peaks records, bucket by bucket over [from, to), the highest value a
// level took (momentary states included, as Level.Max counts them): what a
// function shard keeps of its in-flight requests and live instances, so
// that merge can add shards bucket by bucket. The sum of the shards'
// maxima bounds the maximum of their sum from above, exactly when the
// shards peak in the same bucket. A nil *Peaks records nothing.
type Peaks struct {
	from, step sim.Time
	max        []int64
	cur        int64 // the value in force
	last       int   // the bucket of the last change (-1 before the window)
}

// NewPeaks returns an empty record over [from, to) in buckets of PeakStep,
// or longer ones when more than MaxPeakBuckets would be needed.
func NewPeaks(from, to sim.Time) *Peaks {
	step, n := PeakGrid(from, to)
	return &Peaks{from: from, step: step, max: make([]int64, n), last: -1}
}

// PeakGrid is the bucket length and count of a Peaks record over [from,
// to): PeakStep, or the shortest longer step that needs no more than
// MaxPeakBuckets.
func PeakGrid(from, to sim.Time) (step sim.Time, n int) {
	if to <= from {
		return PeakStep, 0
	}
	step = max(PeakStep, (to-from-1)/MaxPeakBuckets+1)
	return step, int((to-from-1)/step + 1)
}

// PeaksBytes is the memory of a Peaks record over a window of w.
func PeaksBytes(w sim.Time) float64 {
	_, n := PeakGrid(0, w)
	return 8 * float64(n)
}

// Set records that the level became v at now; times must not decrease.
func (p *Peaks) Set(now sim.Time, v int64) {
	if p == nil {
		return
	}
	b := -1
	if now >= p.from {
		b = int(min((now-p.from)/p.step, sim.Time(len(p.max))))
	}
	p.carry(b)
	p.cur = v
	if b >= 0 && b < len(p.max) {
		p.max[b] = max(p.max[b], v)
	}
}

// carry records the value in force in the buckets after the last change
// up to b.
func (p *Peaks) carry(b int) {
	for i := max(p.last, 0); i <= min(b, len(p.max)-1); i++ {
		p.max[i] = max(p.max[i], p.cur)
	}
	p.last = max(p.last, b)
}

// Close carries the value in force to the end of the window.
func (p *Peaks) Close() {
	if p != nil {
		p.carry(len(p.max) - 1)
	}
}

// PeaksRecord is a Peaks written out: the window's start and the bucket
// length in nanoseconds, and the maxima run-length encoded as [value,
// buckets] pairs (a level at 0 most of the time takes one pair).
type PeaksRecord struct {
	FromNS sim.Time   `json:"from_ns"`
	StepNS sim.Time   `json:"step_ns"`
	Runs   [][2]int64 `json:"runs"`
}

// Record returns the record (call Close first).
func (p *Peaks) Record() *PeaksRecord {
	if p == nil {
		return nil
	}
	r := &PeaksRecord{FromNS: p.from, StepNS: p.step, Runs: [][2]int64{}}
	for i, v := range p.max {
		if i > 0 && v == p.max[i-1] {
			r.Runs[len(r.Runs)-1][1]++
			continue
		}
		r.Runs = append(r.Runs, [2]int64{v, 1})
	}
	return r
}

// Values expands the record into one maximum per bucket, refusing one that
// does not fit n buckets of its step (what the merge expects).
func (r *PeaksRecord) Values(n int) ([]int64, error) {
	if n < 0 || n > MaxPeakBuckets {
		return nil, fmt.Errorf("peaks: %d buckets, at most %d", n, MaxPeakBuckets)
	}
	out := make([]int64, 0, n)
	for _, run := range r.Runs {
		if run[0] < 0 || run[0] > MaxPeakLevel || run[1] < 1 || run[1] > int64(n-len(out)) {
			return nil, fmt.Errorf("peaks: a run of %d buckets at %d: want a level from 0 to %d over at most the %d buckets left",
				run[1], run[0], int64(MaxPeakLevel), n-len(out))
		}
		for range run[1] {
			out = append(out, run[0])
		}
	}
	if len(out) != n {
		return nil, fmt.Errorf("peaks: %d buckets, want %d", len(out), n)
	}
	return out, nil
}
