package validation

import (
	"context"
	"math"
	"testing"

	"faassim/scenarios"
)

// TestStateDistributionSimFaaS checks the time-average distribution of the
// number of instances at the SimFaaS README point (Poisson 0.9/s, warm
// 1.991 s, cold 2.244 s, expiration 600 s, 10^6 s: example:simfaas-readme,
// whose header says how it models the cold service time) against SimFaaS.
// SimFaaS's state-distribution example (github.com/pacslab/simfaas,
// examples/02-state-distribution) publishes one run: 6 to 12 instances
// for 0.052, 0.404, 0.388, 0.120, 0.031, 0.005 and 0.0006 of the time;
// four more SimFaaS runs (faassim issue 15) give, with it, a five-run mean
// of 0.059, 0.401, 0.370, 0.131, 0.032, 0.006 and 0.001. The runs spread
// by about 0.02 at 8 instances (0.350 to 0.404: instances live 600 s, so
// 10^6 s holds only a few thousand independent stretches), so the five-run
// mean has a standard error near 0.009 and faassim's mean of 8 runs near
// 0.007: their difference, near 0.011, is within 0.025 at 2.2 standard
// errors.
func TestStateDistributionSimFaaS(t *testing.T) {
	s, err := scenarios.Open("example:simfaas-readme", []string{"replications=8"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := scenarios.Run(context.Background(), s, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]float64{}
	for _, x := range res.Platforms[0].Instances.Distribution {
		got[x.Count] = x.Fraction
	}
	want := []float64{0.059, 0.401, 0.370, 0.131, 0.032, 0.006, 0.001} // 6 to 12 instances
	for i, w := range want {
		k := int64(6 + i)
		t.Logf("%d instances: %.4f of the time (SimFaaS five-run mean %.3f)", k, got[k], w)
		if math.Abs(got[k]-w) > 0.025 {
			t.Errorf("%d instances: %.4f of the time, SimFaaS %.3f: off by more than 0.025", k, got[k], w)
		}
	}
}

// The distribution cases' references are computed by code, so the code is
// held to values worked out by hand: Poisson(3) has P(k) = e^-3 3^k / k!
// (0.0497871, 0.1493612, 0.2240418, 0.2240418, 0.1680314 for k = 0 to 4)
// and a tail under 1e-9; M/M/3 at a = 2 has p_0 = 1 / (1 + 2 + 2 + (8/6)
// x 3/(3-2)) = 1/9, so 1/9, 2/9, 2/9 busy below c and Erlang C = 4/9 at 3
// (Kleinrock, Queueing Systems vol. 1, eq. 3.40).
func TestDistributionReferencesByHand(t *testing.T) {
	pmf := poissonPMF(3)
	sum := 0.0
	for _, p := range pmf {
		sum += p
	}
	for k, want := range []float64{0.049787068, 0.149361205, 0.224041808, 0.224041808, 0.168031356} {
		if math.Abs(pmf[k]-want) > 1e-9 {
			t.Errorf("Poisson(3) P(%d) = %.9f, want %.9f", k, pmf[k], want)
		}
	}
	if sum < 1-1e-9 || sum > 1+1e-12 {
		t.Errorf("Poisson(3) shares add up to %v, want 1 less a tail under 1e-9", sum)
	}
	got := mmcBusyShares(3, 2)
	for k, want := range []float64{1.0 / 9, 2.0 / 9, 2.0 / 9, 4.0 / 9} {
		if k >= len(got) || math.Abs(got[k]-want) > 1e-12 {
			t.Errorf("M/M/3 at a = 2: shares %v, want 1/9, 2/9, 2/9, 4/9", got)
			break
		}
	}
}
