package faas

import (
	"faassim/models/internal/deque"
	"faassim/models/internal/iheap"
	"faassim/sim"
)

// pool is a set of instances that requests share: a function's own
// (AWS Lambda, Cloud Functions) or, with Config.PerApp, an app's (a Cloud
// Run service, an Azure function app), whatever function a request is for.
// Instance limits, the scaling-rate bucket and the throttling queue belong
// to the pool.
type pool struct {
	first       int32   // the first function using the pool (provisioned instances are its)
	memMB       int     // an instance's memory: the largest of its functions'
	vcpu        float64 // an instance's vCPUs
	provisioned int     // instances kept warm all run
	live        int
	inflight    int        // requests of the pool placed on its instances
	cands       iheap.Heap // warm instances with a free slot (see candKey)
	starting    []int32    // starting instances with a free slot (PerInstance > 1)
	tokens      int64      // token bucket in units of 1/ScalePer tokens (exact integers)
	tokensAt    sim.Time
	queue       deque.Deque[queued]
	waiting     bool
	wakeAt      sim.Time    // pending token wake-up, 0 if none
	deadlineAt  sim.Time    // pending queue-deadline check, 0 if none
	prewarm     sim.EventID // pending pre-warm (keepalive.Prewarmer)
	prewarmTTL  sim.Time
	prewarmFn   int32
}

// mayStart checks max instances and takes a token from the scaling bucket.
func (p *Platform) mayStart(now sim.Time, pl *pool) verdict {
	if p.cfg.MaxInstances > 0 && pl.live >= p.cfg.MaxInstances {
		return noInstance
	}
	if p.cfg.ScaleBurst == 0 {
		return admitted
	}
	p.refill(now, pl)
	per := int64(p.cfg.ScalePer)
	if pl.tokens < per {
		return noToken
	}
	pl.tokens -= per
	return admitted
}

// refill adds the tokens earned since the last refill. Units of 1/ScalePer
// token keep the bucket exact: ScaleBurst units accrue per nanosecond.
func (p *Platform) refill(now sim.Time, pl *pool) {
	capacity, burst := int64(p.cfg.ScaleBurst)*int64(p.cfg.ScalePer), int64(p.cfg.ScaleBurst)
	// Fill to capacity when dt would get there: dt x burst itself may not
	// fit an int64 (validation only bounds capacity).
	if dt := int64(now - pl.tokensAt); dt >= (capacity-pl.tokens+burst-1)/burst {
		pl.tokens = capacity
	} else {
		pl.tokens += dt * burst
	}
	pl.tokensAt = now
}

// nextToken is when the bucket will next hold a whole token.
func (p *Platform) nextToken(now sim.Time, pl *pool) sim.Time {
	p.refill(now, pl)
	missing := int64(p.cfg.ScalePer) - pl.tokens
	burst := int64(p.cfg.ScaleBurst)
	return now + sim.Time((missing+burst-1)/burst)
}
