package theory

import (
	"math"
	"testing"

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

// Agrees fails t unless mean is within 4 standard errors of want and the
// standard error is at most maxSE.
func Agrees(t testing.TB, name string, mean, se, want, maxSE float64) {
	t.Helper()
	if se > maxSE {
		t.Errorf("%s: standard error %.4g above %.4g: the test is too noisy to say anything", name, se, maxSE)
	}
	if math.Abs(mean-want) > 4*se {
		t.Errorf("%s = %.5f ± %.5f (se), theory %.5f: off by %.1f standard errors",
			name, mean, se, want, math.Abs(mean-want)/se)
	}
}
