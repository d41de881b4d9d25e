// Package reports renders simulation results for people and for programs.
// A renderer is a function of an io.Writer and a metrics.Results: it reads
// only the results types, never an engine or a model, so saved JSON results
// can be re-rendered later (`faassim report`).
//
// Every renderer produces deterministic bytes for the same Results, which is
// what lets the tests compare them with golden files.
package reports
