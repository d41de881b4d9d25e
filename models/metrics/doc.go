// Package metrics holds what a simulation run measures and the results it
// reports: latency sketches, time-weighted level integrals, the raw record of
// one replication (Run), and the JSON result types of schema
// "faassim/results/v1" (Results: fields may be added, never renamed).
//
// It is a leaf package: it imports sim (for Time) and its numeric
// dependencies, nothing else from faassim, so the models can feed it and the
// reports can read it without either knowing the other.
//
// Records in, reports out: the engine fills a Run per platform and
// replication; an Accumulator folds the Runs of one platform one at a time,
// in replication order, into its Platform result (so thousands of
// replications need the memory of one), and Summarize does the same for
// Runs held in a slice. Latency percentiles come from a DDSketch with 1%
// relative accuracy, which merges exactly, so replications (and shards)
// pool without error beyond the sketch's own guarantee.
//
// Two records describe the platform's state rather than its requests.
// CountTimes is the time a Level spent at each count (Level.RecordTimes):
// added over runs it gives instances.distribution and running_distribution
// exactly. ByInstances counts requests, rejections and cold starts by the
// instances of their function when they arrived (the models call ArriveIn,
// RejectIn and ColdIn on the Tally): cold_start_by_instances.
//
// Per-application records (AppCount, filled when a FaaS model is asked)
// pool the same way: counts and idle memory-time add over replications,
// then Summarize computes each application's cold-start percentage and the
// nearest-rank percentiles over applications (Apps); KeepAliveStudy sets
// the platforms' policies side by side for the HTML report.
//
// Analysis is the JSON of faassim analyze (schema "faassim/analyze/v1"):
// per platform, an analytic model's Figures next to the simulation's,
// under the stable keys of FigureKeys.
//
// JSON cannot carry NaN or Inf, so every ratio here whose denominator is zero
// (no requests, no instance time, an empty sketch) is reported as 0.
package metrics
