package theory

import (
	"math"

	"gonum.org/v1/gonum/stat"
)

// ErlangB is the blocking probability of an M/G/c/c loss system with
// offered load a (Erlang 1917; Kleinrock, Queueing Systems vol. 1, eq. 3.46,
// by the stable recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))).
func ErlangB(c int, a float64) float64 {
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// ErlangC is the probability that an arrival waits in an M/M/c queue with
// offered load a < c (Kleinrock vol. 1, eq. 3.40; Gross and Harris,
// Fundamentals of Queueing Theory, section 2.3): C = c B / (c - a (1 - B)).
func ErlangC(c int, a float64) float64 {
	b := ErlangB(c, a)
	return float64(c) * b / (float64(c) - a*(1-b))
}

// MeanSE returns the mean of xs and its standard error, s / sqrt(n), s
// the sample standard deviation.
func MeanSE(xs []float64) (mean, se float64) {
	mean, s := stat.MeanStdDev(xs, nil)
	return mean, stat.StdErr(s, float64(len(xs)))
}

// Agrees applies the rule: the mean of independent replications agrees
// with theory when it lies within 4 standard errors of want and the
// standard error is at most maxSE (so that a noisy run cannot pass for
// being vague). z is the distance in standard errors (+Inf when se is 0
// and the mean is not want exactly).
func Agrees(mean, se, want, maxSE float64) (z float64, ok bool) {
	d := math.Abs(mean - want)
	switch {
	case d == 0:
		z = 0
	case se == 0:
		z = math.Inf(1)
	default:
		z = d / se
	}
	return z, se <= maxSE && z <= 4
}
