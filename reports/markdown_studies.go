package reports

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// SweepMarkdown writes a sweep as a Markdown report: one table row per
// point and platform, and links to the sweep's charts when ctx.ChartDir is
// set (the caller writes them with charts.WriteFiles).
func SweepMarkdown(w io.Writer, s metrics.Sweep, ctx Context) error {
	s, ctx = shownSweep(s), ctx.shown()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Sweep of %s\n\n", mdText(s.Scenario))
	fmt.Fprintf(&buf, "%d points over %s; every point is a full run of the scenario with these values set.\n\n",
		len(s.Points), mdText(strings.Join(s.Params, " x ")))
	head := append([]string(nil), s.Params...)
	head = append(head, "platform", "p50 ms", "p99 ms", "cold %", "rejected", "in flight", "mean instances", "monthly $")
	var rows [][]string
	for _, pt := range s.Points {
		for _, p := range pt.Results.Platforms {
			row := append([]string(nil), pt.Values...)
			row = append(row, PlatformLabel(p), latency(p, p.LatencyMS.P50), latency(p, p.LatencyMS.P99), fmt.Sprintf("%.2f", 100*p.ColdStartRatio),
				fmt.Sprintf("%d", p.Rejected), fmt.Sprintf("%d", p.InFlight), fmt.Sprintf("%.2f", p.Instances.Mean), fmt.Sprintf("%.2f", p.MonthlyCostUSD))
			rows = append(rows, row)
		}
	}
	mdTable(&buf, head, rows, len(s.Params)+1)
	if ctx.ChartDir != "" {
		list, err := charts.ForSweep(s, ctx.ChartFormat)
		if err != nil {
			return fmt.Errorf("markdown: %w", err)
		}
		mdCharts(&buf, list, ctx)
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

// BreakEvenMarkdown writes a break-even search as a Markdown report: the
// crossing in a sentence, the cost-versus-rate table, and the chart link.
func BreakEvenMarkdown(w io.Writer, b metrics.BreakEven, ctx Context) error {
	b, ctx = shownBreakEven(b), ctx.shown()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Break-even of %s against %s\n\n", mdText(b.B), mdText(b.A))
	if b.Found {
		dir := "above"
		if b.Direction == "B cheaper below" {
			dir = "below"
		}
		c := b.Crossing
		becomes := "becomes cheaper than"
		if c.BSaturated {
			becomes = "costs less than" // but, saturated, is not cheaper
		}
		fmt.Fprintf(&buf, "%s %s %s %s about %.4g requests/s%s, at about $%.2f a month; there, p99 is %s ms on %s and %s ms on %s.\n\n",
			mdText(b.B), becomes, mdText(b.A), dir, c.RatePerS, untilSaturated(b), c.B.MonthlyCostUSD,
			sig3(c.A.LatencyMS.P99), mdText(PlatformLabel(c.A)), sig3(c.B.LatencyMS.P99), mdText(PlatformLabel(c.B)))
	} else {
		buf.WriteString("The cheaper platform does not change over the rates tried: widen the range.\n\n")
	}
	if note := breakEvenSaturationNote(b); note != "" {
		fmt.Fprintf(&buf, "%s\n\n", mdText(note))
	}
	head := []string{"rate req/s", b.A + " $/month", b.B + " $/month", b.A + " p99 ms", b.B + " p99 ms", "cheaper", "saturated"}
	var rows [][]string
	for _, p := range b.Points {
		rows = append(rows, []string{fmt.Sprintf("%.4g", p.RatePerS), fmt.Sprintf("%.2f", p.A.MonthlyCostUSD),
			fmt.Sprintf("%.2f", p.B.MonthlyCostUSD), sig3(p.A.LatencyMS.P99), sig3(p.B.LatencyMS.P99),
			breakEvenCheaper(b, p), breakEvenSaturated(b, p)})
	}
	mdTable(&buf, head, rows, 0)
	if ctx.ChartDir != "" {
		list, err := charts.ForBreakEven(b, ctx.ChartFormat)
		if err != nil {
			return fmt.Errorf("markdown: %w", err)
		}
		mdCharts(&buf, list, ctx)
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

// mdCharts links chart files written to ctx.ChartDir, each with its caption.
func mdCharts(buf *bytes.Buffer, list []charts.Chart, ctx Context) {
	if len(list) == 0 {
		return
	}
	buf.WriteString("## Charts\n\n")
	dir := filepath.ToSlash(ctx.ChartDir) // a link is a URL path, on Windows too
	for _, c := range list {
		fmt.Fprintf(buf, "![%s](%s)\n\n", mdText(c.Title), path.Join(dir, c.Name+"."+ctx.ChartFormat.String()))
		if cp := strings.TrimSpace(c.Caption); cp != "" {
			fmt.Fprintf(buf, "%s\n\n", mdText(cp))
		}
	}
}
