package dist_test

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"

	"faassim/models/dist"
	"faassim/sim"
)

// Sample sizes and tolerances shared by the statistical tests. The streams are
// seeded, so every test is deterministic; the tolerances are what makes a
// pass meaningful rather than a snapshot of one run.
const (
	// nSamples: with 200,000 draws the standard error of a sample mean is
	// sd/447, so 5 standard errors is ~1% of sd.
	nSamples = 200_000
	// zTol: a sample statistic within zTol standard errors of its true value.
	// For an unbiased test a 5-sigma miss has probability 6e-7.
	zTol = 5.0
	// ksCritical001 is the asymptotic Kolmogorov-Smirnov critical value at
	// alpha = 0.001, sqrt(-ln(alpha/2)/2) = 1.949 (Massey 1951); reject when
	// sqrt(n) D exceeds it.
	ksCritical001 = 1.949
)

// z quantiles of the standard normal from tables (Abramowitz and Stegun
// 26.2), written out so tests do not check the code's gonum call with
// itself.
const (
	z975 = 1.959963984540054
	z99  = 2.326347874040841
)

// draw returns n samples of d in seconds, sorted, from a stream named after
// the test.
func draw(t testing.TB, d dist.Dist, n int) []float64 {
	t.Helper()
	r := sim.NewStream(42, t.Name())
	xs := make([]float64, n)
	for i := range xs {
		v := d.Sample(r)
		if v < 0 {
			t.Fatalf("%v: negative sample %v", d, v)
		}
		xs[i] = v.Seconds()
	}
	slices.Sort(xs)
	return xs
}

func mean(xs []float64) float64 { return stat.Mean(xs, nil) }

// sampleQuantile is the order statistic at q of sorted xs.
func sampleQuantile(sorted []float64, q float64) float64 {
	return sorted[int(q*float64(len(sorted)-1))]
}

// ksStatistic is the one-sample Kolmogorov-Smirnov distance
// sup |F_n(x) - F(x)| between sorted samples and the CDF.
func ksStatistic(sorted []float64, cdf func(float64) float64) float64 {
	n := float64(len(sorted))
	var d float64
	for i, x := range sorted {
		f := cdf(x)
		d = math.Max(d, math.Max(float64(i+1)/n-f, f-float64(i)/n))
	}
	return d
}

// checkMean asserts that the sample mean is within zTol standard errors
// sd/sqrt(n) of want (all in seconds).
func checkMean(t *testing.T, xs []float64, want, sd float64) {
	t.Helper()
	se := sd / math.Sqrt(float64(len(xs)))
	if got := mean(xs); math.Abs(got-want) > zTol*se {
		t.Errorf("sample mean %.6g s, want %.6g s +- %.3g (%.0f standard errors of %.3g)",
			got, want, zTol*se, zTol, se)
	}
}

// checkSampleQuantile asserts that the sample q-quantile is within zTol
// standard errors of the true quantile x, where the asymptotic standard error
// of a sample quantile is sqrt(q(1-q)/n) / f(x) (Serfling 1980, 2.3.3) and pdf
// is the density at x.
func checkSampleQuantile(t *testing.T, sorted []float64, q, x, pdf float64) {
	t.Helper()
	se := math.Sqrt(q*(1-q)/float64(len(sorted))) / pdf
	if got := sampleQuantile(sorted, q); math.Abs(got-x) > zTol*se {
		t.Errorf("sample quantile %v = %.6g s, want %.6g s +- %.3g", q, got, x, zTol*se)
	}
}

func checkKS(t *testing.T, sorted []float64, cdf func(float64) float64) {
	t.Helper()
	d := ksStatistic(sorted, cdf)
	if stat := math.Sqrt(float64(len(sorted))) * d; stat > ksCritical001 {
		t.Errorf("Kolmogorov-Smirnov sqrt(n) D = %.3f > %.3f (alpha 0.001): samples do not follow the CDF", stat, ksCritical001)
	}
}

// closeTime reports whether got is within tolNanos of want.
func closeTime(got, want sim.Time, tolNanos int64) bool {
	d := int64(got - want)
	return d <= tolNanos && d >= -tolNanos
}
