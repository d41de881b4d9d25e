package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"runtime"

	"faassim/internal/limits"
	"faassim/models/container"
	"faassim/models/faas"
	"faassim/models/metrics"
)

// Estimate is the work and memory a run will take, worked out from the
// scenario before anything is simulated: its rates, horizon, platforms,
// replications, limits and queues. Run refuses what exceeds the budget
// (Options.Budget) and runs fewer simulations at once where that is what
// keeps the memory under it.
type Estimate struct {
	// Events is the simulated requests (each an arrival, a start and an
	// end in the engine) and timer events, summed over every platform and
	// replication.
	Events float64
	// Bytes is the peak memory with Workers simulations at once.
	Bytes float64
	// Workers is how many simulations run at once: Asked, or fewer if
	// that keeps Bytes under the memory bound.
	Workers, Asked int

	subject string // "the scenario", "the sweep", ...
	noun    string // what the events are: "simulated requests" unless set
	work    string // what the events are made of, for messages
	lower   string // what to lower instead of raising the bound
	memory  part   // the largest part of Bytes, for messages
	// fixed is the memory held whatever the workers; perWorker what each
	// simulation running at once adds.
	fixed, perWorker float64
}

// part is a share of the memory and what it is.
type part struct {
	bytes float64
	what  string
}

func largest(ps ...part) part {
	var best part
	for _, p := range ps {
		if p.bytes > best.bytes {
			best = p
		}
	}
	return best
}

// fit sets Workers to the most, up to Asked, that keep Bytes under the
// bound (at least one), and Bytes to the peak with them.
func (e *Estimate) fit(b limits.Budget) {
	e.fixed += processBytes
	e.Workers = max(e.Asked, 1)
	if room := b.Memory() - e.fixed; e.perWorker > 0 && room < float64(e.Workers)*e.perWorker {
		e.Workers = max(1, int(math.Min(room/e.perWorker, float64(e.Workers))))
	}
	e.Bytes = e.fixed + float64(e.Workers)*e.perWorker
}

// Check refuses an estimate over the budget, saying what makes it large
// and which flag lifts the bound.
func (e Estimate) Check(b limits.Budget) error {
	if e.Events > b.Events() {
		lower := cmp.Or(e.lower, "shorten the horizon, lower the rate or the replications")
		return &limits.Exceeded{Msg: fmt.Sprintf("%s asks for about %s %s (%s), %s, more than %s allows; raise --max-events to run it, or %s",
			e.subject, limits.FormatCount(e.Events), cmp.Or(e.noun, "simulated requests"), e.work, limits.CPUTime(e.Events), b.EventsFlag(), lower)}
	}
	if e.Bytes > b.Memory() {
		return &limits.Exceeded{Msg: fmt.Sprintf("%s needs about %s of memory, more than %s allows: %s; raise --max-memory to run it, or %s",
			e.subject, limits.FormatSize(e.Bytes), b.MemoryFlag(), e.memory.what, cmp.Or(e.lower, "lower what it names"))}
	}
	return nil
}

// simCost is one platform's simulation (one replication): its events
// and its memory while it runs, with its largest part. other is the
// largest share of its events that are not requests (its bytes field
// counts events): autoscaler checks, mmpp state switches.
type simCost struct {
	events float64
	live   float64
	big    part
	other  part
	// instances bounds the live instances (replicas) of the simulation:
	// its run's record holds the time at each count up to it.
	instances float64
}

// cost is one FaaS simulation: instances from the busiest concurrency
// (Little's law at the peak rate) up to the limits, and, when throttled
// requests queue, the queue that an excess of arrivals builds.
func (pl *faasPlan) cost(in *costInput, name string, hybridBins int) simCost {
	cfg := pl.cfg
	speed := func(i int) float64 {
		if len(pl.fns) == len(in.loads) && pl.fns[i].Speed > 0 {
			return pl.fns[i].Speed
		}
		return 1
	}
	per := float64(max(cfg.PerInstance, 1))
	each := math.Inf(1) // the most instances one function may have
	if cfg.MaxInstances > 0 {
		each = float64(cfg.MaxInstances)
	}
	if cfg.AccountLimit > 0 {
		each = math.Min(each, float64(cfg.AccountLimit)/per+1)
	}
	var inst, conc float64
	for i, l := range in.loads {
		c := math.Min(l.peak*l.meanS*speed(i), l.most)
		conc += c
		// Twice the busiest concurrency, and an instance per function
		// kept warm: bursts and keep-alive leave instances idle.
		inst += math.Min(2*c/per+l.count, each*l.count)
	}
	pools := float64(in.functions)
	if cfg.PerApp {
		pools = float64(in.apps)
	}
	prov := pools * float64(cfg.Provisioned)
	if !cfg.PerApp && len(pl.fns) > 0 {
		prov = 0 // per function: its own provisioned, else the platform's
		for _, f := range pl.fns {
			prov += float64(cmp.Or(f.Provisioned, cfg.Provisioned))
		}
	}
	var queue float64
	peak := sumPeak(in.loads)
	if cfg.OnLimit == faas.Queue {
		capConc := math.Inf(1)
		if cfg.AccountLimit > 0 {
			capConc = float64(cfg.AccountLimit)
		}
		if cfg.MaxInstances > 0 {
			capConc = math.Min(capConc, float64(cfg.MaxInstances)*per*pools)
		}
		wait := in.horizonS
		if cfg.MaxWait > 0 {
			wait = math.Min(wait, cfg.MaxWait.Seconds())
		}
		if d := meanDuration(in.loads, speed); d > 0 {
			queue = math.Max(0, peak-capConc/d) * wait
		}
		if cfg.ScaleBurst > 0 { // the wait for the scaling rate to catch up
			need := math.Min(conc, capConc)
			catchUp := math.Max(0, need-float64(cfg.ScaleBurst)) / float64(cfg.ScaleBurst) * cfg.ScalePer.Seconds()
			queue += peak * math.Min(catchUp, wait)
		}
		queue = math.Min(queue, in.requests)
	}
	fnBytes := float64(in.functions) * faasFnBytes
	var hybrid part
	if hybridBins > 0 {
		// A histogram per group of instances; its decisions cost
		// O(log bins), which the estimate does not count.
		hybrid = part{pools * (hybridAppBytes + float64(hybridBins)*hybridBinBytes),
			fmt.Sprintf("platform %s keeps a hybrid keep-alive histogram of %s bins for each of %s", name, limits.FormatCount(float64(hybridBins)), count(int(pools), "instance group"))}
	}
	parts := []part{
		{in.base + fnBytes, fmt.Sprintf("platform %s holds %d functions", name, in.functions)},
		hybrid,
		{inst * instanceBytes, fmt.Sprintf("platform %s would keep about %s instances (%s arrive at the busiest)", name, limits.FormatCount(inst), rateText(peak))},
		{prov * provisionedBytes, fmt.Sprintf("platform %s provisions %s instances", name, limits.FormatCount(prov))},
		{pl.initial * instanceBytes, fmt.Sprintf("platform %s starts with %s initial instances", name, limits.FormatCount(pl.initial))},
		in.appRecords(name),
		{queue * queuedBytes, fmt.Sprintf("platform %s would queue about %s throttled requests (%s arrive at the busiest, more than its limits serve)", name, limits.FormatCount(queue), rateText(peak))},
		in.source,
	}
	events, other := in.requestWork()
	return simCost{events: events, live: total(parts), big: largest(parts...), other: other, instances: inst + prov}
}

// appRecords is a FaaS simulation's per-app records, when asked for.
func (in *costInput) appRecords(name string) part {
	if !in.perApp {
		return part{}
	}
	return part{float64(in.apps) * appRecordBytes, fmt.Sprintf("platform %s keeps per-app statistics (--per-app) for %s", name, count(in.apps, "application"))}
}

// cost is one container simulation: its replicas, the requests running on
// them, and the queue that arrivals beyond their capacity build.
func (pl *containerPlan) cost(in *costInput, name string) simCost {
	cfg := pl.cfg
	sc := cfg.Scaling.WithDefaults()
	replicas := float64(sc.Replicas)
	events, other := in.requestWork()
	if sc.Policy == container.Target {
		replicas = float64(sc.Max)
		if sync := sc.Sync.Seconds(); sync > 0 {
			ticks := in.horizonS / sync
			events += ticks
			other = largest(other, part{ticks, fmt.Sprintf("platform %s's autoscaler checking every %s (scaling.sync) over horizon %s: %s checks",
				name, sc.Sync, metrics.ShortDuration(in.horizonS), limits.FormatCount(ticks))})
		}
	}
	speed := func(i int) float64 {
		if len(pl.fns) == len(in.loads) && pl.fns[i].Speed > 0 {
			return pl.fns[i].Speed
		}
		return 1
	}
	slots := float64(max(cfg.Replica.Slots, 1))
	peak := sumPeak(in.loads)
	d := meanDuration(in.loads, speed)
	var queue float64
	if d > 0 {
		queue = math.Max(0, peak-replicas*slots/d) * in.horizonS
		if cfg.RequestTimeout > 0 {
			queue = math.Max(0, peak-replicas*slots/d) * math.Min(in.horizonS, cfg.RequestTimeout.Seconds())
		}
	}
	if cfg.QueueLimit > 0 {
		queue = math.Min(queue, float64(cfg.QueueLimit))
	}
	queue = math.Min(queue, in.requests)
	running := math.Min(replicas*slots, peak*d+1)
	parts := []part{
		{in.base + float64(in.functions)*containerFnBytes, fmt.Sprintf("platform %s holds %d functions", name, in.functions)},
		{replicas*replicaBytes + running*inFlightBytes, fmt.Sprintf("platform %s runs up to %s", name, countF(replicas, "replica"))},
		{queue * queuedBytes, fmt.Sprintf("platform %s would queue about %s requests (%s arrive at the busiest, more than %s can serve: %s)",
			name, limits.FormatCount(queue), rateText(peak), countF(replicas, "replica"), rateText(replicas*slots/math.Max(d, 1e-9)))},
		in.source,
	}
	return simCost{events: events, live: total(parts), big: largest(parts...), other: other, instances: replicas}
}

func total(ps []part) float64 {
	var t float64
	for _, p := range ps {
		t += p.bytes
	}
	return t
}

// runCost is a scenario's cost at rate scale k: each platform's
// simulation, the plan, and the records held while it runs (those waiting
// to be folded in order; every one with keepRuns).
type runCost struct {
	in        costInput
	sims      []simCost
	planBytes float64 // the scenario and its resolved plan
	keptBytes float64 // the records held (see keptDetail) and the results
	reps      int
	maxLive   part
	sumEvents float64
	// sumOther is the events that are not requests, summed; bigOther
	// the largest share of them in one simulation, for messages.
	sumOther   float64
	bigOther   part
	keptDetail string
}

func (plan *Plan) costAt(k float64, opt Options) runCost {
	s := plan.s
	rc := runCost{in: s.workload(k, opt.Timeline.Duration()), reps: s.Replications}
	in := &rc.in
	in.perApp = opt.PerApp.On
	faasPlatforms := 0.0
	scenBytes := 0.0
	if s.src != nil {
		scenBytes = float64(s.src.size) * scenarioPerYAMLByte
	}
	rc.planBytes = scenBytes
	if s.replayed() != nil && s.cache != nil {
		rc.planBytes += float64(s.cache.stats.Held) // the reader opened to list the functions
	}
	rc.planBytes += s.synthHeld() // the generated day, read by every simulation
	rc.sumEvents += s.synthWork() // generating it, once
	for i, pl := range plan.platforms {
		name := s.Platforms[i].Name
		var c simCost
		switch p := pl.(type) {
		case *faasPlan:
			c = p.cost(in, name, hybridBins(s.Platforms[i].KeepAlive))
			rc.planBytes += float64(in.functions) * planFaaSFnBytes
			faasPlatforms++
		case *containerPlan:
			c = p.cost(in, name)
			rc.planBytes += float64(in.functions) * planContainerFnBytes
		}
		rc.sims = append(rc.sims, c)
		rc.sumEvents += (c.events + simSetupEvents) * float64(s.Replications)
		rc.sumOther += c.other.bytes * float64(s.Replications)
		if c.other.bytes > rc.bigOther.bytes {
			rc.bigOther = c.other
		}
		if c.live > rc.maxLive.bytes {
			rc.maxLive = part{c.live, c.big.what}
		}
	}
	p := float64(len(plan.platforms))
	perRun := runKeptBytes + float64(in.timelineN)*timelinePointBytes/2
	// Runs are folded into the summaries in replication order as they
	// finish; those that finish early wait for an earlier one, at most
	// foldAhead replications of every platform. RunReplications keeps all.
	kept, held := min(s.Replications, foldAhead(asked(opt.Workers), len(plan.platforms))), "up to %s x %s wait to be summarized in order, a record of %s each"
	if opt.keepRuns {
		kept, held = s.Replications, "%s x %s keep a record of %s each until the end"
	}
	rc.keptDetail = fmt.Sprintf(held, count(kept, "replication"), count(len(plan.platforms), "platform"), limits.FormatSize(perRun))
	// One more record per platform: its summary (merged sketches, sums).
	rc.keptBytes = p*float64(kept+1)*perRun + p*(resultsPlatformBytes+float64(in.timelineN)*timelinePointBytes/2)
	if times := countTimesBytes(rc.sims, kept); times > 0 {
		rc.keptBytes += times
		if times > perRun*p*float64(kept) {
			rc.keptDetail += fmt.Sprintf(", the time at each instance count among them (%s: the exact distribution of instances)", limits.FormatSize(times))
		}
	}
	if in.perApp && faasPlatforms > 0 {
		// Per-app records kept for pooling: the largest part on a trace of
		// many apps.
		apps := faasPlatforms * float64(kept+1) * float64(in.apps) * appKeptBytes
		rc.keptBytes += apps
		rc.keptDetail += fmt.Sprintf(", per-app statistics (--per-app) for %s among them (%s)", count(in.apps, "application"), limits.FormatSize(apps))
	}
	return rc
}

// countTimesBytes is the time at each live and busy instance count in the
// kept records of every platform, and their pool in its summary: 8 bytes a
// count up to the simulation's bound on instances (the record is exact and
// complete, never folded).
func countTimesBytes(sims []simCost, kept int) float64 {
	var b float64
	for _, c := range sims {
		b += 2 * countTimeBytes * (c.instances + 1)
	}
	return b * float64(kept+1)
}

// workers is the simulations asked to run at once: n, or one per core.
func asked(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// estimate works out the cost of running the plan with opt (see Estimate).
func (plan *Plan) estimate(opt Options) Estimate {
	rc := plan.costAt(1, opt)
	s := plan.s
	sims := len(plan.platforms) * s.Replications
	e := Estimate{subject: "the scenario", Events: rc.sumEvents, Asked: min(asked(opt.Workers), max(sims, 1))}
	e.work = fmt.Sprintf("%s x %s x %s", rc.in.desc, count(len(plan.platforms), "platform"), count(s.Replications, "replication"))
	if t := s.replayed(); t != nil && len(t.Days) > 1 {
		// The work grows with the days replayed, the memory does not.
		e.work += fmt.Sprintf(", over %d days", len(t.Days))
		e.lower = "list fewer days, shorten the horizon, lower the rate or the replications"
	}
	if rc.sumOther > rc.sumEvents/2 {
		// Mostly not requests: say what the events are.
		e.noun = "simulated events"
		e.work = fmt.Sprintf("mostly %s; the requests: %s", rc.bigOther.what, e.work)
		e.lower = "lower what it names"
	}
	e.fixed = rc.planBytes + rc.keptBytes + opt.held.bytes
	e.perWorker = rc.maxLive.bytes
	e.fit(opt.Budget)
	kept := part{rc.keptBytes, rc.keptDetail}
	if opt.held.bytes > 0 {
		kept = part{kept.bytes + opt.held.bytes, fmt.Sprintf("%s, plus %s (%s)", kept.what, opt.held.what, limits.FormatSize(opt.held.bytes))}
	}
	e.memory = largest(
		part{rc.planBytes, fmt.Sprintf("%s x %s to plan", count(len(plan.platforms), "platform"), count(rc.in.functions, "function"))},
		kept,
		part{float64(e.Workers) * rc.maxLive.bytes, rc.maxLive.what},
	)
	return e
}

// Estimate resolves the scenario and works out what running it with opt
// would take; its Check says whether the budget allows it.
func (s *Scenario) Estimate(opt Options) (Estimate, error) {
	plan, probs := s.resolvePlan(opt)
	if len(probs) > 0 {
		return Estimate{}, probs
	}
	return plan.estimate(opt), nil
}
