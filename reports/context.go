package reports

import (
	"fmt"
	"strings"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// Context is what a report says beyond the numbers: the runner knows the
// scenario file and the price sheets, the results do not. Every field may be
// empty; a report leaves out the sections it has nothing for.
type Context struct {
	// Description is the scenario's own description, a paragraph.
	Description string
	// Workload summarizes the workload, one line each ("api: poisson
	// 0.9/s, 512 MB, exponential 1.991s").
	Workload []string
	// Assumptions are the modelling choices a reader needs to trust the
	// numbers (keep-alive, limits, free tier on or off), one line each;
	// the report adds the measured window and the month projection itself.
	Assumptions []string
	// Sheets are the price sheets used, shown with effective dates and
	// source links.
	Sheets []metrics.SheetRef
	// ChartDir is where the caller wrote the chart files (charts.WriteFiles)
	// as the Markdown report should link them, relative to the report: the
	// Markdown references charts only when it is set. HTML ignores it and
	// inlines its charts.
	ChartDir string
	// ChartFormat is the format of the files in ChartDir (charts.SVG, the
	// zero value, or charts.PNG); it gives the links their extension.
	ChartFormat charts.Format
}

// orResults returns ctx with each empty field taken from r: saved results
// carry the runner's description, workload, assumptions and price sheets, so
// `faassim report` renders them without the runner. A field the caller set
// wins.
func (ctx Context) orResults(r metrics.Results) Context {
	if strings.TrimSpace(ctx.Description) == "" {
		ctx.Description = r.Description
	}
	if len(ctx.Workload) == 0 {
		ctx.Workload = r.Workload
	}
	if len(ctx.Assumptions) == 0 {
		ctx.Assumptions = r.Assumptions
	}
	if len(ctx.Sheets) == 0 {
		ctx.Sheets = r.PriceSheets
	}
	return ctx
}

// runLine names the run's settings in one line.
func runLine(r metrics.Results) string {
	return fmt.Sprintf("seed %d, horizon %s (warm-up %s), %s", r.Seed, span(r.HorizonS), span(r.WarmupS), replicationsText(r.Replications))
}

// windowNotes are the assumptions every results report states, whatever the
// runner passed: what the statistics cover and how costs are projected.
func windowNotes(r metrics.Results) []string {
	notes := []string{fmt.Sprintf("Statistics cover the %s after the warm-up; monthly costs project that span to a %s.",
		span(r.HorizonS-r.WarmupS), monthName(r.MonthS))}
	notes = append(notes, "Work that runs across an edge of that window (an execution with its billed INIT, a busy period, an instance's life) "+
		"is billed pro rata for its part inside; requests still waiting or running at its end are in flight.")
	if r.Replications > 1 {
		notes = append(notes, fmt.Sprintf("Counts, instances and costs are means per replication, percentiles pooled over the %s replications; "+
			"± is the 95%% confidence half-width over replications.", count(int64(r.Replications))))
	}
	return append(notes, "Cold % is among requests not rejected; latency is end to end (wait + cold start + run).")
}

// monthName names the month results were projected to ("30-day month"),
// from their month_s (absent in files older than it: 30 days).
func monthName(monthS float64) string { return metrics.MonthName(monthS) }

// costHeader and costRow are the cost breakdown table: each billing line
// apart, over the measured window, then the per-request and monthly views.
var costHeader = []string{"platform", "compute $", "requests $", "provisioned $", "idle $", "storage $",
	"control plane $", "total $", "cost/M req $", "monthly $"}

func costRow(p metrics.Platform) []string {
	c := p.CostUSD
	row := []string{p.Name}
	for _, v := range []float64{c.Compute, c.Requests, c.Provisioned, c.Idle, c.Storage, c.ControlPlane, c.Total} {
		// Four decimals: a window's request fees are often below a cent.
		row = append(row, grouped(v, 4))
	}
	return append(row, grouped(p.CostPerMillionRequestsUSD, 2), grouped(p.MonthlyCostUSD, 2))
}
