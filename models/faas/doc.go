// Package faas simulates a serverless (FaaS) platform: instances that start cold, serve one or more requests at once,
// stay warm while the keep-alive policy allows, and are reclaimed after;
// account, reserved and per-function limits; a token bucket on the rate of
// new instances; throttled requests rejected or queued; and provisioned
// instances kept warm for the whole run.
//
// A Platform is a set of state machines driven by engine events (instance
// ready, request finished, keep-alive timer, queue deadline, scaling token).
// Choosing an instance and reclaiming one are O(log n) in a function's
// instances, and the steady state allocates nothing per request.
package faas
