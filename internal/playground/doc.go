// Package playground is the server behind `faassim serve`: a teaching page
// in the browser where each trade-off of FaaS (keep-alive, memory,
// concurrency, limits, containers) is a control to move and watch.
//
// The page's state is a scenario (an embedded example, or the one given on
// the command line) plus a list of --set overrides; every control writes
// --set paths, so a state is exactly what `faassim run SCENARIO --set ...`
// would run. Each change reruns the simulation in the server, under a
// per-request time and work budget, and returns the results with the
// comparison table, plain-language explanations generated from the
// numbers, and the formulas behind them. The page, its script and styles
// are embedded (web/), fetch nothing from elsewhere and work offline.
//
// The server is meant for one user's machine: it listens on loopback by
// default, checks Host and Origin against the address it listens on (no
// DNS rebinding), limits request sizes, bounds concurrent simulations, and
// refuses scenario fields that would read files from the page.
package playground
