// Package validation is faassim's built-in validation suite: the one
// definition of every check of the simulator against something outside it,
// shared by the tests (TestSuite runs each case once) and by the command
// faassim validate.
//
// A Case has a stable name (group/subject/point, such as
// "theory/erlang-b/c20-a18-exponential"), a group, the reference in words
// (a formula or a published figure) with its public source, and a run that
// returns Checks: metric, reference, faassim's value, its standard error
// where it is a mean of replications, the error (relative, absolute or in
// standard errors, as Error.Kind says), the tolerance in words and as a
// number, and pass, fail or info. The groups:
//
//   - theory: queueing formulas (Erlang B and C, M/G/infinity, the fixed
//     keep-alive's P(cold) = e^(-lambda T), Little's law) against the mean
//     of independent replications, by internal/theory's rule: within 4
//     standard errors, with a standard error below a stated bound so that
//     a noisy run cannot pass;
//   - published: figures published by other simulators and models
//     (SimFaaS's README example; the semi-Markov model's points computed
//     with its authors' pacsltk);
//   - prices: the providers' worked pricing examples, to the cent;
//   - accounting: properties of the bill (it does not depend on where the
//     window falls) and of the counts (every request has one fate);
//   - study: studies reported for information, without pass or fail.
//
// Cases built from simulations are YAML scenarios run through
// scenarios.Load and scenarios.RunReplications, the path users take; every
// seed is fixed, so a run of the suite is deterministic. Run runs cases in
// parallel and returns their outcomes in suite order; Text, Markdown and
// JSON render them (JSON schema "faassim/validate/v1").
package validation
