package faas

import (
	"faassim/models/workload"
	"faassim/sim"
)

// queued is a throttled invocation with the instance count it arrived in,
// kept until its fate is known (see metrics.Tally.ArriveIn).
type queued struct {
	workload.Invocation
	state int32
}

// enqueue holds a throttled invocation (on_limit: queue). v says why it was
// throttled: a scaling-rate refusal needs a wake-up when the next token is
// due, since no completion may come to retry it.
func (p *Platform) enqueue(now sim.Time, inv queued, v verdict) {
	k := p.fns[inv.Function].pool
	pl := &p.pools[k]
	pl.queue.PushBack(inv)
	p.st.Backlog.Wait(now, 1)
	p.emit(now, Queued, inv.Function, -1)
	if !pl.waiting {
		pl.waiting = true
		p.waiting = append(p.waiting, k)
	}
	if p.cfg.MaxWait > 0 && pl.deadlineAt == 0 {
		pl.deadlineAt = inv.Arrival + p.cfg.MaxWait
		p.eng.Schedule(pl.deadlineAt, p.onDeadline, uint64(k))
	}
	if v == noToken {
		p.armWake(now, k)
	}
}

// drain dispatches pool k's queued requests, oldest first, until one does
// not fit.
func (p *Platform) drain(now sim.Time, k int32) {
	pl := &p.pools[k]
	for pl.queue.Len() > 0 {
		head := pl.queue.Front()
		if p.cfg.MaxWait > 0 && now-head.Arrival >= p.cfg.MaxWait {
			p.timeOut(now, head.Invocation)
			pl.queue.PopFront()
			p.st.Backlog.Wait(now, -1)
			continue
		}
		v := p.dispatch(now, head.Invocation, head.state)
		if v != admitted {
			if v == noToken {
				p.armWake(now, k)
			}
			return
		}
		pl.queue.PopFront()
		p.st.Backlog.Wait(now, -1)
	}
}

// drainWaiting offers capacity freed anywhere in the account to the
// functions with queued requests, in the order they started waiting.
func (p *Platform) drainWaiting(now sim.Time) {
	n := 0
	for _, k := range p.waiting {
		pl := &p.pools[k]
		if pl.queue.Len() > 0 {
			p.drain(now, k)
		}
		if pl.queue.Len() > 0 {
			p.waiting[n] = k
			n++
		} else {
			pl.waiting = false
		}
	}
	p.waiting = p.waiting[:n]
}

func (p *Platform) armWake(now sim.Time, k int32) {
	pl := &p.pools[k]
	if pl.wakeAt != 0 {
		return
	}
	pl.wakeAt = p.nextToken(now, pl)
	p.eng.Schedule(pl.wakeAt, p.onWake, uint64(k))
}

func (p *Platform) woken(now sim.Time, k int32) {
	p.pools[k].wakeAt = 0
	p.drain(now, k)
}

// deadlinePassed times out every request queued for pool k that has waited
// MaxWait, then watches the new head's deadline.
func (p *Platform) deadlinePassed(now sim.Time, k int32) {
	pl := &p.pools[k]
	pl.deadlineAt = 0
	for pl.queue.Len() > 0 && now-pl.queue.Front().Arrival >= p.cfg.MaxWait {
		p.timeOut(now, pl.queue.Front().Invocation)
		pl.queue.PopFront()
		p.st.Backlog.Wait(now, -1)
	}
	if pl.queue.Len() > 0 {
		pl.deadlineAt = pl.queue.Front().Arrival + p.cfg.MaxWait
		p.eng.Schedule(pl.deadlineAt, p.onDeadline, uint64(k))
	}
}

func (p *Platform) timeOut(now sim.Time, inv workload.Invocation) {
	if inv.Arrival >= p.cfg.Warmup {
		p.st.TimedOut++
	}
	p.st.Backlog.Lose(inv.Arrival)
	p.st.InSystem.Add(inv.Arrival, now)
	p.emit(now, TimedOut, inv.Function, -1)
}
