package container

import (
	"faassim/models/internal/iheap"
	"faassim/sim"
)

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
	state   state
	created sim.Time
	readyAt sim.Time    // when it started (or will start) serving
	readyEv sim.EventID // pending ready event while starting
}

// routeKey orders ready replicas for least-outstanding-requests balancing:
// fewest requests in flight, then the lowest id. Full replicas stay in the
// heap: if the top is full, every replica is.
func routeKey(rp *replica) iheap.Key { return iheap.Key{A: int64(rp.out), B: int64(rp.id)} }
