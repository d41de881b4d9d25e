package trace

import (
	"math"
	"testing"
)

// TestMeanSD: the population mean and standard deviation (gonum's
// stat.PopMeanStdDev) of a hand-checked sample, and zeros for none.
func TestMeanSD(t *testing.T) {
	// 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 32, / 8 = 4, sd 2.
	m, sd := meanSD([]float64{2, 4, 4, 4, 5, 5, 7, 9})
	if math.Abs(m-5) > 1e-15 || math.Abs(sd-2) > 1e-15 {
		t.Errorf("meanSD = %v, %v; want 5, 2", m, sd)
	}
	if m, sd := meanSD(nil); m != 0 || sd != 0 {
		t.Errorf("meanSD(nil) = %v, %v", m, sd)
	}
}

// TestPercentilesOf: type-7 percentiles, rank p x (n - 1) interpolated:
// of 10, 20, 30, 40, 50 the 25th is 20, the 1st 10.4, the 99th 49.6.
func TestPercentilesOf(t *testing.T) {
	got := percentilesOf([]float64{50, 10, 40, 20, 30})
	want := Percentiles{P0: 10, P1: 10.4, P25: 20, P50: 30, P75: 40, P99: 49.6, P100: 50}
	for _, c := range [][2]float64{{got.P0, want.P0}, {got.P1, want.P1}, {got.P25, want.P25}, {got.P50, want.P50},
		{got.P75, want.P75}, {got.P99, want.P99}, {got.P100, want.P100}} {
		if math.Abs(c[0]-c[1]) > 1e-12 {
			t.Errorf("percentilesOf = %+v, want %+v", got, want)
			break
		}
	}
}
