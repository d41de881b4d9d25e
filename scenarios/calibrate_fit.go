package scenarios

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistFit is how a sample of durations was turned into a scenario
// distribution: a lognormal when it fits, else the empirical percentiles.
type DistFit struct {
	N    int    // samples the fit used (at most the reservoir size)
	Kind string // "lognormal" or "percentiles"
	// Dist is what the scenario gets.
	Dist Dist
	// Empirical quantiles of the sample.
	P50, P90, P99 time.Duration
	// MuLog and SigmaLog are the mean and standard deviation of ln(ns):
	// the lognormal's maximum-likelihood parameters (0 when not fitted).
	MuLog, SigmaLog float64
	// KS is the Kolmogorov-Smirnov distance between the sample and the
	// fitted lognormal, KSCritical Lilliefors' 5% critical value for a
	// normal with estimated parameters, 0.886/sqrt(n) (Lilliefors 1967,
	// JASA 62(318), large-n form). Reported, not decided on: at the sample
	// sizes of production logs it rejects deviations too small to move a
	// simulated percentile.
	KS, KSCritical float64
	// QuantileError is the largest relative error of the fitted p50, p90
	// and p99 against the empirical ones: the decision's statistic.
	QuantileError float64
	// Reason says why this kind was chosen, in words.
	Reason string
}

// fitDurations fits samples (ns, any order; sorted in place). A lognormal
// is chosen when n >= minFit and its p50, p90 and p99 are each within
// maxErr (relative) of the sample's: those are what a simulated latency
// report is read at. Otherwise the empirical percentiles are used.
func fitDurations(samples []float64, minFit int, maxErr float64) DistFit {
	slices.Sort(samples)
	n := len(samples)
	f := DistFit{N: n}
	if n == 0 {
		f.Reason = "no samples"
		return f
	}
	f.P50, f.P90, f.P99 = nsDur(quantileSorted(samples, 0.5)), nsDur(quantileSorted(samples, 0.9)), nsDur(quantileSorted(samples, 0.99))
	perc := percentilesDist(samples)
	if n < minFit {
		f.Kind, f.Dist = "percentiles", perc
		f.Reason = fmt.Sprintf("%d samples, below the %d a fit needs: empirical percentiles", n, minFit)
		return f
	}
	mu, sigma := logMoments(samples)
	f.MuLog, f.SigmaLog = mu, sigma
	f.KS = ksLogNormal(samples, mu, sigma)
	f.KSCritical = 0.886 / math.Sqrt(float64(n))
	for _, q := range []float64{0.5, 0.9, 0.99} {
		emp := quantileSorted(samples, q)
		fit := math.Exp(mu + sigma*distuv.UnitNormal.Quantile(q))
		if emp > 0 {
			f.QuantileError = max(f.QuantileError, math.Abs(fit-emp)/emp)
		}
	}
	median := roundMicros(math.Exp(mu))
	p99 := roundMicros(math.Exp(mu + sigma*distuv.UnitNormal.Quantile(0.99)))
	if f.QuantileError <= maxErr && sigma > 0 && p99 > median && median > 0 {
		f.Kind = "lognormal"
		f.Dist = Dist{Dist: "lognormal", Median: median, P99: p99}
		f.Reason = fmt.Sprintf("lognormal: fitted p50/p90/p99 within %.1f%% of the sample's (limit %.0f%%); KS D = %.4f (Lilliefors 5%% critical %.4f)",
			100*f.QuantileError, 100*maxErr, f.KS, f.KSCritical)
		return f
	}
	f.Kind, f.Dist = "percentiles", perc
	f.Reason = fmt.Sprintf("empirical percentiles: a lognormal misses p50/p90/p99 by up to %.1f%% (limit %.0f%%); KS D = %.4f (Lilliefors 5%% critical %.4f)",
		100*f.QuantileError, 100*maxErr, f.KS, f.KSCritical)
	return f
}

// percentilesDist is the scenario's {dist: percentiles} (with p90 and p95)
// of a sorted
// sample, rounded to the microsecond and at least 1 µs: a scenario file
// leaves out a zero, which would then read as missing.
func percentilesDist(sorted []float64) Dist {
	q := func(p float64) Duration {
		return max(roundMicros(quantileSorted(sorted, p)), Duration(time.Microsecond))
	}
	// p90 and p95 too: a straight line from p75 to p99 would overstate
	// a right-skewed tail (the mean, so the bill, with it).
	p90, p95 := q(0.90), q(0.95)
	d := Dist{Dist: "percentiles", P0: q(0), P1: q(0.01), P25: q(0.25), P50: q(0.5), P75: q(0.75), P90: &p90, P95: &p95, P99: q(0.99), P100: q(1)}
	return d
}

// quantileSorted is the linear interpolation between order statistics
// (Hyndman and Fan's type 7, R's default) of a sorted sample.
func quantileSorted(s []float64, q float64) float64 {
	if len(s) == 0 {
		return 0
	}
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// logMoments are the mean and (n-1) standard deviation of ln x; x below
// 1 µs counts as 1 µs (Lambda logs durations to 0.01 ms; a 0 would be -Inf).
func logMoments(xs []float64) (mu, sigma float64) {
	var sum, sumSq float64
	for _, x := range xs {
		l := math.Log(max(x, 1e3))
		sum += l
		sumSq += l * l
	}
	n := float64(len(xs))
	mu = sum / n
	if len(xs) > 1 {
		sigma = math.Sqrt(max(0, (sumSq-n*mu*mu)/(n-1)))
	}
	return mu, sigma
}

// ksLogNormal is sup |F_n(x) - Phi((ln x - mu)/sigma)| over a sorted sample.
func ksLogNormal(sorted []float64, mu, sigma float64) float64 {
	if sigma <= 0 {
		return 1
	}
	n := float64(len(sorted))
	d := 0.0
	for i, x := range sorted {
		c := distuv.UnitNormal.CDF((math.Log(max(x, 1e3)) - mu) / sigma)
		d = max(d, math.Abs(float64(i+1)/n-c), math.Abs(c-float64(i)/n))
	}
	return d
}

func roundMicros(ns float64) Duration {
	return Duration(time.Duration(math.Round(ns/1e3)) * time.Microsecond)
}

func nsDur(ns float64) time.Duration { return time.Duration(math.Round(ns)) }

// reservoir keeps a uniform sample of at most cap values of a stream
// (Vitter's algorithm R) drawn with its own seeded stream, so the same logs
// give the same fit.
type reservoir struct {
	vals []float64
	seen int64
	cap  int
	rng  *rand.Rand
}

func (r *reservoir) add(v float64) {
	r.seen++
	if len(r.vals) < r.cap {
		r.vals = append(r.vals, v)
		return
	}
	if j := r.rng.Int64N(r.seen); j < int64(r.cap) {
		r.vals[j] = v
	}
}

// ArrivalFit is the arrival process fitted to one function's arrivals.
type ArrivalFit struct {
	N        int     // arrivals
	RatePerS float64 // (n-1) / (last - first)
	// CV is the inter-arrival times' coefficient of variation (1 for
	// Poisson), CVBound the half-width the test allows around 1.
	CV, CVBound float64
	Arrival     Arrival
	Reason      string
}

// fitArrivals fits sorted arrival times (ns). Poisson is kept when
// |CV - 1| <= max(2.576/sqrt(n-1), 0.1): for exponential inter-arrivals the
// sample CV has asymptotic standard error 1/sqrt(n) (delta method with the
// exponential's moments mu=1, var=1, mu3=2, mu4=9), so that is a two-sided
// 1% test; the 0.1 floor is an equivalence margin, as with a million
// arrivals the test alone would refuse CV 1.01, which no simulated
// percentile can tell from 1. Burstier arrivals get a two-level MMPP (see
// fitMMPP); more regular ones a gamma renewal process of the same rate and
// CV (from CV 0.01, the scenario format's bound; below it a deterministic
// process, a timer). The gamma matters for the cold starts: one happens
// when a gap exceeds the keep-alive, and for regular traffic a Poisson
// process of the same rate puts far more gaps there (a request every 4 min
// with a 4 min TTL).
func fitArrivals(at []int64) ArrivalFit {
	f := ArrivalFit{N: len(at)}
	if len(at) < 3 || at[len(at)-1] <= at[0] {
		f.Reason = fmt.Sprintf("%d timed arrivals: too few to fit a rate", len(at))
		return f
	}
	span := float64(at[len(at)-1] - at[0])
	gaps := len(at) - 1
	f.RatePerS = float64(gaps) / span * 1e9
	var sum, sumSq float64
	for i := 1; i < len(at); i++ {
		g := float64(at[i] - at[i-1])
		sum += g
		sumSq += g * g
	}
	mean := sum / float64(gaps)
	f.CV = math.Sqrt(max(0, sumSq/float64(gaps)-mean*mean)) / mean
	f.CVBound = max(2.576/math.Sqrt(float64(gaps)), 0.1)
	poisson := Arrival{Process: "poisson", RatePerS: round6(f.RatePerS)}
	switch {
	case math.Abs(f.CV-1) <= f.CVBound:
		f.Arrival = poisson
		f.Reason = fmt.Sprintf("Poisson: inter-arrival CV %.3f within %.3f of 1 (99%% test, SE 1/sqrt(n), margin 0.1)", f.CV, f.CVBound)
	case f.CV > 1:
		m, why := fitMMPP(at, f.RatePerS)
		if m.Process == "" {
			f.Arrival = poisson
			f.Reason = fmt.Sprintf("Poisson, though bursty (CV %.3f): %s", f.CV, why)
		} else {
			f.Arrival = m
			f.Reason = fmt.Sprintf("MMPP: inter-arrival CV %.3f above 1 by more than %.3f; %s", f.CV, f.CVBound, why)
		}
	case f.CV < 0.01:
		f.Arrival = Arrival{Process: "deterministic", RatePerS: round6(f.RatePerS)}
		f.Reason = fmt.Sprintf("deterministic: inter-arrival CV %.4f (a timer-like trigger)", f.CV)
	default:
		f.Arrival = Arrival{Process: "gamma", RatePerS: round6(f.RatePerS), CV: math.Round(f.CV*1000) / 1000}
		f.Reason = fmt.Sprintf("gamma renewal: inter-arrival CV %.3f, below 1 by more than %.3f (more regular than Poisson)", f.CV, f.CVBound)
	}
	return f
}

// fitMMPP fits a two-level MMPP to sorted arrivals by the moments of
// per-window counts: windows of ten mean inter-arrival times (at least
// 1 s) are split at the mean count into burst and quiet windows; each
// level's rate is its windows' mean count per second and each level's mean
// sojourn the mean run of consecutive windows at that level. The mean rate
// p*burst + (1-p)*quiet with p = burst/(burst+quiet) is then the observed
// one by construction.
func fitMMPP(at []int64, rate float64) (Arrival, string) {
	w := max(10/rate, 1.0) // seconds
	wNs := int64(w * 1e9)
	bins := int((at[len(at)-1]-at[0])/wNs) + 1
	if bins < 4 || bins > 10_000_000 {
		return Arrival{}, fmt.Sprintf("%d windows of %.3gs: too few or too many for a two-level fit", bins, w)
	}
	counts := make([]int32, bins)
	for _, t := range at {
		counts[(t-at[0])/wNs]++
	}
	mean := float64(len(at)) / float64(bins)
	var hiN, loN, hiC, loC, hiRuns, loRuns float64
	prev := -1
	for _, c := range counts {
		lvl := 0
		if float64(c) > mean {
			lvl = 1
		}
		if lvl == 1 {
			hiN++
			hiC += float64(c)
		} else {
			loN++
			loC += float64(c)
		}
		if lvl != prev {
			if lvl == 1 {
				hiRuns++
			} else {
				loRuns++
			}
			prev = lvl
		}
	}
	if hiN == 0 || loN == 0 {
		return Arrival{}, "the counts do not split into two levels"
	}
	a := Arrival{
		Process:       "mmpp",
		RatePerS:      round6(loC / (loN * w)),
		BurstRatePerS: round6(hiC / (hiN * w)),
		BurstMean:     Duration(time.Duration(hiN / hiRuns * w * 1e9)).round(),
		QuietMean:     Duration(time.Duration(loN / loRuns * w * 1e9)).round(),
	}
	return a, fmt.Sprintf("two levels of %.3g windows: quiet %.4g/s for %v, bursts %.4g/s for %v on average",
		w, a.RatePerS, a.QuietMean, a.BurstRatePerS, a.BurstMean)
}

func (d Duration) round() Duration {
	return Duration(max(time.Duration(d).Round(time.Millisecond), time.Millisecond))
}

// round6 keeps six significant digits, so a file shows 0.00333333 and
// not 0.0033333333333333335.
func round6(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	e := math.Pow(10, 5-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*e) / e
}
