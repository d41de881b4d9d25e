package analytic

import "math"

// TokenBucketShortage bounds the probability that a demand finds a token
// bucket empty: demands arrive as a Poisson process of rate per second,
// each takes one token, and the bucket holds at most burst tokens,
// refilled continuously at refillPerS tokens a second (a scaling limit of
// burst new instances per burst/refillPerS seconds).
//
// The bucket's deficit (burst minus the tokens left) is the workload of
// an M/D/1 queue whose jobs each bring 1/refillPerS seconds of work,
// drained at unit rate, and refused demands only lower it; a demand finds
// no token when the deficit exceeds burst - 1 tokens. By PASTA and
// Lundberg's inequality for the M/G/1 workload (Asmussen, Applied
// Probability and Queues, 2003, section XIII.5: P(V > x) <= e^(-gamma x),
// gamma the positive root of lambda (E[e^(gamma S)] - 1) = gamma) that
// probability is at most e^(-s (burst-1)), where s > 0 solves
// rho (e^s - 1) = s, rho = rate / refillPerS. It is 1 when rho >= 1: the
// demands outrun the refill and the bucket runs dry.
func TokenBucketShortage(rate float64, burst int, refillPerS float64) float64 {
	switch {
	case !(rate > 0):
		return 0
	case burst < 1 || !(refillPerS > 0):
		return 1
	}
	rho := rate / refillPerS
	if rho >= 1 {
		return 1
	}
	// f(s) = rho (e^s - 1) - s is convex, 0 at s = 0 and falling there
	// (f'(0) = rho - 1 < 0): one positive root. Bracket it, then bisect.
	f := func(s float64) float64 { return rho*math.Expm1(s) - s }
	lo, hi := 0.0, 1.0
	for f(hi) <= 0 {
		lo, hi = hi, 2*hi
	}
	for range 100 {
		mid := (lo + hi) / 2
		if f(mid) <= 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	// lo <= root: the bound stays a bound.
	return math.Exp(-lo * float64(burst-1))
}
