package iheap

// Key orders the heap: lexicographically by A, then B, then C, smallest
// first. Callers encode their order into it (largest-first is a negated key).
type Key struct{ A, B, C int64 }

// Less reports whether k comes before o.
func (k Key) Less(o Key) bool {
	if k.A != o.A {
		return k.A < o.A
	}
	if k.B != o.B {
		return k.B < o.B
	}
	return k.C < o.C
}

type entry struct {
	key Key
	h   int32
}

// Heap holds handles by key; the zero value is empty.
type Heap struct {
	items []entry
	pos   []int32 // by handle: position in items, -1 when absent
}

// Len returns the number of handles in the heap.
func (h *Heap) Len() int { return len(h.items) }

// Top returns the handle with the smallest key; the heap must not be empty.
func (h *Heap) Top() int32 { return h.items[0].h }

// Has reports whether handle i is in the heap.
func (h *Heap) Has(i int32) bool { return int(i) < len(h.pos) && h.pos[i] >= 0 }

// Push adds handle i, which must not be in the heap, with key k.
func (h *Heap) Push(i int32, k Key) {
	for int(i) >= len(h.pos) {
		h.pos = append(h.pos, -1)
	}
	h.items = append(h.items, entry{k, i})
	n := len(h.items) - 1
	h.pos[i] = int32(n)
	h.up(n)
}

// Remove takes handle i, which must be in the heap, out of it.
func (h *Heap) Remove(i int32) {
	p := int(h.pos[i])
	last := len(h.items) - 1
	if p != last {
		h.items[p] = h.items[last]
		h.pos[h.items[p].h] = int32(p)
	}
	h.items = h.items[:last]
	h.pos[i] = -1
	if p < last {
		h.fix(p)
	}
}

// Update gives handle i, which must be in the heap, the key k.
func (h *Heap) Update(i int32, k Key) {
	p := int(h.pos[i])
	h.items[p].key = k
	h.fix(p)
}

func (h *Heap) fix(p int) {
	if !h.down(p) {
		h.up(p)
	}
}

func (h *Heap) swap(a, b int) {
	h.items[a], h.items[b] = h.items[b], h.items[a]
	h.pos[h.items[a].h] = int32(a)
	h.pos[h.items[b].h] = int32(b)
}

func (h *Heap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.items[i].key.Less(h.items[p].key) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h *Heap) down(i0 int) bool {
	i, n := i0, len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		best := l
		if r := l + 1; r < n && h.items[r].key.Less(h.items[l].key) {
			best = r
		}
		if !h.items[best].key.Less(h.items[i].key) {
			break
		}
		h.swap(i, best)
		i = best
	}
	return i > i0
}
