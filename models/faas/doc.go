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
//
// A cold start is the platform's overhead, then INIT (coldstart.PhaseSampler;
// a plain sampler's whole latency is INIT). Billing reports every interval
// (an execution with the INIT it triggered where INIT is billed, a busy
// period, an instance lifetime, provisioned capacity) to a Meter with the
// statistics window, which bills the part inside it; the record counts every
// request of the window as completed, rejected, timed out or in flight.
//
// A platform may start from a given state (Config.Initial, InitialGroup):
// idle instances that expire at a set time unless reused, and busy ones
// running an execution drawn from their own stream (InitialStream), so
// that the other streams are those of a start from empty. Neither is a
// request or a cold start; this is what transient analysis starts from.
package faas
