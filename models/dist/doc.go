// Package dist provides distributions of non-negative durations (sim.Time)
// for the parts of a simulated platform that take a random amount of time:
// cold starts, executions, think times. A Dist is a plain value with no
// random source of its own; the caller passes the stream to Sample, so each
// component draws from its own (seed, name) stream and two platforms given the
// same streams see the same numbers. Sampling never allocates, because it sits
// on the hot path of every simulated request. Exponential and LogNormal are
// parametric (LogNormal is fitted by its median and one upper quantile, the
// way latencies are usually published); Percentiles interpolates a published
// percentile table, such as the Azure Functions 2019 duration files, as a
// piecewise-linear inverse CDF. Scale multiplies durations by a factor, for
// example to model a function running on a slower memory size.
package dist
