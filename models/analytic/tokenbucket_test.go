package analytic

import (
	"math"
	"math/rand/v2"
	"testing"
)

// tokenBucketRefusals simulates the bucket TokenBucketShortage describes:
// n Poisson demands at rate against burst tokens refilled at refill per
// second, starting full; it returns the share refused.
func tokenBucketRefusals(rate float64, burst int, refill float64, n int, seed uint64) float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	tokens, refused := float64(burst), 0
	for range n {
		tokens = min(float64(burst), tokens+refill*r.ExpFloat64()/rate)
		if tokens >= 1 {
			tokens--
		} else {
			refused++
		}
	}
	return float64(refused) / float64(n)
}

func TestTokenBucketShortage(t *testing.T) {
	// rho = 1/2: s solves (e^s - 1)/2 = s, s = 1.2564312086 (by hand:
	// e^1.2564312086 = 3.5128624172 = 1 + 2 x 1.2564312086).
	if got, want := TokenBucketShortage(5, 11, 10), math.Exp(-10*1.2564312086); math.Abs(got-want) > 1e-9*want {
		t.Errorf("rho 1/2, burst 11: %g, want e^(-10 s) = %g", got, want)
	}
	for _, tc := range []struct {
		name               string
		rate, refill, want float64
		burst              int
	}{
		{"no demand", 0, 10, 0, 5},
		{"demand at the refill rate", 10, 10, 1, 1000},
		{"demand above it", 50, 10, 1, 10},
		{"a bucket of one", 1, 10, 1, 1},
	} {
		if got := TokenBucketShortage(tc.rate, tc.burst, tc.refill); got != tc.want {
			t.Errorf("%s: %g, want %g", tc.name, got, tc.want)
		}
	}
	// The bound holds against the bucket itself. With 400,000 demands a
	// refused share p has a standard error below sqrt(p/400000) (about
	// 1.6e-4 at p = 0.01): allow 4 of them above the bound.
	for _, tc := range []struct {
		rate, refill float64
		burst        int
	}{{8, 10, 5}, {9, 10, 20}, {5, 10, 3}, {2, 10, 2}} {
		const n = 400_000
		got := tokenBucketRefusals(tc.rate, tc.burst, tc.refill, n, 7)
		bound := TokenBucketShortage(tc.rate, tc.burst, tc.refill)
		if got > bound+4*math.Sqrt(bound/n) {
			t.Errorf("rate %g, burst %d, refill %g: simulated refusals %.5f above the bound %.5f", tc.rate, tc.burst, tc.refill, got, bound)
		}
		// And it is a useful bound, not a vacuous one: within a factor
		// of 20 of what the bucket does.
		if got < bound/20 {
			t.Errorf("rate %g, burst %d, refill %g: bound %.5f, 20 times the simulated %.5f", tc.rate, tc.burst, tc.refill, bound, got)
		}
	}
}
