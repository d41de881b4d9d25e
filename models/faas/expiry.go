package faas

import (
	"faassim/models/keepalive"
	"faassim/sim"
)

// idle asks the keep-alive policy how long instance i stays warm.
func (p *Platform) idle(now sim.Time, i int32) {
	in := &p.insts[i]
	if in.provisioned {
		return
	}
	ttl := p.keep.KeepAlive(keepalive.Idle{Now: now, Function: in.fn, App: p.fns[in.fn].App})
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

func (p *Platform) armExpiry(i int32, at sim.Time) {
	in := &p.insts[i]
	in.expiryAt = at
	in.expiry = p.eng.Schedule(at, p.onExpire, uint64(i))
}

// timerFired handles a keep-alive timer: the instance expires if it is
// still idle and its idle period has run out.
func (p *Platform) timerFired(now sim.Time, i int32) {
	in := &p.insts[i]
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
	in := &p.insts[i]
	k := in.pool
	pl := &p.pools[k]
	if in.heapPos >= 0 {
		pl.cands.remove(p.insts, p.cfg.IdleChoice, i)
	}
	if in.expiry.Valid() {
		p.eng.Cancel(in.expiry)
		in.expiry = sim.EventID{}
	}
	pl.live--
	p.st.live.Add(now, -1)
	p.billLifetime(now, in)
	p.emit(now, Expired, in.fn, i)
	p.freeInst = append(p.freeInst, i)
	if pl.queue.Len() > 0 && p.cfg.MaxInstances > 0 {
		p.drain(now, k)
	}
}
