package reports

import (
	"io"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// A renderer's error names "charts" once: the charts package's errors
// already start with it.
func TestChartErrorsNameChartsOnce(t *testing.T) {
	ctx := Context{ChartDir: "charts"}
	tests := []struct {
		name   string
		render func() error
	}{
		{"html", func() error { return HTML(io.Discard, metrics.Results{}, ctx) }},
		{"html sweep", func() error { return SweepHTML(io.Discard, metrics.Sweep{}, ctx) }},
		{"html break-even", func() error { return BreakEvenHTML(io.Discard, metrics.BreakEven{}, ctx) }},
		{"markdown", func() error { return Markdown(io.Discard, metrics.Results{}, ctx) }},
		{"markdown sweep", func() error { return SweepMarkdown(io.Discard, metrics.Sweep{}, ctx) }},
		{"markdown break-even", func() error { return BreakEvenMarkdown(io.Discard, metrics.BreakEven{}, ctx) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.render()
			if err == nil {
				t.Fatal("no error for empty results")
			}
			if n := strings.Count(err.Error(), "charts"); n != 1 {
				t.Errorf("%q names charts %d times", err, n)
			}
		})
	}
}
