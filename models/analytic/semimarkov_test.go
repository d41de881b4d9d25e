package analytic

import (
	"math"
	"strings"
	"testing"
)

// The published points of the semi-Markov model (pacsltk perfmodel, the
// authors' implementation, within 1%) are cases of the validation suite
// (scenarios/validation: published/semi-markov/...), run by its test and by
// faassim validate.

func TestSemiMarkovProperties(t *testing.T) {
	base := ServerlessParams{ArrivalRate: 2, WarmServiceS: 1, ColdServiceS: 3, ThresholdS: 60}
	t.Run("distribution sums to 1", func(t *testing.T) {
		for _, rate := range []float64{0.01, 0.9, 5, 100} {
			p := base
			p.ArrivalRate = rate
			s, err := SemiMarkov(p)
			if err != nil {
				t.Fatal(err)
			}
			var sum, inst float64
			for n, pi := range s.States {
				if pi < 0 {
					t.Errorf("rate %g: pi(%d) = %g < 0", rate, n, pi)
				}
				sum += pi
				inst += float64(n) * pi
			}
			if math.Abs(sum-1) > 1e-12 || math.Abs(inst-s.InstancesMean) > 1e-9*max(1, inst) {
				t.Errorf("rate %g: sum %.15f, mean %g vs InstancesMean %g", rate, sum, inst, s.InstancesMean)
			}
			if math.Abs(s.IdleMean-(s.InstancesMean-s.WarmRunningMean)) > 1e-12 {
				t.Errorf("rate %g: idle %g != instances - warm running", rate, s.IdleMean)
			}
		}
	})
	t.Run("P(cold) falls as the threshold grows", func(t *testing.T) {
		prev := 2.0
		for _, th := range []float64{0, 0.5, 2, 10, 60, 600} {
			p := base
			p.ThresholdS = th
			s, err := SemiMarkov(p)
			if err != nil {
				t.Fatal(err)
			}
			if s.ColdProbability >= prev {
				t.Errorf("threshold %g s: P(cold) %g not below %g at the shorter threshold", th, s.ColdProbability, prev)
			}
			prev = s.ColdProbability
		}
	})
	t.Run("threshold 0 is all cold", func(t *testing.T) {
		p := base
		p.ThresholdS = 0
		s, err := SemiMarkov(p)
		if err != nil || s.ColdProbability != 1 || s.RunningMean != p.ArrivalRate*p.ColdServiceS {
			t.Errorf("got %+v, %v; want P(cold) 1 and running lambda x cold service", s, err)
		}
	})
	t.Run("running is Little's law on the admitted mix", func(t *testing.T) {
		s, _ := SemiMarkov(base)
		want := base.ArrivalRate * (s.ColdProbability*base.ColdServiceS + (1-s.ColdProbability)*base.WarmServiceS)
		if math.Abs(s.RunningMean-want) > 1e-9 {
			t.Errorf("running %g, lambda (P(cold) cold + (1-P(cold)) warm) = %g", s.RunningMean, want)
		}
	})
	t.Run("a low maximum concurrency rejects", func(t *testing.T) {
		p := base
		p.MaxConcurrency = 2 // 2 erlangs on 2 instances at most
		s, err := SemiMarkov(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.States) != 3 {
			t.Errorf("%d states, want 0..2", len(s.States))
		}
		// Rejection can be no more than Erlang B at the limit (reached
		// only in the last state), and must be a good part of it here.
		if b := ErlangB(2, 2); s.RejectProbability <= 0 || s.RejectProbability > b {
			t.Errorf("P(reject) %g, want in (0, B(2,2) = %g]", s.RejectProbability, b)
		}
		unlimited, _ := SemiMarkov(base)
		if unlimited.RejectProbability != 0 {
			t.Errorf("no limit: P(reject) %g", unlimited.RejectProbability)
		}
	})
	t.Run("large load stays finite", func(t *testing.T) {
		p := ServerlessParams{ArrivalRate: 5000, WarmServiceS: 2, ColdServiceS: 25, ThresholdS: 600, MaxConcurrency: 20000}
		s, err := SemiMarkov(p)
		if err != nil || math.IsNaN(s.InstancesMean) || s.InstancesMean < 10000 || s.InstancesMean > 20000 {
			t.Errorf("got instances %g, %v", s.InstancesMean, err)
		}
	})
}

func TestSemiMarkovErrors(t *testing.T) {
	ok := ServerlessParams{ArrivalRate: 1, WarmServiceS: 1, ColdServiceS: 2, ThresholdS: 10}
	cases := []struct {
		name string
		mod  func(*ServerlessParams)
		want string
	}{
		{"negative rate", func(p *ServerlessParams) { p.ArrivalRate = -1 }, "arrival rate"},
		{"NaN rate", func(p *ServerlessParams) { p.ArrivalRate = math.NaN() }, "arrival rate"},
		{"zero warm", func(p *ServerlessParams) { p.WarmServiceS = 0 }, "warm service"},
		{"infinite cold", func(p *ServerlessParams) { p.ColdServiceS = math.Inf(1) }, "cold service"},
		{"negative threshold", func(p *ServerlessParams) { p.ThresholdS = -1 }, "threshold"},
		{"negative limit", func(p *ServerlessParams) { p.MaxConcurrency = -3 }, "maximum concurrency"},
		{"unbounded chain", func(p *ServerlessParams) { p.ArrivalRate, p.ThresholdS = 1e7, 1e6 }, "concurrency limit"},
	}
	for _, tc := range cases {
		p := ok
		tc.mod(&p)
		if _, err := SemiMarkov(p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}
