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
