package scenarios

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"faassim/internal/limits"
	"faassim/models/metrics"
)

// diffOf opens two testdata scenarios (each with its --set changes) and
// diffs them.
func diffOf(t *testing.T, base string, baseSets []string, next string, nextSets []string, opt DiffOptions) metrics.Diff {
	t.Helper()
	b, err := Open(base, baseSets)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Open(next, nextSets)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Diff(context.Background(), b, n, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A scenario diffed with itself changes nothing, exactly: replication r of
// both sides draws from the same seed, so every per-replication value is
// the same float on both sides and every difference, mean and spread is 0.
// The workload is random (Poisson, MMPP, lognormal durations and cold
// starts): without common random numbers the deltas would not be 0. The
// seed of NEW is changed too: Diff replaces it with BASE's.
func TestDiffSelfIsZero(t *testing.T) {
	for _, sets := range [][]string{nil, {"seed=999"}} {
		d := diffOf(t, "testdata/diff-shop.yaml", nil, "testdata/diff-shop.yaml", sets, DiffOptions{})
		if len(d.Platforms) != 2 || d.Replications != 3 {
			t.Fatalf("sets %v: %d platforms, %d replications; want 2 and 3", sets, len(d.Platforms), d.Replications)
		}
		for _, p := range d.Platforms {
			for _, c := range p.Changes() {
				if c.Delta != 0 || c.Base != c.New || c.CI95 == nil || *c.CI95 != [2]float64{0, 0} || c.Significant {
					t.Errorf("sets %v: %s %s: base %v new %v delta %v ci %v significant %v; want no change and [0, 0]",
						sets, p.Name, c.Key, c.Base, c.New, c.Delta, c.CI95, c.Significant)
				}
			}
			if p.MonthlyCostUSD.Base == 0 || p.LatencyP99MS.Base == 0 {
				t.Errorf("%s: cost %v, p99 %v: the workload ran nothing", p.Name, p.MonthlyCostUSD.Base, p.LatencyP99MS.Base)
			}
		}
		seedNote := slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, "seed 999 was replaced by BASE's 42") })
		if seedNote != (sets != nil) {
			t.Errorf("sets %v: notes %q; want a note on the replaced seed only when NEW's differs", sets, d.Notes)
		}
	}
}

// Memory changes on a deterministic case (testdata/diff-resize.yaml:
// arrivals every 0.5 s, 200 ms of pure CPU work measured at 1,024 MB on
// Lambda, kept warm forever so no cold start falls in the measured hour).
// The hand calculation, from AWS's published rules (aws.amazon.com/lambda/
// pricing, us-east-1 x86: $0.0000166667 per GB-s, $0.20 per million
// requests, duration rounded up to 1 ms; docs "Configuring function
// memory": 1,769 MB is one vCPU, CPU in proportion to memory):
//
//	requests a month = 2/s x 2,592,000 s (30 days)       = 5,184,000
//	1,024 MB: 200 ms x 1 GB                               = 0.2 GB-s
//	  cost/month = 5,184,000 x (0.2 x 0.0000166667 + 0.20e-6) = $18.316...
//	512 MB: half the CPU, so twice as long: 400 ms x 0.5 GB = 0.2 GB-s:
//	  cost unchanged, latency -200 ms (512 -> 1,024 doubles CPU below
//	  1,769 MB: duration halves, the GB-s stay the same)
//	2,048 MB: a single-threaded function gets at most one vCPU (1,769 MB),
//	  so 200 ms x (1024/1769) / 1 = 115.77 ms, billed 116 ms:
//	  116 ms x 2 GB = 0.232 GB-s, +0.032 GB-s an invocation:
//	  +5,184,000 x 0.032 x 0.0000166667 = +$2.7648 a month, latency -84.23 ms
//
// Every replication is identical, so the interval is the change itself
// (no width) and the change is significant. Latency percentiles come from
// the sketch, within 1% of the value.
func TestDiffMemoryDeterministic(t *testing.T) {
	const (
		reqPerMonth = 2 * 2_592_000.0
		usdPerGBS   = 0.0000166667
	)
	cases := []struct {
		name             string
		baseSets, sets   []string
		wantCostUSD      float64
		baseMS, newMS    float64
		wantRelativeCost float64
	}{
		{"512 to 1024 MB", []string{"platforms.0.memory_mb=512"}, []string{"platforms.0.memory_mb=1024"},
			0, 400, 200, 0},
		{"1024 to 2048 MB", nil, []string{"platforms.0.memory_mb=2048"},
			reqPerMonth * (0.232 - 0.2) * usdPerGBS, 200, 200 * 1024 / 1769.0,
			(0.232 - 0.2) * usdPerGBS / (0.2*usdPerGBS + 0.2e-6)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := diffOf(t, "testdata/diff-resize.yaml", tc.baseSets, "testdata/diff-resize.yaml", tc.sets, DiffOptions{})
			p := d.Platforms[0]
			if p.Name != "lambda" {
				t.Fatalf("first platform %q, want lambda", p.Name)
			}
			c := p.MonthlyCostUSD
			if math.Abs(c.Delta-tc.wantCostUSD) > 1e-9 || c.CI95 == nil || math.Abs(c.CI95[0]-c.Delta) > 1e-9 || math.Abs(c.CI95[1]-c.Delta) > 1e-9 {
				t.Errorf("monthly cost change %v %v, want exactly %v with no width", c.Delta, c.CI95, tc.wantCostUSD)
			}
			if wantBase := reqPerMonth * (0.2*usdPerGBS + 0.2e-6); math.Abs(c.Base-wantBase) > 1e-9 {
				t.Errorf("base monthly cost %v, want %v", c.Base, wantBase)
			}
			if c.Significant != (tc.wantCostUSD != 0) {
				t.Errorf("cost change significant %v for a change of %v", c.Significant, tc.wantCostUSD)
			}
			if tc.wantCostUSD != 0 && math.Abs(*c.Relative-tc.wantRelativeCost) > 1e-9 {
				t.Errorf("relative cost change %v, want %v", *c.Relative, tc.wantRelativeCost)
			}
			for _, l := range []metrics.Change{p.LatencyP50MS, p.LatencyP99MS} {
				if math.Abs(l.Base-tc.baseMS) > 0.01*tc.baseMS || math.Abs(l.New-tc.newMS) > 0.01*tc.newMS || !l.Significant {
					t.Errorf("latency %v -> %v (significant %v), want %v -> %v within 1%%", l.Base, l.New, l.Significant, tc.baseMS, tc.newMS)
				}
			}
			for _, z := range []metrics.Change{p.ColdStartRatio, p.RejectedRatio, p.Rejected} {
				if z.Base != 0 || z.New != 0 || z.Delta != 0 {
					t.Errorf("cold starts or rejections changed: %+v", z)
				}
			}
			// The Fargate baseline is not changed by a Lambda setting.
			if f := d.Platforms[1]; f.MonthlyCostUSD.Delta != 0 || f.LatencyP99MS.Delta != 0 {
				t.Errorf("fargate changed: cost %v, p99 %v", f.MonthlyCostUSD.Delta, f.LatencyP99MS.Delta)
			}
		})
	}
}

// Platforms are matched by name; the others are listed, not compared.
// Replications: the larger of the two, or DiffOptions.Replications.
func TestDiffMatchingAndReplications(t *testing.T) {
	d := diffOf(t, "testdata/diff-resize.yaml", nil, "testdata/diff-resize.yaml",
		[]string{"platforms.1.name=fargate-arm", "replications=5"}, DiffOptions{})
	if len(d.Platforms) != 1 || d.Platforms[0].Name != "lambda" ||
		!slices.Equal(d.OnlyInBase, []string{"fargate"}) || !slices.Equal(d.OnlyInNew, []string{"fargate-arm"}) {
		t.Errorf("matched %v, only in base %v, only in new %v", d.Platforms, d.OnlyInBase, d.OnlyInNew)
	}
	if d.Replications != 5 || !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, "both ran 5") }) {
		t.Errorf("replications %d, notes %q; want 5 and a note", d.Replications, d.Notes)
	}
	d = diffOf(t, "testdata/diff-resize.yaml", nil, "testdata/diff-resize.yaml", nil, DiffOptions{Replications: 1})
	c := d.Platforms[0].MonthlyCostUSD
	if d.Replications != 1 || c.CI95 != nil || c.Significant ||
		!slices.ContainsFunc(d.Notes, func(n string) bool { return strings.Contains(n, "--replications") }) {
		t.Errorf("one replication: %d, ci %v, notes %q; want no interval and a note suggesting --replications", d.Replications, c.CI95, d.Notes)
	}
}

// Common random numbers are what make the interval narrow: a change of
// keep-alive on the random workload, paired, has a far narrower interval
// than the same comparison where NEW draws other arrivals (its seed kept
// by diffing two Results of independent seeds by hand).
func TestDiffPairingNarrows(t *testing.T) {
	opt := DiffOptions{Replications: 6}
	paired := diffOf(t, "testdata/diff-shop.yaml", nil, "testdata/diff-shop.yaml", []string{"platforms.0.keep_alive.ttl=20m"}, opt)
	pw := width(paired.Platforms[0].MonthlyCostUSD)

	// Unpaired: BASE at seed 42 and NEW at seed 43, each run on its own.
	b, _ := Open("testdata/diff-shop.yaml", []string{"replications=6"})
	n, _ := Open("testdata/diff-shop.yaml", []string{"replications=6", "seed=43", "platforms.0.keep_alive.ttl=20m"})
	_, bRuns := runKept(t, b)
	_, nRuns := runKept(t, n)
	month := b.month().Seconds()
	uw := width(metrics.NewPlatformDiff("lambda", "faas", bRuns[0], nRuns[0], month, month).MonthlyCostUSD)
	if !(pw < uw/2) {
		t.Errorf("paired interval width $%.4f, unpaired $%.4f: pairing should at least halve it", pw, uw)
	}
}

func width(c metrics.Change) float64 { return c.CI95[1] - c.CI95[0] }

func runKept(t *testing.T, s *Scenario) (metrics.Results, [][]metrics.Run) {
	t.Helper()
	plan, probs := s.resolvePlan(Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	res, runs, err := plan.runKeep(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res, runs
}

// runKeep returns the same results as Run: exposing the runs changes
// nothing.
func TestRunKeepSameResults(t *testing.T) {
	s, err := Open("testdata/diff-shop.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept, runs := runKept(t, s)
	if len(runs) != 2 || len(runs[0]) != 3 {
		t.Fatalf("runs %dx%d, want 2x3", len(runs), len(runs[0]))
	}
	a, _ := res.MarshalJSON()
	b, _ := kept.MarshalJSON()
	if string(a) != string(b) {
		t.Error("runKeep's results differ from Run's")
	}
}

// A month or a window that differs between the sides is said: a 730-hour
// month instead of 30 days raises every monthly cost by 730/720 - 1 =
// +1.4% with nothing else changed.
func TestDiffNotesDifferentWindows(t *testing.T) {
	d := diffOf(t, "testdata/diff-resize.yaml", nil, "testdata/diff-resize.yaml", []string{"month=730h", "horizon=2h"}, DiffOptions{})
	notes := strings.Join(d.Notes, "\n")
	for _, want := range []string{"to a 30-day month and NEW to a 730-hour month: that alone changes every monthly cost by +1.4%", "the measured windows differ"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if c := d.Platforms[1].MonthlyCostUSD; !closeRel(c.New/c.Base, 730.0/720, 1e-9) {
		t.Errorf("fargate monthly cost %v -> %v: the month alone should scale it by 730/720", c.Base, c.New)
	}
}

// Diff keeps BASE's records while NEW runs, so the two sides must fit the
// memory bound together: a bound one side fits alone but both do not is
// refused before anything runs, naming BASE's records (before, each side
// was checked alone and 30,000 replications of 300 s under a 500 MB bound
// peaked at 983 MB).
func TestDiffBoundsBothSides(t *testing.T) {
	sets := []string{"horizon=300s", "replications=20000"}
	b, err := Open("example:simfaas-readme", sets)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Open("example:simfaas-readme", append(sets, "platforms.0.keep_alive.ttl=60s"))
	if err != nil {
		t.Fatal(err)
	}
	plan, probs := b.resolvePlan(Options{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	one := plan.estimate(Options{keepRuns: true})
	budget := limits.Budget{MaxMemory: limits.Bytes(1.3 * one.Bytes)}
	if err := one.Check(budget); err != nil {
		t.Fatalf("one side alone should fit %v: %v", budget.MaxMemory, err)
	}
	ran := false
	_, err = Diff(context.Background(), b, n, DiffOptions{Options: Options{Budget: budget, Progress: func(float64) { ran = true }}})
	var ex *limits.Exceeded
	if !errors.As(err, &ex) || !strings.Contains(err.Error(), "BASE's records") {
		t.Fatalf("diff under %v: %v, want it refused for BASE's records held", budget.MaxMemory, err)
	}
	if ran {
		t.Error("BASE ran before the refusal")
	}
}
