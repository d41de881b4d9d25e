package validation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"faassim/models/metrics"
	"faassim/scenarios"
	"faassim/scenarios/trace"
)

// Accounting cases: properties every bill and every count must have, run
// as scenarios through the public path.

const lambdaX86USDPerGBS = 0.0000166667 // aws.amazon.com/lambda/pricing, us-east-1 x86, first tier

// longExecutions is 1 request/s of 15-minute executions at 2,048 MB on AWS
// Lambda x86 (about 900 run at once, under the account limit of 1,000),
// measured over the second hour.
const longExecutions = `name: long-executions
seed: 1
horizon: 2h
warmup: 1h
workload:
  synthetic:
    functions:
      - name: long
        runtime: python
        memory_mb: 2048
        arrival: {process: deterministic, rate_per_s: 1}
        duration: {dist: deterministic, value: 15m}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    keep_alive: {policy: fixed, ttl: 6m}
`

// windowBillCase: the window's bill is the window's usage (regression of
// issue 8). 900 executions in flight for the 3,600 s window at 2 GB are
// 3,240,000 busy instance-seconds, 6,480,000 GB-s, $108.00; executions of
// warm-up arrivals running into the window were once left out ($94.52).
// With Poisson arrivals the compute is still the busy time's GB-s (INIT is
// a few seconds of 3.24 M).
func windowBillCase() Case {
	return Case{
		Name:      "accounting/window-bills-work-running-into-it",
		Group:     Accounting,
		Reference: "1 request/s of 15-minute executions at 2,048 MB, window [1h, 2h): 900 in flight = 3,240,000 busy instance-seconds = 6,480,000 GB-s x $0.0000166667 = $108.00; with Poisson arrivals, compute = busy GB-s x price",
		Source:    "aws.amazon.com/lambda/pricing (us-east-1 x86); the window rule of README (pro rata at both edges)",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			det, _, err := simulate(ctx, workers, "long-executions", longExecutions)
			if err != nil {
				return nil, err
			}
			poi, _, err := simulate(ctx, workers, "long-executions", longExecutions, "workload.synthetic.functions.0.arrival.process=poisson")
			if err != nil {
				return nil, err
			}
			d, p := det.Platforms[0], poi.Platforms[0]
			return []Check{
				absolute("busy instance-seconds", d.InstanceSeconds.Busy, 3_240_000, 10, "within 10 s (the edges' rounding)"),
				toTheCent("compute ($)", d.CostUSD.Compute, 108.00),
				relative("Poisson: compute ($)", p.CostUSD.Compute, p.InstanceSeconds.Busy*2*lambdaX86USDPerGBS, 0.001,
					"within 0.1% of busy instance-seconds x 2 GB x $0.0000166667 (INIT is a few seconds of 3.24 M)"),
			}, nil
		},
	}
}

// steadyBillCase: moving the window along a steady workload does not move
// its bill.
func steadyBillCase() Case {
	return Case{
		Name:      "accounting/steady-bill-independent-of-window",
		Group:     Accounting,
		Reference: "the compute bill of a steady workload is the same over [1h, 2h) and [1h30m, 2h30m)",
		Source:    "the window rule of README (pro rata at both edges)",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			a, _, err := simulate(ctx, workers, "long-executions", longExecutions)
			if err != nil {
				return nil, err
			}
			b, _, err := simulate(ctx, workers, "long-executions", longExecutions, "warmup=90m", "horizon=150m")
			if err != nil {
				return nil, err
			}
			return []Check{absolute("compute over [1h30m, 2h30m) ($)", b.Platforms[0].CostUSD.Compute, a.Platforms[0].CostUSD.Compute, 0.01,
				"within a cent of the bill over [1h, 2h)")}, nil
		},
	}
}

// initShareCase: a cold start on Lambda bills its INIT share, not its
// overhead. Every request cold (keep-alive none), 1 s of cold start for
// Node.js, of which 54% is INIT, before a 100 ms run: 640 ms billed per
// request at 2,048 MB.
func initShareCase() Case {
	const text = `name: init-share
seed: 1
horizon: 1h
workload:
  synthetic:
    functions:
      - name: f
        runtime: nodejs
        memory_mb: 2048
        arrival: {process: deterministic, rate_per_s: 10}
        duration: {dist: deterministic, value: 100ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    keep_alive: {policy: none}
    cold_start: {dist: deterministic, value: 1s}
`
	return Case{
		Name:      "accounting/lambda-bills-init-share",
		Group:     Accounting,
		Reference: "every request cold, 1 s cold start of which 54% is INIT (Node.js), 100 ms run: 36,000 x 0.64 s x 2 GB x $0.0000166667 = $0.768",
		Source:    "aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase (INIT billed since August 2025); Node.js INIT share 142.0 ms of 264 ms: Init Duration of github.com/maxday/lambda-perf over the cold start of Shilkov (2021)",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			res, _, err := simulate(ctx, workers, "init-share", text)
			if err != nil {
				return nil, err
			}
			p := res.Platforms[0]
			return []Check{
				absolute("cold starts", float64(p.ColdStarts), float64(p.Requests), 0, "every request (keep-alive none)"),
				relative("compute ($)", p.CostUSD.Compute, float64(p.Requests)*0.64*2*lambdaX86USDPerGBS, 0.001,
					"within 0.1% of requests x (100 ms run + 540 ms INIT) x 2 GB x $0.0000166667"),
			}, nil
		},
	}
}

// fatesCase: every request of the window has one fate, requests = completed
// + rejected + timed out + in flight, on every embedded example, as it runs
// and with three replications (the printed counts are rounded means and
// must still add up).
func fatesCase() Case {
	return Case{
		Name:      "accounting/every-request-has-one-fate",
		Group:     Accounting,
		Reference: "requests = completed + rejected + timed_out + in_flight, for every platform of every embedded example, with 1 and 3 replications",
		Source:    "the results contract (README: every request of the window ends in one of four fates)",
		Slow:      true,
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			var cs []Check
			for _, e := range scenarios.Examples() {
				for _, sets := range [][]string{nil, {"replications=3"}} {
					s, err := scenarios.Open("example:"+e.Name, sets)
					if err != nil {
						return nil, err
					}
					// The suite must stay under a minute on two cores: an
					// example over 2e7 simulated requests (about ten seconds
					// of a core) runs over a shorter horizon and warm-up,
					// scaled to about a tenth of that, and says so.
					est, err := s.Estimate(scenarios.Options{})
					if err != nil {
						return nil, fmt.Errorf("example:%s: %w", e.Name, err)
					}
					cut := ""
					if est.Events > maxFatesEvents {
						f := maxFatesEvents / 10 / est.Events
						h := time.Duration(float64(s.Horizon) * f).Round(time.Second)
						w := time.Duration(float64(s.Warmup) * f).Round(time.Second)
						cutSets := append(slices.Clone(sets), "horizon="+h.String(), "warmup="+w.String())
						if d := coveredDays(s, h); d != "" {
							// Only the days the cut horizon reaches: every
							// listed day is read for the function counts,
							// which cost a 14-day example 5 s a run.
							cutSets = append(cutSets, d)
						}
						if s, err = scenarios.Open("example:"+e.Name, cutSets); err != nil {
							return nil, err
						}
						cut = fmt.Sprintf(", horizon cut to %v with %v of warm-up", h, w)
					}
					res, err := scenarios.Run(ctx, s, scenarios.Options{Workers: workers})
					if err != nil {
						return nil, fmt.Errorf("example:%s: %w", e.Name, err)
					}
					reps := "1 replication"
					if s.Replications > 1 {
						reps = fmt.Sprintf("%d replications", s.Replications)
					}
					cs = append(cs, fatesCheck(fmt.Sprintf("example:%s (%s%s)", e.Name, reps, cut), res))
				}
			}
			return cs, nil
		},
	}
}

// coveredDays returns the --set that keeps, of a multi-day workload's days,
// those a horizon h reaches (the k-th listed day starts at k x
// trace.DayLength), or "" for a workload that lists none.
func coveredDays(s *scenarios.Scenario, h time.Duration) string {
	key, days := "", scenarios.DayList(nil)
	switch w := s.Workload; {
	case w.Synth != nil && len(w.Synth.Days) > 1:
		key, days = "workload.synth.days", w.Synth.Days
	case w.Trace != nil && len(w.Trace.Days) > 1:
		key, days = "workload.trace.days", w.Trace.Days
	default:
		return ""
	}
	day := trace.DayLength.Duration()
	n := min(len(days), int((h+day-1)/day))
	parts := make([]string, max(n, 1))
	for i := range parts {
		parts[i] = fmt.Sprint(days[i])
	}
	return key + "=[" + strings.Join(parts, ", ") + "]"
}

// maxFatesEvents bounds the work of one example in fatesCase.
const maxFatesEvents = 2e7

// fatesCheck counts, over the platforms, the requests the four fates miss
// or count twice.
func fatesCheck(metric string, res metrics.Results) Check {
	var off int64
	for _, p := range res.Platforms {
		d := p.Requests - (p.Completed + p.Rejected + p.TimedOut + p.InFlight)
		off += max(d, -d)
	}
	return absolute(metric, float64(off), 0, 0, "requests without exactly one fate: none, on any platform")
}

func accountingCases() []Case {
	return []Case{windowBillCase(), steadyBillCase(), initShareCase(), fatesCase()}
}
