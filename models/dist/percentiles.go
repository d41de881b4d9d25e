package dist

import (
	"errors"
	"fmt"
	"math"
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
		// Formatted only for an error: a trace builds a table per function.
		where := func() string { return fmt.Sprintf("dist: percentile point %d (Q=%v, Value=%v)", i, p.Q, p.Value) }
		switch {
		case !(p.Q >= 0 && p.Q <= 1):
			return Percentiles{}, errors.New(where() + ": Q outside [0,1]")
		case p.Value < 0:
			return Percentiles{}, errors.New(where() + ": negative Value")
		case i == 0 && p.Q != 0:
			return Percentiles{}, errors.New(where() + ": the first point must have Q=0 (the minimum)")
		case i == len(points)-1 && p.Q != 1:
			return Percentiles{}, errors.New(where() + ": the last point must have Q=1 (the maximum)")
		case i > 0 && p.Q <= points[i-1].Q:
			return Percentiles{}, fmt.Errorf("%s: Q not above the previous point's Q=%v", where(), points[i-1].Q)
		case i > 0 && p.Value < points[i-1].Value:
			return Percentiles{}, fmt.Errorf("%s: Value below the previous point's Value=%v", where(), points[i-1].Value)
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
	return lerp(a.Q, b.Q, a.Value, b.Value, u)
}

// lerp interpolates between the points (qa, va) and (qb, vb) at u, qa <= u
// < qb: the one formula of Percentiles and InlinePercentiles, so that both
// give the same nanosecond for the same table and u.
func lerp(qa, qb float64, va, vb sim.Time, u float64) sim.Time {
	frac := (u - qa) / (qb - qa)
	return fromNanos(float64(va) + float64(vb-va)*frac)
}

// b2i is 1 for true: the compiler makes it a flag set, not a branch.
func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i
}

// InlineMax is the most points an InlinePercentiles holds (At's sum of
// comparisons is written out for 8).
const InlineMax = 8

// InlinePercentiles is a Percentiles table of at most InlineMax points
// held in place, for a caller that keeps one table per function (a trace
// of thousands) and samples one per request: no pointer to follow, and a
// search whose comparisons compile to conditional moves rather than
// branches, which a binary search over random u mispredicts about once a
// step. It interpolates exactly as the Percentiles it came from.
type InlinePercentiles struct {
	q    [InlineMax]float64 // past the last point: +Inf, never <= u
	v    [InlineMax]sim.Time
	last int // index of the point Q=1
}

// Inline returns p held in place; false when p has more than InlineMax
// points or none.
func (p Percentiles) Inline() (InlinePercentiles, bool) {
	n := len(p.points)
	if n < 2 || n > InlineMax {
		return InlinePercentiles{}, false
	}
	var in InlinePercentiles
	for i := range in.q {
		in.q[i] = math.Inf(1)
	}
	for i, pt := range p.points {
		in.q[i], in.v[i] = pt.Q, pt.Value
	}
	in.last = n - 1
	return in, true
}

// At interpolates the table at u in [0,1]: Percentiles.Quantile(u) of the
// table it came from, without the range check (u from a uniform draw).
func (p *InlinePercentiles) At(u float64) sim.Time {
	if u >= 1 {
		return p.v[p.last&(InlineMax-1)]
	}
	// lo counts the points past the first at or below u: with Q strictly
	// increasing and q[last] = 1 > u, q[lo] <= u < q[lo+1], the binary
	// search's bracket.
	q := &p.q
	lo := b2i(q[1] <= u) + b2i(q[2] <= u) + b2i(q[3] <= u) + b2i(q[4] <= u) +
		b2i(q[5] <= u) + b2i(q[6] <= u) + b2i(q[7] <= u) // written out: Go does not unroll loops
	// lo <= last-1 < InlineMax-1: the masks only drop the bounds checks.
	lo &= InlineMax - 1
	hi := (lo + 1) & (InlineMax - 1)
	return lerp(p.q[lo], p.q[hi], p.v[lo], p.v[hi], u)
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
