package trace

import (
	"math/bits"
	"math/rand/v2"

	"faassim/sim"
)

// stream is a named random stream held by value, so that a function's
// state carries its generators inline: the spreader draws once or twice
// per invocation, and a *rand.Rand costs a pointer chase and an interface
// call (Rand -> Source) each time. It draws exactly what
// sim.NewStream(seed, name) would: the same PCG, and float64 and uint64n
// are math/rand/v2's own (Rand.Float64 and Rand.Uint64N), so a replay is
// unchanged by the representation.
type stream struct{ pcg rand.PCG }

func newStream(seed uint64, name string) stream {
	return stream{pcg: *rand.NewPCG(seed, sim.StreamKey(name))}
}

// float64 is Rand.Float64: a uniform value of [0,1) from 53 random bits.
func (s *stream) float64() float64 {
	return float64(s.pcg.Uint64()<<11>>11) / (1 << 53)
}

// belowMinute is Rand.Uint64N(minuteNS): Lemire's multiply-and-reject,
// with the same draws and rejections. (Rand.Uint64N takes other paths for
// a power of two, and for n under 2^32 on 32-bit platforms; a minute in
// ns, 6e10, is neither.)
func (s *stream) belowMinute() uint64 {
	n := minuteNS // a variable: -n below wraps in uint64 arithmetic
	hi, lo := bits.Mul64(s.pcg.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(s.pcg.Uint64(), n)
		}
	}
	return hi
}

// source is the stream as a rand.Source, for code that takes one (a
// Binomial draw, a dist.Dist's Sample): it advances the same state.
func (s *stream) source() rand.Source { return &s.pcg }
