// Package sim is a small discrete-event kernel: simulated Time in integer
// nanoseconds, an Engine that runs events in (time, sequence) order from a
// typed binary heap with O(log n) Cancel, and named random streams derived
// from one seed.
//
// The kernel knows nothing of what is simulated. Models are state machines
// whose transitions are events: a Handler and an opaque data word, so that
// the hot path allocates nothing. Events at the same instant run in the order
// they were scheduled (as in SimPy), which makes runs reproducible and
// event-log tests exact.
package sim
