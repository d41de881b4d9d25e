// Package reports renders simulation results for people and for programs.
// A renderer is a function of an io.Writer and a metrics.Results: it reads
// only the results types, never an engine or a model, so saved JSON results
// can be re-rendered later (`faassim report`). Text, JSON and CSV need
// nothing else; Markdown and HTML also take a Context (description,
// workload, assumptions, price sheets) that the runner fills or that saved
// results carry. Sweeps, break-even searches and power tunings have the
// same five formats (Formats); ForFormat, SweepForFormat,
// BreakEvenForFormat and TuneForFormat pick a renderer by its --format name.
//
// Research outputs are shown where they fit: the distribution of live
// instances as text bars or a Markdown row per platform (distribution.go;
// an HTML chart from package charts), its far tail folded and said so, and
// the cold-start ratio by instances at arrival as a table per platform in
// Markdown and HTML (bystate.go), its least-used states counted, not shown.
//
// HTML is one self-contained page (inline CSS and SVG charts from package
// charts, no script, nothing fetched); its tests parse it and open it in
// headless Chromium.
//
// Every renderer produces deterministic bytes for the same Results, which is
// what lets the tests compare them with golden files.
package reports
