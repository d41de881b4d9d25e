package scenarios

import (
	"cmp"
	"fmt"
	"time"

	"faassim/models/analytic"
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
	coldRate     float64 // filled by the model: cold starts per second in the steady state
	functions    int     // how many functions share it
	provisioned  int     // always-warm instances (with keep-alive forever: servers like the others)
}

// faasInputs checks what every FaaS model needs (Poisson arrivals, one
// request per instance, a mean cold start, executions the timeout does
// not cut) and returns the pools, or why no model fits.
// With forever set (keep-alive forever) provisioned instances are allowed:
// no instance ever expires, so they are servers like the others.
func (plan *Plan) faasInputs(pl *faasPlan, streams []workload.Stream, forever bool) ([]*poolLoad, *analyticFit) {
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
	if cfg.Provisioned > 0 && !forever {
		return bad("%d provisioned instances per function: always-warm instances beside the on-demand pool have no closed form", cfg.Provisioned)
	}
	pools := map[string]*poolLoad{}
	var order []string
	for k, f := range pl.fns {
		if f.Provisioned > 0 && !forever {
			return bad("function %s has %d provisioned instances: always-warm instances beside the on-demand pool have no closed form", f.Name, f.Provisioned)
		}
		st := streams[k]
		rate, why := poissonRate(s, k, f.Name, st)
		if why != "" {
			return bad("%s", why)
		}
		if rate <= 0 {
			continue
		}
		speed := cmp.Or(f.Speed, 1)
		warm := st.Duration.Mean().Seconds() * speed
		meaner, ok := f.ColdStart.(interface{ Mean() sim.Time })
		if !ok {
			return bad("function %s's cold start (%s) has no mean the models can use", f.Name, coldStartText(f.ColdStart))
		}
		if why := cutsExecutions(f.Name, st, speed, cmp.Or(f.Timeout, cfg.MaxTimeout)); why != "" {
			return bad("%s", why)
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
		pool.warmS = (pool.warmS*pool.rate + warm*rate) / (pool.rate + rate)
		pool.coldS = (pool.coldS*pool.rate + cold*rate) / (pool.rate + rate)
		pool.rate += rate
		pool.functions++
		pool.provisioned = max(pool.provisioned, cmp.Or(f.Provisioned, cfg.Provisioned)) // the engine's rule (faas.New)
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
	// The pools without reserved concurrency share what the reservations
	// (of every function, idle ones included, as the engine counts them)
	// leave of the account limit; a single such pool has it as its own.
	if cfg.AccountLimit > 0 {
		var free []*poolLoad
		for _, p := range out {
			if p.reserved == 0 {
				free = append(free, p)
			}
		}
		unreserved := plan.unreservedLimit(pl)
		if len(free) > 0 && unreserved <= 0 {
			return bad("reserved concurrency takes all of the account limit of %d: the other functions' requests are all rejected", cfg.AccountLimit)
		}
		if len(free) == 1 {
			free[0].limit = minLimit(free[0].limit, unreserved)
		}
	}
	return out, nil
}

// unreservedLimit is the account limit less every function's reserved
// concurrency: what the functions without a reservation share.
func (plan *Plan) unreservedLimit(pl *faasPlan) int {
	limit := pl.cfg.AccountLimit
	for _, f := range pl.fns {
		limit -= f.Reserved
	}
	return limit
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

// poissonRate is the rate per second of function k's arrivals, or why
// they are not Poisson, which every model needs.
func poissonRate(s *Scenario, k int, name string, st workload.Stream) (float64, string) {
	p, ok := st.Arrivals.(workload.Poisson)
	if !ok {
		return 0, fmt.Sprintf("function %s's arrivals are %s, not Poisson: the models need Poisson arrivals", name, s.Workload.Synthetic.Functions[k].Arrival.Process)
	}
	return p.RatePerS, ""
}

// cutsExecutions says why a timeout makes no model fit: it cuts more than
// timeoutTail of the function's executions (durations x speed); "" when
// it does not, or there is none.
func cutsExecutions(name string, st workload.Stream, speed float64, timeout sim.Time) string {
	if timeout > 0 && float64(st.Duration.Quantile(1-timeoutTail))*speed > float64(timeout) {
		return fmt.Sprintf("function %s's timeout of %v cuts more than %g of its executions: the models have no timeouts", name, timeout.Duration(), timeoutTail)
	}
	return ""
}

// fitFaaS picks the model of a FaaS platform by its keep-alive policy.
func (plan *Plan) fitFaaS(pl *faasPlan, streams []workload.Stream, policyName string) analyticFit {
	policy := pl.keep.newPolicy()
	_, forever := policy.(keepalive.Infinite)
	pools, bad := plan.faasInputs(pl, streams, forever)
	if bad != nil {
		return *bad
	}
	var fit analyticFit
	switch p := policy.(type) {
	case keepalive.FixedTTL:
		if pl.cfg.IdleChoice == faas.LRU {
			// The model hunts in a fixed order (its m-th instance gets only
			// what the first m-1 turn away), so the last instances idle and
			// expire; LRU spreads requests over them all and keeps more warm
			// (at the SimFaaS point: P(cold) 95% below the model's).
			return noFit("idle_choice lru spreads requests over every idle instance, and keeps more of them warm than the semi-Markov model, whose m-th instance gets only the requests the first m-1 turn away (mru and newest fit it)")
		}
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
		return plan.scaleRate(pl, pools, fit)
	}
	return fit
}

// scaleRate checks the token bucket that limits how fast a pool starts
// instances, which no model has: the fit stands only where the model's
// own cold starts, a Poisson stream at its steady rate, would find the
// bucket empty with probability below negligible.
func (plan *Plan) scaleRate(pl *faasPlan, pools []*poolLoad, fit analyticFit) analyticFit {
	burst, perS := pl.cfg.ScaleBurst, pl.cfg.ScalePer.Seconds()
	refill := float64(burst) / perS
	rate := fmt.Sprintf("%d new instances per %v", burst, pl.cfg.ScalePer.Duration())
	top := 0.0
	for _, p := range pools {
		if b := analytic.TokenBucketShortage(p.coldRate, burst, refill); b >= negligible {
			return noFit("the scale rate (%s) binds: %s starts %.4g instances a second in the model's steady state against a refill of %.4g a second, and a cold start may find no token (probability up to %.2g, Lundberg's bound); no model has a scaling limit",
				rate, poolName(p, pl.cfg.PerApp), p.coldRate, refill, b)
		}
		top = max(top, p.coldRate)
	}
	if top == 0 {
		fit.notes = append(fit.notes, fmt.Sprintf("the scale rate (%s) is left out of the model: with no cold start in the steady state it can bind only while the pool grows, in the warm-up", rate))
	} else {
		fit.notes = append(fit.notes, fmt.Sprintf("the scale rate (%s) is left out of the model: at the model's %.4g cold starts a second (the busiest pool's) it binds with probability below %g (Lundberg's bound, the cold starts taken as a Poisson stream)", rate, top, negligible))
	}
	return fit
}

func poolName(p *poolLoad, perApp bool) string {
	if perApp {
		return "app " + p.name
	}
	return "function " + p.name
}

// accountBinds reports whether the account limit, shared by two or more
// pools without reserved concurrency (faasInputs gave a single one the
// limit as its own), can bind: Erlang B of their load (mean requests in
// flight) at what the reservations leave of it.
func (plan *Plan) accountBinds(pl *faasPlan, pools []*poolLoad, inFlight func(*poolLoad) float64) (bool, float64) {
	if pl.cfg.AccountLimit == 0 {
		return false, 0
	}
	load, shared := 0.0, 0
	for _, p := range pools {
		if p.reserved == 0 {
			load += inFlight(p)
			shared++
		}
	}
	if shared < 2 {
		return false, 0
	}
	b := analytic.ErlangB(plan.unreservedLimit(pl), load)
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
		p.coldRate = p.rate * r.ColdProbability
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
	var rate, rejected, running, sharedLoad float64
	anyLimit, sharedPoolBinds := binds, false
	for _, p := range pools {
		a := p.rate * service(p)
		b := 0.0
		if p.limit > 0 {
			b = analytic.ErlangB(p.limit, a)
			anyLimit = true
			sharedPoolBinds = sharedPoolBinds || (p.reserved == 0 && b >= negligible)
		}
		if p.reserved == 0 {
			sharedLoad += a
		}
		rate += p.rate
		p.rejected = p.rate * b
	}
	if binds && sharedPoolBinds {
		return noFit("the shared account limit of %d and the pools' own limits both bind: the loss network has no simple product form", pl.cfg.AccountLimit)
	}
	var shared float64 // Erlang B of the pools sharing the account limit, when it binds
	if binds {
		// The pools without reservations are one loss system: what the
		// reservations leave of the account limit, over their whole load
		// (an arrival of any of them is lost when their requests in
		// flight fill it). Reserved pools keep their own.
		shared = analytic.ErlangB(plan.unreservedLimit(pl), sharedLoad)
	}
	for _, p := range pools {
		if binds && p.reserved == 0 {
			p.rejected = p.rate * shared
		}
		rejected += p.rejected
		running += p.rate * service(p) * (1 - p.rejected/p.rate)
		if everyCold {
			p.coldRate = p.rate - p.rejected
		}
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
	for _, p := range pools {
		if p.provisioned > 0 {
			fit.notes = append(fit.notes, "provisioned instances never expire, nor does any other here: they are servers like the rest (the first ones, warm from the start)")
			break
		}
	}
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
		// Provisioned instances are live whatever the limit on requests.
		instances += float64(max(p.limit, p.provisioned))
	}
	figs.Set("instances_mean", instances)
	figs.Set("utilization", running/instances)
	return fit
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

func ratio0(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}
