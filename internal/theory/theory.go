package theory

import (
	"math"

	"gonum.org/v1/gonum/stat"
)

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
