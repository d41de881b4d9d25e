//go:build race

package synth

// raceEnabled: the race detector instruments allocations, so byte counts
// measured under it are not the program's.
const raceEnabled = true
