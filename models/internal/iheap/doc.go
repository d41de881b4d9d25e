// Package iheap is an indexed min-heap of handles (small non-negative
// int32s: indices into a caller's slice) ordered by integer keys: the FaaS
// platform's idle instances and the container service's replicas. Each
// handle's position is kept in a slice the caller owns (one for all its
// heaps, whose handles are disjoint), so a handle whose key changed is
// fixed, and one that leaves is removed, in O(log n) without a search, and
// a thousand heaps over one slice of instances cost no more memory than
// one. Keys are plain integers compared in place: the hot path makes no
// indirect call and, growing aside, allocates nothing.
package iheap
