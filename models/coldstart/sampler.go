package coldstart

import (
	"math/rand/v2"

	"faassim/models/dist"
	"faassim/sim"
)

// Sampler wraps the Sample method, which draws one cold-start latency using
// r. Implementations must not allocate and must not return a negative time.
type Sampler interface {
	Sample(r *rand.Rand) sim.Time
}

// SamplerFunc adapts an ordinary function to a Sampler.
type SamplerFunc func(r *rand.Rand) sim.Time

// Sample returns f(r).
func (f SamplerFunc) Sample(r *rand.Rand) sim.Time { return f(r) }

// Compile-time checks: every distribution is a cold-start sampler.
var (
	_ Sampler = SamplerFunc(nil)
	_ Sampler = dist.Dist(nil)
	_ Sampler = dist.Deterministic{}
	_ Sampler = dist.Exponential{}
	_ Sampler = dist.LogNormal{}
	_ Sampler = dist.Percentiles{}
)
