// Package workload describes what is offered to a platform: Functions, the
// Invocations made to them, and Sources that yield invocations one at a time
// in arrival order, so that a run never holds a whole trace in memory.
//
// Synthetic merges one arrival process per function (Poisson, deterministic
// or a fixed list of offsets) with a duration distribution, each function
// drawing from its own named random streams. A function serving several
// kinds of request draws its durations from Payloads, a mixture of payload
// classes by weight. A Feeder pulls from a Source lazily and delivers each
// invocation to a model at its arrival time.
package workload
