package faas

import (
	"math/rand/v2"

	"faassim/models/coldstart"
	"faassim/models/internal/iheap"
	"faassim/models/internal/slab"
	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Platform simulates one FaaS platform on an engine. Feed it invocations with
// Arrive at their arrival times; read the record with Result after the
// engine has run to the horizon.
type Platform struct {
	eng       *sim.Engine
	cfg       Config
	keep      keepalive.Policy
	observer  keepalive.Observer
	prewarmer keepalive.Prewarmer
	fns       []fnState
	insts     slab.Slab[instance]
	cands     iheap.Index // by instance: its key and position among its pool's candidates

	reqs   slab.Slab[request]
	nextID uint64
	began  sim.Time // when the platform was built: provisioned instances are billed from it

	inflight           int // account-wide in-flight requests
	unreservedInflight int
	unreservedLimit    int     // AccountLimit minus all reservations, when limited
	limited            bool    // an account limit applies to unreserved functions
	waiting            []int32 // pools with queued requests, in the order they started waiting
	pools              []pool

	onFinish, onReady, onExpire, onWake, onDeadline, onPrewarm sim.Handler
	log                                                        func(Event)
	st                                                         metrics.Tally
	closed                                                     bool   // Result has run
	initialSeed                                                uint64 // what Config.Initial's busy executions draw from (InitialStream)
}

type fnState struct {
	Function
	rng      *rand.Rand             // cold-start stream
	phases   coldstart.PhaseSampler // ColdStart when it splits overhead from INIT, else nil
	timeout  sim.Time
	inflight int
	pool     int32 // the instances this function runs on
	app      int32 // its app's record in st.Apps (with Config.RecordApps)
}

type request struct {
	arrival  sim.Time
	start    sim.Time
	end      sim.Time // when it finishes: scheduled when it is placed
	init     sim.Time // the INIT phase of the cold start it triggered, 0 if none
	inst     int32
	fn       int32
	cold     bool
	timedOut bool
	// initial marks an initial busy instance's execution (Config.Initial):
	// not a request. Its arrival is -1, before any window, so the window's
	// request statistics leave it out without a test of their own.
	initial bool
}

// The handlers are the platform itself under other names, so scheduling
// converts a pointer to an interface and allocates nothing.
type (
	finishHandler   Platform
	readyHandler    Platform
	expireHandler   Platform
	wakeHandler     Platform
	deadlineHandler Platform
	prewarmHandler  Platform
)

func (h *finishHandler) Handle(now sim.Time, d uint64)  { (*Platform)(h).finish(now, int32(d)) }
func (h *readyHandler) Handle(now sim.Time, d uint64)   { (*Platform)(h).ready(now, int32(d)) }
func (h *expireHandler) Handle(now sim.Time, d uint64)  { (*Platform)(h).timerFired(now, int32(d)) }
func (h *wakeHandler) Handle(now sim.Time, d uint64)    { (*Platform)(h).woken(now, int32(d)) }
func (h *prewarmHandler) Handle(now sim.Time, d uint64) { (*Platform)(h).prewarmed(now, int32(d)) }
func (h *deadlineHandler) Handle(now sim.Time, d uint64) {
	(*Platform)(h).deadlinePassed(now, int32(d))
}

// New builds a platform for fns on eng. Each function's cold starts come from
// the stream "coldstart/NAME" of seed.
func New(eng *sim.Engine, cfg Config, fns []Function, keep keepalive.Policy, seed uint64) (*Platform, error) {
	if cfg.PerInstance == 0 {
		cfg.PerInstance = 1
	}
	if err := cfg.validate(fns); err != nil {
		return nil, err
	}
	p := &Platform{eng: eng, cfg: cfg, keep: keep, fns: make([]fnState, len(fns)), began: eng.Now()}
	p.observer, _ = keep.(keepalive.Observer)
	p.prewarmer, _ = keep.(keepalive.Prewarmer)
	if h, ok := keep.(interface{ CountFrom(sim.Time) }); ok {
		h.CountFrom(cfg.Warmup) // decisions of the measured window only
	}
	p.onFinish, p.onReady, p.onExpire = (*finishHandler)(p), (*readyHandler)(p), (*expireHandler)(p)
	p.onWake, p.onDeadline, p.onPrewarm = (*wakeHandler)(p), (*deadlineHandler)(p), (*prewarmHandler)(p)
	p.st = metrics.NewTally(cfg.Warmup, cfg.Horizon, cfg.Timeline)
	p.st.Live.TrackPeaks(cfg.LivePeaks)
	if cfg.RecordExecution {
		p.st.Execution = metrics.NewSketch()
	}
	reserved := 0
	pools := map[int32]int32{} // app (PerApp) or function index -> pool
	for i, fn := range fns {
		f := &p.fns[i]
		f.Function = fn
		if f.Speed == 0 {
			f.Speed = 1
		}
		f.rng = sim.NewStream(seed, "coldstart/"+fn.Name)
		f.phases, _ = fn.ColdStart.(coldstart.PhaseSampler)
		f.timeout = fn.Timeout
		if f.timeout == 0 || (cfg.MaxTimeout > 0 && f.timeout > cfg.MaxTimeout) {
			f.timeout = cfg.MaxTimeout
		}
		reserved += fn.Reserved
		key := int32(i)
		if cfg.PerApp {
			key = fn.App
		}
		k, ok := pools[key]
		if !ok {
			k = int32(len(p.pools))
			pools[key] = k
			p.pools = append(p.pools, pool{first: int32(i), tokens: int64(cfg.ScaleBurst) * int64(cfg.ScalePer)})
		}
		f.pool = k
		pl := &p.pools[k]
		pl.memMB, pl.vcpu = max(pl.memMB, fn.MemoryMB), max(pl.vcpu, fn.VCPU)
		pl.provisioned = max(pl.provisioned, fn.Provisioned)
	}
	if cfg.RecordApps {
		p.st.Apps = appRecords(p.fns)
	}
	for k := range p.pools {
		if p.pools[k].provisioned == 0 {
			p.pools[k].provisioned = cfg.Provisioned
		}
		for range p.pools[k].provisioned {
			i := p.newInstance(eng.Now(), p.pools[k].first)
			p.insts.At(i).provisioned = true
			p.pushCand(&p.pools[k], i)
		}
	}
	if cfg.AccountLimit > 0 {
		// Reservations may take the whole account: then unreserved
		// functions get nothing, which is not the same as no limit.
		p.unreservedLimit, p.limited = cfg.AccountLimit-reserved, true
	}
	if len(cfg.Initial) > 0 {
		if err := p.validateInitial(cfg.Initial); err != nil {
			return nil, err
		}
		// At time 0 as an event, so that a log set after New sees them;
		// before any arrival, which is scheduled later.
		p.initialSeed = seed
		eng.Schedule(eng.Now(), (*initialHandler)(p), 0)
	}
	return p, nil
}

// SetLog makes the platform report every state change to log (nil: none).
// Meant for tests and teaching; it costs one branch per event otherwise.
func (p *Platform) SetLog(log func(Event)) { p.log = log }

// Arrive hands the platform an invocation arriving now.
func (p *Platform) Arrive(now sim.Time, inv workload.Invocation) {
	f := &p.fns[inv.Function]
	if p.observer != nil {
		p.observer.Invoked(now, inv.Function, f.pool, p.pools[f.pool].inflight > 0)
	}
	// The state it arrives in: its pool's live instances (starting and
	// provisioned ones included), before it starts any.
	k := int32(p.pools[f.pool].live)
	if inv.Arrival >= p.cfg.Warmup {
		p.st.Requests++
		p.st.ArriveIn(int(k))
	}
	p.st.Backlog.Arrive(inv.Arrival)
	p.cfg.Timeline.Request(now)
	p.emit(now, Arrived, inv.Function, -1)
	v := noInstance
	if p.pools[f.pool].queue.Len() == 0 { // FIFO: nobody overtakes a queued request
		if v = p.dispatch(now, inv, k); v == admitted {
			return
		}
	}
	if p.cfg.OnLimit == Reject {
		p.reject(now, inv, k)
		return
	}
	p.enqueue(now, queued{inv, k}, v)
}

type verdict int

const (
	admitted verdict = iota
	accountFull
	noInstance // max instances reached
	noToken    // scaling rate exhausted
)

// dispatch places inv on a warm instance, a starting one with a free slot,
// or a new one, in that order, if the concurrency limits allow it; state is
// the instance count inv arrived in.
func (p *Platform) dispatch(now sim.Time, inv workload.Invocation, state int32) verdict {
	f := &p.fns[inv.Function]
	if f.Reserved > 0 {
		if f.inflight >= f.Reserved {
			return accountFull
		}
	} else if p.limited && p.unreservedInflight >= p.unreservedLimit {
		return accountFull
	}
	pl := &p.pools[f.pool]
	var i int32
	switch {
	case pl.cands.Len() > 0:
		i = pl.cands.Top()
	case len(pl.starting) > 0:
		i = pl.starting[len(pl.starting)-1]
	default:
		if v := p.mayStart(now, pl); v != admitted {
			return v
		}
		i = p.coldStart(now, inv.Function)
	}
	p.assign(now, i, inv, state)
	return admitted
}

func (p *Platform) newInstance(now sim.Time, fn int32) int32 {
	p.nextID++
	k := p.fns[fn].pool
	i := p.insts.Put(instance{fn: fn, pool: k, id: p.nextID, lastUsed: now, readyAt: now, born: now})
	p.cands.Add(i)
	p.pools[k].live++
	p.st.Live.Add(now, 1)
	return i
}

// coldStart creates an instance that becomes ready after a sampled delay.
func (p *Platform) coldStart(now sim.Time, fn int32) int32 {
	f := &p.fns[fn]
	i := p.newInstance(now, fn)
	in := p.insts.At(i)
	if pl := &p.pools[f.pool]; pl.prewarm.Valid() {
		// The request came before its pre-warm: it starts this one cold,
		// and the pre-warm has nothing left to do.
		p.eng.Cancel(pl.prewarm)
		pl.prewarm = sim.EventID{}
	}
	in.starting = true
	var overhead sim.Time
	if f.phases != nil {
		overhead, in.init = f.phases.SamplePhases(f.rng)
	} else {
		in.init = f.ColdStart.Sample(f.rng) // a plain sampler: all of it is INIT
	}
	in.readyAt = now + overhead + in.init
	p.eng.Schedule(in.readyAt, p.onReady, uint64(i))
	if p.cfg.PerInstance > 1 {
		pl := &p.pools[f.pool]
		pl.starting = append(pl.starting, i)
	}
	p.emit(now, ColdStart, fn, i)
	return i
}

// assign starts inv on instance i: at once if it is warm, when it is ready
// otherwise; state is the instance count inv arrived in.
func (p *Platform) assign(now sim.Time, i int32, inv workload.Invocation, state int32) {
	in := p.insts.At(i)
	f := &p.fns[inv.Function] // the request's function: on a shared instance, not the creator's
	pl := &p.pools[in.pool]
	if p.st.Apps != nil {
		p.countApp(now, in, pl, inv.Function, inv.Arrival)
	}
	if in.active == 0 {
		p.st.Busy.Add(now, 1)
		in.busySince = now
	}
	in.active++
	in.lastUsed = now
	full := int(in.active) >= p.cfg.PerInstance
	switch {
	case p.isCand(i) && full:
		p.removeCand(pl, i)
	case p.isCand(i):
		p.fixCand(pl, i)
	case in.starting && full && len(pl.starting) > 0:
		pl.starting = removeValue(pl.starting, i)
	}
	p.addInflight(now, f, pl, 1)

	start := max(now, in.readyAt)
	run, timedOut := f.execution(inv.Duration)
	p.st.Backlog.Serve(run)
	req := request{arrival: inv.Arrival, start: start, end: start + run, inst: i, fn: inv.Function, cold: in.starting, timedOut: timedOut}
	if in.starting && in.active == 1 {
		req.init = in.init // the cold start this request triggered
	}
	r := p.reqs.Put(req)
	if p.cfg.Billing.Meter != nil && inv.Arrival >= p.cfg.Warmup {
		p.cfg.Billing.Meter.Request()
	}
	if in.starting && inv.Arrival >= p.cfg.Warmup {
		p.st.ColdStarts++
		p.st.ColdIn(int(state))
		p.cfg.Timeline.ColdStart(now)
	}
	p.eng.Schedule(req.end, p.onFinish, uint64(r))
	p.emit(now, Started, inv.Function, i)
}

// addInflight counts d more requests (d < 0: fewer) in flight on f, its
// pool and the account, which the concurrency limits read.
func (p *Platform) addInflight(now sim.Time, f *fnState, pl *pool, d int) {
	f.inflight += d
	pl.inflight += d
	p.inflight += d
	if f.Reserved == 0 {
		p.unreservedInflight += d
		p.cfg.InFlightPeaks.Set(now, int64(p.unreservedInflight))
	}
}

// execution is how long an execution of length d runs on f: scaled by its
// speed, and cut at its timeout (timedOut) when it has one.
func (f *fnState) execution(d sim.Time) (run sim.Time, timedOut bool) {
	run = d
	if f.Speed != 1 {
		run = sim.Time(float64(run) * f.Speed)
	}
	if f.timeout > 0 && run > f.timeout {
		return f.timeout, true
	}
	return run, false
}

func (p *Platform) ready(now sim.Time, i int32) {
	in := p.insts.At(i)
	pl := &p.pools[in.pool]
	in.starting = false
	if p.cfg.PerInstance > 1 {
		pl.starting = removeValue(pl.starting, i)
	}
	if int(in.active) < p.cfg.PerInstance {
		p.pushCand(pl, i)
	}
	p.emit(now, Ready, in.fn, i)
}

func (p *Platform) finish(now sim.Time, r int32) {
	req := *p.reqs.At(r)
	p.reqs.Free(r)
	i := req.inst
	in := p.insts.At(i)
	fn := req.fn
	f := &p.fns[fn]
	k := in.pool
	pl := &p.pools[k]
	if req.arrival >= p.cfg.Warmup {
		if req.timedOut { // cut at the function's timeout: not a loss to overload
			p.st.TimedOut++
			p.st.CutAtTimeout++
		} else {
			p.st.Completed++
			p.st.Latency.Add((now - req.arrival).Milliseconds())
			p.st.Wait.Add((req.start - req.arrival).Milliseconds())
			if req.start > req.arrival {
				p.st.Waited++
			}
		}
	}
	if !req.initial {
		p.st.InSystem.Add(req.arrival, now)
	}
	if req.cold {
		p.st.ColdInSystem.Add(req.arrival, now)
	}
	if p.st.Execution != nil && req.arrival >= p.cfg.Warmup {
		p.st.Execution.Add((now - req.start).Milliseconds())
	}
	p.running(&req, now)
	p.addInflight(now, f, pl, -1)
	p.billExecution(&req, now)
	in.active--
	in.lastUsed = now
	p.emit(now, Finished, fn, i)
	if p.isCand(i) {
		p.fixCand(pl, i)
	} else {
		p.pushCand(pl, i)
	}
	if in.active == 0 {
		p.st.Busy.Add(now, -1)
		p.billBusy(now, in)
	}
	// Queued requests for these instances take the freed slot before the
	// instance is handed to the keep-alive policy.
	if pl.queue.Len() > 0 {
		p.drain(now, k)
	}
	if in.active == 0 {
		p.idle(now, i)
	}
	if len(p.waiting) > 0 {
		p.drainWaiting(now)
	}
}

func (p *Platform) reject(now sim.Time, inv workload.Invocation, state int32) {
	if inv.Arrival >= p.cfg.Warmup {
		p.st.Rejected++
		p.st.RejectIn(int(state))
	}
	p.st.Backlog.Lose(inv.Arrival)
	p.cfg.Timeline.Reject(now)
	p.emit(now, Rejected, inv.Function, -1)
}

// Result closes the record at the horizon and returns it; later calls return
// the same record (what is still open is billed once).
func (p *Platform) Result() metrics.Run {
	if !p.closed {
		p.closed = true
		p.billOpen()
		p.countInFlight()
		if p.st.Apps != nil {
			p.closeIdle()
		}
		p.st.Close()
		p.cfg.InFlightPeaks.Close()
	}
	run := p.st.Run()
	if h, ok := p.keep.(interface{ Decisions() keepalive.Decisions }); ok {
		d := h.Decisions()
		run.KeepAliveDecisions = &d
	}
	return run
}

// running records req's execution up to end, and the INIT phase of the
// cold start it triggered, if any.
func (p *Platform) running(req *request, end sim.Time) {
	p.st.Running.Add(req.start, end)
	if req.init > 0 {
		p.st.Init.Add(req.start-req.init, req.start)
	}
}

// countInFlight counts the requests of the window still queued or placed
// on an instance at the horizon.
func (p *Platform) countInFlight() {
	w := p.cfg.Warmup
	p.reqs.Each(func(r int32) {
		req := p.reqs.At(r)
		p.running(req, p.cfg.Horizon) // still running: counted up to the horizon
		if req.initial {
			return // an initial busy instance's execution, not a request
		}
		p.st.InSystem.Add(req.arrival, p.cfg.Horizon)
		if req.cold {
			p.st.ColdInSystem.Add(req.arrival, p.cfg.Horizon)
		}
		if req.arrival >= w {
			p.st.InFlight++
		}
	})
	for k := range p.pools {
		for _, inv := range p.pools[k].queue.All() {
			p.st.InSystem.Add(inv.Arrival, p.cfg.Horizon)
			if inv.Arrival >= w {
				p.st.InFlight++
			}
		}
	}
}

func removeValue(s []int32, v int32) []int32 {
	for k, x := range s {
		if x == v {
			s[k] = s[len(s)-1]
			return s[:len(s)-1]
		}
	}
	return s
}
