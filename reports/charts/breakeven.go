package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"faassim/internal/printable"
	"faassim/models/metrics"
)

// ForBreakEven draws "breakeven": monthly cost against request rate, one
// line per platform (A in Palette[0], B in Palette[1]), on log-log axes:
// rates are searched geometrically, a pay-per-request platform is then a
// straight line of slope one and a fixed fleet a flat one, and both ends of
// a wide range stay readable. A cost of $0 (everything in the free tier)
// has no place on a log axis; when there is one, the y axis is linear
// instead and the axis label and caption say so. The crossing, when found,
// is marked with a dashed vertical line and labelled with its rate and cost.
func ForBreakEven(b metrics.BreakEven, f Format) ([]Chart, error) {
	b = printable.All(b)
	type pt struct{ rate, a, bc float64 }
	var pts []pt
	skipped := 0
	for _, p := range b.Points {
		if !(p.RatePerS > 0) || !finite(p.RatePerS, p.A.MonthlyCostUSD, p.B.MonthlyCostUSD) {
			skipped++
			continue
		}
		pts = append(pts, pt{p.RatePerS, p.A.MonthlyCostUSD, p.B.MonthlyCostUSD})
	}
	crossing := b.Found && b.Crossing.RatePerS > 0 &&
		finite(b.Crossing.RatePerS, b.Crossing.A.MonthlyCostUSD, b.Crossing.B.MonthlyCostUSD)
	// The crossing is a simulated rate like the others: it belongs on both
	// lines, which then meet where the mark is.
	if crossing {
		pts = append(pts, pt{b.Crossing.RatePerS, b.Crossing.A.MonthlyCostUSD, b.Crossing.B.MonthlyCostUSD})
	}
	if len(pts) == 0 {
		return nil, errors.New("charts: the break-even search has no rate with finite costs to draw")
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].rate < pts[j].rate })
	logY := true
	for _, p := range pts {
		if p.a <= 0 || p.bc <= 0 {
			logY = false
		}
	}
	a, bn := nameOr(b.A, "A"), nameOr(b.B, "B")
	title := fmt.Sprintf("Break-even: %s against %s", a, bn)
	yLabel := "Monthly cost (USD, log scale)"
	if !logY {
		yLabel = "Monthly cost (USD; linear: some costs are $0)"
	}
	p := newPlot(title, "Offered load (requests per second, log scale)", yLabel)
	// On a log y axis the costs are drawn as log10 on a linear axis with
	// log10Ticks (see there why).
	ly := func(v float64) float64 {
		if logY {
			return math.Log10(v)
		}
		return v
	}
	var legend []legendItem
	for i, name := range []string{a, bn} {
		xys := make(plotter.XYs, len(pts))
		for k, q := range pts {
			xys[k] = plotter.XY{X: q.rate, Y: ly(q.a)}
			if i == 1 {
				xys[k].Y = ly(q.bc)
			}
		}
		l, s, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("charts: break-even line of %s: %w", name, err)
		}
		l.LineStyle, s.GlyphStyle = lineStyle(i), glyphStyle(i)
		p.Add(l, s)
		legend = append(legend, legendItem{name, []plot.Thumbnailer{l, s}})
	}
	setLog(&p.X)
	if logY {
		lo, hi := niceLogRange(math.Pow(10, p.Y.Min), math.Pow(10, p.Y.Max))
		p.Y.Min, p.Y.Max = math.Log10(lo), math.Log10(hi)
		p.Y.Tick.Marker = log10Ticks{}
	} else {
		p.Y.Min = 0
		yTicks(&p.Y, dollarLabel)
	}
	caption := fmt.Sprintf("Projected monthly cost of %s and %s as the offered load scales the scenario's own rates "+
		"(log-log axes, so cost proportional to load is a straight line).", a, bn)
	if !logY {
		caption = fmt.Sprintf("Projected monthly cost of %s and %s as the offered load scales the scenario's own rates "+
			"(log x axis; the y axis is linear because some costs are $0, which a log axis cannot show).", a, bn)
	}
	if skipped > 0 {
		caption += fmt.Sprintf(" %s without a positive rate or a finite cost were left out.", plural(skipped, "point"))
	}
	if crossing {
		if err := markCrossing(p, b, ly); err != nil {
			return nil, err
		}
		caption += fmt.Sprintf(" The lines cross near %s requests/s (%s a month); %s.",
			sig3(b.Crossing.RatePerS), dollars(crossCost(b)), directionText(b, a, bn))
	} else {
		caption += " The cheaper platform does not change within the range: no crossing."
	}
	c, err := chart("breakeven", title, caption, figure{panels: []*plot.Plot{p}, legend: legend}, f)
	if err != nil {
		return nil, err
	}
	return []Chart{c}, nil
}

// crossCost is the cost drawn at the crossing: the two platforms' costs
// there differ by the search's tolerance, and their mean sits between the
// lines where they meet.
func crossCost(b metrics.BreakEven) float64 {
	return (b.Crossing.A.MonthlyCostUSD + b.Crossing.B.MonthlyCostUSD) / 2
}

// markCrossing adds a dashed vertical line at the crossing rate spanning
// the y range, a ring at the crossing and its label.
func markCrossing(p *plot.Plot, b metrics.BreakEven, ly func(float64) float64) error {
	x, cost := b.Crossing.RatePerS, crossCost(b)
	y := ly(cost)
	ring, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	if err != nil {
		return err
	}
	ring.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(7), Shape: draw.RingGlyph{}}
	p.Add(vline{x: x, style: guideStyle}, ring)
	p.Add(note{x: x, y: y, text: fmt.Sprintf("break-even ≈ %s req/s, %s/month", sig3(x), dollars(cost)),
		xAlign: draw.XRight, offset: vg.Point{X: vg.Points(-10), Y: vg.Points(8)}})
	return nil
}

func directionText(b metrics.BreakEven, a, bn string) string {
	switch b.Direction {
	case "B cheaper above":
		return bn + " is cheaper above it, " + a + " below"
	case "B cheaper below":
		return bn + " is cheaper below it, " + a + " above"
	}
	return "the cheaper platform changes there"
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
