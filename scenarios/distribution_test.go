package scenarios

import (
	"math"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// On every embedded example, each platform's instance-count distribution
// has instances.mean as its mean and fractions adding up to 1, and the
// running distribution has the busy instance-seconds over the window as
// its mean: the same time at each count, weighed two ways (to 1e-9
// relative; the sums are of float64s, exact to about 1e-15).
func TestDistributionMeanMatches(t *testing.T) {
	for _, e := range Examples() {
		t.Run(e.Name, func(t *testing.T) {
			skipLargeUnderShort(t, e.Name)
			res := runExample(t, e.Name, CheapExampleSets(e.Name)...)
			windowS := res.HorizonS - res.WarmupS
			for _, p := range res.Platforms {
				checkDistribution(t, p.Name+" distribution", p.Instances.Distribution, p.Instances.Mean)
				checkDistribution(t, p.Name+" running_distribution", p.Instances.RunningDistribution, p.InstanceSeconds.Busy/windowS)
			}
		})
	}
}

func checkDistribution(t *testing.T, what string, d []metrics.CountFraction, wantMean float64) {
	t.Helper()
	if len(d) == 0 {
		t.Errorf("%s: none", what)
		return
	}
	var mean, sum float64
	for i, x := range d {
		if i > 0 && x.Count <= d[i-1].Count || !(x.Fraction > 0) {
			t.Errorf("%s: entry %d %+v out of order or not positive", what, i, x)
		}
		mean += float64(x.Count) * x.Fraction
		sum += x.Fraction
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("%s: fractions add up to %v", what, sum)
	}
	if math.Abs(mean-wantMean) > 1e-9*max(1, wantMean) {
		t.Errorf("%s: mean %.12g, want %.12g", what, mean, wantMean)
	}
}

// The exact distribution is sized, not folded: a run whose estimate
// allows a million instances keeps 8 bytes for each count of its live and
// busy levels in every replication's record and in the pool, and the
// estimate counts them and says so: its kept records grow by at least that
// from the same scenario at a rate that needs a handful of instances.
func TestEstimateSizesTheDistribution(t *testing.T) {
	cost := func(rate string) runCost {
		s, err := Open("example:simfaas-readme", []string{"workload.synthetic.functions.0.arrival.rate_per_s=" + rate,
			"platforms.0.concurrency.account_limit=10000000", "replications=2", "horizon=10s"})
		if err != nil {
			t.Fatal(err)
		}
		plan, probs := s.resolvePlan(Options{})
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		return plan.costAt(1, Options{})
	}
	small, big := cost("0.9"), cost("500000")
	inst := big.sims[0].instances
	if inst < 1e6 {
		t.Fatalf("the estimate bounds instances at %.0f at 500,000 requests/s of 1.991 s", inst)
	}
	want := 2 * 8 * (inst - small.sims[0].instances) * 3 // live and busy, 8 bytes, 2 runs and the pool
	if grew := big.keptBytes - small.keptBytes; grew < want*(1-1e-12) || !strings.Contains(big.keptDetail, "the time at each instance count") {
		t.Errorf("kept records grew by %.3g bytes (%s); want at least %.3g", grew, big.keptDetail, want)
	}
	t.Logf("%.0f instances: %s; kept %.6g and %.6g, want %.6g", inst, big.keptDetail, big.keptBytes, small.keptBytes, want)
}
