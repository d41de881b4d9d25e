package dist

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"faassim/sim"
)

// Point is a percentile point: a fraction Q in [0,1] of durations are at most
// Value.
type Point struct {
	Q     float64
	Value sim.Time
}

// Percentiles is the distribution given by a published percentile table (for
// example the Azure Functions 2019 duration files: 0, 1, 25, 50, 75, 99 and
// 100th percentiles), interpolated linearly between the points. Linear
// interpolation of the inverse CDF is the least-assuming reading of a table:
// within each band of Q the durations are uniform between its two values.
type Percentiles struct {
	points []Point // never mutated after construction, so copies may share it
}

// NewPercentiles returns the piecewise-linear inverse CDF through points. The
// first point must have Q = 0 and the last Q = 1, Q must be strictly
// increasing and Value non-negative and non-decreasing. points is copied.
func NewPercentiles(points []Point) (Percentiles, error) {
	if len(points) < 2 {
		return Percentiles{}, fmt.Errorf("dist: percentiles need at least the points Q=0 and Q=1, got %d point(s)", len(points))
	}
	for i, p := range points {
		where := fmt.Sprintf("dist: percentile point %d (Q=%v, Value=%v)", i, p.Q, p.Value)
		switch {
		case !(p.Q >= 0 && p.Q <= 1):
			return Percentiles{}, errors.New(where + ": Q outside [0,1]")
		case p.Value < 0:
			return Percentiles{}, errors.New(where + ": negative Value")
		case i == 0 && p.Q != 0:
			return Percentiles{}, errors.New(where + ": the first point must have Q=0 (the minimum)")
		case i == len(points)-1 && p.Q != 1:
			return Percentiles{}, errors.New(where + ": the last point must have Q=1 (the maximum)")
		case i > 0 && p.Q <= points[i-1].Q:
			return Percentiles{}, fmt.Errorf("%s: Q not above the previous point's Q=%v", where, points[i-1].Q)
		case i > 0 && p.Value < points[i-1].Value:
			return Percentiles{}, fmt.Errorf("%s: Value below the previous point's Value=%v", where, points[i-1].Value)
		}
	}
	return Percentiles{points: append([]Point(nil), points...)}, nil
}

// Sample draws by inverse CDF at u uniform in [0,1).
func (p Percentiles) Sample(r *rand.Rand) sim.Time {
	if len(p.points) == 0 {
		return 0
	}
	return p.at(r.Float64())
}

// Quantile interpolates the table at q.
func (p Percentiles) Quantile(q float64) sim.Time {
	checkQuantile(q)
	if len(p.points) == 0 {
		return 0
	}
	return p.at(q)
}

// at interpolates at u in [0,1]. A hand-written binary search: sort.Search
// would take a closure, and this is on the per-request path.
func (p Percentiles) at(u float64) sim.Time {
	last := len(p.points) - 1
	if u >= 1 {
		return p.points[last].Value
	}
	// Invariant: points[lo].Q <= u < points[hi].Q.
	lo, hi := 0, last
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if p.points[mid].Q <= u {
			lo = mid
		} else {
			hi = mid
		}
	}
	a, b := p.points[lo], p.points[hi]
	frac := (u - a.Q) / (b.Q - a.Q)
	return fromNanos(float64(a.Value) + float64(b.Value-a.Value)*frac)
}

// Mean returns the exact integral of the inverse CDF over [0,1]: the sum of
// the trapezoids (Q[i+1]-Q[i]) (Value[i]+Value[i+1])/2.
func (p Percentiles) Mean() sim.Time {
	var sum float64
	for i := 1; i < len(p.points); i++ {
		a, b := p.points[i-1], p.points[i]
		sum += (b.Q - a.Q) * (float64(a.Value) + float64(b.Value)) / 2
	}
	return fromNanos(sum)
}

// Points returns a copy of the table.
func (p Percentiles) Points() []Point { return append([]Point(nil), p.points...) }

// String returns e.g. "percentiles(p0 1ms, p50 10ms, p100 30ms)".
func (p Percentiles) String() string {
	var b strings.Builder
	b.WriteString("percentiles(")
	for i, pt := range p.points {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %v", formatQ(pt.Q), pt.Value)
	}
	b.WriteString(")")
	return b.String()
}

// scale multiplies every Value by factor; rounding is monotone, so the table
// stays non-decreasing.
func (p Percentiles) scale(factor float64) Percentiles {
	out := make([]Point, len(p.points))
	for i, pt := range p.points {
		out[i] = Point{Q: pt.Q, Value: scaleTime(pt.Value, factor)}
	}
	return Percentiles{points: out}
}
