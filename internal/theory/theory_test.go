package theory

import (
	"fmt"
	"math"
	"testing"
)

func TestMeanSE(t *testing.T) {
	mean, se := MeanSE([]float64{1, 2, 3, 4, 5})
	if mean != 3 || math.Abs(se-math.Sqrt(2.5/5)) > 1e-15 {
		t.Errorf("mean %v se %v, want 3 and %v", mean, se, math.Sqrt(0.5))
	}
}

func Example() {
	mean, se := MeanSE([]float64{0.101, 0.112, 0.108, 0.106})
	fmt.Printf("mean %.4f, standard error %.4f\n", mean, se)
	// Output:
	// mean 0.1068, standard error 0.0023
}

func TestAgrees(t *testing.T) {
	tests := []struct {
		mean, se, want, maxSE float64
		z                     float64
		ok                    bool
	}{
		{1.02, 0.01, 1, 0.02, 2, true},
		{1.05, 0.01, 1, 0.02, 5, false},       // 5 standard errors off
		{1.01, 0.05, 1, 0.02, 0.2, false},     // too noisy to say anything
		{1, 0, 1, 0.02, 0, true},              // exact
		{1.1, 0, 1, 0.02, math.Inf(1), false}, // exact and wrong
	}
	for _, tt := range tests {
		z, ok := Agrees(tt.mean, tt.se, tt.want, tt.maxSE)
		if ok != tt.ok || z != tt.z && math.Abs(z-tt.z) > 1e-9 {
			t.Errorf("Agrees(%v, %v, %v, %v) = %v, %v; want %v, %v", tt.mean, tt.se, tt.want, tt.maxSE, z, ok, tt.z, tt.ok)
		}
	}
}
