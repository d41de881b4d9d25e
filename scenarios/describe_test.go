package scenarios

import (
	"fmt"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// The markdown assumptions summarise many functions by the range of their
// duration factors: "x1" when they are all the same, not "x1 to x1".
func TestFunctionsPartFactorRange(t *testing.T) {
	cases := []struct {
		factors []float64
		want    string
	}{
		{[]float64{1, 1, 1, 1, 1, 1, 1, 1, 1}, "9 functions, durations x1 among the first 9"},
		{[]float64{1, 1, 1, 1, 1, 1, 1, 1, 0.25}, "9 functions, durations x0.25 to x1 among the first 9"},
	}
	for _, tc := range cases {
		st := metrics.Settings{FunctionsTotal: len(tc.factors)}
		for i, f := range tc.factors {
			st.Functions = append(st.Functions, metrics.FunctionSettings{Name: fmt.Sprint("f", i), SpeedFactor: f})
		}
		if got := functionsPart(st); !strings.Contains(got, tc.want) {
			t.Errorf("factors %v: %q, want %q", tc.factors, got, tc.want)
		}
	}
}
