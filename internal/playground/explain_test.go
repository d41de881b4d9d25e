package playground

import (
	"math"
	"strings"
	"testing"
)

// binomialSE is the standard error of a proportion p estimated from n
// independent trials.
func binomialSE(p float64, n int64) float64 { return math.Sqrt(p * (1 - p) / float64(n)) }

// TestIssueExample is the issue's own example: one request every 100 s,
// the TTL moved from 10 minutes to one.
func TestIssueExample(t *testing.T) {
	base := []string{"horizon=100h", "workload.synthetic.functions.0.arrival.rate_per_s=0.01"}
	prev := snap(t, "cold-starts-101", append(base, "platforms.2.keep_alive.ttl=10m")...)
	cur := snap(t, "cold-starts-101", append(base, "platforms.2.keep_alive.ttl=1m")...)
	e, fs := Explain(&prev, cur)
	want := math.Exp(-0.01 * 60)
	for _, part := range []string{"TTL on ttl-10m 10m to 1m", "cold starts on ttl-10m", "one request every 100 s",
		"a gap longer than 1m", "e^(-0.6) = 55%"} {
		if !strings.Contains(e.ColdStarts, part) {
			t.Errorf("cold starts %q lacks %q", e.ColdStarts, part)
		}
	}
	var got *Formula
	for i := range fs {
		if fs[i].ID == FormulaFixedTTL && fs[i].Platform == "ttl-10m" {
			got = &fs[i]
		}
	}
	if got == nil {
		t.Fatalf("no fixed-ttl formula on ttl-10m in %+v", fs)
	}
	if math.Abs(got.Value-want) > 1e-12 {
		t.Errorf("fixed-ttl value %v, want e^(-0.6) = %v", got.Value, want)
	}
	p := cur.Results.Platforms[2]
	n := p.Requests - p.Rejected
	// Each request is cold on its own gap (independent exponential gaps),
	// so the simulated ratio is binomial around the formula plus the
	// overlaps (about λS = 0.1%): within four standard errors of it.
	if d, se := p.ColdStartRatio-want, binomialSE(want, n); d < -4*se || d > 4*se+0.002 {
		t.Errorf("simulated %v against e^(-0.6) = %v: %v off, se %v over %d requests", p.ColdStartRatio, want, d, se, n)
	}
	if !strings.Contains(e.ColdStarts, pct(prev.Results.Platforms[2].ColdStartRatio)+" to "+pct(p.ColdStartRatio)) {
		t.Errorf("cold starts %q does not give the simulated move", e.ColdStarts)
	}
}
