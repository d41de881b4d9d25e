package trace

import (
	"testing"

	"faassim/sim"
)

// A stream draws exactly what sim.NewStream's *rand.Rand draws, call for
// call, whichever of its methods a replay interleaves: the replay's
// output must not depend on the representation.
func TestStreamIsSimStream(t *testing.T) {
	for _, tc := range []struct {
		seed uint64
		name string
	}{{1, "trace/spread/f"}, {7, "trace/durations/a1b2"}, {1 << 63, ""}} {
		s, r := newStream(tc.seed, tc.name), sim.NewStream(tc.seed, tc.name)
		for i := range 30_000 {
			switch i % 3 {
			case 0:
				if got, want := s.float64(), r.Float64(); got != want {
					t.Fatalf("%+v draw %d: float64 %v, Rand.Float64 %v", tc, i, got, want)
				}
			case 1:
				if got, want := s.belowMinute(), r.Uint64N(minuteNS); got != want {
					t.Fatalf("%+v draw %d: belowMinute %v, Rand.Uint64N %v", tc, i, got, want)
				}
			default:
				if got, want := s.source().Uint64(), r.Uint64(); got != want {
					t.Fatalf("%+v draw %d: source %v, Rand.Uint64 %v", tc, i, got, want)
				}
			}
		}
	}
}
