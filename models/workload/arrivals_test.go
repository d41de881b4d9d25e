package workload

import (
	"math"
	"testing"
	"time"

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
		start := time.Now()
		r := sim.NewStream(1, "test")
		var n int
		for prev := sim.Time(0); ; n++ {
			t, ok := m.Next(prev, r)
			if !ok {
				break
			}
			prev = t
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s: %d arrivals in %v; want an end at Until within moments", c.name, n, took)
		}
	}
}

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
