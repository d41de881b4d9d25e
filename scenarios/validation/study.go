package validation

import (
	"context"
	"fmt"

	"faassim/scenarios"
)

// keepAliveStudy is the keep-alive study of Shahrad et al. scaled down to
// run in seconds: 500 functions of an Azure-calibrated synthetic population
// (workload.synth) for 6 hours, the first hour left out as warm-up,
// instances shared per application as in the paper, on the generic preset,
// under fixed keep-alives of 5 to 120 minutes and the hybrid histogram
// policy. Reported for information: the paper's finding (its Figure 15:
// the hybrid policy below and to the left of every fixed keep-alive on the
// plane of cold starts against wasted memory) is about a week of 2019
// Azure traffic, not a property a 6-hour sample must show.
const keepAliveStudy = `name: keepalive-study-small
seed: 1
horizon: 6h
warmup: 1h
workload:
  synth: {functions: 500, seed: 1, to: 6h}
platforms:
  - {name: fixed-5m, preset: generic, instances_per: app, keep_alive: {policy: fixed, ttl: 5m}}
  - {name: fixed-10m, preset: generic, instances_per: app, keep_alive: {policy: fixed, ttl: 10m}}
  - {name: fixed-20m, preset: generic, instances_per: app, keep_alive: {policy: fixed, ttl: 20m}}
  - {name: fixed-60m, preset: generic, instances_per: app, keep_alive: {policy: fixed, ttl: 60m}}
  - {name: fixed-120m, preset: generic, instances_per: app, keep_alive: {policy: fixed, ttl: 120m}}
  - {name: hybrid, preset: generic, instances_per: app, keep_alive: {policy: hybrid}}
`

func studyCases() []Case {
	return []Case{{
		Name:  "study/keep-alive/500-functions-6h",
		Group: Study,
		Reference: "Shahrad et al.'s keep-alive study scaled down: 500 Azure-calibrated functions, 6 hours (1 of warm-up), instances per app; " +
			"fixed keep-alive 5, 10, 20, 60, 120 min and the hybrid policy; the paper finds the hybrid policy with fewer cold starts and less wasted memory than fixed 10 min",
		Source: "Shahrad et al., Serverless in the Wild, USENIX ATC 2020, Figure 15",
		Slow:   true,
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			opt := scenarios.Options{Workers: workers, PerApp: scenarios.PerApp{On: true}}
			res, _, err := simulateWith(ctx, opt, "keepalive-study-small", keepAliveStudy)
			if err != nil {
				return nil, err
			}
			var base float64
			for _, p := range res.Platforms {
				if p.Name == "fixed-10m" && p.Apps != nil {
					base = p.Apps.WastedMemoryGBS
				}
			}
			if base == 0 {
				return nil, fmt.Errorf("fixed-10m wasted no memory: nothing to normalise to")
			}
			var cs []Check
			for _, p := range res.Platforms {
				if p.Apps == nil {
					return nil, fmt.Errorf("%s: no per-app statistics", p.Name)
				}
				cs = append(cs,
					info(p.Name+": p75 of per-app cold-start %", p.Apps.ColdStartPct.P75,
						fmt.Sprintf("reported, not judged (over %d apps with 2 or more requests)", p.Apps.Count)),
					info(p.Name+": wasted memory-time / fixed-10m's", p.Apps.WastedMemoryGBS/base,
						"reported, not judged (idle instance GB-s)"),
					info(p.Name+": cold starts (% of requests)", 100*p.ColdStartRatio, "reported, not judged"))
			}
			return cs, nil
		},
	}}
}
