package faas

import (
	"fmt"
	"math/rand/v2"

	"faassim/models/dist"
	"faassim/sim"
)

// InitialGroup is a group of instances that exist when the platform starts,
// besides its provisioned ones: the state a transient analysis starts from
// ("right after a quiet night, half the pool is about to expire").
//
// Idle instances are warm and expire ExpiresIn after the start unless a
// request reuses one first; from then on the keep-alive policy decides, as
// for any instance. Busy instances run one execution from the start, its
// length drawn from Duration (times the function's Speed, cut at its
// timeout), then go idle under the keep-alive policy. Neither is a cold
// start or a request: a busy instance's run has no latency and no request
// fee, but it is billed and measured as an execution (running seconds,
// GB-seconds) for its part inside the statistics window.
type InitialGroup struct {
	Function  int32 // the function whose instances they are (its pool's, with PerApp)
	Count     int
	Busy      bool
	ExpiresIn sim.Time  // idle: when they expire unless reused; must be 0 for busy
	Duration  dist.Dist // busy: the function's execution time; nil for idle
}

// InitialStream is the random stream of function NAME's initial busy
// executions: "initial/NAME" of the replication's seed. A stream of its
// own leaves every other stream (arrivals, durations, cold starts) as it
// is without initial instances.
func InitialStream(seed uint64, name string) *rand.Rand { return sim.NewStream(seed, "initial/"+name) }

// validateInitial checks the groups against the functions and the limits
// they start under: busy instances count against reserved and account
// concurrency, every initial instance against MaxInstances.
func (p *Platform) validateInitial(groups []InitialGroup) error {
	busy := make(map[int32]int) // by function
	live := make(map[int32]int) // by pool
	unreserved := 0
	for _, g := range groups {
		if g.Function < 0 || int(g.Function) >= len(p.fns) {
			return fmt.Errorf("faas: initial instances for function %d: there are %d functions", g.Function, len(p.fns))
		}
		f := &p.fns[g.Function]
		switch {
		case g.Count < 1:
			return fmt.Errorf("faas: function %q: %d initial instances: need at least 1", f.Name, g.Count)
		case g.Busy && g.ExpiresIn != 0:
			return fmt.Errorf("faas: function %q: busy initial instances take no expiry (their keep-alive starts when the execution ends)", f.Name)
		case g.Busy && g.Duration == nil:
			return fmt.Errorf("faas: function %q: busy initial instances need a duration distribution", f.Name)
		case !g.Busy && g.ExpiresIn <= 0:
			return fmt.Errorf("faas: function %q: idle initial instances need a positive expiry, got %v", f.Name, g.ExpiresIn)
		}
		// Counts add up in int64 terms before any instance exists: a
		// hostile count is refused here, not after allocating it.
		live[f.pool] += g.Count
		if p.cfg.MaxInstances > 0 && p.pools[f.pool].provisioned+live[f.pool] > p.cfg.MaxInstances {
			return fmt.Errorf("faas: function %q: %d initial and %d provisioned instances exceed max instances %d",
				f.Name, live[f.pool], p.pools[f.pool].provisioned, p.cfg.MaxInstances)
		}
		if !g.Busy {
			continue
		}
		busy[g.Function] += g.Count
		switch {
		case f.Reserved > 0 && busy[g.Function] > f.Reserved:
			return fmt.Errorf("faas: function %q: %d busy initial instances exceed its reserved concurrency %d", f.Name, busy[g.Function], f.Reserved)
		case f.Reserved == 0:
			unreserved += g.Count
			if p.limited && unreserved > p.unreservedLimit {
				return fmt.Errorf("faas: %d busy initial instances exceed the account's unreserved concurrency %d", unreserved, p.unreservedLimit)
			}
		}
	}
	return nil
}

type initialHandler Platform

func (h *initialHandler) Handle(now sim.Time, _ uint64) {
	p := (*Platform)(h)
	p.startInitial(now, p.cfg.Initial, p.initialSeed)
}

// startInitial creates the initial instances at the platform's start, in
// the order of the groups.
func (p *Platform) startInitial(now sim.Time, groups []InitialGroup, seed uint64) {
	streams := map[int32]*rand.Rand{}
	for _, g := range groups {
		f := &p.fns[g.Function]
		if !g.Busy {
			for range g.Count {
				i := p.newIdle(now, g.Function, g.ExpiresIn)
				p.emit(now, Initial, g.Function, i)
			}
			continue
		}
		rng := streams[g.Function]
		if rng == nil {
			rng = InitialStream(seed, f.Name)
			streams[g.Function] = rng
		}
		for range g.Count {
			i := p.newInstance(now, g.Function)
			p.emit(now, Initial, g.Function, i)
			p.runInitial(now, i, g.Function, g.Duration.Sample(rng))
		}
	}
}

// runInitial starts an initial busy instance's execution of length run
// (as measured: the function's speed and timeout apply): the bookkeeping
// of assign without a request's.
func (p *Platform) runInitial(now sim.Time, i, fn int32, run sim.Time) {
	in := p.insts.At(i)
	f := &p.fns[fn]
	pl := &p.pools[in.pool]
	p.st.Busy.Add(now, 1)
	in.busySince, in.active = now, 1
	if p.cfg.PerInstance > 1 {
		p.pushCand(pl, i) // its other slots are free
	}
	p.addInflight(now, f, pl, 1)
	run, _ = f.execution(run)
	r := p.reqs.Put(request{arrival: -1, start: now, end: now + run, inst: i, fn: fn, initial: true})
	p.eng.Schedule(now+run, p.onFinish, uint64(r))
	p.emit(now, Started, fn, i)
}
