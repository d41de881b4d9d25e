package scenarios

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"faassim/internal/limits"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/scenarios/trace"
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
	// Progress, when set, is called now and then with the fraction of the
	// run done (0 to 1), from the goroutines that simulate.
	Progress func(done float64)
	// Budget bounds the memory and work of a run (the zero value: 1 GB
	// and an hour of CPU); see Estimate. It also caps the size of the
	// scenario file and of --set values (a thousandth of the memory).
	Budget limits.Budget
	// Execution records, on FaaS platforms, each execution's length and
	// the billed GB-seconds (results' execution), for
	// comparing a run with observed logs (see CompareObserved).
	Execution bool
	// PerApp records per-application statistics on FaaS platforms
	// (results' apps; see metrics.Apps), for faassim run --per-app.
	PerApp PerApp
	// Context, when set, stops the work done while a scenario is loaded
	// (generating a workload.synth population) once it is cancelled; Run
	// takes its own.
	Context context.Context
	// synths, when set, shares generated populations between the
	// scenarios loaded with these options (a sweep's points).
	synths *synthShare
	// keepRuns keeps every replication's raw record for the caller
	// (RunReplications), which the estimate then counts.
	keepRuns bool
	// held is memory the caller keeps while this run goes (Diff: the
	// base side's records while the new side runs), in bytes, and what it
	// is; the estimate adds it.
	held part
}

// PerApp asks for per-application statistics: On records them; Top > 0
// also lists the Top applications with the most requests (at most
// metrics.MaxTopApps).
type PerApp struct {
	On  bool
	Top int
}

// Run resolves the scenario (see resolvePlan), simulates every platform for
// every replication, each (platform, replication) pair on its own engine, in
// parallel, and summarises them. Replication r of every platform uses the
// seed sim.DeriveSeed(s.Seed, r), so platforms are compared on identical
// arrivals and durations.
//
// Replications are summarized as they finish, in replication order (a few
// wait for an earlier one still running), so the results do not depend on
// Workers and memory does not grow with the number of replications.
func Run(ctx context.Context, s *Scenario, opt Options) (metrics.Results, error) {
	plan, err := s.planFor(ctx, opt)
	if err != nil {
		return metrics.Results{}, err
	}
	res, _, err := plan.run(ctx, opt)
	return res, err
}

// RunReplications is Run also returning the raw record of every
// simulation, runs[i][r] for platform i in replication r: what checks of
// per-replication values need (their spread gives standard errors). Every
// run is kept until the end, which the estimate counts.
func RunReplications(ctx context.Context, s *Scenario, opt Options) (metrics.Results, [][]metrics.Run, error) {
	plan, err := s.planFor(ctx, opt)
	if err != nil {
		return metrics.Results{}, nil, err
	}
	return plan.runKeep(ctx, opt)
}

// planFor prepares the scenario (a synthetic population generated) and
// resolves its plan, refusing options that do not fit it.
func (s *Scenario) planFor(ctx context.Context, opt Options) (*Plan, error) {
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	plan, probs := s.resolvePlan(opt)
	if opt.Timeline > 0 {
		w := s.window()
		if _, err := metrics.NewSeries(w.warmup, w.horizon, opt.Timeline); err != nil {
			probs = append(probs, Problem{Path: "--timeline", Reason: err.Error()})
		}
	}
	if t := opt.PerApp.Top; t < 0 || t > metrics.MaxTopApps || (t > 0 && !opt.PerApp.On) {
		probs = append(probs, Problem{Path: "--per-app", Reason: fmt.Sprintf("top %d applications: want 0 to %d, with per-app statistics on", t, metrics.MaxTopApps)})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return plan, nil
}

// runKeep is run keeping every replication's raw record, runs[i][r] for
// platform i in replication r, for comparisons that pair replications
// (Diff) and checks of per-replication values.
func (plan *Plan) runKeep(ctx context.Context, opt Options) (metrics.Results, [][]metrics.Run, error) {
	opt.keepRuns = true
	return plan.run(ctx, opt)
}

// run simulates the plan; opt.Prices and opt.FreeTier were used when it
// was resolved. It first estimates the run (see Estimate) and refuses one
// over opt.Budget, or runs fewer simulations at once when that keeps it
// under the memory bound; while it runs, a guard stops it if the memory in
// use passes the bound all the same, and a cancelled ctx stops it within
// moments. Each platform's replications are folded into its summary in
// replication order as they finish; the raw runs are returned only with
// opt.keepRuns.
func (plan *Plan) run(ctx context.Context, opt Options) (metrics.Results, [][]metrics.Run, error) {
	s := plan.s
	est := plan.estimate(opt)
	if err := est.Check(opt.Budget); err != nil {
		return metrics.Results{}, nil, err
	}
	n := len(plan.platforms)
	accs := plan.accumulators()
	var runs [][]metrics.Run
	if opt.keepRuns {
		runs = make([][]metrics.Run, n)
		for i := range runs {
			runs[i] = make([]metrics.Run, s.Replications)
		}
	}
	f := newFolder(n, foldAhead(est.Workers, n), func(i, r int, run metrics.Run) {
		if runs != nil {
			runs[i][r] = run
		}
		accs[i].Add(run)
	})
	// Replication-major order: replication r of every platform before r+1,
	// so that summaries advance together and few runs wait to be folded.
	job := func(k int) simJob {
		i, r := k%n, k/n
		return plan.replicationJob(opt, i, r, func(run metrics.Run) { f.done(i, r, run) })
	}
	if err := plan.simulateAll(ctx, opt, est.Workers, n*s.Replications, job, f.wait); err != nil {
		return metrics.Results{}, nil, err
	}
	return plan.results(opt, accs), runs, nil
}

// simJob is one simulation of a run: a platform in a replication (or a
// part of one), run calling check now and then.
type simJob struct {
	platform, replication int
	run                   func(check func(sim.Time) error) error
}

// replicationJob simulates platform i in replication r whole and hands
// the run to done (not called on an error).
func (plan *Plan) replicationJob(opt Options, i, r int, done func(metrics.Run)) simJob {
	s := plan.s
	return simJob{platform: i, replication: r, run: func(check func(sim.Time) error) error {
		run, err := s.simulate(plan.platforms[i], sim.DeriveSeed(s.Seed, r), opt.Timeline, check)
		if err == nil {
			done(run)
		}
		return err
	}}
}

// simulateAll runs jobs 0 to count-1, job(k) built when its turn comes, at
// most workers at once, under a guard that stops them if the memory in use
// passes opt.Budget's bound, and stops within moments once ctx is
// cancelled. gate, when set, is called before job k starts and may hold it
// back (it returns an error only once ctx is done).
func (plan *Plan) simulateAll(ctx context.Context, opt Options, workers, count int, job func(k int) simJob, gate func(ctx context.Context, k int) error) error {
	s := plan.s
	guard := limits.NewGuard(opt.Budget)
	prog := newProgress(opt.Progress, count, s.window().horizon)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	var stopped error // why no more jobs were started
	for k := range count {
		if gate != nil {
			if stopped = gate(gctx, k); stopped != nil {
				break
			}
		}
		j := job(k)
		ctx := gctx
		i, r := j.platform, j.replication
		g.Go(func() (err error) {
			// A panic in a model is a bug; it ends this run with an
			// error naming the platform, not the whole program.
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("internal error simulating platform %s, replication %d: %v (a bug in faassim: please report it with the scenario)",
						s.Platforms[i].Name, r+1, p)
				}
			}()
			if err := ctx.Err(); err != nil {
				return err
			}
			var last sim.Time // how far this simulation has got, for progress
			check := func(now sim.Time) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				prog.advance(&last, now)
				return guard.Check(func() string {
					return fmt.Sprintf("platform %s, replication %d, at %v of horizon %v", s.Platforms[i].Name, r+1,
						now.Duration().Round(time.Second), time.Duration(s.Horizon))
				})
			}
			err = j.run(check)
			prog.advance(&last, s.window().horizon)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Stopped before the last job without a job's error: ctx was cancelled.
	return stopped
}

// summarize turns the raw runs, runs[i][r] for platform i in replication
// r, into the results, with what a report needs besides.
func (plan *Plan) summarize(opt Options, runs [][]metrics.Run) metrics.Results {
	accs := plan.accumulators()
	for i := range runs {
		for _, r := range runs[i] {
			accs[i].Add(r)
		}
	}
	return plan.results(opt, accs)
}

// accumulators returns an empty summary per platform.
func (plan *Plan) accumulators() []*metrics.Accumulator {
	accs := make([]*metrics.Accumulator, len(plan.platforms))
	for i := range accs {
		accs[i] = metrics.NewAccumulator(plan.s.month())
	}
	return accs
}

// results turns each platform's summary, accs[i] for platform i, into the
// results, with what a report needs besides.
func (plan *Plan) results(opt Options, accs []*metrics.Accumulator) metrics.Results {
	s := plan.s
	res := metrics.Results{
		Schema:       metrics.Schema,
		Scenario:     s.Name,
		Seed:         s.Seed,
		HorizonS:     time.Duration(s.Horizon).Seconds(),
		WarmupS:      time.Duration(s.Warmup).Seconds(),
		MonthS:       s.month().Seconds(),
		DayOffsetS:   s.dayOffset().Seconds(),
		Replications: s.Replications,
	}
	for i, p := range s.Platforms {
		sum := accs[i].Platform(p.Name, p.Kind)
		if sum.Apps != nil {
			sum.Apps.Top = accs[i].TopApps(opt.PerApp.Top)
		}
		st := plan.platforms[i].settings()
		sum.Settings = &st
		res.Platforms = append(res.Platforms, sum)
	}
	plan.describe(&res)
	if s.cache != nil {
		// The trace readers' fallbacks and skipped lines (a lambda-report
		// log's malformed REPORT lines): said, never dropped.
		for _, w := range s.cache.warnings {
			res.Warnings = append(res.Warnings, "trace: "+w)
		}
		if w := s.pastTraceEnd(); w != "" {
			res.Warnings = append(res.Warnings, w)
		}
	}
	res.Warnings = append(res.Warnings, s.functionsFromWarnings(plan.functions)...)
	return res
}

// simulate runs one platform for one replication on its own copy of the
// workload stream.
func (s *Scenario) simulate(pl platformPlan, seed uint64, timeline sim.Time, check func(sim.Time) error) (metrics.Run, error) {
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
	return pl.simulate(src, seed, rec, check)
}

// progress adds up how far the simulations of a run have got, in
// simulated time, and reports the fraction done.
type progress struct {
	report      func(done float64)
	mu          sync.Mutex
	done, total float64 // simulated nanoseconds
}

func newProgress(report func(float64), sims int, horizon sim.Time) *progress {
	return &progress{report: report, total: float64(sims) * float64(horizon)}
}

// advance moves one simulation, last where it was, to now.
func (p *progress) advance(last *sim.Time, now sim.Time) {
	if p.report == nil || now <= *last {
		return
	}
	p.mu.Lock()
	p.done += float64(now - *last)
	*last = now
	p.report(min(p.done/p.total, 1))
	p.mu.Unlock()
}

// dayOffset is how far into the first replayed day simulated time 0 falls:
// the window's from, for the formats whose trace time counts from a day's
// midnight (per-minute days: azure2019, huawei2023, workload.synth). Other
// traces have no known midnight, and synthetic workloads start at 0.
func (s *Scenario) dayOffset() time.Duration {
	t := s.replayed()
	if t == nil || (t.Format != trace.FormatAzure2019 && t.Format != trace.FormatHuawei) {
		return 0
	}
	return time.Duration(t.From)
}

// pastTraceEnd warns when the horizon runs past the end of a per-minute
// trace's window (days: 1-3 with horizon: 5d): the time after it has no
// arrivals, yet it counts in every mean and dilutes the monthly
// projection, which a planner reading a month's bill would not guess.
func (s *Scenario) pastTraceEnd() string {
	c := s.cache
	horizon := sim.FromDuration(time.Duration(s.Horizon))
	if c == nil || !(c.stats.End > 0) || horizon <= c.stats.End {
		return ""
	}
	end := c.stats.End
	return fmt.Sprintf("trace: the replayed window ends %s into the run, the horizon at %s: its last %s have no arrivals "+
		"and count in every statistic and in the monthly projection (horizon: %s replays just the window)",
		short(end.Duration()), short(horizon.Duration()), short((horizon - end).Duration()), short(end.Duration()))
}
