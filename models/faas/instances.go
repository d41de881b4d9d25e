package faas

import "faassim/sim"

// instance is an execution environment: a small state machine
// (starting -> warm, busy or idle -> expired) driven by engine events.
type instance struct {
	fn          int32 // the function that started it (its cold start, its log lines)
	pool        int32
	active      int32 // requests in flight
	heapPos     int32 // position in the function's candidate heap, -1 if absent
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

// candidates is an indexed binary heap of a function's warm instances that
// have a free slot, best first by the platform's Choice. Indexing lets an
// expiring instance leave in O(log n), so 10,000 idle instances of one
// function cost no more than a handful.
type candidates struct {
	idx []int32
}

func better(a, b *instance, c Choice) bool {
	if a.provisioned != b.provisioned {
		return a.provisioned
	}
	switch c {
	case MRU:
		if a.lastUsed != b.lastUsed {
			return a.lastUsed > b.lastUsed
		}
	case LRU:
		if a.lastUsed != b.lastUsed {
			return a.lastUsed < b.lastUsed
		}
	}
	return a.id > b.id
}

func (h *candidates) len() int { return len(h.idx) }

func (h *candidates) top() int32 { return h.idx[0] }

func (h *candidates) push(insts []instance, c Choice, i int32) {
	h.idx = append(h.idx, i)
	insts[i].heapPos = int32(len(h.idx) - 1)
	h.up(insts, c, len(h.idx)-1)
}

func (h *candidates) remove(insts []instance, c Choice, i int32) {
	pos := int(insts[i].heapPos)
	last := len(h.idx) - 1
	if pos != last {
		h.idx[pos] = h.idx[last]
		insts[h.idx[pos]].heapPos = int32(pos)
	}
	h.idx = h.idx[:last]
	insts[i].heapPos = -1
	if pos < last {
		h.fix(insts, c, pos)
	}
}

func (h *candidates) fix(insts []instance, c Choice, pos int) {
	if !h.down(insts, c, pos) {
		h.up(insts, c, pos)
	}
}

func (h *candidates) swap(insts []instance, a, b int) {
	h.idx[a], h.idx[b] = h.idx[b], h.idx[a]
	insts[h.idx[a]].heapPos = int32(a)
	insts[h.idx[b]].heapPos = int32(b)
}

func (h *candidates) up(insts []instance, c Choice, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !better(&insts[h.idx[i]], &insts[h.idx[p]], c) {
			return
		}
		h.swap(insts, i, p)
		i = p
	}
}

func (h *candidates) down(insts []instance, c Choice, i0 int) bool {
	i, n := i0, len(h.idx)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		best := l
		if r := l + 1; r < n && better(&insts[h.idx[r]], &insts[h.idx[l]], c) {
			best = r
		}
		if !better(&insts[h.idx[best]], &insts[h.idx[i]], c) {
			break
		}
		h.swap(insts, i, best)
		i = best
	}
	return i > i0
}
