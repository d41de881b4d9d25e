package deque

import (
	"fmt"
	"slices"
	"testing"
)

func TestDequeOrderAndReuse(t *testing.T) {
	var q Deque[int]
	var want []int // a reference model: a plain slice
	for i := 0; i < 10_000; i++ {
		switch {
		case i%3 == 2 && q.Len() > 0:
			if got, w := q.PopFront(), want[0]; got != w {
				t.Fatalf("PopFront = %d, want %d", got, w)
			}
			want = want[1:]
		case i%7 == 6 && q.Len() > 0:
			if got, w := q.PopBack(), want[len(want)-1]; got != w {
				t.Fatalf("PopBack = %d, want %d", got, w)
			}
			want = want[:len(want)-1]
		default:
			q.PushBack(i)
			want = append(want, i)
		}
		if !slices.Equal(q.All(), want) {
			t.Fatalf("step %d: %v, want %v", i, q.All(), want)
		}
	}
	if cap(q.buf) > 4*len(want)+256 {
		t.Errorf("buffer of %d for %d values: freed space is not reclaimed", cap(q.buf), len(want))
	}
}

func TestDequeSteadyStateAllocatesNothing(t *testing.T) {
	var q Deque[int]
	for i := 0; i < 1000; i++ {
		q.PushBack(i)
	}
	allocs := testing.AllocsPerRun(100, func() {
		for i := 0; i < 100; i++ {
			q.PushBack(q.PopFront())
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per 100 push/pop pairs", allocs)
	}
}

func ExampleDeque() {
	var q Deque[string]
	q.PushBack("a")
	q.PushBack("b")
	q.PushBack("c")
	fmt.Println(q.PopFront(), q.PopBack())
	q.PushBack("d")
	fmt.Println(q.All(), q.Len())
	// Output:
	// a c
	// [b d] 2
}
