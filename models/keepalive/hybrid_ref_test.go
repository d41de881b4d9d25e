package keepalive

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"faassim/sim"
)

// refWindows is the hybrid policy's decision as first written, scanning
// every bin: the reference the O(log bins) histogram must agree with.
func refWindows(h *Hybrid, s *appIdle) (sim.Time, sim.Time) {
	c := h.cfg
	if s.total < c.MinSamples || s.outOfRange > s.total {
		return 0, c.Range
	}
	n := float64(h.bins)
	mean := float64(s.total) / n
	var ss float64
	for _, k := range s.counts {
		d := float64(k) - mean
		ss += d * d
	}
	if !(math.Sqrt(ss/n)/mean >= c.CVThreshold) {
		return 0, c.Range
	}
	pct := func(p float64, upper bool) sim.Time {
		rank := p / 100 * float64(s.total)
		var seen float64
		for b, k := range s.counts {
			seen += float64(k)
			if seen >= rank && k > 0 {
				if upper {
					return sim.Time(b+1) * c.Bin
				}
				return sim.Time(b) * c.Bin
			}
		}
		return c.Range
	}
	head, tail := pct(c.PrewarmPct, false), pct(c.KeepPct, true)
	prewarm := sim.Time(float64(head) * (1 - c.Margin))
	prewarm -= prewarm % c.Bin
	end := sim.Time(math.Round(float64(tail) * (1 + c.Margin)))
	return prewarm, max(end-prewarm, c.Bin)
}

// Every decision of the policy equals the reference's, over idle times
// concentrated, spread, mixed and one per bin (whose CV meets the
// threshold exactly: 48 distinct bins of 240 have CV 2), and settings at
// the edges (percentiles 0 and 100, a few bins, other thresholds).
func TestHybridMatchesTheScan(t *testing.T) {
	m := sim.Minute
	configs := []HybridConfig{
		{},
		{PrewarmPct: 1e-9, KeepPct: 100},
		{Range: 10 * m, Bin: m, CVThreshold: 1.5, MinSamples: 1},
		{Range: 24 * sim.Hour, Bin: sim.Minute, CVThreshold: 3},
		{Range: 4 * sim.Hour, Bin: 7 * sim.Second, Margin: 0.3},
	}
	idles := map[string]func(r *rand.Rand, k int) sim.Time{
		"concentrated": func(r *rand.Rand, _ int) sim.Time { return 10*m + sim.Time(r.IntN(int(2*m))) },
		"spread":       func(r *rand.Rand, _ int) sim.Time { return sim.Time(r.Int64N(int64(5 * sim.Hour))) },
		"mixed": func(r *rand.Rand, k int) sim.Time {
			if k%3 == 0 {
				return sim.Time(r.Int64N(int64(4 * sim.Hour)))
			}
			return 3*m + sim.Time(r.IntN(int(m)))
		},
		"one per bin": func(_ *rand.Rand, k int) sim.Time { return sim.Time(k%240)*m + sim.Second },
		"two bins":    func(_ *rand.Rand, k int) sim.Time { return sim.Time(k%2)*m + sim.Second },
	}
	for ci, cfg := range configs {
		for name, idle := range idles {
			h, err := NewHybrid(cfg)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(uint64(ci), 9))
			var now sim.Time
			for k := range 600 {
				want1, want2 := refWindows(h, h.app(1))
				got1, got2 := h.Windows(Idle{Now: now, Group: 1, GroupIdle: true})
				if got1 != want1 || got2 != want2 {
					t.Fatalf("config %d, %s, decision %d: %v, %v; the scan says %v, %v", ci, name, k, got1, got2, want1, want2)
				}
				now += idle(r, k)
				h.Invoked(now, 0, 1, false)
				now += sim.Second
			}
		}
	}
}

// A decision costs O(log bins): a week of minutes (the most bins allowed)
// decides 100,000 times in well under a second (the scan took seconds).
func TestHybridDecisionsAreCheap(t *testing.T) {
	h, err := NewHybrid(HybridConfig{Range: 7 * 24 * sim.Hour, Bin: sim.Minute, MinSamples: 1})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	feed(h, 1, 100_000, func(k int) sim.Time { return sim.Time(k%5) * sim.Minute })
	if took := time.Since(start); took > time.Second {
		t.Errorf("100,000 decisions over %d bins took %v", h.bins, took)
	}
}
