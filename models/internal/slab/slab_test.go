package slab

import (
	"fmt"
	"slices"
	"testing"
)

func TestSlabReusesFreedSlots(t *testing.T) {
	var s Slab[string]
	a, b, c := s.Put("a"), s.Put("b"), s.Put("c")
	s.Free(b)
	d := s.Put("d")
	if d != b || *s.At(d) != "d" || *s.At(a) != "a" || *s.At(c) != "c" {
		t.Fatalf("slots a=%d b=%d c=%d d=%d, values %q", a, b, c, d, s.Items())
	}
	s.Free(a)
	var live []int32
	s.Each(func(i int32) { live = append(live, i) })
	if !slices.Equal(live, []int32{1, 2}) {
		t.Errorf("in use %v, want [1 2]", live)
	}
}

func TestSlabSteadyStateAllocatesNothing(t *testing.T) {
	var s Slab[[4]int64]
	for i := 0; i < 100; i++ {
		s.Put([4]int64{})
	}
	allocs := testing.AllocsPerRun(100, func() {
		s.Free(s.Put([4]int64{1}))
	})
	if allocs != 0 {
		t.Errorf("%v allocations per Put and Free", allocs)
	}
}

func ExampleSlab() {
	var s Slab[string]
	first := s.Put("request 1")
	second := s.Put("request 2")
	s.Free(first)
	third := s.Put("request 3") // takes the freed slot
	fmt.Println(first, second, third, *s.At(third))
	// Output: 0 1 0 request 3
}
