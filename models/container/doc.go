// Package container simulates a container service as the baseline that FaaS
// platforms are compared with: a fleet of replicas,
// each with vCPUs, memory and a number of concurrent request slots, behind a
// least-outstanding-requests load balancer with one bounded FIFO queue.
//
// A Service is a set of state machines on a sim.Engine: a replica is
// starting, ready, or draining (removed from the balancer, leaving when its
// last request finishes); a request is queued, running, finished, rejected
// or timed out (a function timeout cuts its execution; a request timeout,
// the load balancer's, bounds its wait plus execution: see Config). The fleet is either fixed or tracks a target like the Kubernetes
// Horizontal Pod Autoscaler: every sync period it averages the metric over
// the period, scales up at once (new replicas serve only after their startup
// time) and scales down only as far as the highest recommendation of the
// stabilization window.
//
// Results use the same metrics.Run as FaaS platforms: instances are replicas
// (starting and draining included), busy replicas are those with a request in
// flight, and a cold start is a request that waited for a replica to start:
// one that ran on a replica that was not yet serving when it arrived (all
// replicas starting, scale from zero, or a queue drained by a new replica).
// For billing, SetLifetimeHook reports each replica's lifetime, and
// NodeSeconds integrates the Kubernetes node count ceil(replicas/perNode)
// exactly for any perNode.
//
// Under Target scaling the service may start with Scaling.Initial replicas
// ready (a given state, for transient analysis) instead of Min; the
// autoscaler adjusts from there.
//
// Routing, completion and removal are O(log n) in the number of replicas
// (an indexed heap keyed by requests in flight), and the steady state
// allocates nothing per request.
package container
