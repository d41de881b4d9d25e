package synth

import (
	"runtime"
	"testing"
)

// The estimate of the population's memory is above what it allocates.
func TestCostBoundsThePopulation(t *testing.T) {
	for _, n := range []int{1000, 50_000} {
		runtime.GC()
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		apps := population(n, 1)
		runtime.ReadMemStats(&b)
		runtime.KeepAlive(apps)
		_, est := Cost(Config{Functions: n, Days: 1})
		if got := float64(b.TotalAlloc - a.TotalAlloc); got > est {
			t.Errorf("%d functions allocate %.0f bytes, above the estimate %.0f", n, got, est)
		}
	}
}

// DaysFS's work grows with the days and the passes over them, its memory
// does not.
func TestDaysCostScalesWorkNotMemory(t *testing.T) {
	c1, b1 := DaysCost(500, []int{1}, 1)
	c14, b14 := DaysCost(500, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, 2)
	if c1 != 500*minutes || c14 != 28*c1 {
		t.Errorf("counts %.0f for a day, %.0f for 14 days read twice; want %d and 28 times", c1, c14, 500*minutes)
	}
	if b1 != b14 || b1 != DayBytes(500) {
		t.Errorf("memory %.0f for a day, %.0f for 14; want both DayBytes %.0f", b1, b14, DayBytes(500))
	}
}
