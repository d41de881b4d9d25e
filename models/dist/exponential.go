package dist

import (
	"fmt"
	"math"
	"math/rand/v2"

	"faassim/sim"
)

// Exponential is the memoryless distribution: think times, Poisson
// inter-arrival gaps, SimFaaS-style service times. The zero value always
// samples 0; use NewExponential.
type Exponential struct {
	mean sim.Time
}

// NewExponential returns an exponential distribution with the given mean, or
// an error if mean is not positive.
func NewExponential(mean sim.Time) (Exponential, error) {
	if mean <= 0 {
		return Exponential{}, fmt.Errorf("dist: exponential mean %v must be positive", mean)
	}
	return Exponential{mean: mean}, nil
}

// Sample draws mean * Exp(1) using the ziggurat in math/rand/v2.
func (e Exponential) Sample(r *rand.Rand) sim.Time {
	return fromNanos(float64(e.mean) * r.ExpFloat64())
}

// Mean returns the mean.
func (e Exponential) Mean() sim.Time { return e.mean }

// Quantile returns -mean * ln(1-q); Quantile(1) is sim.Never.
func (e Exponential) Quantile(q float64) sim.Time {
	checkQuantile(q)
	// log1p keeps precision for small q, where 1-q rounds.
	return fromNanos(-float64(e.mean) * math.Log1p(-q))
}

// String returns e.g. "exponential(mean 250ms)".
func (e Exponential) String() string { return fmt.Sprintf("exponential(mean %v)", e.mean) }
