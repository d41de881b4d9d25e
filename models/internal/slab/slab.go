package slab

// Slab holds values of T; the zero value is empty and ready to use.
type Slab[T any] struct {
	items []T
	used  []bool
	free  []int32
}

// Put stores x in a free slot, or a new one, and returns its index.
func (s *Slab[T]) Put(x T) int32 {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		s.items[i], s.used[i] = x, true
		return i
	}
	s.items = append(s.items, x)
	s.used = append(s.used, true)
	return int32(len(s.items) - 1)
}

// At returns the value at i; it stays valid until the next Put.
func (s *Slab[T]) At(i int32) *T { return &s.items[i] }

// Free releases slot i for reuse.
func (s *Slab[T]) Free(i int32) {
	s.used[i] = false
	s.free = append(s.free, i)
}

// Items returns every slot, used or free, for code that indexes them
// directly (the instance heaps); valid until the next Put.
func (s *Slab[T]) Items() []T { return s.items }

// Each calls f with the index of every slot in use, in index order.
func (s *Slab[T]) Each(f func(i int32)) {
	for i, u := range s.used {
		if u {
			f(int32(i))
		}
	}
}
