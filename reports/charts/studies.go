package charts

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"faassim/models/metrics"
)

// powerTuning draws cost and p99 latency against memory like AWS Lambda
// Power Tuning's chart, but as two stacked panels sharing the memory axis
// rather than one panel with two y axes: two y scales on one panel make the
// reader guess which line goes with which axis, and gonum/plot has no
// second y axis anyway. The cheapest and the fastest memory sizes are
// labelled. Only the platform the parameter belongs to is drawn
// ("platforms.0.memory_mb" is the first platform's memory); the others do
// not change with it.
func powerTuning(ax sweepAxis, f Format) (Chart, error) {
	names := ax.subject()
	title := "Power tuning: cost and p99 latency against memory"
	if len(names) == 1 {
		title = "Power tuning of " + names[0] + ": cost and p99 latency against memory"
	}
	cost := newPlot(title, "", "Monthly cost (USD)")
	lat := newPlot("", ax.xLabel(), "p99 latency (ms)")
	legend, err := ax.addLines(cost, names, func(p metrics.Platform) float64 { return p.MonthlyCostUSD })
	if err != nil {
		return Chart{}, err
	}
	if _, err := ax.addLines(lat, names, func(p metrics.Platform) float64 { return p.LatencyMS.P99 }); err != nil {
		return Chart{}, err
	}
	for _, p := range []*plot.Plot{cost, lat} {
		ax.style(p)
		p.Y.Min = 0
	}
	yTicks(&cost.Y, dollarLabel)
	yTicks(&lat.Y, nil)
	if len(names) == 1 {
		if err := markBest(cost, ax, names[0], "cheapest", func(p metrics.Platform) float64 { return p.MonthlyCostUSD }); err != nil {
			return Chart{}, err
		}
		if err := markBest(lat, ax, names[0], "fastest", func(p metrics.Platform) float64 { return p.LatencyMS.P99 }); err != nil {
			return Chart{}, err
		}
	}
	caption := fmt.Sprintf("Monthly cost (top) and p99 end-to-end latency (bottom) of %s at each memory size; "+
		"more memory buys CPU, so it can shorten runs enough to pay for itself. "+
		"The cheapest and the fastest sizes are labelled.%s", strings.Join(names, ", "), ax.note)
	return chart("power-tuning", title, caption, figure{panels: []*plot.Plot{cost, lat}, legend: soleLegend(legend), height: 7 * vg.Inch}, f)
}

// markBest labels the point of the named platform where get is lowest
// (the first one on a tie: the smaller memory).
func markBest(p *plot.Plot, ax sweepAxis, name, word string, get func(metrics.Platform) float64) error {
	best, bx, label := math.Inf(1), 0.0, ""
	for _, pt := range ax.points {
		if pl, ok := find(pt.res, name); ok && finite(get(pl)) && get(pl) < best {
			best, bx, label = get(pl), pt.x, pt.label
		}
	}
	if math.IsInf(best, 1) {
		return nil
	}
	p.Add(note{x: bx, y: best, text: fmt.Sprintf("%s: %s", word, label), xAlign: draw.XCenter,
		offset: vg.Point{Y: vg.Points(-20)}, color: noteColor})
	return nil
}

// keepAliveTradeoff draws, for each TTL, the cold-start ratio (y) against
// the idle instance-seconds it costs (x): a longer TTL keeps instances warm
// longer, trading idle capacity for fewer cold starts. Each point is
// labelled with its TTL; the line joins them in TTL order. Only the
// platform the TTL belongs to is drawn.
func keepAliveTradeoff(ax sweepAxis, f Format) (Chart, error) {
	names := ax.subject()
	title := "Keep-alive trade-off: cold starts against idle time"
	if len(names) == 1 {
		title = "Keep-alive trade-off of " + names[0] + ": cold starts against idle time"
	}
	p := newPlot(title, "Idle instance-seconds (measured window)", "Cold starts (% of admitted requests)")
	var legend []legendItem
	for _, name := range names {
		i := ax.index(name)
		var (
			xys    plotter.XYs
			labels []string
		)
		for _, pt := range ax.points {
			pl, ok := find(pt.res, name)
			x, y := pl.InstanceSeconds.Idle, 100*pl.ColdStartRatio
			if !ok || !finite(x, y) {
				continue
			}
			xys = append(xys, plotter.XY{X: x, Y: y})
			labels = append(labels, pt.label)
		}
		if len(xys) == 0 {
			continue
		}
		item, err := labelledLine(p, i, name, xys, labels)
		if err != nil {
			return Chart{}, fmt.Errorf("charts: %s: %w", name, err)
		}
		legend = append(legend, item)
	}
	// y from zero (a ratio); x over the data only: the idle time of the
	// shortest TTL is far from zero, and an axis from zero would squeeze
	// the curve into its right half.
	p.Y.Min = 0
	if !(p.Y.Max > 0) {
		p.Y.Max = 1
	}
	p.X.Tick.Marker = linearTicks{extend: true}
	p.X.AutoRescale = true
	yTicks(&p.Y, nil)
	caption := fmt.Sprintf("Each point is one keep-alive TTL (labelled) for %s: the idle instance-seconds it paid for (x) "+
		"and the share of admitted requests that started cold (y). Down and to the left is better.%s",
		strings.Join(names, ", "), ax.note)
	return chart("keepalive-tradeoff", title, caption, figure{panels: []*plot.Plot{p}, legend: soleLegend(legend)}, f)
}

// soleLegend drops a legend of one entry: the title names the one platform,
// and the data area gets the legend's width.
func soleLegend(items []legendItem) []legendItem {
	if len(items) == 1 {
		return nil
	}
	return items
}

// labelledLine adds series i: xys joined by a thin line, each point
// labelled to its right (a trade-off curve, read point by point), and
// returns its legend entry.
func labelledLine(p *plot.Plot, i int, name string, xys plotter.XYs, labels []string) (legendItem, error) {
	l, s, err := plotter.NewLinePoints(xys)
	if err != nil {
		return legendItem{}, err
	}
	l.LineStyle, s.GlyphStyle = lineStyle(i), glyphStyle(i)
	l.LineStyle.Width = vg.Points(1)
	p.Add(l, s)
	for k, xy := range xys {
		p.Add(note{x: xy.X, y: xy.Y, text: labels[k], xAlign: draw.XLeft, offset: vg.Point{X: vg.Points(7), Y: vg.Points(3)}})
	}
	return legendItem{name, []plot.Thumbnailer{l, s}}, nil
}
