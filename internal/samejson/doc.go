// Package samejson compares two JSON results documents the way results
// merged from shards must agree with those of the whole run: every count
// exactly, every other number to 12 significant digits (a float sum taken
// in another order differs in its last bits), and, where the merge could
// only bound it, instances.max at least the true peak with the merge's own
// warning saying so. Tests of sharding in several packages share it.
package samejson
