package scenarios

import (
	"context"

	"faassim/models/metrics"
)

// Analyze resolves the scenario, decides for every platform which
// analytic model fits it (and why, or why none does), computes the model
// from the resolved plan, simulates the scenario (with its replications)
// and measures on the raw runs the same quantities with the same
// definitions, so that the two sides compare:
//
//   - cold_start_ratio: cold starts among requests not rejected;
//   - rejection_ratio: rejected among all requests;
//   - instances_mean: live instance-seconds over the window (replicas on
//     a container platform);
//   - running_mean: on FaaS, busy instance-seconds over the window (one
//     request per instance: cold starts included); on containers,
//     execution-seconds over the window;
//   - utilization: for the semi-Markov model its own definition, warm
//     running over the warm pool, (busy - cold busy) / (instance - cold
//     busy) seconds; otherwise running_mean / (instances_mean x slots);
//   - wait_probability, wait_mean_ms (containers): completed requests
//     that waited, and their mean wait, zero waits included.
//
// With several replications the simulated figures are the mean over them,
// with Student-t 95% intervals.
func Analyze(ctx context.Context, s *Scenario, opt Options) (metrics.Analysis, error) {
	plan, probs := s.resolvePlan(opt)
	if len(probs) > 0 {
		return metrics.Analysis{}, probs
	}
	_, streams, probs := s.functions()
	if len(probs) > 0 {
		return metrics.Analysis{}, probs
	}
	fits := make([]analyticFit, len(plan.platforms))
	for i, pl := range plan.platforms {
		switch pl := pl.(type) {
		case *faasPlan:
			fits[i] = plan.fitFaaS(pl, streams, s.Platforms[i].KeepAlive.Policy)
		case *containerPlan:
			fits[i] = plan.fitContainer(pl, streams)
		}
	}
	_, runs, err := plan.runKeep(ctx, opt)
	if err != nil {
		return metrics.Analysis{}, err
	}
	out := metrics.Analysis{Schema: metrics.AnalysisSchema, Scenario: s.Name, Seed: s.Seed, Replications: s.Replications}
	for i, p := range s.Platforms {
		fit := fits[i]
		ap := metrics.AnalyzedPlatform{Name: p.Name, Model: fit.model, Fits: fit.figs != nil, Why: fit.why,
			Analytic: fit.figs, Notes: fit.notes}
		perRep := make([]metrics.Figures, len(runs[i]))
		for r, run := range runs[i] {
			perRep[r] = simulatedFigures(plan.platforms[i], run, fit.semiMarkov)
		}
		ap.Simulated, ap.SimulatedCI95 = meanFigures(perRep, fit.figs)
		out.Platforms = append(out.Platforms, ap)
	}
	return out, nil
}

// simulatedFigures measures one run (see Analyze for the definitions).
func simulatedFigures(pl platformPlan, r metrics.Run, semiMarkov bool) metrics.Figures {
	var f metrics.Figures
	w := r.WindowS
	f.Set("rejection_ratio", ratio0(float64(r.Rejected), float64(r.Requests)))
	f.Set("instances_mean", r.InstanceSeconds/w)
	switch pl := pl.(type) {
	case *faasPlan:
		f.Set("cold_start_ratio", ratio0(float64(r.ColdStarts), float64(r.Requests-r.Rejected)))
		slots := max(pl.cfg.PerInstance, 1)
		running := r.BusySeconds / w
		if slots > 1 {
			// Busy instances are not running requests when one holds several.
			running = r.RunningSeconds / w
		}
		f.Set("running_mean", running)
		if semiMarkov {
			f.Set("utilization", ratio0(r.BusySeconds-r.ColdBusySeconds, r.InstanceSeconds-r.ColdBusySeconds))
		} else {
			f.Set("utilization", ratio0(running, r.InstanceSeconds/w*float64(slots)))
		}
	case *containerPlan:
		running := r.RunningSeconds / w
		f.Set("running_mean", running)
		f.Set("utilization", ratio0(running, r.InstanceSeconds/w*float64(pl.cfg.Replica.Slots)))
		f.Set("wait_probability", ratio0(float64(r.Waited), float64(r.Completed)))
		if r.Wait != nil {
			f.Set("wait_mean_ms", r.Wait.Mean())
		}
	}
	return f
}

// meanFigures averages the replications' figures key by key, with their
// 95% intervals when there are several; with a model, only the keys it
// gives are kept, so that the two sides show the same quantities.
func meanFigures(reps []metrics.Figures, model *metrics.Figures) (metrics.Figures, map[string][2]float64) {
	var out metrics.Figures
	var ci map[string][2]float64
	for _, k := range metrics.FigureKeys {
		if model != nil {
			if _, ok := model.Get(k.Key); !ok {
				continue
			}
		}
		var xs []float64
		for i := range reps {
			if v, ok := reps[i].Get(k.Key); ok {
				xs = append(xs, v)
			}
		}
		if len(xs) == 0 || len(xs) < len(reps) {
			continue
		}
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		out.Set(k.Key, sum/float64(len(xs)))
		if len(xs) > 1 {
			if ci == nil {
				ci = map[string][2]float64{}
			}
			lo, hi := metrics.StudentT95(xs)
			ci[k.Key] = [2]float64{lo, hi}
		}
	}
	return out, ci
}
