package dist

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/sim"
)

// LogNormal is a distribution whose logarithm is normal: the usual model of
// right-skewed latencies such as cold starts. It is fitted by its median and
// one upper quantile, because that is how latencies are published; the
// fitting point is kept so String shows the numbers it was built from. The
// zero value always samples 0; use NewLogNormal or LogNormalFromQuantile.
type LogNormal struct {
	muLogNanos float64 // mean of ln(duration in ns)
	sigma      float64 // standard deviation of ln(duration); unitless
	median     sim.Time
	q          float64 // the fitted upper quantile, in (0.5, 1)
	atQ        sim.Time
}

// NewLogNormal returns the lognormal distribution with the given median and
// 99th percentile, or an error unless 0 < median < p99.
func NewLogNormal(median, p99 sim.Time) (LogNormal, error) {
	return LogNormalFromQuantile(median, 0.99, p99)
}

// LogNormalFromQuantile returns the lognormal distribution with the given
// median whose q-quantile is x (for example q = 0.975 for the upper end of a
// central 95% range). It returns an error unless 0.5 < q < 1 and
// 0 < median < x.
func LogNormalFromQuantile(median sim.Time, q float64, x sim.Time) (LogNormal, error) {
	if !(q > 0.5 && q < 1) {
		return LogNormal{}, fmt.Errorf("dist: lognormal fitting quantile q=%v must be in (0.5, 1)", q)
	}
	if !(median > 0 && median < x) {
		return LogNormal{}, fmt.Errorf("dist: lognormal needs 0 < median < %s, got median %v, %s %v",
			formatQ(q), median, formatQ(q), x)
	}
	// ln X ~ N(mu, sigma): the median is e^mu and the q-quantile is
	// e^(mu + sigma z_q), so sigma = ln(x/median) / z_q.
	mu := math.Log(float64(median))
	sigma := (math.Log(float64(x)) - mu) / distuv.UnitNormal.Quantile(q)
	return LogNormal{muLogNanos: mu, sigma: sigma, median: median, q: q, atQ: x}, nil
}

// Sample draws exp(mu + sigma Z) nanoseconds, Z standard normal. A draw
// beyond 292 years saturates at sim.Never (see fromNanos).
func (l LogNormal) Sample(r *rand.Rand) sim.Time {
	if l.median == 0 {
		return 0
	}
	return fromNanos(math.Exp(l.muLogNanos + l.sigma*r.NormFloat64()))
}

// Mean returns exp(mu + sigma^2/2), which exceeds the median by the factor
// exp(sigma^2/2): the tail pulls the mean up.
func (l LogNormal) Mean() sim.Time {
	if l.median == 0 {
		return 0
	}
	return fromNanos(math.Exp(l.muLogNanos + l.sigma*l.sigma/2))
}

// Quantile returns exp(mu + sigma z_q); Quantile(0) is 0 and Quantile(1) is
// sim.Never.
func (l LogNormal) Quantile(q float64) sim.Time {
	checkQuantile(q)
	switch {
	case l.median == 0 || q == 0:
		return 0
	case q == 1:
		return sim.Never
	}
	return fromNanos(math.Exp(l.muLogNanos + l.sigma*distuv.UnitNormal.Quantile(q)))
}

// Median returns the median, e^mu.
func (l LogNormal) Median() sim.Time { return l.median }

// Sigma returns the standard deviation of the logarithm of the duration.
func (l LogNormal) Sigma() float64 { return l.sigma }

// String returns the fitting points, e.g. "lognormal(median 250ms, p99 1s)".
func (l LogNormal) String() string {
	return fmt.Sprintf("lognormal(median %v, %s %v)", l.median, formatQ(l.q), l.atQ)
}

// scale multiplies every duration by factor: mu moves by ln(factor), sigma is
// unchanged, and so is the shape.
func (l LogNormal) scale(factor float64) LogNormal {
	l.muLogNanos += math.Log(factor)
	l.median = scaleTime(l.median, factor)
	l.atQ = scaleTime(l.atQ, factor)
	return l
}
