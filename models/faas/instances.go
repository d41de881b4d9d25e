package faas

import (
	"faassim/models/internal/iheap"
	"faassim/sim"
)

// instance is an execution environment: a small state machine
// (starting -> warm, busy or idle -> expired) driven by engine events.
type instance struct {
	fn          int32 // the function that started it (its cold start, its log lines)
	pool        int32
	active      int32 // requests in flight
	provisioned bool
	starting    bool
	id          uint64 // creation order, 1-based: the "newest" rule and event logs
	born        sim.Time
	busySince   sim.Time // start of the current busy period
	lastUsed    sim.Time
	readyAt     sim.Time
	init        sim.Time // the INIT part of its cold start, the end of which is readyAt
	// Keep-alive timers are lazy: reusing an instance does not cancel its
	// timer; when the timer fires it compares the time with idleUntil and
	// sleeps again if needed. A busy instance then costs one timer event per
	// TTL instead of a cancel and a schedule per request.
	expiry    sim.EventID
	expiryAt  sim.Time
	idleUntil sim.Time // deadline of the current idle period
}

// A pool's candidates are its warm instances that have a free slot, in an
// indexed heap (models/internal/iheap), best first by the platform's
// Choice; indexing lets an expiring instance leave in O(log n), so 10,000
// idle instances of one function cost no more than a handful. Keys and
// positions are kept in Platform.cands, by instance.

// candKey orders instance i among candidates: provisioned instances first,
// then by the Choice (MRU: the latest lastUsed; LRU: the earliest; newest:
// the latest created), then the latest created.
func (p *Platform) candKey(in *instance) iheap.Key {
	var k iheap.Key
	if !in.provisioned {
		k.A = 1
	}
	switch p.cfg.IdleChoice {
	case MRU:
		k.B, k.C = -int64(in.lastUsed), -int64(in.id)
	case LRU:
		k.B, k.C = int64(in.lastUsed), -int64(in.id)
	default:
		k.B = -int64(in.id)
	}
	return k
}

func (p *Platform) isCand(i int32) bool          { return p.cands.In(i) }
func (p *Platform) pushCand(pl *pool, i int32)   { pl.cands.Push(&p.cands, i, p.candKey(p.insts.At(i))) }
func (p *Platform) removeCand(pl *pool, i int32) { pl.cands.Remove(&p.cands, i) }

// fixCand re-sorts candidate i after its lastUsed changed.
func (p *Platform) fixCand(pl *pool, i int32) { pl.cands.Update(&p.cands, i, p.candKey(p.insts.At(i))) }
