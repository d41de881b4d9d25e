package charts

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"faassim/models/metrics"
)

// costLines are the billing lines in stacking order, bottom first.
var costLines = []struct {
	name string
	get  func(metrics.Cost) float64
}{
	{"compute", func(c metrics.Cost) float64 { return c.Compute }},
	{"requests", func(c metrics.Cost) float64 { return c.Requests }},
	{"provisioned", func(c metrics.Cost) float64 { return c.Provisioned }},
	{"idle", func(c metrics.Cost) float64 { return c.Idle }},
	{"storage", func(c metrics.Cost) float64 { return c.Storage }},
	{"control plane", func(c metrics.Cost) float64 { return c.ControlPlane }},
}

// costBreakdown stacks each platform's billing lines, projected to a month
// like monthly_cost_usd (each line times monthly / total), with the monthly
// total printed above the bar. A line that is zero on every platform gets
// no legend entry; the caption names it.
func costBreakdown(r metrics.Results, f Format) (*Chart, error) {
	const title = "Monthly cost by billing line"
	month := metrics.MonthName(r.MonthS)
	p := newPlot(title, "", "Monthly cost (USD, "+month+")")
	n := len(r.Platforms)
	names := make([]string, n)
	scale := make([]float64, n)
	for i, pl := range r.Platforms {
		names[i] = pl.Name
		if pl.CostUSD.Total > 0 && finite(pl.CostUSD.Total, pl.MonthlyCostUSD) {
			scale[i] = pl.MonthlyCostUSD / pl.CostUSD.Total
		}
	}
	barWidth := vg.Points(min(72, 360/float64(n)))
	var (
		legend  []legendItem
		below   *plotter.BarChart
		omitted []string
		top     float64
	)
	for _, line := range costLines {
		vals := make(plotter.Values, n)
		any := false
		for i, pl := range r.Platforms {
			v := line.get(pl.CostUSD) * scale[i]
			if !finite(v) || v < 0 {
				return nil, fmt.Errorf("charts: %s's %s cost is %v: cannot stack it", pl.Name, line.name, v)
			}
			vals[i] = v
			any = any || v > 0
		}
		if !any {
			omitted = append(omitted, line.name)
			continue
		}
		b, err := plotter.NewBarChart(vals, barWidth)
		if err != nil {
			return nil, fmt.Errorf("charts: cost breakdown: %w", err)
		}
		b.Color = costColors[line.name]
		b.LineStyle.Width = 0
		if below != nil {
			b.StackOn(below)
		}
		below = b
		p.Add(b)
		legend = append(legend, legendItem{line.name, []plot.Thumbnailer{b}})
	}
	for i, pl := range r.Platforms {
		m := pl.MonthlyCostUSD
		if !finite(m) {
			return nil, fmt.Errorf("charts: %s's monthly cost is %v", pl.Name, m)
		}
		p.Add(note{x: float64(i), y: m, text: dollars(m), xAlign: draw.XCenter, offset: vg.Point{Y: vg.Points(4)}})
		top = max(top, m)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.Y.Min = 0
	// Room above the tallest bar for its label; an all-zero chart still
	// gets a visible $0-1 axis.
	p.Y.Max = max(top*1.12, 1)
	p.Y.Tick.Marker = linearTicks{format: dollarLabel}
	caption := "Each platform's monthly cost (the measured window projected to a " + month + ") split by billing line, " +
		"with the total above each bar."
	if len(omitted) > 0 {
		caption += " Lines that are zero on every platform are not shown: " + strings.Join(omitted, ", ") + "."
	}
	// The legend lists the lines top first, as they are stacked.
	slices.Reverse(legend)
	c, err := chart("cost-breakdown", title, caption, figure{panels: []*plot.Plot{p}, legend: legend}, f)
	return &c, err
}
