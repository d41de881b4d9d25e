// Package scenarios reads scenario files: a YAML description of a workload
// (synthetic functions, each with an arrival process and a duration
// distribution) and of the platforms to offer it to (FaaS presets with
// their keep-alive, cold-start and concurrency settings). Load parses a
// file strictly (an unknown key is an error), applies command-line
// overrides given as --set key=value on the YAML tree, fills the generic
// defaults and validates the result, reporting every problem at once, each
// as FILE:LINE: yaml.path: reason, so that a scenario is fixed in one pass.
// Zero integers mean "the preset's default": presets, and building models
// from a scenario, belong to the runner. A few example scenarios are
// embedded, opened as "example:NAME"; two of them (simfaas-readme,
// erlang-b) have known answers and double as validation cases.
//
// Run simulates every platform in every replication in parallel and folds
// each platform's runs into its summary in replication order as they
// finish (fold.go), so the results are the same whatever the number of
// workers and memory does not grow with the replications; RunReplications
// keeps every run besides. A platform's initial_instances (initial.go)
// start it from a given state, for transient analysis.
//
// Beyond Run, Sweep and FindBreakEven, Tune is power tuning without an
// account: one function at every memory size and architecture of a grid,
// recommended by the strategies of AWS Lambda Power Tuning (cost, speed,
// balanced; see tune_strategy.go).
// Calibrate goes the other way: from AWS Lambda REPORT records to a
// scenario, fitting each function's durations, INIT, memory and arrivals
// and the keep-alive that explains the observed cold starts; Observe and
// CompareObserved put a run's predictions next to the same logs.
package scenarios
