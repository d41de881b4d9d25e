package scenarios

import (
	"fmt"
	"math"
	"time"

	"faassim/models/analytic"
	"faassim/models/container"
	"faassim/models/dist"
	"faassim/models/faas"
	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// negligible is the probability below which a limit is taken never to
// bind: Erlang B of the load at the limit (the chance an arrival finds it
// reached, were it a loss system). At 1e-6 a limit that binds changes no
// figure analyze prints at its precision.
const negligible = 1e-6

// timeoutTail is the share of executions above which a timeout counts as
// cutting them (the models know nothing of cut executions).
const timeoutTail = 1e-6

// analyticFit is the analytic side of one platform: the model that fits
// it and its prediction, or why none fits.
type analyticFit struct {
	model string // metrics.AnalyzedPlatform.Model
	why   string
	figs  *metrics.Figures // nil: no model fits
	notes []string
	// semiMarkov: utilization is warm running over the warm pool (the
	// simulated side must measure the same).
	semiMarkov bool
}

func noFit(format string, args ...any) analyticFit {
	return analyticFit{model: "none", why: fmt.Sprintf(format, args...)}
}

// poolLoad is one pool of instances on a FaaS platform (a function's own,
// or an app's shared): its Poisson rate and mean service times.
type poolLoad struct {
	name         string
	rate         float64 // requests per second
	warmS, coldS float64 // mean service, seconds: execution; cold start + execution
	limit        int     // most instances (0: none of its own)
	reserved     int     // reserved concurrency, set aside from the account's (0: none)
	rejected     float64 // filled by lossSystem: rejections per second
	functions    int     // how many functions share it
}

// faasInputs checks what every FaaS model needs (Poisson arrivals, one
// request per instance, a mean cold start, executions the timeout does
// not cut) and returns the pools, or why no model fits.
func (plan *Plan) faasInputs(pl *faasPlan, streams []workload.Stream) ([]*poolLoad, *analyticFit) {
	s, cfg := plan.s, pl.cfg
	bad := func(format string, args ...any) ([]*poolLoad, *analyticFit) {
		f := noFit(format, args...)
		return nil, &f
	}
	if why := replayedWhy(s); why != "" {
		return bad("%s", why)
	}
	if cfg.PerInstance > 1 {
		return bad("%d requests per instance: the models take one request per instance, each instance a server", cfg.PerInstance)
	}
	if cfg.Provisioned > 0 {
		return bad("%d provisioned instances per function: always-warm instances beside the on-demand pool have no closed form", cfg.Provisioned)
	}
	pools := map[string]*poolLoad{}
	var order []string
	for k, f := range pl.fns {
		if f.Provisioned > 0 {
			return bad("function %s has %d provisioned instances: always-warm instances beside the on-demand pool have no closed form", f.Name, f.Provisioned)
		}
		st := streams[k]
		p, ok := st.Arrivals.(workload.Poisson)
		if !ok {
			return bad("function %s's arrivals are %s, not Poisson: the models need Poisson arrivals", f.Name, s.Workload.Synthetic.Functions[k].Arrival.Process)
		}
		if p.RatePerS <= 0 {
			continue
		}
		speed := cmpOr1(f.Speed)
		warm := st.Duration.Mean().Seconds() * speed
		meaner, ok := f.ColdStart.(interface{ Mean() sim.Time })
		if !ok {
			return bad("function %s's cold start (%s) has no mean the models can use", f.Name, coldStartText(f.ColdStart))
		}
		if to := cmpTime(f.Timeout, cfg.MaxTimeout); to > 0 && float64(st.Duration.Quantile(1-timeoutTail))*speed > float64(to) {
			return bad("function %s's timeout of %v cuts more than %g of its executions: the models have no timeouts", f.Name, to.Duration(), timeoutTail)
		}
		key := f.Name
		if cfg.PerApp {
			key = f.Function.App
		}
		pool := pools[key]
		if pool == nil {
			pool = &poolLoad{name: key, limit: cfg.MaxInstances}
			pools[key] = pool
			order = append(order, key)
		}
		cold := warm + meaner.Mean().Seconds()
		// An app's pool serves its functions' merged Poisson stream: the
		// rate-weighted mean service is the mean of a request's.
		pool.warmS = (pool.warmS*pool.rate + warm*p.RatePerS) / (pool.rate + p.RatePerS)
		pool.coldS = (pool.coldS*pool.rate + cold*p.RatePerS) / (pool.rate + p.RatePerS)
		pool.rate += p.RatePerS
		pool.functions++
		if f.Reserved > 0 {
			pool.limit = minLimit(pool.limit, f.Reserved)
			pool.reserved = f.Reserved
		}
	}
	out := make([]*poolLoad, len(order))
	for i, k := range order {
		out[i] = pools[k]
	}
	if len(out) == 0 {
		return bad("no function receives requests")
	}
	// One pool: the account limit is its own limit.
	if len(out) == 1 && cfg.AccountLimit > 0 && out[0].reserved == 0 {
		out[0].limit = minLimit(out[0].limit, cfg.AccountLimit)
	}
	return out, nil
}

// replayedWhy says why no model fits a replayed workload (a trace, or a
// workload.synth population replayed as one); "" for synthetic functions.
func replayedWhy(s *Scenario) string {
	switch {
	case s.Workload.Trace != nil:
		return "the workload is a trace: its arrivals are recorded times, not a Poisson process"
	case s.Workload.Synth != nil:
		return "the workload is workload.synth, a generated population replayed as a trace (timers, bursts, diurnal rates): its arrivals are not a Poisson process"
	}
	return ""
}

// fitFaaS picks the model of a FaaS platform by its keep-alive policy.
func (plan *Plan) fitFaaS(pl *faasPlan, streams []workload.Stream, policyName string) analyticFit {
	pools, bad := plan.faasInputs(pl, streams)
	if bad != nil {
		return *bad
	}
	var fit analyticFit
	switch p := pl.keep.newPolicy().(type) {
	case keepalive.FixedTTL:
		fit = plan.semiMarkov(pl, pools, p.TTL.Seconds())
	case keepalive.Infinite:
		fit = plan.lossSystem(pl, pools, false)
	case keepalive.None:
		fit = plan.lossSystem(pl, pools, true)
	default:
		return noFit("the %s keep-alive adapts to the idle times it has seen: no analytic model covers it", policyName)
	}
	if fit.figs == nil {
		return fit
	}
	if pl.cfg.OnLimit == faas.Queue && *fit.figs.RejectionRatio > negligible {
		return noFit("on_limit queue: requests over a limit wait for capacity, and that limit binds here (the loss model would reject %.3g of them)", *fit.figs.RejectionRatio)
	}
	if pl.cfg.OnLimit == faas.Queue {
		fit.notes = append(fit.notes, "on_limit is queue, but no limit binds here: the queue is never used")
	}
	if pl.cfg.ScaleBurst > 0 {
		fit.notes = append(fit.notes, fmt.Sprintf("the scale rate (%d new instances per %v) is left out of the model: it binds only on bursts of cold starts",
			pl.cfg.ScaleBurst, pl.cfg.ScalePer.Duration()))
	}
	return fit
}

// accountBinds reports whether the account limit, shared by the pools
// without reserved concurrency, can bind: Erlang B of their load (mean
// requests in flight) at what the reserved pools leave of it.
func (plan *Plan) accountBinds(pl *faasPlan, pools []*poolLoad, inFlight func(*poolLoad) float64) (bool, float64) {
	limit := pl.cfg.AccountLimit
	if limit == 0 || len(pools) == 1 {
		return false, 0
	}
	load := 0.0
	for _, p := range pools {
		if p.reserved > 0 {
			limit -= p.reserved
		} else {
			load += inFlight(p)
		}
	}
	b := analytic.ErlangB(limit, load)
	return b >= negligible, b
}

// semiMarkov is the model of Mahmoudi and Khazaei for a fixed TTL, one
// chain per pool, summed over the pools.
func (plan *Plan) semiMarkov(pl *faasPlan, pools []*poolLoad, ttlS float64) analyticFit {
	var cold, rejected, admitted, rate, instances, running, warmRunning, pool float64
	results := make(map[*poolLoad]analytic.Serverless, len(pools))
	for _, p := range pools {
		r, err := analytic.SemiMarkov(analytic.ServerlessParams{ArrivalRate: p.rate, WarmServiceS: p.warmS,
			ColdServiceS: p.coldS, ThresholdS: ttlS, MaxConcurrency: p.limit})
		if err != nil {
			return noFit("pool %s: %v", p.name, err)
		}
		results[p] = r
		rate += p.rate
		rejected += p.rate * r.RejectProbability
		admitted += p.rate * (1 - r.RejectProbability)
		cold += p.rate * r.ColdProbability
		// Every live instance, as the engine counts them: the model's
		// warm pool plus the instances serving cold requests.
		instances += r.InstancesMean + (r.RunningMean - r.WarmRunningMean)
		pool += r.InstancesMean
		running += r.RunningMean
		warmRunning += r.WarmRunningMean
	}
	if binds, b := plan.accountBinds(pl, pools, func(p *poolLoad) float64 { return results[p].RunningMean }); binds {
		return noFit("the account limit of %d is shared by %d pools and can bind (Erlang B of their load at it: %.2g): the model takes the pools as independent",
			pl.cfg.AccountLimit, len(pools), b)
	}
	figs := &metrics.Figures{}
	figs.Set("cold_start_ratio", cold/admitted)
	figs.Set("rejection_ratio", rejected/rate)
	figs.Set("instances_mean", instances)
	figs.Set("running_mean", running)
	figs.Set("utilization", ratio0(warmRunning, pool))
	fit := analyticFit{model: "semi-markov", figs: figs, semiMarkov: true,
		why: fmt.Sprintf("Poisson arrivals, one request per instance, a fixed TTL of %s: the steady-state semi-Markov model of Mahmoudi and Khazaei (IEEE TCC 2020)%s",
			short(time.Duration(ttlS*1e9)), poolsText(pools, pl.cfg.PerApp))}
	fit.notes = append(fit.notes,
		"the semi-Markov model is an approximation (each instance's expiry taken from its own arrival rate): its P(cold) may differ from the engine's by 10% or more",
		"instances_mean counts every live instance (the model's warm pool plus those serving cold requests); utilization is the model's: warm running over the warm pool, measured the same way on the simulation")
	if w := plan.s.window(); w.warmup.Seconds() < ttlS {
		fit.notes = append(fit.notes, fmt.Sprintf("the warm-up (%s) is shorter than the TTL: the window starts in a transient the steady state leaves out",
			short(w.warmup.Duration())))
	}
	return fit
}

// lossSystem is infinite keep-alive (every instance stays: Erlang B on the
// execution time, M/G/inf without a limit) or none (every request cold:
// the same on cold start + execution). Erlang B depends on the service
// only through its mean (Kleinrock vol. 1, section 3.6).
func (plan *Plan) lossSystem(pl *faasPlan, pools []*poolLoad, everyCold bool) analyticFit {
	service := func(p *poolLoad) float64 {
		if everyCold {
			return p.coldS
		}
		return p.warmS
	}
	binds, _ := plan.accountBinds(pl, pools, func(p *poolLoad) float64 { return p.rate * service(p) })
	var rate, rejected, running, totalLoad float64
	anyLimit, poolBinds := binds, false
	for _, p := range pools {
		a := p.rate * service(p)
		b := 0.0
		if p.limit > 0 {
			b = analytic.ErlangB(p.limit, a)
			anyLimit = true
			poolBinds = poolBinds || b >= negligible
		}
		rate += p.rate
		totalLoad += a
		p.rejected = p.rate * b
		rejected += p.rate * b
		running += a * (1 - b)
	}
	if binds && poolBinds {
		return noFit("the shared account limit of %d and the pools' own limits both bind: the loss network has no simple product form", pl.cfg.AccountLimit)
	}
	if binds {
		// One loss system: the account limit over every pool's load.
		c := pl.cfg.AccountLimit
		b := analytic.ErlangB(c, totalLoad)
		rejected, running = rate*b, totalLoad*(1-b)
	}
	figs := &metrics.Figures{}
	if everyCold {
		figs.Set("cold_start_ratio", 1)
	} else {
		figs.Set("cold_start_ratio", 0)
	}
	figs.Set("rejection_ratio", rejected/rate)
	figs.Set("running_mean", running)
	model, what := "m/g/inf", "M/G/infinity (no limit)"
	if anyLimit {
		model, what = "erlang-b", "Erlang B (the M/G/c/c loss system)"
	}
	fit := analyticFit{model: model, figs: figs}
	if everyCold {
		// Each request has its own instance for its cold start and run.
		figs.Set("instances_mean", running)
		figs.Set("utilization", 1)
		fit.why = fmt.Sprintf("Poisson arrivals, no keep-alive: every request starts its own instance, busy for the cold start and the execution: %s%s", what, poolsText(pools, pl.cfg.PerApp))
		return fit
	}
	fit.why = fmt.Sprintf("Poisson arrivals, instances kept forever: past the first cold starts every instance is a server: %s%s", what, poolsText(pools, pl.cfg.PerApp))
	fit.notes = append(fit.notes, "the first request on each new instance is cold: a transient of the warm-up the steady state (no cold start) leaves out")
	// Instances only grow, up to a pool's limit once an arrival has
	// found it all busy; expect lambda B warm-up such arrivals in the
	// warm-up: at 10 or more the pool is at its limit when the window
	// opens.
	warmupS, instances := plan.s.window().warmup.Seconds(), 0.0
	for _, p := range pools {
		if binds || p.limit == 0 || p.rejected*warmupS < 10 {
			fit.notes = append(fit.notes, "instances only grow, to the largest concurrency the run has seen: no steady state to predict their number")
			return fit
		}
		instances += float64(p.limit)
	}
	figs.Set("instances_mean", instances)
	figs.Set("utilization", running/instances)
	return fit
}

// fitContainer fits M/M/c/K (Erlang C when the queue is unbounded) to a
// fixed fleet of replicas.
func (plan *Plan) fitContainer(pl *containerPlan, streams []workload.Stream) analyticFit {
	s, cfg := plan.s, pl.cfg
	if why := replayedWhy(s); why != "" {
		return noFit("%s", why)
	}
	if cfg.Scaling.Policy != container.Fixed {
		return noFit("the replicas are autoscaled (%s): the models need a fixed number of servers", scalingText(cfg.Scaling))
	}
	if cfg.RequestTimeout > 0 {
		return noFit("request_timeout %v abandons waiting requests: M/M/c/K has no abandonment", cfg.RequestTimeout.Duration())
	}
	rate, meanS := 0.0, 0.0
	for k, f := range pl.fns {
		st := streams[k]
		p, ok := st.Arrivals.(workload.Poisson)
		if !ok {
			return noFit("function %s's arrivals are %s, not Poisson: the models need Poisson arrivals", f.Name, s.Workload.Synthetic.Functions[k].Arrival.Process)
		}
		if p.RatePerS <= 0 {
			continue
		}
		if _, ok := st.Duration.(dist.Exponential); !ok {
			return noFit("function %s's duration is %s, not exponential: with a queue, M/G/c has no closed form", f.Name, st.Duration)
		}
		speed := cmpOr1(f.Speed)
		if f.Timeout > 0 && float64(st.Duration.Quantile(1-timeoutTail))*speed > float64(f.Timeout) {
			return noFit("function %s's timeout of %v cuts more than %g of its executions: the models have no timeouts", f.Name, f.Timeout.Duration(), timeoutTail)
		}
		m := st.Duration.Mean().Seconds() * speed
		if meanS > 0 && math.Abs(m-meanS) > 1e-9*meanS {
			return noFit("the functions' mean durations differ (%.4g s and %.4g s): their mixture is not exponential", meanS, m)
		}
		meanS = m
		rate += p.RatePerS
	}
	if rate == 0 {
		return noFit("no function receives requests")
	}
	c := cfg.Scaling.Replicas * cfg.Replica.Slots
	k, model := c+cfg.QueueLimit, "m/m/c/k"
	if cfg.QueueLimit == 0 {
		k, model = -1, "erlang-c"
	}
	q, err := analytic.MMcK(rate, 1/meanS, c, k)
	if err != nil {
		return noFit("%v", err)
	}
	figs := &metrics.Figures{}
	figs.Set("rejection_ratio", q.Block)
	figs.Set("instances_mean", float64(cfg.Scaling.Replicas))
	figs.Set("running_mean", q.BusyMean)
	figs.Set("utilization", q.BusyMean/float64(c))
	figs.Set("wait_probability", q.WaitProbability)
	figs.Set("wait_mean_ms", q.WaitMeanS*1000)
	queue := fmt.Sprintf("at most %d waiting", cfg.QueueLimit)
	if k < 0 {
		queue = "an unbounded queue"
	}
	return analyticFit{model: model, figs: figs,
		why: fmt.Sprintf("Poisson arrivals, exponential durations, %d fixed replicas x %d slots = %d servers, %s (Gross and Harris, section 2.5)",
			cfg.Scaling.Replicas, cfg.Replica.Slots, c, queue)}
}

func poolsText(pools []*poolLoad, perApp bool) string {
	fns := 0
	for _, p := range pools {
		fns += p.functions
	}
	switch {
	case len(pools) == 1 && fns == 1:
		return ""
	case perApp:
		return fmt.Sprintf(", one per app (%s of %s: each app's combined rate and rate-weighted mean service; summed)",
			count(len(pools), "pool"), count(fns, "function"))
	}
	return fmt.Sprintf(", one per function (%d pools, summed)", len(pools))
}

func minLimit(a, b int) int {
	if a == 0 {
		return b
	}
	return min(a, b)
}

func cmpOr1(x float64) float64 {
	if x == 0 {
		return 1
	}
	return x
}

func cmpTime(a, b sim.Time) sim.Time {
	if a != 0 {
		return a
	}
	return b
}

func ratio0(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}
