package faas

import (
	"faassim/models/workload"
	"faassim/sim"
)

// enqueue holds a throttled invocation (on_limit: queue). v says why it was
// throttled: a scaling-rate refusal needs a wake-up when the next token is
// due, since no completion may come to retry it.
func (p *Platform) enqueue(now sim.Time, inv workload.Invocation, v verdict) {
	f := &p.fns[inv.Function]
	f.queue.PushBack(inv)
	p.emit(now, Queued, inv.Function, -1)
	if !f.waiting {
		f.waiting = true
		p.waiting = append(p.waiting, inv.Function)
	}
	if p.cfg.MaxWait > 0 && f.deadlineAt == 0 {
		f.deadlineAt = inv.Arrival + p.cfg.MaxWait
		p.eng.Schedule(f.deadlineAt, p.onDeadline, uint64(inv.Function))
	}
	if v == noToken {
		p.armWake(now, inv.Function)
	}
}

// drain dispatches fn's queued requests, oldest first, until one does not fit.
func (p *Platform) drain(now sim.Time, fn int32) {
	f := &p.fns[fn]
	for f.queue.Len() > 0 {
		head := f.queue.Front()
		if p.cfg.MaxWait > 0 && now-head.Arrival >= p.cfg.MaxWait {
			p.timeOut(now, *head)
			f.queue.PopFront()
			continue
		}
		v := p.dispatch(now, *head)
		if v != admitted {
			if v == noToken {
				p.armWake(now, fn)
			}
			return
		}
		f.queue.PopFront()
	}
}

// drainWaiting offers capacity freed anywhere in the account to the
// functions with queued requests, in the order they started waiting.
func (p *Platform) drainWaiting(now sim.Time) {
	k := 0
	for _, fn := range p.waiting {
		f := &p.fns[fn]
		if f.queue.Len() > 0 {
			p.drain(now, fn)
		}
		if f.queue.Len() > 0 {
			p.waiting[k] = fn
			k++
		} else {
			f.waiting = false
		}
	}
	p.waiting = p.waiting[:k]
}

func (p *Platform) armWake(now sim.Time, fn int32) {
	f := &p.fns[fn]
	if f.wakeAt != 0 {
		return
	}
	f.wakeAt = p.nextToken(now, f)
	p.eng.Schedule(f.wakeAt, p.onWake, uint64(fn))
}

func (p *Platform) woken(now sim.Time, fn int32) {
	p.fns[fn].wakeAt = 0
	p.drain(now, fn)
}

// deadlinePassed times out every queued request of fn that has waited
// MaxWait, then watches the new head's deadline.
func (p *Platform) deadlinePassed(now sim.Time, fn int32) {
	f := &p.fns[fn]
	f.deadlineAt = 0
	for f.queue.Len() > 0 && now-f.queue.Front().Arrival >= p.cfg.MaxWait {
		p.timeOut(now, *f.queue.Front())
		f.queue.PopFront()
	}
	if f.queue.Len() > 0 {
		f.deadlineAt = f.queue.Front().Arrival + p.cfg.MaxWait
		p.eng.Schedule(f.deadlineAt, p.onDeadline, uint64(fn))
	}
}

func (p *Platform) timeOut(now sim.Time, inv workload.Invocation) {
	if inv.Arrival >= p.cfg.Warmup {
		p.st.timedOut++
	}
	p.st.inSystem.Add(now, -1)
	p.emit(now, TimedOut, inv.Function, -1)
}
