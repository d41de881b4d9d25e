package dist

import (
	"fmt"
	"math"
	"math/rand/v2"

	"faassim/sim"
)

// Dist is a distribution of non-negative durations.
type Dist interface {
	// Sample draws one duration using r. It never allocates and never
	// returns a negative duration.
	Sample(r *rand.Rand) sim.Time
	// Mean returns the expected duration.
	Mean() sim.Time
	// Quantile returns the duration below which a fraction q in [0,1] of
	// samples fall. It panics if q is outside [0,1]: that is a programming
	// error, not a property of the data.
	Quantile(q float64) sim.Time
	// String describes the distribution, e.g.
	// "lognormal(median 250ms, p99 1s)".
	String() string
}

// Compile-time checks that every distribution of this package is a Dist.
var (
	_ Dist = Deterministic{}
	_ Dist = Exponential{}
	_ Dist = LogNormal{}
	_ Dist = Percentiles{}
	_ Dist = scaled{}
)

// maxNanos is 2^63, the first float64 that does not fit in a sim.Time.
const maxNanos = float64(math.MaxInt64)

// fromNanos rounds a non-negative float number of nanoseconds to a sim.Time.
// Durations at or beyond 2^63 ns (292 years) saturate at sim.Never rather
// than wrapping to a negative time: an exp() tail draw can get there, and
// "longer than any simulation" is the honest answer.
func fromNanos(ns float64) sim.Time {
	if !(ns < maxNanos) {
		return sim.Never
	}
	return sim.Time(ns + 0.5) // ns >= 0, so +0.5 and truncation round to nearest.
}

// scaleTime multiplies t by factor, keeping sim.Never as never.
func scaleTime(t sim.Time, factor float64) sim.Time {
	if t == sim.Never {
		return sim.Never
	}
	return fromNanos(float64(t) * factor)
}

// checkQuantile panics unless q is in [0,1].
func checkQuantile(q float64) {
	if !(q >= 0 && q <= 1) {
		panic(fmt.Sprintf("dist: quantile q=%v outside [0,1]", q))
	}
}

// formatQ writes a quantile as a percentile label: 0.99 -> "p99",
// 0.975 -> "p97.5".
func formatQ(q float64) string {
	return fmt.Sprintf("p%g", math.Round(q*100*1e6)/1e6)
}

// Deterministic is a distribution that always returns Value. Value must be
// non-negative; NewDeterministic checks it, a struct literal is trusted.
type Deterministic struct{ Value sim.Time }

// NewDeterministic returns a Deterministic distribution of value, or an error
// if value is negative.
func NewDeterministic(value sim.Time) (Deterministic, error) {
	if value < 0 {
		return Deterministic{}, fmt.Errorf("dist: deterministic value %v is negative", value)
	}
	return Deterministic{Value: value}, nil
}

// Sample returns d.Value without touching r, so a deterministic component
// does not shift the stream of anyone else.
func (d Deterministic) Sample(*rand.Rand) sim.Time { return d.Value }

// Mean returns d.Value.
func (d Deterministic) Mean() sim.Time { return d.Value }

// Quantile returns d.Value for every q in [0,1].
func (d Deterministic) Quantile(q float64) sim.Time {
	checkQuantile(q)
	return d.Value
}

// String returns e.g. "deterministic(250ms)".
func (d Deterministic) String() string { return fmt.Sprintf("deterministic(%v)", d.Value) }

// Scale returns the distribution of d's durations multiplied by factor, used
// for example for memory-speed scaling. The distributions of this package
// stay of the same kind (a scaled LogNormal is a LogNormal, and prints as
// one); any other Dist is wrapped. Scale panics unless factor is finite and
// positive: a zero or negative speed is a configuration error that the caller
// must report, not something to clamp.
func Scale(d Dist, factor float64) Dist {
	if !(factor > 0) || math.IsInf(factor, 1) {
		panic(fmt.Sprintf("dist: scale factor %v must be finite and positive", factor))
	}
	switch d := d.(type) {
	case nil:
		panic("dist: Scale of a nil Dist")
	case Deterministic:
		return Deterministic{Value: scaleTime(d.Value, factor)}
	case Exponential:
		return Exponential{mean: scaleTime(d.mean, factor)}
	case LogNormal:
		return d.scale(factor)
	case Percentiles:
		return d.scale(factor)
	case scaled:
		return scaled{d: d.d, factor: d.factor * factor}
	default:
		return scaled{d: d, factor: factor}
	}
}

// scaled wraps a Dist of another package whose durations are multiplied by
// factor.
type scaled struct {
	d      Dist
	factor float64
}

func (s scaled) Sample(r *rand.Rand) sim.Time { return scaleTime(s.d.Sample(r), s.factor) }
func (s scaled) Mean() sim.Time               { return scaleTime(s.d.Mean(), s.factor) }
func (s scaled) Quantile(q float64) sim.Time  { return scaleTime(s.d.Quantile(q), s.factor) }
func (s scaled) String() string               { return fmt.Sprintf("%v x %g", s.d, s.factor) }
