package analytic

import (
	"math"
	"testing"
)

// FuzzSemiMarkov: whatever the inputs, SemiMarkov returns an error or a
// distribution that sums to 1 with probabilities in [0, 1] and finite
// means, never a panic or a NaN; MMcK the same for its queue, and
// TokenBucketShortage a probability.
func FuzzSemiMarkov(f *testing.F) {
	f.Add(0.9, 1.991, 2.244, 600.0, 1000)
	f.Add(100.0, 2.0, 25.0, 600.0, 0)
	f.Add(1e-9, 1e-6, 1e3, 1e9, 1)
	f.Add(50.0, 0.01, 0.02, 0.0, 3)
	f.Fuzz(func(t *testing.T, rate, warm, cold, threshold float64, limit int) {
		// Bound the work: at most about a few thousand instance states.
		if rate*warm > 5000 || limit > 20000 {
			return
		}
		s, err := SemiMarkov(ServerlessParams{ArrivalRate: rate, WarmServiceS: warm, ColdServiceS: cold, ThresholdS: threshold, MaxConcurrency: limit})
		if err == nil {
			sum := 0.0
			for _, pi := range s.States {
				if !(pi >= 0 && pi <= 1) {
					t.Fatalf("pi = %v", pi)
				}
				sum += pi
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("probabilities sum to %v", sum)
			}
			for _, p := range []float64{s.ColdProbability, s.RejectProbability, s.Utilization} {
				if !(p >= 0 && p <= 1+1e-9) {
					t.Fatalf("probability %v in %+v", p, s)
				}
			}
			for _, m := range []float64{s.InstancesMean, s.RunningMean, s.WarmRunningMean, s.ResponseMeanS} {
				if math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
					t.Fatalf("mean %v in %+v", m, s)
				}
			}
		}
		if b := TokenBucketShortage(rate, limit, 1/cold); !(b >= 0 && b <= 1) {
			t.Fatalf("TokenBucketShortage(%v, %d, %v) = %v", rate, limit, 1/cold, b)
		}
		c, k := limit%50, limit%200
		if q, err := MMcK(rate, 1/warm, c, k); err == nil {
			for _, p := range []float64{q.Block, q.WaitProbability} {
				if !(p >= 0 && p <= 1+1e-9) {
					t.Fatalf("M/M/%d/%d: probability %v in %+v", c, k, p, q)
				}
			}
			if math.IsNaN(q.WaitMeanS) || math.IsNaN(q.InSystemMean) || q.BusyMean > float64(c)+1e-9 {
				t.Fatalf("M/M/%d/%d: %+v", c, k, q)
			}
		}
	})
}
