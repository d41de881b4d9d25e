package synth

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"faassim/scenarios/trace"
	"faassim/sim"
)

// The population as trace inspect sees it, against the figures of Shahrad
// et al., "Serverless in the Wild", USENIX ATC 2020. Tolerances are "a few points": the population is finite and
// each figure is measured, not set.
func TestSynthMatchesAzure2019(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a 4,000-function day")
	}
	dir := t.TempDir()
	if err := Generate(dir, Config{Functions: 4000, Days: 1, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	tr, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, Dir: dir, Day: 1, Spread: trace.SpreadEquidistant}, 1)
	if err != nil {
		t.Fatal(err)
	}
	s, err := trace.Inspect(tr)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d invocations, %d apps; per minute %.1f%%, per hour %.1f%%, top %.2f%%, cv>1 %.1f%% of %d, single %.1f%%, <=10 %.1f%%, ln mu %.2f sd %.2f, memory p50 %.0f p90?, triggers %+v, rate p0 %.3g p100 %.3g",
		s.Invocations, s.Apps, s.AppsAtMostOncePerMinutePct, s.AppsAtMostOncePerHourPct, s.TopAppsShareOfInvocationsPct,
		s.AppsIATCVAbove1Pct, s.AppsWithCV, s.SingleFunctionAppsPct, s.AppsUpTo10FunctionsPct,
		s.FunctionAvgDurationLnMu, s.FunctionAvgDurationLnSd, s.MemoryMB.P50, s.Triggers, s.FunctionRatePerS.P0, s.FunctionRatePerS.P100)
	checks := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"apps at most once per hour %", s.AppsAtMostOncePerHourPct, 45, 4},
		{"apps at most once per minute %", s.AppsAtMostOncePerMinutePct, 81, 4},
		{"top 18.6% apps' share of invocations %", s.TopAppsShareOfInvocationsPct, 99.6, 1},
		{"apps with IAT CV > 1 %", s.AppsIATCVAbove1Pct, 40, 5},
		{"single-function apps %", s.SingleFunctionAppsPct, 54, 4},
		{"apps with at most 10 functions %", s.AppsUpTo10FunctionsPct, 95, 3},
		{"timer functions %", s.Triggers["timer"].FunctionsPct, 15.6, 3},
		{"function avg duration ln mean (s)", s.FunctionAvgDurationLnMu, -0.38, 0.15},
		{"function avg duration ln sd (s)", s.FunctionAvgDurationLnSd, 2.36, 0.15},
		// Burr XII median: lambda (2^(1/k) - 1)^(1/c) = 139.0 MB.
		{"app memory median MB", s.MemoryMB.P50, 139.0, 6},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.3g, want %.3g +- %.3g", c.name, c.got, c.want, c.tol)
		}
	}
	// Rates span about 8 orders of magnitude (per function, over the day;
	// the quietest invoked ones run once a day).
	if orders := math.Log10(s.FunctionRatePerS.P100 * 86400); orders < 6.5 {
		t.Errorf("busiest function runs 10^%.1f times a day, want about 10^7-10^8", orders)
	}
}

// The Burr XII sampler against its CDF: a KS test on 20,000 draws at
// alpha = 0.001 (critical value 1.95/sqrt(n), Massey 1951).
func TestBurrXII(t *testing.T) {
	r := sim.NewStream(3, "test/burr")
	n := 20000
	x := make([]float64, n)
	for i := range x {
		x[i] = BurrXII(r.Float64())
	}
	slices.Sort(x)
	var d float64
	for i, v := range x {
		F := BurrXIICDF(v)
		d = max(d, float64(i+1)/float64(n)-F, F-float64(i)/float64(n))
	}
	if crit := 1.95 / math.Sqrt(float64(n)); d > crit {
		t.Errorf("KS distance %.4f > %.4f", d, crit)
	}
	// ATC'20: 90% of apps never exceed 400 MB.
	if p := BurrXIICDF(400); p < 0.9 {
		t.Errorf("F(400 MB) = %.3f, want >= 0.9", p)
	}
	for _, u := range []float64{0.01, 0.5, 0.99} {
		if got := BurrXIICDF(BurrXII(u)); math.Abs(got-u) > 1e-12 {
			t.Errorf("F(F^-1(%v)) = %v", u, got)
		}
	}
}

// Progress counts every app of every day once, in order, and does not
// change what is written.
func TestGenerateReportsProgress(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	var seen []int
	total := 0
	cfg := Config{Functions: 30, Days: 2, Seed: 3}
	if err := Generate(a, cfg); err != nil {
		t.Fatal(err)
	}
	cfg.Progress = func(done, n int) { seen = append(seen, done); total = n }
	if err := Generate(b, cfg); err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || len(seen) != total {
		t.Fatalf("%d progress calls for a total of %d", len(seen), total)
	}
	for i, d := range seen {
		if d != i+1 {
			t.Fatalf("progress %v, want 1, 2, 3, ...", seen)
		}
	}
	for _, name := range []string{"invocations_per_function_md.anon.d02.csv", "app_memory_percentiles.anon.d01.csv"} {
		x, err1 := os.ReadFile(filepath.Join(a, name))
		y, err2 := os.ReadFile(filepath.Join(b, name))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s differs with a progress callback (%v, %v)", name, err1, err2)
		}
	}
}
