// Package limits holds faassim's resource bounds: how much memory a command
// may use and how much work it may do unless told otherwise (--max-memory,
// --max-events), the caps on input files checked before any parser sees
// them (size and nesting depth), and the heap guard that stops a
// simulation whose estimate was wrong.
//
// The bounds exist so that faassim can run inside CI pipelines and on
// shared batch machines: no input makes it use more than the bound without
// being told to, and what it refuses is refused before the work starts,
// with a message naming the input and the flag that lifts the limit.
package limits
