package analytic

import "math"

// ErlangB is the blocking probability of an M/G/c/c loss system with
// offered load a = lambda x E[S] in erlangs (Erlang 1917; Kleinrock,
// Queueing Systems vol. 1, eq. 3.46). It uses the stable recurrence
// B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), which needs no factorial and
// stays accurate for c in the tens of thousands. c <= 0 gives 1 (no server:
// every arrival is lost); a <= 0 gives 0 for c >= 1.
func ErlangB(c int, a float64) float64 {
	if c <= 0 {
		return 1
	}
	if !(a > 0) {
		return 0
	}
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
		// Once b underflows it stays 0: stop, so that a limit typed huge
		// (a playground box, 10^12) costs O(a) steps, not O(c).
		if b == 0 {
			return 0
		}
	}
	return b
}

// ErlangC is the probability that an arrival waits in an M/M/c queue with
// offered load a (Kleinrock vol. 1, eq. 3.40; Gross and Harris,
// Fundamentals of Queueing Theory, section 2.3): C = c B / (c - a (1 - B)),
// B = ErlangB(c, a). It is 1 when a >= c, where the queue is not stable and
// every arrival eventually waits.
func ErlangC(c int, a float64) float64 {
	if a >= float64(c) {
		return 1
	}
	b := ErlangB(c, a)
	return float64(c) * b / (float64(c) - a*(1-b))
}

// FixedTTLColdProbability is the probability that a request to a single
// instance kept warm for ttlS seconds after each request finds it expired,
// when requests arrive as a Poisson process of lambda per second and the
// execution time is negligible beside the gaps: the gap exceeds the TTL
// with probability e^(-lambda T) (the exponential tail).
func FixedTTLColdProbability(lambda, ttlS float64) float64 {
	if math.IsInf(ttlS, 1) {
		return 0
	}
	return math.Exp(-lambda * ttlS)
}
