// Package coldstart provides the cold-start latency of a new function
// instance: the time from the decision to start an instance until it can run
// its first request. A Sampler is the one-method interface the platform model
// calls; any dist.Dist is one, and SamplerFunc adapts a plain function (for
// example one that depends on state of the simulated platform). Default builds
// the published defaults: a lognormal per runtime fitted to Mikhail Shilkov's
// 2021 hello-world measurements on AWS Lambda, moved to the GCP or Azure
// median, plus a linear term for the deployment package size, which dominates
// cold starts of real functions.
//
// A cold start has two parts: the platform's overhead (a sandbox, the code
// download), never billed, then INIT (the runtime and the function's
// initialisation code), which AWS Lambda bills. A PhaseSampler draws both:
// Split cuts an end-to-end total by a runtime's INIT share (InitShare, from
// measured Init Durations), Parts draws the two from their own
// distributions. Default returns a Split.
package coldstart
