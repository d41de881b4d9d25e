// Package iheap is an indexed min-heap of handles (small non-negative
// int32s: indices into a caller's slice) ordered by integer keys: the FaaS
// platform's idle instances and the container service's replicas. The heap
// knows each handle's position, so a handle whose key changed is fixed, and
// one that leaves is removed, in O(log n) without a search. Keys are plain
// integers compared in place, so the hot path makes no indirect calls;
// growing aside, it allocates nothing.
package iheap
