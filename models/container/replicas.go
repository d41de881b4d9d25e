package container

import "faassim/sim"

// state is where a replica is in its life: starting -> ready -> draining ->
// gone. A starting replica removed by a scale-down never serves.
type state uint8

const (
	starting state = iota
	ready
	draining
	gone // removed; the slot awaits reuse
)

// replica is one replica's state machine.
type replica struct {
	id      uint64 // launch order, 1-based: tie-breaks and event logs
	out     int32  // requests in flight
	pos     int32  // index in the routing heap, -1 when not routable
	state   state
	created sim.Time
	readyAt sim.Time    // when it started (or will start) serving
	readyEv sim.EventID // pending ready event while starting
}

// router is an indexed binary min-heap of the ready replicas that are not
// draining, ordered by requests in flight, then by id: its top is where
// least-outstanding-requests balancing sends the next request, and each
// change of a replica's load is one O(log n) sift. Full replicas stay in the
// heap: if the top is full, every replica is.
type router struct {
	idx []int32
}

func less(a, b *replica) bool {
	return a.out < b.out || (a.out == b.out && a.id < b.id)
}

func (h *router) len() int { return len(h.idx) }

func (h *router) top() int32 { return h.idx[0] }

func (h *router) push(reps []replica, i int32) {
	h.idx = append(h.idx, i)
	reps[i].pos = int32(len(h.idx) - 1)
	h.up(reps, len(h.idx)-1)
}

func (h *router) remove(reps []replica, i int32) {
	pos := int(reps[i].pos)
	last := len(h.idx) - 1
	if pos != last {
		h.idx[pos] = h.idx[last]
		reps[h.idx[pos]].pos = int32(pos)
	}
	h.idx = h.idx[:last]
	reps[i].pos = -1
	if pos < last {
		h.fix(reps, pos)
	}
}

// fix restores the order after the load of the replica at pos changed.
func (h *router) fix(reps []replica, pos int) {
	if !h.down(reps, pos) {
		h.up(reps, pos)
	}
}

func (h *router) swap(reps []replica, a, b int) {
	h.idx[a], h.idx[b] = h.idx[b], h.idx[a]
	reps[h.idx[a]].pos = int32(a)
	reps[h.idx[b]].pos = int32(b)
}

func (h *router) up(reps []replica, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !less(&reps[h.idx[i]], &reps[h.idx[p]]) {
			return
		}
		h.swap(reps, i, p)
		i = p
	}
}

func (h *router) down(reps []replica, i0 int) bool {
	i, n := i0, len(h.idx)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		best := l
		if r := l + 1; r < n && less(&reps[h.idx[r]], &reps[h.idx[l]]) {
			best = r
		}
		if !less(&reps[h.idx[best]], &reps[h.idx[i]]) {
			break
		}
		h.swap(reps, i, best)
		i = best
	}
	return i > i0
}
