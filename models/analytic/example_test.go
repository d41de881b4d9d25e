package analytic_test

import (
	"fmt"

	"faassim/models/analytic"
)

// The semi-Markov model at the point SimFaaS's README compares against:
// 0.9 requests per second, 1.991 s warm and 2.244 s cold service, a
// 10-minute expiration threshold, at most 1,000 instances.
func Example() {
	s, err := analytic.SemiMarkov(analytic.ServerlessParams{
		ArrivalRate: 0.9, WarmServiceS: 1.991, ColdServiceS: 2.244, ThresholdS: 600, MaxConcurrency: 1000,
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("P(cold) %.5f, instances %.3f, running %.3f, utilization %.4f\n",
		s.ColdProbability, s.InstancesMean, s.RunningMean, s.Utilization)
	fmt.Printf("Erlang B(20, 18) = %.4f, Erlang C(20, 17) = %.4f\n", analytic.ErlangB(20, 18), analytic.ErlangC(20, 17))
	q, _ := analytic.MMcK(0.8, 1, 1, 10)
	fmt.Printf("M/M/1/10 at 0.8: blocked %.4f, mean wait %.3f s\n", q.Block, q.WaitMeanS)
	// Output:
	// P(cold) 0.00119, instances 7.603, running 1.792, utilization 0.2354
	// Erlang B(20, 18) = 0.1092, Erlang C(20, 17) = 0.3851
	// M/M/1/10 at 0.8: blocked 0.0235, mean wait 2.797 s
}
