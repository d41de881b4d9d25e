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

// Index holds, by handle, each handle's key and its position in the heap
// that holds it (-1 for none). One Index serves every heap over the same
// handles (whose sets are disjoint); the caller grows it with Add.
type Index struct {
	pos  []int32
	keys []Key
}

// Add makes room for handles up to i.
func (x *Index) Add(i int32) {
	for int(i) >= len(x.pos) {
		x.pos = append(x.pos, -1)
		x.keys = append(x.keys, Key{})
	}
}

// In reports whether handle i is in a heap.
func (x *Index) In(i int32) bool { return x.pos[i] >= 0 }

// Heap holds handles by key; the zero value is empty.
type Heap struct {
	idx []int32
}

// Len returns the number of handles in the heap.
func (h *Heap) Len() int { return len(h.idx) }

// Top returns the handle with the smallest key; the heap must not be empty.
func (h *Heap) Top() int32 { return h.idx[0] }

// Push adds handle i, which must be in no heap, with key k.
func (h *Heap) Push(x *Index, i int32, k Key) {
	x.keys[i] = k
	h.idx = append(h.idx, i)
	n := len(h.idx) - 1
	x.pos[i] = int32(n)
	h.up(x, n)
}

// Remove takes handle i, which must be in this heap, out of it.
func (h *Heap) Remove(x *Index, i int32) {
	p := int(x.pos[i])
	last := len(h.idx) - 1
	if p != last {
		h.idx[p] = h.idx[last]
		x.pos[h.idx[p]] = int32(p)
	}
	h.idx = h.idx[:last]
	x.pos[i] = -1
	if p < last {
		h.fix(x, p)
	}
}

// Update gives handle i, which must be in this heap, the key k.
func (h *Heap) Update(x *Index, i int32, k Key) {
	x.keys[i] = k
	h.fix(x, int(x.pos[i]))
}

func (h *Heap) less(x *Index, a, b int) bool { return x.keys[h.idx[a]].Less(x.keys[h.idx[b]]) }

func (h *Heap) fix(x *Index, p int) {
	if !h.down(x, p) {
		h.up(x, p)
	}
}

func (h *Heap) swap(x *Index, a, b int) {
	h.idx[a], h.idx[b] = h.idx[b], h.idx[a]
	x.pos[h.idx[a]] = int32(a)
	x.pos[h.idx[b]] = int32(b)
}

func (h *Heap) up(x *Index, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(x, i, p) {
			return
		}
		h.swap(x, i, p)
		i = p
	}
}

func (h *Heap) down(x *Index, i0 int) bool {
	i, n := i0, len(h.idx)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		best := l
		if r := l + 1; r < n && h.less(x, r, l) {
			best = r
		}
		if !h.less(x, best, i) {
			break
		}
		h.swap(x, i, best)
		i = best
	}
	return i > i0
}
