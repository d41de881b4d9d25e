package theory

import (
	"fmt"
	"math"
	"testing"
)

// Published values: B(1, 1) = 1/2 (a single server with a = 1); B(20, 18)
// and B(5, 3) by hand from the recurrence; C(2, 1) = 1/3 (M/M/2 at
// rho = 1/2: P(wait) = rho^2 * 2 / (1 + rho) = 1/3).
func TestFormulas(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"B(1,1)", ErlangB(1, 1), 0.5},
		{"B(0,5)", ErlangB(0, 5), 1},
		{"B(20,18)", ErlangB(20, 18), 0.10921284587},
		{"C(2,1)", ErlangC(2, 1), 1.0 / 3},
		{"C(1,0.5)", ErlangC(1, 0.5), 0.5}, // M/M/1: P(wait) = rho
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-10 {
			t.Errorf("%s = %.12f, want %.12f", tt.name, tt.got, tt.want)
		}
	}
}

func TestMeanSE(t *testing.T) {
	mean, se := MeanSE([]float64{1, 2, 3, 4, 5})
	if mean != 3 || math.Abs(se-math.Sqrt(2.5/5)) > 1e-15 {
		t.Errorf("mean %v se %v, want 3 and %v", mean, se, math.Sqrt(0.5))
	}
}

func Example() {
	fmt.Printf("Erlang B(20, 18) = %.4f, Erlang C(20, 17) = %.4f\n", ErlangB(20, 18), ErlangC(20, 17))
	// Output:
	// Erlang B(20, 18) = 0.1092, Erlang C(20, 17) = 0.3851
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
		if ok != tt.ok || math.Abs(z-tt.z) > 1e-9 && !math.IsInf(tt.z, 1) {
			t.Errorf("Agrees(%v, %v, %v, %v) = %v, %v; want %v, %v", tt.mean, tt.se, tt.want, tt.maxSE, z, ok, tt.z, tt.ok)
		}
	}
}
