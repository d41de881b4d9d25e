// Package slab stores the models' short-lived records (requests in flight,
// instances) in one growing slice addressed by int32 index, reusing freed
// slots: events carry the index in their data word, and the steady state
// allocates nothing.
package slab
