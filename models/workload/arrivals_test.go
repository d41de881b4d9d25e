package workload

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/sim"
)

// count draws arrivals until horizon and bins them.
func count(t *testing.T, a Arrivals, seed uint64, horizon, bin sim.Time) []float64 {
	t.Helper()
	r := sim.NewStream(seed, "test")
	bins := make([]float64, horizon/bin)
	var prev sim.Time
	for {
		next, ok := a.Next(prev, r)
		if !ok || next >= horizon {
			return bins
		}
		if next < prev {
			t.Fatalf("arrival %v before the previous one %v", next, prev)
		}
		bins[next/bin]++
		prev = next
	}
}

// The number of diurnal arrivals in an hour is Poisson with mean equal to
// the integral of the rate over that hour; summed over 10 days the count in
// each hour-of-day bin has sd sqrt(mean), so 5 sd per bin bounds 24 bins.
func TestDiurnalFollowsItsRate(t *testing.T) {
	d := Diurnal{RatePerS: 0.5, Amplitude: 0.8, Period: 24 * sim.Hour, Peak: 14 * sim.Hour}
	bins := count(t, d, 1, 240*sim.Hour, sim.Hour)
	for h := 0; h < 24; h++ {
		// Integral of the rate over hour h, by the exact antiderivative.
		w := 2 * math.Pi / 86400
		a, b := float64(h*3600-14*3600), float64((h+1)*3600-14*3600)
		mean := 10 * d.RatePerS * ((b - a) + d.Amplitude*(math.Sin(w*b)-math.Sin(w*a))/w)
		var got float64
		for day := 0; day < 10; day++ {
			got += bins[day*24+h]
		}
		if math.Abs(got-mean) > 5*math.Sqrt(mean) {
			t.Errorf("hour %d: %v arrivals over 10 days, expected %.0f ± %.0f", h, got, mean, 5*math.Sqrt(mean))
		}
	}
}

// An MMPP's long-run rate is the time-weighted mean of its two rates; its
// counts in bins much shorter than the sojourns are overdispersed
// (variance/mean well above the Poisson 1).
func TestMMPPRateAndBurstiness(t *testing.T) {
	m := &MMPP{RatePerS: 0.5, BurstRatePerS: 20, QuietMean: 10 * sim.Minute, BurstMean: sim.Minute}
	horizon := 2000 * sim.Hour // about 12,000 bursts: the mean is within ~2%
	bins := count(t, m, 2, horizon, sim.Minute)
	var sum, sq float64
	for _, b := range bins {
		sum += b
		sq += b * b
	}
	n := float64(len(bins))
	mean := sum / n
	want := (&MMPP{RatePerS: 0.5, BurstRatePerS: 20, QuietMean: 10 * sim.Minute, BurstMean: sim.Minute}).MeanRate() * 60
	// Sojourn counts are Poisson-like: ~12,000 cycles give a relative sd of
	// about 1/sqrt(12000) x CV of the cycle's count, under 3%; allow 6%.
	if math.Abs(mean-want)/want > 0.06 {
		t.Errorf("mean %.2f arrivals a minute, want %.2f", mean, want)
	}
	if disp := (sq/n - mean*mean) / mean; disp < 5 {
		t.Errorf("index of dispersion %.2f: not bursty", disp)
	}
}

// An MMPP with Until ends there, however rarely it would produce an
// arrival: millisecond sojourns at a rate of one a million seconds would
// otherwise switch state about 2e9 times inside one call to Next.
func TestMMPPEndsAtUntil(t *testing.T) {
	cases := []struct {
		name  string
		m     MMPP
		until sim.Time
	}{
		{"no arrival for years", MMPP{RatePerS: 0, BurstRatePerS: 1e-6, QuietMean: sim.Millisecond, BurstMean: sim.Millisecond}, sim.Hour},
		{"quiet forever", MMPP{RatePerS: 0, BurstRatePerS: 1e-9, QuietMean: sim.Millisecond, BurstMean: sim.Millisecond}, 10 * sim.Second},
	}
	for _, c := range cases {
		m := c.m
		m.Until = c.until
		src := &countingSource{Source: rand.NewPCG(1, sim.StreamKey("test"))}
		r := rand.New(src)
		var n int
		for prev := sim.Time(0); ; n++ {
			t, ok := m.Next(prev, r)
			if !ok {
				break
			}
			prev = t
		}
		// The process walks its phases up to Until and stops: about
		// Until / mean sojourn switches of one or two draws each (the
		// work estimate counts them as events). Past Until it would go on
		// for years of switches without an arrival.
		switches := float64(c.until) / (float64(m.QuietMean+m.BurstMean) / 2)
		if limit := int(3*switches) + 100; src.draws > limit {
			t.Errorf("%s: %d arrivals after %d random draws; want an end at Until within %d", c.name, n, src.draws, limit)
		}
	}
}

// countingSource counts the random numbers drawn from it: work measured in
// draws, which no machine's load changes, rather than in seconds.
type countingSource struct {
	rand.Source
	draws int
}

func (c *countingSource) Uint64() uint64 { c.draws++; return c.Source.Uint64() }

// Until changes nothing before it: the same arrivals, drawn from the same
// random numbers, as without it.
func TestMMPPUntilKeepsArrivals(t *testing.T) {
	free := MMPP{RatePerS: 1, BurstRatePerS: 50, QuietMean: 10 * sim.Second, BurstMean: sim.Second}
	ended := free
	ended.Until = sim.Hour
	r1, r2 := sim.NewStream(3, "a"), sim.NewStream(3, "a")
	var p1, p2 sim.Time
	for n := 0; ; n++ {
		t1, _ := free.Next(p1, r1)
		t2, ok := ended.Next(p2, r2)
		if !ok {
			if t1 <= ended.Until || n < 1000 {
				t.Fatalf("ended after %d arrivals, the next free one at %v", n, t1)
			}
			return
		}
		if t1 != t2 {
			t.Fatalf("arrival %d: %v with Until, %v without", n, t2, t1)
		}
		p1, p2 = t1, t2
	}
}

// TestGammaGapsFollowTheTheory: the gaps of Gamma{rate, cv} are
// Gamma(shape 1/cv^2, rate k*rate) (mean 1/rate, sd cv/rate). Over n =
// 100,000 gaps the Kolmogorov-Smirnov distance to that CDF stays under
// 1.63/sqrt(n) = 0.0052 with probability 99% (the asymptotic Kolmogorov
// distribution, critical value for a fully specified law), the sample mean
// within 4 standard errors (cv/rate/sqrt(n)) of 1/rate, and the sample CV
// within 5% of cv (its standard error is under 0.5% at these shapes).
func TestGammaGapsFollowTheTheory(t *testing.T) {
	const n = 100_000
	for _, tc := range []struct{ rate, cv float64 }{{1.0 / 240, 0.33}, {2, 0.1}, {0.5, 0.7}, {3, 1}, {1, 1.6}} {
		g := Gamma{RatePerS: tc.rate, CV: tc.cv}
		r := sim.NewStream(3, "gamma")
		gaps := make([]float64, n)
		var prev sim.Time
		var sum, sumSq float64
		for i := range gaps {
			next, _ := g.Next(prev, r)
			gaps[i] = (next - prev).Seconds()
			prev = next
			sum += gaps[i]
			sumSq += gaps[i] * gaps[i]
		}
		mean := sum / n
		cv := math.Sqrt(sumSq/n-mean*mean) / mean
		if se := tc.cv / tc.rate / math.Sqrt(n); math.Abs(mean-1/tc.rate) > 4*se {
			t.Errorf("%+v: mean gap %.6g s, want %.6g within %.3g", tc, mean, 1/tc.rate, 4*se)
		}
		if math.Abs(cv/tc.cv-1) > 0.05 {
			t.Errorf("%+v: CV %.4f, want %.4f within 5%%", tc, cv, tc.cv)
		}
		k := 1 / (tc.cv * tc.cv)
		law := distuv.Gamma{Alpha: k, Beta: k * tc.rate}
		slices.Sort(gaps)
		d := 0.0
		for i, x := range gaps {
			c := law.CDF(x)
			d = max(d, math.Abs(float64(i+1)/n-c), math.Abs(c-float64(i)/n))
		}
		if d > 1.63/math.Sqrt(n) {
			t.Errorf("%+v: KS distance %.5f to Gamma(%.3g), want under %.5f", tc, d, k, 1.63/math.Sqrt(n))
		}
	}
}
