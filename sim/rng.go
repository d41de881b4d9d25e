package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// NewStream returns a random stream derived from a scenario seed and a name,
// such as "arrivals/api" or "coldstart/api". Components never share a stream
// and never read a global source or the clock, so a run is a pure function of
// its seed, and two platforms fed the same (seed, name) see the same numbers
// (common random numbers).
func NewStream(seed uint64, name string) *rand.Rand {
	return rand.New(rand.NewPCG(seed, StreamKey(name)))
}

// StreamKey hashes a stream name to the second PCG seed word (FNV-1a, 64 bit).
func StreamKey(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// DeriveSeed returns the seed of replication i of a run seeded with seed.
// Replication 0 uses the scenario seed itself, so a single run and the first
// of several agree.
func DeriveSeed(seed uint64, i int) uint64 {
	if i == 0 {
		return seed
	}
	return rand.New(rand.NewPCG(seed, uint64(i))).Uint64()
}
