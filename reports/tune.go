package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"faassim/internal/printable"
	"faassim/models/metrics"
	"faassim/reports/charts"
)

// TuneForFormat returns the renderer of a power tuning named by a --format
// value.
func TuneForFormat(name string) (func(io.Writer, metrics.Tune, Context) error, error) {
	return pick(name, map[string]func(io.Writer, metrics.Tune, Context) error{
		"text":     func(w io.Writer, t metrics.Tune, _ Context) error { return TuneText(w, t) },
		"json":     func(w io.Writer, t metrics.Tune, _ Context) error { return TuneJSON(w, t) },
		"markdown": TuneMarkdown,
		"csv":      func(w io.Writer, t metrics.Tune, _ Context) error { return TuneCSV(w, t) },
		"html":     TuneHTML,
	})
}

// TuneJSON writes a power tuning as JSON (schema faassim/tune/v1).
func TuneJSON(w io.Writer, t metrics.Tune) error { return writeJSON(w, t) }

// tuneHead are the columns of the tuning table in text, Markdown and HTML.
var tuneHead = []string{"memory MB", "arch", "mean duration ms", "mean latency ms", "cold %", "$ per invocation", "$ per 1M", "score", ""}

// tuneRows are the table's rows; the last column marks the recommended
// point (and the other strategies' picks) and saturated points.
func tuneRows(t metrics.Tune) [][]string {
	var rows [][]string
	for i, p := range t.Points {
		var marks []string
		if i == t.Recommended {
			marks = append(marks, "<- recommended")
		}
		for _, s := range metrics.TuneStrategies {
			if s != t.Strategy && t.Best[s] == i {
				marks = append(marks, "best "+s)
			}
		}
		if p.Saturated {
			marks = append(marks, "saturated")
		}
		score := "-"
		if !p.Saturated && p.MeanDurationMS > 0 {
			score = strconv.FormatFloat(p.BalancedScore, 'f', 4, 64)
		}
		rows = append(rows, []string{strconv.Itoa(p.MemoryMB), p.Architecture, sig3(p.MeanDurationMS), sig3(p.MeanLatencyMS),
			percent(p.ColdStartRatio), usd4(p.CostPerInvocationUSD), grouped(p.CostPerMillionUSD, 4), score, strings.Join(marks, ", ")})
	}
	return rows
}

// tuneSentence says the answer first.
func tuneSentence(t metrics.Tune) string {
	if t.Recommended < 0 || t.Recommended >= len(t.Points) {
		return fmt.Sprintf("No memory size can be recommended for %s on %s: every point is saturated (raise the limits or lower the load).", t.Function, t.Platform)
	}
	p := t.Points[t.Recommended]
	how := map[string]string{
		"cost":     "the cheapest (on equal cost, the fastest)",
		"speed":    "the fastest (on equal speed, the cheapest)",
		"balanced": fmt.Sprintf("the best balance, w = %g (score w x cost/max(cost) + (1 - w) x duration/max(duration))", t.BalancedWeight),
	}[t.Strategy]
	arch := ""
	if p.Architecture != "" { // presets without a choice of architecture name none
		arch = " on " + p.Architecture
	}
	return fmt.Sprintf("Recommended for %s on %s, strategy %s: %d MB%s, %s: mean duration %s ms, $%s per invocation ($%s per million).",
		t.Function, t.Platform, t.Strategy, p.MemoryMB, arch, how, sig3(p.MeanDurationMS), usd4(p.CostPerInvocationUSD), grouped(p.CostPerMillionUSD, 4))
}

// tuneClassLines list the payload classes' means at the recommended point.
func tuneClassLines(t metrics.Tune) []string {
	if t.Recommended < 0 || t.Recommended >= len(t.Points) {
		return nil
	}
	var out []string
	for _, c := range t.Points[t.Recommended].Classes {
		out = append(out, fmt.Sprintf("payload class %s (%s%% of invocations): mean duration %s ms there, by the speed model", c.Name, percent(c.Share), sig3(c.MeanDurationMS)))
	}
	return out
}

// TuneText writes a power tuning for a terminal: the recommendation, the
// table of points with the winner marked, and the notes.
func TuneText(w io.Writer, t metrics.Tune) error {
	t = printable.All(t)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "power tuning of %s on %s (scenario %s), strategy %s\n\n%s\n\n", t.Function, t.Platform, t.Scenario, t.Strategy, tuneSentence(t))
	writeAligned(&buf, "", append([][]string{tuneHead}, tuneRows(t)...), 0)
	buf.WriteString("\n")
	for _, l := range tuneClassLines(t) {
		fmt.Fprintf(&buf, "%s\n", l)
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&buf, "- %s\n", n)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// TuneMarkdown writes a power tuning as Markdown: the recommendation, the
// table, the notes and, with a chart directory, the trade-off chart.
func TuneMarkdown(w io.Writer, t metrics.Tune, ctx Context) error {
	t, ctx = printable.All(t), ctx.shown()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Power tuning of %s on %s\n\n%s\n\n", mdText(t.Function), mdText(t.Platform), mdText(tuneSentence(t)))
	mdTable(&buf, tuneHead, tuneRows(t), 2)
	buf.WriteString("\n")
	for _, l := range tuneClassLines(t) {
		fmt.Fprintf(&buf, "- %s\n", mdText(l))
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&buf, "- %s\n", mdText(n))
	}
	buf.WriteString("\n")
	// Prices are written "$0.000001875 ... ($1.8750": on GitHub two dollars
	// on a line can start math, so every dollar of the text is escaped
	// (the charts' links below are paths, left as they are).
	text := bytes.ReplaceAll(buf.Bytes(), []byte("$"), []byte(`\$`))
	buf.Reset()
	buf.Write(text)
	if ctx.ChartDir != "" {
		list, err := charts.ForTune(t, ctx.ChartFormat)
		if err != nil {
			return fmt.Errorf("markdown: %w", err)
		}
		mdCharts(&buf, list, ctx)
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

// TuneCSV writes one row per point: memory_mb, architecture, preset,
// requests, mean_duration_ms, mean_latency_ms, cold_start_ratio,
// cost_per_invocation_usd, cost_per_million_usd,
// cost_without_request_fee_usd (the cost the strategies compare), balanced_score,
// speed_factor, saturated, recommended (true on the strategy's pick), then
// best_cost, best_speed, best_balanced.
func TuneCSV(w io.Writer, t metrics.Tune) error {
	head := []string{"memory_mb", "architecture", "preset", "requests", "mean_duration_ms", "mean_latency_ms", "cold_start_ratio",
		"cost_per_invocation_usd", "cost_per_million_usd", "cost_without_request_fee_usd", "balanced_score", "speed_factor", "saturated", "recommended",
		"best_cost", "best_speed", "best_balanced"}
	var rows [][]string
	for i, p := range t.Points {
		row := []string{strconv.Itoa(p.MemoryMB), p.Architecture, p.Preset, strconv.FormatInt(p.Requests, 10)}
		for _, v := range []float64{p.MeanDurationMS, p.MeanLatencyMS, p.ColdStartRatio, p.CostPerInvocationUSD, p.CostPerMillionUSD, p.CostWithoutRequestFeeUSD, p.BalancedScore, p.SpeedFactor} {
			c, err := number(v)
			if err != nil {
				return fmt.Errorf("csv: tune point %d MB %s: %w", p.MemoryMB, p.Architecture, err)
			}
			row = append(row, c)
		}
		row = append(row, strconv.FormatBool(p.Saturated), strconv.FormatBool(i == t.Recommended))
		for _, s := range metrics.TuneStrategies {
			row = append(row, strconv.FormatBool(t.Best[s] == i))
		}
		rows = append(rows, row)
	}
	return writeCSV(w, head, rows)
}

// TuneHTML writes a power tuning as one self-contained page in the frame of
// HTML: the recommendation, the table and the trade-off chart.
func TuneHTML(w io.Writer, t metrics.Tune, ctx Context) error {
	t, ctx = printable.All(t), ctx.shown()
	list, err := charts.ForTune(t, charts.SVG)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	figs, err := figures(list)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	tb := newTable("tune", "Cost and duration by memory size", tuneHead, tuneRows(t), 2)
	last := len(tuneHead) - 1 // the marks are words
	for i := range tb.Rows {
		tb.Rows[i][last].Num = false
	}
	tb.Head[last].Num = false
	tb.Caption = "score: the balanced score, lower is better"
	return writePage(w, page{
		Title: t.Scenario, Kind: "Power tuning",
		Run:         fmt.Sprintf("%s on %s, %d points, strategy %s", t.Function, t.Platform, len(t.Points), t.Strategy),
		Description: strings.TrimSpace(ctx.Description), Summary: append([]string{tuneSentence(t)}, tuneClassLines(t)...),
		Workload: ctx.Workload, Tables: []table{tb}, Charts: figs,
		Assumptions: append(append([]string(nil), ctx.Assumptions...), t.Notes...),
		Sheets:      append(append([]metrics.SheetRef(nil), ctx.Sheets...), t.PriceSheets...),
	})
}

// usd4 writes a small price to four significant digits without an
// exponent ("0.000001867"): a reader compares the digits, not a power of ten.
func usd4(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	digits := max(0, 3-int(math.Floor(math.Log10(math.Abs(v)))))
	return strconv.FormatFloat(v, 'f', digits, 64)
}
