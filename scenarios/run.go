package scenarios

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/sim"
)

// Options tune how a scenario is run, not what is simulated: results are
// identical whatever the options.
type Options struct {
	// Workers bounds the simulations run at once; 0 uses every core.
	Workers int
	// Prices are price sheets of the user's (--prices FILE); they take
	// precedence over embedded sheets of the same name.
	Prices []pricing.Sheet
	// FreeTier applies every price sheet's free tier (as free_tier: true
	// on every platform).
	FreeTier bool
	// Timeline, when positive, records per-platform series (instances,
	// requests, cold starts...) in buckets of this length.
	Timeline sim.Time
}

// Run resolves the scenario (see Resolve), simulates every platform for
// every replication, each (platform, replication) pair on its own engine, in
// parallel, and summarises them. Replication r of every platform uses the
// seed sim.DeriveSeed(s.Seed, r), so platforms are compared on identical
// arrivals and durations.
func Run(ctx context.Context, s *Scenario, opt Options) (metrics.Results, error) {
	plan, probs := s.resolvePlan(opt)
	if opt.Timeline > 0 {
		w := s.window()
		if _, err := metrics.NewSeries(w.warmup, w.horizon, opt.Timeline); err != nil {
			probs = append(probs, Problem{Path: "--timeline", Reason: err.Error()})
		}
	}
	if len(probs) > 0 {
		return metrics.Results{}, probs
	}
	return plan.Run(ctx, opt)
}

// Run simulates the plan; opt.Prices and opt.FreeTier were used when it was
// resolved.
func (plan *Plan) Run(ctx context.Context, opt Options) (metrics.Results, error) {
	s := plan.s
	runs := make([][]metrics.Run, len(plan.platforms))
	for i := range runs {
		runs[i] = make([]metrics.Run, s.Replications)
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers(opt.Workers))
	for i, pl := range plan.platforms {
		for r := range s.Replications {
			g.Go(func() error {
				if err := ctx.Err(); err != nil {
					return err
				}
				var err error
				runs[i][r], err = s.simulate(pl, sim.DeriveSeed(s.Seed, r), opt.Timeline)
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return metrics.Results{}, err
	}

	res := metrics.Results{
		Schema:       metrics.Schema,
		Scenario:     s.Name,
		Seed:         s.Seed,
		HorizonS:     time.Duration(s.Horizon).Seconds(),
		WarmupS:      time.Duration(s.Warmup).Seconds(),
		MonthS:       s.month().Seconds(),
		Replications: s.Replications,
	}
	for i, p := range s.Platforms {
		sum := metrics.Summarize(p.Name, p.Kind, runs[i], s.month())
		st := plan.platforms[i].settings()
		sum.Settings = &st
		res.Platforms = append(res.Platforms, sum)
	}
	plan.describe(&res)
	return res, nil
}

// simulate runs one platform for one replication on its own copy of the
// workload stream.
func (s *Scenario) simulate(pl platformPlan, seed uint64, timeline sim.Time) (metrics.Run, error) {
	src, err := s.source(seed)
	if err != nil {
		return metrics.Run{}, err
	}
	var rec *metrics.Recorder
	if timeline > 0 {
		w := s.window()
		if rec, err = metrics.NewRecorder(w.warmup, w.horizon, timeline); err != nil {
			return metrics.Run{}, err
		}
	}
	return pl.simulate(src, seed, rec)
}
