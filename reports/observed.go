package reports

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"faassim/models/metrics"
)

// observedLabels name the rows of a comparison with logs.
var observedLabels = map[string]string{
	"cold_start_ratio": "cold-start ratio",
	"duration_p50_ms":  "duration p50 (ms)",
	"duration_p99_ms":  "duration p99 (ms)",
	"billed_gb_s":      "billed GB-s",
	"cost_usd":         "cost (USD)",
}

var observedHeader = []string{"platform", "metric", "predicted", "observed", "error"}

// observedRows are the comparison's rows as text cells.
func observedRows(c *metrics.ObservedComparison) [][]string {
	var rows [][]string
	for _, p := range c.Platforms {
		for _, r := range p.Rows {
			label := observedLabels[r.Metric]
			if label == "" {
				label = r.Metric
			}
			pred, errText := "n/a", "n/a"
			if r.Predicted != nil {
				pred = observedValue(r.Metric, *r.Predicted)
			}
			if r.RelativeError != nil {
				errText = fmt.Sprintf("%+.1f%%", 100**r.RelativeError)
			}
			rows = append(rows, []string{p.Platform, label, pred, observedValue(r.Metric, r.Observed), errText})
		}
	}
	return rows
}

func observedValue(metric string, v float64) string {
	switch metric {
	case "cold_start_ratio":
		return fmt.Sprintf("%.2f%%", 100*v)
	case "cost_usd":
		return fmt.Sprintf("$%.4f", v)
	case "billed_gb_s":
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func observedIntro(c *metrics.ObservedComparison) string {
	return fmt.Sprintf("%d reports, %d cold, over %s of logs (%s); error is (predicted - observed) / observed",
		c.Reports, c.ColdStarts, span(math.Round(c.WindowS)), strings.Join(c.Sources, ", "))
}

// writeObservedText appends the comparison with logs to a text report.
func writeObservedText(buf *bytes.Buffer, c *metrics.ObservedComparison) {
	if c == nil {
		return
	}
	fmt.Fprintf(buf, "\npredicted against observed: %s\n", observedIntro(c))
	writeAligned(buf, "", append([][]string{observedHeader}, observedRows(c)...), 0)
	for _, n := range c.Notes {
		fmt.Fprintf(buf, "  %s\n", n)
	}
}

// writeObservedMarkdown appends the comparison with logs to a Markdown
// report.
func writeObservedMarkdown(buf *bytes.Buffer, c *metrics.ObservedComparison) {
	if c == nil {
		return
	}
	fmt.Fprintf(buf, "## Predicted against observed\n\n%s.\n\n", mdText(observedIntro(c)))
	mdTable(buf, observedHeader, observedRows(c), 2)
	mdList(buf, "How the observed figures were obtained", c.Notes)
}
