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
