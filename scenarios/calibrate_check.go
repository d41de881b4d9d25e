package scenarios

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// checkFitted simulates what Calibrate wrote, one function at a time (the
// functions share nothing but the account's concurrency limit), on the
// first FaaS platform, and compares each function's cold-start ratio with
// the observed one. The TTL search replays the observed arrivals; the
// scenario has fitted ones, and a process whose gaps are spread unlike the
// observed ones (a Poisson process for regular traffic, say) puts a
// different share of them past the keep-alive: a planner trusting the file
// would then be misled, so the difference is measured and warned of.
func checkFitted(ctx context.Context, s *Scenario, cal *Calibration) error {
	if s.Workload.Synthetic == nil {
		return nil
	}
	k := slices.IndexFunc(s.Platforms, func(p Platform) bool { return p.Kind != "container" })
	if k < 0 {
		return nil
	}
	for i := range cal.Functions {
		fc := &cal.Functions[i]
		j := slices.IndexFunc(s.Workload.Synthetic.Functions, func(f Function) bool { return f.Name == fc.Name })
		if fc.Arrival.N == 0 || j < 0 {
			continue
		}
		cp := *s
		cp.Replications = 1
		cp.Platforms = []Platform{s.Platforms[k]}
		cp.Workload = Workload{Synthetic: &Synthetic{Functions: []Function{s.Workload.Synthetic.Functions[j]}}}
		cp.ApplyDefaults()
		res, err := Run(ctx, &cp, Options{Workers: 1})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fc.Warnings = append(fc.Warnings, fmt.Sprintf("the fitted scenario could not be simulated to check its cold-start ratio: %v", err))
			continue
		}
		p := res.Platforms[0]
		fc.FitColdRatio, fc.FitRequests = p.ColdStartRatio, p.Requests-p.Rejected
		if tol := coldTolerance(fc.ColdRatio, fc.Reports, fc.FitRequests); math.Abs(fc.FitColdRatio-fc.ColdRatio) > tol {
			a := fc.Arrival.Arrival
			what := a.Process
			if a.Process == "gamma" {
				what += fmt.Sprintf(" (CV %g)", a.CV)
			}
			if math.Abs(fc.SimColdRatio-fc.ColdRatio) > tol {
				// The replay of the observed arrivals misses too: the
				// keep-alive model is what fails, not the arrivals.
				fc.Warnings = append(fc.Warnings, fmt.Sprintf("the calibrated scenario, simulated, gives a cold-start ratio of %.4f against the observed %.4f, and the replay of the observed arrivals at the %v keep-alive %.4f: a fixed TTL does not explain these cold starts, so the scenario's cold starts (and their latency and cost) are off",
					fc.FitColdRatio, fc.ColdRatio, shortDuration(cal.KeepAlive.TTL), fc.SimColdRatio))
				continue
			}
			fc.Warnings = append(fc.Warnings, fmt.Sprintf("the calibrated scenario, simulated, gives a cold-start ratio of %.4f against the observed %.4f (%+.1f%%, beyond the %.4f that sampling explains): its fitted %s arrivals at %.4g/s spread their gaps unlike the logs' around the %v keep-alive, so its cold starts (and their latency and cost) are off by that much; --arrivals replay replays the observed arrivals instead",
				fc.FitColdRatio, fc.ColdRatio, 100*relDiff(fc.FitColdRatio, fc.ColdRatio), tol, what, a.RatePerS, shortDuration(cal.KeepAlive.TTL)))
		}
	}
	return nil
}

// coldTolerance is how far a simulated cold-start ratio may be from the
// observed p before it is called different: 5% of p (the bar for a
// calibration), or three standard errors of the difference of two
// independent binomial proportions, sqrt(p(1-p)(1/n1 + 1/n2)), when the
// samples are too small for 5% to be told from chance.
func coldTolerance(p float64, nObs, nSim int64) float64 {
	if nObs <= 0 || nSim <= 0 {
		return math.Inf(1)
	}
	se := math.Sqrt(max(p*(1-p), 1/float64(nObs)) * (1/float64(nObs) + 1/float64(nSim)))
	return max(0.05*p, 3*se)
}

func relDiff(got, want float64) float64 {
	if want == 0 {
		return math.Inf(1)
	}
	return got/want - 1
}
