package charts

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"faassim/internal/printable"
	"faassim/models/metrics"
)

// ForTune draws "tune-tradeoff", the trade-off AWS Lambda Power Tuning's
// visualization shows: cost per invocation (y, in USD per million
// invocations, where the figures read as whole numbers) against mean
// duration (x) for every memory size, one series per architecture joined
// in memory order, each point labelled with its memory; the recommended
// point is ringed and named. Down and to the left is better: the points
// where no other point is both cheaper and faster are the real choices.
func ForTune(t metrics.Tune, f Format) ([]Chart, error) {
	t = printable.All(t)
	title := fmt.Sprintf("Power tuning of %s on %s: cost against duration", t.Function, t.Platform)
	p := newPlot(title, "Mean duration (ms)", "Cost per million invocations (USD)")
	var archs []string
	for _, pt := range t.Points {
		if !slices.Contains(archs, pt.Architecture) {
			archs = append(archs, pt.Architecture)
		}
	}
	var legend []legendItem
	skipped, drawn := 0, 0
	for i, arch := range archs {
		var xys plotter.XYs
		var labels []string
		for _, pt := range t.Points {
			if pt.Architecture != arch {
				continue
			}
			if !(pt.MeanDurationMS > 0) || !finite(pt.MeanDurationMS, pt.CostPerMillionUSD) {
				skipped++
				continue
			}
			xys = append(xys, plotter.XY{X: pt.MeanDurationMS, Y: pt.CostPerMillionUSD})
			label := fmt.Sprintf("%d MB", pt.MemoryMB)
			if pt.Saturated {
				label += " (saturated)"
			}
			labels = append(labels, label)
		}
		if len(xys) == 0 {
			continue
		}
		item, err := labelledLine(p, i, arch, xys, labels)
		if err != nil {
			return nil, fmt.Errorf("charts: tune-tradeoff: %w", err)
		}
		legend = append(legend, item)
		drawn += len(xys)
	}
	if drawn == 0 {
		return nil, errors.New("charts: the tuning has no point with a duration and a finite cost to draw")
	}
	rec := ""
	if t.Recommended >= 0 && t.Recommended < len(t.Points) {
		r := t.Points[t.Recommended]
		if r.MeanDurationMS > 0 && finite(r.MeanDurationMS, r.CostPerMillionUSD) {
			ring, err := plotter.NewScatter(plotter.XYs{{X: r.MeanDurationMS, Y: r.CostPerMillionUSD}})
			if err != nil {
				return nil, fmt.Errorf("charts: tune-tradeoff: %w", err)
			}
			ring.GlyphStyle = draw.GlyphStyle{Color: noteColor, Radius: vg.Points(9), Shape: draw.RingGlyph{}}
			p.Add(ring)
			rec = fmt.Sprintf("%s: %d MB %s", t.Strategy, r.MemoryMB, r.Architecture)
			p.Add(note{x: r.MeanDurationMS, y: r.CostPerMillionUSD, text: "recommended (" + rec + ")", xAlign: draw.XCenter,
				offset: vg.Point{Y: vg.Points(-24)}, color: noteColor})
		}
	}
	p.Y.Min, p.X.Min = 0, 0
	yTicks(&p.Y, dollarLabel)
	caption := fmt.Sprintf("Each point is one memory size (labelled) of %s on %s, one line per architecture (%s): its mean duration (x) and what an invocation costs, "+
		"compute and request fee, per million (y). Down and to the left is better; a point with another both cheaper and faster is never worth choosing.",
		t.Function, t.Platform, strings.Join(archs, ", "))
	if rec != "" {
		caption += " The ringed point is the recommendation (" + rec + ")."
	} else {
		caption += " No point is recommended: every one is saturated."
	}
	if skipped > 0 {
		caption += fmt.Sprintf(" %s without a completed invocation or a finite cost left out.", plural(skipped, "point"))
	}
	c, err := chart("tune-tradeoff", title, caption, figure{panels: []*plot.Plot{p}, legend: soleLegend(legend)}, f)
	if err != nil {
		return nil, err
	}
	return []Chart{c}, nil
}
