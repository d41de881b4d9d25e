// Package theory holds the replication statistics that faassim's
// validation tests compare simulations with, so that every model is
// checked by the same rule. The queueing formulas themselves live in
// faassim/models/analytic.
//
// The rule: run independent replications, take the mean of a measure over
// them and its standard error from their spread, and accept the simulation
// when the mean lies within four standard errors of theory. Replications
// are independent whatever the correlation inside one run, so the
// standardized error follows Student's t with n-1 degrees of freedom; the
// check also demands a small standard error, so that a noisy simulation
// cannot pass for being vague.
package theory
