// Package deque is a double-ended queue that reuses its storage, for the
// models' FIFO queues (throttled requests, starting replicas, scaling
// recommendations): pushing and popping allocate nothing once it has grown.
package deque
