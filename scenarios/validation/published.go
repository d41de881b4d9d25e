package validation

import (
	"context"

	"faassim/scenarios"
)

// simfaasCase runs the embedded example that reproduces the SimFaaS README
// (example:simfaas-readme: Poisson 0.9/s, warm 1.991 s, cold 2.244 s,
// expiration 600 s, 10^6 s). SimFaaS measured P(cold) 0.00139 and 0.00132
// on two runs (0.00136 between them), 7.70 instances on average and an
// utilization of 0.232. Over 10^6 s there are about 1,200 cold starts, so
// P(cold) has a relative standard error near 3% (1/sqrt(1,200)) in each
// simulator: 10% is over three standard errors of the difference. Instance
// counts and utilization average over 900,000 requests and move by well
// under 1% between seeds: 3% is ample and still catches a model that keeps
// instances a minute too long or too short.
func simfaasCase() Case {
	return Case{
		Name:      "published/simfaas-readme",
		Group:     Published,
		Reference: "SimFaaS README example (0.9 requests/s, warm 1.991 s, cold 2.244 s, expiration 600 s, 10^6 s): P(cold) 0.00136 (runs of 0.00139 and 0.00132), 7.70 instances, utilization 0.232",
		Source:    "Mahmoudi and Khazaei, SimFaaS: A Performance Simulator for Serverless Computing Platforms, CLOSER 2021; README of github.com/pacslab/simfaas",
		Slow:      true,
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			s, err := scenarios.Open("example:simfaas-readme", nil)
			if err != nil {
				return nil, err
			}
			res, err := scenarios.Run(ctx, s, scenarios.Options{Workers: workers})
			if err != nil {
				return nil, err
			}
			p := res.Platforms[0]
			return []Check{
				relative("P(cold)", p.ColdStartRatio, 0.00136, 0.10, "within 10% (about 1,200 cold starts: 3% relative standard error in each simulator)"),
				relative("mean instances", p.Instances.Mean, 7.70, 0.03, "within 3% (a mean over 900,000 requests)"),
				relative("utilization", p.Utilization, 0.232, 0.03, "within 3% (a mean over 900,000 requests)"),
			}, nil
		},
	}
}

func publishedCases() []Case {
	return []Case{simfaasCase()}
}
