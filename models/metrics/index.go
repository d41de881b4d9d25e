package metrics

import (
	"math"

	"github.com/DataDog/sketches-go/ddsketch/mapping"
)

// sketchIndex is the bin index that the sketch's mapping,
// mapping.NewCubicallyInterpolatedMapping(RelativeAccuracy), gives ms > 0:
// log2(ms) from the float's exponent bits, cubically interpolated over
// the significand, times the mapping's multiplier, rounded down. It is the
// library's Index written out with the same operations in the same order
// (so the same roundings), without its interface call;
// TestSketchIndexMatchesMapping holds the two equal.
func sketchIndex(ms float64) int {
	bits := math.Float64bits(ms)
	e := float64(int((bits>>52)&0x7ff) - 1023)
	s := math.Float64frombits(bits&(1<<52-1)|math.Float64bits(1)) - 1
	index := (((mapping.A*s+mapping.B)*s+mapping.C)*s + e) * indexMultiplier // the mapping's indexOffset is 0
	if index >= 0 {
		return int(index)
	}
	return int(index) - 1
}

// The mapping every Sketch uses (it holds only constants, so one serves
// all) and its constants, taken from the library so that they cannot
// drift from it.
var (
	// The cubically interpolated mapping keeps the 1% guarantee with about
	// 1% more bins than the logarithmic one, and indexes without calling
	// math.Log: Add is on every request's path.
	sketchMapping = func() *mapping.CubicallyInterpolatedMapping {
		m, err := mapping.NewCubicallyInterpolatedMapping(RelativeAccuracy)
		if err != nil {
			// Only an accuracy outside (0, 1) fails; ours is a constant.
			panic("metrics: " + err.Error())
		}
		return m
	}()
	// indexMultiplier is 1/log2(gamma), computed as the library does.
	indexMultiplier = 1 / math.Log2(math.Pow((1+RelativeAccuracy)/(1-RelativeAccuracy), 10*math.Ln2/7))
	minIndexableMS  = sketchMapping.MinIndexableValue()
	maxIndexableMS  = sketchMapping.MaxIndexableValue()
)

// bin counts one value of mapping index i, growing bins to reach it.
func (s *Sketch) bin(i int) {
	k := i - s.binLo
	if k < 0 || k >= len(s.bins) {
		s.grow(i)
		k = i - s.binLo
	}
	s.bins[k]++
	s.binned++
}

// grow widens bins to hold index i, with room for 64 more bins on the
// side it grew, so that a slowly widening range reallocates rarely.
func (s *Sketch) grow(i int) {
	if len(s.bins) == 0 {
		s.binLo = i - 32
		s.bins = make([]int64, 64)
		return
	}
	lo, hi := s.binLo, s.binLo+len(s.bins) // [lo, hi)
	switch {
	case i < lo:
		lo = i - 64
	default:
		hi = i + 65
	}
	nb := make([]int64, hi-lo)
	copy(nb[s.binLo-lo:], s.bins)
	s.bins, s.binLo = nb, lo
}
