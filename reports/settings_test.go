package reports

import (
	"fmt"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// The "as run" line summarises a long list of functions by the range of
// their duration factors; a population replayed as measured (every factor
// 1) reads "durations x1", not "x1 to x1".
func TestAsRunFactorRange(t *testing.T) {
	cases := []struct {
		factors []float64
		want    string
	}{
		{[]float64{1, 1, 1, 1, 1}, "5 functions, durations x1"},
		{[]float64{0.5, 1, 1, 1, 2}, "5 functions, durations x0.5 to x2"},
	}
	for _, tc := range cases {
		st := &metrics.Settings{Preset: "generic", KeepAlive: "keep-alive 10m", FunctionsTotal: len(tc.factors)}
		for i, f := range tc.factors {
			st.Functions = append(st.Functions, metrics.FunctionSettings{Name: fmt.Sprint("f", i), SpeedFactor: f})
		}
		got := asRun(metrics.Platform{Settings: st})
		if !strings.HasSuffix(got, tc.want) {
			t.Errorf("factors %v: %q, want it to end %q", tc.factors, got, tc.want)
		}
	}
}
