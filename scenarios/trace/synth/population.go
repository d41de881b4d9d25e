package synth

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/sim"
)

// Calibration constants, from Shahrad et al., "Serverless in the Wild",
// USENIX ATC 2020, unless a comment says otherwise.
const (
	// App daily invocations are lognormal: log10(count/day) ~ N(mu, sigma)
	// solved from P(count <= 24) = 0.45 (at most once an hour) and
	// P(count <= 1440) = 0.81 (at most once a minute):
	// (log10 24 - mu)/sigma = z(0.45) = -0.1257,
	// (log10 1440 - mu)/sigma = z(0.81) = 0.8779, so sigma = 1.772, mu = 1.603.
	// The top 18.6% of such apps then make about 99.9% of invocations
	// (ATC'20: 99.6%).
	log10RateMu    = 1.603
	log10RateSigma = 1.772
	// Rates are capped at 10^8 a day (about 1,160/s), the top of the
	// "8 orders of magnitude" of ATC'20 Fig. 5 above one a day.
	log10RateMax = 8
	// Function average durations: lognormal, seconds.
	durationLnMu    = -0.38
	durationLnSigma = 2.36
	// App memory, Burr XII (MB).
	burrC, burrK, burrLambda = 11.652, 0.221, 107.083
	// Trigger shares of functions (timers 15.6%, queues 15.2%; HTTP is the
	// most common; the remainder is event, storage and others).
	timerShare, queueShare, httpShare = 0.156, 0.152, 0.55
	// Share of apps whose traffic is an on/off (bursty) process, and of
	// the others whose rate follows the day. burstyShare is calibrated so
	// that about 40% of apps with at least 10 invocations have an
	// inter-arrival CV above 1 as trace inspect measures it (see
	// TestSynthMatchesAzure2019).
	burstyShare  = 0.38
	diurnalShare = 0.5
	// Apps above 10^6 invocations a day are never on/off (ours): squeezing
	// such a volume into a few on-minutes would put millions of requests
	// in one minute, a peak the population is not calibrated on, and the
	// busiest apps are the ones that run all day.
	burstyMaxDaily = 1e6
)

// timerPeriodsMin are the periods timers fire at: the cron schedules
// people write.
var timerPeriodsMin = []float64{1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440}

type kind uint8

const (
	steady kind = iota
	diurnal
	bursty
)

type app struct {
	owner, name string
	dailyRate   float64 // expected invocations a day, all functions
	kind        kind
	amplitude   float64 // diurnal: relative swing
	phase       float64 // diurnal: fraction of a day of the peak
	onMean      float64 // bursty: mean on period, minutes
	offMean     float64 // bursty: mean off period, minutes
	memoryMB    float64
	functions   []function
}

type function struct {
	name, trigger string
	share         float64 // of the app's rate
	periodMin     float64 // timers
	offsetMin     int
	avgMS         float64
	spread        float64 // sd of ln duration within the function
}

// population draws the apps of n functions.
func population(n int, seed uint64) []app {
	r := sim.NewStream(seed, "synth/population")
	var apps []app
	for total := 0; total < n; {
		k := min(functionsPerApp(r), n-total)
		total += k
		apps = append(apps, app{functions: make([]function, k)})
	}
	// Stratified app rates: app i gets the quantile (pi(i) + U)/N of the
	// lognormal, so a small population already has the calibrated shares
	// (a plain sample of 500 apps moves them by several points).
	perm := r.Perm(len(apps))
	norm := distuv.UnitNormal
	for i := range apps {
		a := &apps[i]
		a.owner, a.name = fmt.Sprintf("owner%05d", i), fmt.Sprintf("app%05d", i)
		u := (float64(perm[i]) + r.Float64()) / float64(len(apps))
		a.dailyRate = math.Pow(10, min(log10RateMu+log10RateSigma*norm.Quantile(u), log10RateMax))
		switch x := r.Float64(); {
		case x < burstyShare && a.dailyRate <= burstyMaxDaily:
			a.kind = bursty
			a.onMean = 5 + 55*r.Float64()
			a.offMean = 60 + 540*r.Float64()
		case x < burstyShare+(1-burstyShare)*diurnalShare:
			a.kind = diurnal
			a.amplitude = 0.3 + 0.6*r.Float64()
			a.phase = r.Float64()
		}
		a.memoryMB = BurrXII(r.Float64())
		var wsum float64
		for j := range a.functions {
			f := &a.functions[j]
			f.name = fmt.Sprintf("fn%05d-%d", i, j)
			f.share = math.Exp(r.NormFloat64())
			wsum += f.share
			f.trigger = trigger(r.Float64())
			f.avgMS = 1000 * math.Exp(durationLnMu+durationLnSigma*r.NormFloat64())
			f.spread = 0.1 + 0.5*r.Float64() // sd of ln duration inside a function (ours)
		}
		for j := range a.functions {
			f := &a.functions[j]
			f.share /= wsum
			if f.trigger == "timer" {
				f.periodMin = nearestPeriod(1440 / max(a.dailyRate*f.share, 1))
				f.offsetMin = r.IntN(int(f.periodMin))
			}
		}
	}
	return apps
}

// functionsPerApp: 54% of apps have one function, 95% at most 10; the
// split of 2-10 (1/k^1.5) and of the tail 11-100 (1/k^2) is ours.
func functionsPerApp(r *rand.Rand) int {
	u := r.Float64()
	switch {
	case u < 0.54:
		return 1
	case u < 0.95:
		return 2 + powerLaw(r, 9, 1.5)
	}
	return 11 + powerLaw(r, 90, 2)
}

// powerLaw returns i in [0, n) with probability proportional to (i+1)^-a.
func powerLaw(r *rand.Rand, n int, a float64) int {
	var total float64
	for i := 1; i <= n; i++ {
		total += math.Pow(float64(i), -a)
	}
	u := r.Float64() * total
	for i := 1; i <= n; i++ {
		u -= math.Pow(float64(i), -a)
		if u < 0 {
			return i - 1
		}
	}
	return n - 1
}

func trigger(u float64) string {
	switch {
	case u < timerShare:
		return "timer"
	case u < timerShare+queueShare:
		return "queue"
	case u < timerShare+queueShare+httpShare:
		return "http"
	}
	return "event"
}

func nearestPeriod(p float64) float64 {
	best := timerPeriodsMin[0]
	for _, q := range timerPeriodsMin {
		if math.Abs(math.Log(q/p)) < math.Abs(math.Log(best/p)) {
			best = q
		}
	}
	return best
}

// BurrXII returns the Burr XII quantile of u in [0,1) with the ATC'20 app
// memory fit (c = 11.652, k = 0.221, lambda = 107.083 MB): the inverse of
// F(x) = 1 - (1 + (x/lambda)^c)^-k, x = lambda ((1-u)^(-1/k) - 1)^(1/c).
// gonum has no Burr distribution, hence the closed form.
func BurrXII(u float64) float64 {
	return burrLambda * math.Pow(math.Pow(1-u, -1/burrK)-1, 1/burrC)
}

// BurrXIICDF is F(x) of the same fit.
func BurrXIICDF(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return 1 - math.Pow(1+math.Pow(x/burrLambda, burrC), -burrK)
}
