package deque

// Deque holds values in order; the zero value is empty and ready to use.
type Deque[T any] struct {
	buf  []T
	head int
}

// Len returns the number of values held.
func (q *Deque[T]) Len() int { return len(q.buf) - q.head }

// Front returns the oldest value; the deque must not be empty.
func (q *Deque[T]) Front() *T { return &q.buf[q.head] }

// All returns the values, oldest first, without copying: valid until the
// next push.
func (q *Deque[T]) All() []T { return q.buf[q.head:] }

// PushBack appends x. Space freed at the front is reclaimed when the deque
// empties, or by compaction once it is more than half the buffer, so memory
// stays proportional to the peak length.
func (q *Deque[T]) PushBack(x T) {
	if q.head > 0 && q.head == len(q.buf) {
		q.buf, q.head = q.buf[:0], 0
	} else if q.head > 64 && q.head*2 > len(q.buf) {
		n := copy(q.buf, q.buf[q.head:])
		q.buf, q.head = q.buf[:n], 0
	}
	q.buf = append(q.buf, x)
}

// PopFront removes and returns the oldest value; the deque must not be empty.
func (q *Deque[T]) PopFront() T {
	x := q.buf[q.head]
	q.head++
	return x
}

// PopBack removes and returns the newest value; the deque must not be empty.
func (q *Deque[T]) PopBack() T {
	x := q.buf[len(q.buf)-1]
	q.buf = q.buf[:len(q.buf)-1]
	return x
}
