package theory

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

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
