package faas

import (
	"faassim/models/keepalive"
	"faassim/sim"
)

// idle asks the keep-alive policy how long instance i stays warm.
func (p *Platform) idle(now sim.Time, i int32) {
	in := p.insts.At(i)
	if in.provisioned {
		return
	}
	pl := &p.pools[in.pool]
	idle := keepalive.Idle{Now: now, Function: in.fn, App: p.fns[in.fn].App, Group: in.pool, GroupIdle: pl.inflight == 0}
	var ttl sim.Time
	if p.prewarmer != nil {
		var prewarm sim.Time
		prewarm, ttl = p.prewarmer.Windows(idle)
		switch {
		case prewarm > 0 && idle.GroupIdle:
			// The group's last request ended: unload now, and load a
			// fresh instance just before the next invocation is expected.
			k, fn := in.pool, in.fn
			p.expire(now, i)
			p.schedulePrewarm(now+prewarm, ttl, k, fn)
			return
		case prewarm > 0:
			// An extra instance of a group still at work: it stays the
			// whole expected idle time, as a platform without pre-warming
			// would keep it (the paper models one instance per app).
			ttl += prewarm
		}
	} else {
		ttl = p.keep.KeepAlive(idle)
	}
	switch {
	case ttl <= 0:
		p.expire(now, i)
		return
	case ttl >= sim.Never-now:
		in.idleUntil = sim.Never
		return
	}
	in.idleUntil = now + ttl
	if in.expiry.Valid() {
		if in.expiryAt <= in.idleUntil {
			return // the pending timer will sleep again until idleUntil
		}
		p.eng.Cancel(in.expiry)
	}
	p.armExpiry(i, in.idleUntil)
}

// newIdle creates a warm idle instance of fn that expires ttl after now
// unless a request reuses it first (a pre-warm, an initial idle instance).
func (p *Platform) newIdle(now sim.Time, fn int32, ttl sim.Time) int32 {
	i := p.newInstance(now, fn)
	in := p.insts.At(i)
	in.idleUntil = now + ttl
	p.pushCand(&p.pools[in.pool], i)
	p.armExpiry(i, in.idleUntil)
	return i
}

func (p *Platform) armExpiry(i int32, at sim.Time) {
	in := p.insts.At(i)
	in.expiryAt = at
	in.expiry = p.eng.Schedule(at, p.onExpire, uint64(i))
}

// timerFired handles a keep-alive timer: the instance expires if it is
// still idle and its idle period has run out.
func (p *Platform) timerFired(now sim.Time, i int32) {
	in := p.insts.At(i)
	in.expiry = sim.EventID{}
	switch {
	case in.active > 0 || in.idleUntil == sim.Never:
		// busy: the next idle period arms a new timer
	case in.idleUntil > now:
		p.armExpiry(i, in.idleUntil)
	default:
		p.expire(now, i)
	}
}

func (p *Platform) expire(now sim.Time, i int32) {
	in := p.insts.At(i)
	k := in.pool
	pl := &p.pools[k]
	if p.isCand(i) {
		p.removeCand(pl, i)
	}
	if in.expiry.Valid() {
		p.eng.Cancel(in.expiry)
		in.expiry = sim.EventID{}
	}
	if p.st.Apps != nil && in.active == 0 {
		p.st.AddIdle(p.fns[in.fn].app, in.lastUsed, now, pl.memMB)
	}
	pl.live--
	p.st.Live.Add(now, -1)
	p.billLifetime(now, in)
	p.emit(now, Expired, in.fn, i)
	p.insts.Free(i)
	if pl.queue.Len() > 0 && p.cfg.MaxInstances > 0 {
		p.drain(now, k)
	}
}

// schedulePrewarm arranges for pool k to get a warm instance at `at`, kept
// for ttl unless used. A newer schedule replaces an older one.
func (p *Platform) schedulePrewarm(at, ttl sim.Time, k, fn int32) {
	pl := &p.pools[k]
	if pl.prewarm.Valid() {
		p.eng.Cancel(pl.prewarm)
	}
	pl.prewarmTTL, pl.prewarmFn = ttl, fn
	pl.prewarm = p.eng.Schedule(at, p.onPrewarm, uint64(k))
}

// prewarmed loads the instance scheduled by schedulePrewarm. It replaces
// the one unloaded when the group went idle, whatever else is warm (an
// extra instance kept from a burst, a provisioned one): a request that came
// early and started cold cancelled it. The load is instantaneous and takes
// no scaling token: the platform does it ahead of demand (the paper's
// model), so no request waits for it.
func (p *Platform) prewarmed(now sim.Time, k int32) {
	pl := &p.pools[k]
	pl.prewarm = sim.EventID{}
	i := p.newIdle(now, pl.prewarmFn, pl.prewarmTTL)
	p.emit(now, Prewarmed, pl.prewarmFn, i)
	if pl.queue.Len() > 0 {
		p.drain(now, k)
	}
}
