package metrics

import (
	"fmt"
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/store"
)

// RelativeAccuracy is the sketch's guarantee: a quantile estimate x' of a true
// order statistic x satisfies |x' - x| <= RelativeAccuracy * x.
const RelativeAccuracy = 0.01

// Sketch summarizes a stream of latencies in milliseconds. Count, sum, min and
// max are exact; quantiles come from a DDSketch (Masson et al., VLDB 2019)
// whose estimates are within 1% of the true value (RelativeAccuracy), which
// is what lets sketches from several replications merge without extra error.
//
// The store is an unbounded dense store: it grows only when a value falls
// outside every bin seen so far (about 230 bins per factor of 100 at 1%), so
// Add allocates nothing once the latency range has been seen. Quantiles of
// tiny latencies are not collapsed, unlike the collapsing stores.
//
// The zero value is an empty sketch ready to use. Reading it (Quantile,
// Merge) moves pending zeros into the DDSketch, so a Sketch must not be
// read from two goroutines at once.
type Sketch struct {
	dd            *ddsketch.DDSketch
	pos           *store.DenseStore // dd's store of positive values
	count         int64
	zeros         int64 // zeros added since the last flush into dd
	sum, min, max float64
	// Add counts values into bins, indexed as dd's mapping would index
	// them (index.go), and flush hands them to pos in one call per bin:
	// no interface calls and no float counts on every request's path.
	bins   []int64
	binLo  int // the mapping index of bins[0]
	binned int64
}

// NewSketch returns an empty sketch.
func NewSketch() *Sketch {
	s := &Sketch{}
	s.init()
	return s
}

func (s *Sketch) init() {
	s.pos = store.NewDenseStore()
	s.dd = ddsketch.NewDDSketch(sketchMapping, s.pos, store.NewDenseStore())
}

// Add records one latency in milliseconds. A negative, NaN or infinite
// latency is a programming error in the model that produced it, so Add
// panics rather than clamping it away.
func (s *Sketch) Add(ms float64) {
	if !(ms >= 0) || math.IsInf(ms, 1) {
		panic(fmt.Sprintf("metrics: Sketch.Add(%v): a latency must be finite and >= 0 ms", ms))
	}
	if s.dd == nil {
		s.init()
	}
	switch {
	case ms == 0:
		// Most waits are zero (a warm instance was free): count them here
		// and hand them to the sketch in one call when it is read.
		s.zeros++
	case ms > minIndexableMS && ms <= maxIndexableMS:
		s.bin(sketchIndex(ms))
	default: // dd counts tiny values as zeros and refuses huge ones
		if err := s.dd.Add(ms); err != nil {
			panic(fmt.Sprintf("metrics: Sketch.Add(%v): %v", ms, err))
		}
	}
	if s.count == 0 || ms < s.min {
		s.min = ms
	}
	if s.count == 0 || ms > s.max {
		s.max = ms
	}
	s.count++
	s.sum += ms
}

// Merge adds every value recorded in o to s. It is exact: the result is the
// sketch that recording both streams into one would have produced (the sum
// may differ in the last bits, float addition not being associative).
func (s *Sketch) Merge(o *Sketch) {
	if o == nil || o.count == 0 {
		return
	}
	if s.dd == nil {
		s.init()
	}
	o.flush()
	if err := s.dd.MergeWith(o.dd); err != nil {
		// Every Sketch uses the same mapping, so this cannot happen.
		panic("metrics: Sketch.Merge: " + err.Error())
	}
	if s.count == 0 || o.min < s.min {
		s.min = o.min
	}
	if s.count == 0 || o.max > s.max {
		s.max = o.max
	}
	s.count += o.count
	s.sum += o.sum
}

// flush moves the zeros and the bins counted by Add into the sketch.
func (s *Sketch) flush() {
	if s.binned > 0 {
		for k, n := range s.bins {
			if n > 0 {
				s.pos.AddWithCount(s.binLo+k, float64(n))
				s.bins[k] = 0
			}
		}
		s.binned = 0
	}
	if s.zeros > 0 {
		if err := s.dd.AddWithCount(0, float64(s.zeros)); err != nil {
			panic("metrics: Sketch: " + err.Error())
		}
		s.zeros = 0
	}
}

// Count returns the number of values recorded.
func (s *Sketch) Count() int64 { return s.count }

// Mean returns the exact mean, or 0 for an empty sketch.
func (s *Sketch) Mean() float64 {
	if s.count == 0 {
		return 0
	}
	return s.sum / float64(s.count)
}

// Quantile returns the value at quantile q in [0, 1] (not a percentile in
// [0, 100]): the lower order statistic of rank q*(count-1), within 1%.
// Quantile(0) and Quantile(1) are the exact min and max, and every estimate
// is clamped into [min, max], which can only bring it closer to the truth.
// An empty sketch returns 0. A q outside [0, 1] panics.
func (s *Sketch) Quantile(q float64) float64 {
	if !(q >= 0 && q <= 1) {
		panic(fmt.Sprintf("metrics: Sketch.Quantile(%v): q must be in [0, 1]", q))
	}
	switch {
	case s.count == 0:
		return 0
	case q == 0:
		return s.min
	case q == 1:
		return s.max
	}
	s.flush()
	v, err := s.dd.GetValueAtQuantile(q)
	if err != nil {
		panic("metrics: Sketch.Quantile: " + err.Error())
	}
	return math.Min(math.Max(v, s.min), s.max)
}

// Summary returns the mean, the reported percentiles and the max; all zero
// for an empty sketch.
func (s *Sketch) Summary() Latency {
	return Latency{
		Mean: s.Mean(),
		P50:  s.Quantile(0.50),
		P90:  s.Quantile(0.90),
		P95:  s.Quantile(0.95),
		P99:  s.Quantile(0.99),
		P999: s.Quantile(0.999),
		Max:  s.Quantile(1),
	}
}
