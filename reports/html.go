package reports

import (
	"fmt"
	"io"
	"strings"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// HTML writes r as one self-contained page: inline CSS, the charts of
// charts.ForResults inlined as SVG, no script and nothing fetched, so the
// file can be mailed or archived and still read the same. It shows the
// scenario's name and description, the workload summary, the comparison
// table (the columns of Text), the cost breakdown, every chart, the
// assumptions and the price sheets with their effective dates and sources.
// With per-app statistics (faassim run --per-app) it adds their tables and,
// when two FaaS platforms or more carry them, a keep-alive study section: a
// reading of it in words, a table of both axes and the "keepalive-study"
// chart. A Context field left empty is taken from r when the results carry
// it.
func HTML(w io.Writer, r metrics.Results, ctx Context) error {
	r, ctx = shownResults(r), ctx.shown()
	ctx = ctx.orResults(r)
	list, err := charts.ForResults(r, charts.SVG)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	figs, err := figures(list)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	p := page{
		Title: r.Scenario, Kind: "Simulation results", Run: runLine(r),
		Description: strings.TrimSpace(ctx.Description), Workload: ctx.Workload,
		Charts:      figs,
		Assumptions: append(append(append([]string(nil), ctx.Assumptions...), windowNotes(r)...), r.Warnings...),
		Sheets:      ctx.Sheets,
	}
	if len(r.Platforms) == 0 {
		p.Summary = []string{"No platforms."}
	} else {
		var rows, costs [][]string
		for _, pl := range r.Platforms {
			rows = append(rows, comparisonRow(pl))
			costs = append(costs, costRow(pl))
		}
		for _, n := range saturationNotes(r.Platforms) {
			p.Summary = append(p.Summary, "Warning: "+n)
		}
		cmp := newTable("comparison", "Comparison", header, rows, textColumns)
		cmp.Notes = []string{"Cold % is among requests not rejected; latency is end to end (wait + cold start + run)."}
		cost := newTable("costs", "Cost breakdown", costHeader, costs, 1)
		cost.Caption = fmt.Sprintf("US dollars over the measured %s; monthly projects it to a %s.",
			span(r.HorizonS-r.WarmupS), monthName(r.MonthS))
		p.Tables = append([]table{cmp, cost}, appsTables(r)...)
		p.Tables = append(p.Tables, byStateTables(r)...)
		p.Study, p.Charts = newStudySection(r, p.Charts)
		p.ChartNotes = timelineNote(r)
	}
	return writePage(w, p)
}

// sweepHeader is the per-point table of a sweep: the Text columns that
// move with a parameter, after the parameter values.
var sweepHeader = []string{"platform", "requests", "rejected", "in flight", "cold %", "p50 ms", "p99 ms",
	"mean instances", "utilization %", "cost/M req $", "monthly $"}

// SweepHTML writes a sweep as one self-contained page in the frame of HTML:
// a row per point and platform, with the parameter values first, and the
// charts of charts.ForSweep.
func SweepHTML(w io.Writer, s metrics.Sweep, ctx Context) error {
	s, ctx = shownSweep(s), ctx.shown()
	list, err := charts.ForSweep(s, charts.SVG)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	figs, err := figures(list)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	if len(s.Points) > 0 {
		ctx = ctx.orResults(s.Points[0].Results)
	}
	head := append(append([]string(nil), s.Params...), sweepHeader...)
	var rows [][]string
	for i, pt := range s.Points {
		if len(pt.Values) != len(s.Params) {
			return fmt.Errorf("html: sweep point %d has %d values for %d parameters", i, len(pt.Values), len(s.Params))
		}
		for _, p := range pt.Results.Platforms {
			row := comparisonRow(p)
			// comparisonRow's columns: drop kind (col 1) and timed out (col 4).
			row = append(append([]string{row[0]}, row[2:4]...), row[5:]...)
			rows = append(rows, append(append([]string(nil), pt.Values...), row...))
		}
	}
	run := fmt.Sprintf("%d points over %s", len(s.Points), strings.Join(s.Params, ", "))
	var notes []string
	if len(s.Points) > 0 {
		run += "; " + runLine(s.Points[0].Results)
		notes = windowNotes(s.Points[0].Results)
	}
	t := newTable("sweep", "Sweep points", head, rows, len(s.Params)+1)
	return writePage(w, page{
		Title: s.Scenario, Kind: "Sweep", Run: run,
		Description: strings.TrimSpace(ctx.Description), Workload: ctx.Workload,
		Tables: []table{t}, Charts: figs,
		Assumptions: append(append([]string(nil), ctx.Assumptions...), notes...),
		Sheets:      ctx.Sheets,
	})
}

// BreakEvenHTML writes a break-even search as one self-contained page in the
// frame of HTML: the crossing in words, monthly costs against the request
// rate, and the charts of charts.ForBreakEven.
func BreakEvenHTML(w io.Writer, b metrics.BreakEven, ctx Context) error {
	b, ctx = shownBreakEven(b), ctx.shown()
	list, err := charts.ForBreakEven(b, charts.SVG)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	figs, err := figures(list)
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	head := []string{"scale", "rate/s", b.A + " monthly $", b.B + " monthly $", "difference $", "cheaper", "saturated"}
	var rows [][]string
	for _, pt := range b.Points {
		rows = append(rows, breakEvenRow(b, pt))
	}
	t := newTable("breakeven", "Monthly cost against request rate", head, rows, 0)
	t.Caption = fmt.Sprintf("difference is %s minus %s", b.B, b.A)
	// The last two columns hold names, not numbers.
	for c := len(head) - 2; c < len(head); c++ {
		for i := range t.Rows {
			t.Rows[i][c].Num = false
		}
		t.Head[c].Num = false
	}
	summary := []string{breakEvenSentence(b)}
	if note := breakEvenSaturationNote(b); note != "" {
		summary = append(summary, note)
	}
	// Break-even points carry platforms, not the run's window: say only
	// what holds at every rate.
	notes := []string{fmt.Sprintf("Monthly costs project each rate's measured window to a %s.", monthName(b.MonthS))}
	return writePage(w, page{
		Title: b.Scenario, Kind: "Break-even", Run: fmt.Sprintf("%s against %s over %d request rates", b.A, b.B, len(b.Points)),
		Description: strings.TrimSpace(ctx.Description), Summary: summary,
		Workload: ctx.Workload, Tables: []table{t}, Charts: figs,
		Assumptions: append(append([]string(nil), ctx.Assumptions...), notes...),
		Sheets:      ctx.Sheets,
	})
}

func breakEvenRow(b metrics.BreakEven, pt metrics.BreakEvenPoint) []string {
	return []string{sig3(pt.Scale), sig3(pt.RatePerS), grouped(pt.A.MonthlyCostUSD, 2),
		grouped(pt.B.MonthlyCostUSD, 2), grouped(pt.MonthlyDiff, 2), breakEvenCheaper(b, pt), breakEvenSaturated(b, pt)}
}

// breakEvenSentence says the answer before the table does.
func breakEvenSentence(b metrics.BreakEven) string {
	if !b.Found {
		return fmt.Sprintf("No crossing between %s and %s in the rates searched: the cheaper one does not change.", b.A, b.B)
	}
	c := b.Crossing
	where := "above"
	if strings.HasSuffix(b.Direction, "below") {
		where = "below"
	}
	s := fmt.Sprintf("%s is cheaper than %s %s about %s requests/s (%s× the scenario's rates), where both cost about $%s a month.",
		b.B, b.A, where, sig3(c.RatePerS), sig3(c.Scale), grouped((c.A.MonthlyCostUSD+c.B.MonthlyCostUSD)/2, 2))
	if c.BSaturated {
		s = fmt.Sprintf("%s costs less than %s %s about %s requests/s (%s× the scenario's rates), but is saturated there: it does not serve that load, so it is not cheaper.",
			b.B, b.A, where, sig3(c.RatePerS), sig3(c.Scale))
	} else if c.ASaturated {
		s += fmt.Sprintf(" %s is saturated there.", b.A)
	}
	return s
}

// timelineNote says, in one line, why a page has no charts over time:
// results saved without a timeline (faassim run --format json without
// --timeline) have none to draw, and their absence should not pass for a
// report that forgot them.
func timelineNote(r metrics.Results) []string {
	for _, p := range r.Platforms {
		if p.Timeline != nil {
			return nil
		}
	}
	return []string{"No timeline in these results, so no charts of instances and cold starts over time: " +
		"run the scenario with --timeline D (e.g. --timeline 10m), or with --format html, to record one."}
}
