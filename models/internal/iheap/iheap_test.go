package iheap

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// The heap against a reference that sorts every time: after each random
// push, remove or update, the top is the smallest key (ties broken by the
// key's later fields, which the test keeps distinct) and membership agrees.
func TestAgainstSorting(t *testing.T) {
	for _, c := range []struct {
		name    string
		handles int
		keys    int64 // key values drawn from [0, keys): few values, many ties in A
	}{
		{"small, many ties", 8, 3},
		{"medium", 64, 1000},
		{"large", 1000, 1 << 40},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(c.handles)))
			var h Heap
			var x Index
			x.Add(int32(c.handles - 1))
			ref := map[int32]Key{}
			key := func(i int32) Key { return Key{A: r.Int64N(c.keys), B: r.Int64N(c.keys), C: int64(i)} }
			for step := range 20000 {
				i := int32(r.IntN(c.handles))
				switch _, in := ref[i]; {
				case !in:
					k := key(i)
					h.Push(&x, i, k)
					ref[i] = k
				case r.IntN(2) == 0:
					h.Remove(&x, i)
					delete(ref, i)
				default:
					k := key(i)
					h.Update(&x, i, k)
					ref[i] = k
				}
				if h.Len() != len(ref) {
					t.Fatalf("step %d: %d in the heap, %d in the reference", step, h.Len(), len(ref))
				}
				for j := range int32(c.handles) {
					if _, in := ref[j]; x.In(j) != in {
						t.Fatalf("step %d: In(%d) = %v", step, j, x.In(j))
					}
				}
				if len(ref) == 0 {
					continue
				}
				all := make([]Key, 0, len(ref))
				for _, k := range ref {
					all = append(all, k)
				}
				slices.SortFunc(all, func(a, b Key) int {
					if a.Less(b) {
						return -1
					}
					if b.Less(a) {
						return 1
					}
					return 0
				})
				if top := h.Top(); ref[top] != all[0] {
					t.Fatalf("step %d: top %d has key %v, smallest is %v", step, top, ref[top], all[0])
				}
			}
		})
	}
}

func TestSteadyStateAllocatesNothing(t *testing.T) {
	var h Heap
	var x Index
	x.Add(99)
	for i := range int32(100) {
		h.Push(&x, i, Key{A: int64(i)})
	}
	allocs := testing.AllocsPerRun(1000, func() {
		h.Remove(&x, h.Top())
		h.Push(&x, 0, Key{A: 1000})
		h.Update(&x, 0, Key{A: -1})
	})
	if allocs != 0 {
		t.Errorf("%v allocations per cycle, want 0", allocs)
	}
}

// Handles ordered most recently used first: the key is the negated time.
func Example() {
	var h Heap
	var x Index // keys and positions by handle
	x.Add(3)
	lastUsed := map[int32]int64{1: 30, 2: 50, 3: 40}
	for _, i := range []int32{1, 2, 3} {
		h.Push(&x, i, Key{A: -lastUsed[i]})
	}
	fmt.Println("most recent:", h.Top())
	h.Update(&x, 1, Key{A: -60}) // handle 1 used again at 60
	fmt.Println("after reuse:", h.Top())
	h.Remove(&x, 1)
	fmt.Println("after it leaves:", h.Top(), x.In(1))
	// Output:
	// most recent: 2
	// after reuse: 1
	// after it leaves: 2 false
}
