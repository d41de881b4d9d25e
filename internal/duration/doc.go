// Package duration is faassim's one duration parser: Go's syntax
// (time.ParseDuration: "10m", "1h30m", "250ms") plus a day unit "d" of 24
// hours ("7d", "1d12h", "1.5d"), which Go's syntax lacks and multi-day
// trace replays need. Scenario files, --set values and every command-line
// flag that takes a duration read their text with Parse, so a duration
// written one way anywhere is read the same way everywhere.
//
// Durations are printed back in Go's syntax (hours, "168h"): that text is
// what earlier results hold, and both this parser and Go's read it.
package duration
