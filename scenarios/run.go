package scenarios

import (
	"context"
	"runtime"
	"sync"
	"time"

	"faassim/models/faas"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/models/workload"
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

// Run simulates every platform of the scenario for every replication, each
// (platform, replication) pair on its own engine, in parallel, and
// summarises them. Replication r of every platform uses the seed
// sim.DeriveSeed(s.Seed, r), so platforms are compared on identical
// arrivals and durations.
func Run(ctx context.Context, s *Scenario, opt Options) (metrics.Results, error) {
	plans := make([]simulator, len(s.Platforms))
	var probs Problems
	for i := range s.Platforms {
		var ps Problems
		if s.Platforms[i].Kind == "container" {
			plans[i], ps = s.containerPlan(i, opt)
		} else {
			plans[i], ps = s.plan(i, opt)
		}
		probs = append(probs, ps...)
	}
	if opt.Timeline > 0 {
		if _, err := metrics.NewSeries(sim.FromDuration(time.Duration(s.Warmup)), sim.FromDuration(time.Duration(s.Horizon)), opt.Timeline); err != nil {
			probs = append(probs, Problem{Path: "--timeline", Reason: err.Error()})
		}
	}
	if len(probs) > 0 {
		return metrics.Results{}, probs
	}

	runs := make([][]metrics.Run, len(plans))
	errs := make([]error, len(plans)*s.Replications)
	for i := range runs {
		runs[i] = make([]metrics.Run, s.Replications)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, pl := range plans {
		for r := 0; r < s.Replications; r++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				if err := ctx.Err(); err != nil {
					errs[i*s.Replications+r] = err
					return
				}
				runs[i][r], errs[i*s.Replications+r] = s.simulate(pl, sim.DeriveSeed(s.Seed, r), opt.Timeline)
			}()
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return metrics.Results{}, err
		}
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
		res.Platforms = append(res.Platforms, metrics.Summarize(p.Name, p.Kind, runs[i], s.month()))
	}
	s.describe(&res, plans, opt)
	return res, nil
}

// simulator is a platform ready to run: FaaS or container.
type simulator interface {
	simulate(src workload.Source, seed uint64, rec *metrics.Recorder) (metrics.Run, error)
}

// simulate runs one platform for one replication on its own copy of the
// workload stream.
func (s *Scenario) simulate(pl simulator, seed uint64, timeline sim.Time) (metrics.Run, error) {
	src, err := s.source(seed)
	if err != nil {
		return metrics.Run{}, err
	}
	var rec *metrics.Recorder
	if timeline > 0 {
		if rec, err = metrics.NewRecorder(sim.FromDuration(time.Duration(s.Warmup)), sim.FromDuration(time.Duration(s.Horizon)), timeline); err != nil {
			return metrics.Run{}, err
		}
	}
	return pl.simulate(src, seed, rec)
}

func (pl *faasPlan) simulate(src workload.Source, seed uint64, rec *metrics.Recorder) (metrics.Run, error) {
	eng := sim.NewEngine()
	cfg := pl.cfg
	cfg.Timeline = rec
	var meter *pricing.Meter
	if pl.sheet != nil {
		meter = pricing.NewMeter(*pl.sheet)
		cfg.Billing.Meter = meter
	}
	p, err := faas.New(eng, cfg, pl.fns, pl.newKeep(), seed)
	if err != nil {
		return metrics.Run{}, err
	}
	feed := workload.Feed(eng, src, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	if err := feed.Err(); err != nil {
		return metrics.Run{}, err
	}
	return billed(p.Result(), pl.sheet, meter, cfg.Horizon-cfg.Warmup, pl.month, pl.freeTier), nil
}
