package charts

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"faassim/internal/printable"
	"faassim/models/metrics"
)

// sweepMetrics are the metric-versus-parameter charts, one per metric.
var sweepMetrics = []struct {
	name, title, yLabel string
	get                 func(metrics.Platform) float64
	format              func(v, step float64) string
}{
	{"sweep-latency-p99", "p99 latency", "p99 end-to-end latency (ms)",
		func(p metrics.Platform) float64 { return p.LatencyMS.P99 }, nil},
	{"sweep-monthly-cost", "Monthly cost", "Monthly cost (USD, %s)",
		func(p metrics.Platform) float64 { return p.MonthlyCostUSD }, dollarLabel},
	{"sweep-cold-start-ratio", "Cold-start ratio", "Cold starts (% of admitted requests)",
		func(p metrics.Platform) float64 { return 100 * p.ColdStartRatio }, nil},
}

// axisPoint is one x value of a sweep with its label as the user wrote it.
type axisPoint struct {
	x     float64
	label string
	res   metrics.Results
}

// sweepAxis is a sweep reduced to one numeric parameter.
type sweepAxis struct {
	param     string
	points    []axisPoint // by x
	platforms []string    // by first appearance: the colour order
	note      string      // what was held fixed, for the caption
	log       bool
}

// ForSweep draws a sweep against its first numeric parameter (every point
// has a finite number for it): "sweep-latency-p99", "sweep-monthly-cost"
// and "sweep-cold-start-ratio", one line per platform; "power-tuning" when
// the parameter ends in memory_mb; "keepalive-tradeoff" when it ends in
// keep_alive.ttl. With more than one parameter, the other parameters are
// held at the first point's values (a slice of the grid), and the captions
// say so.
func ForSweep(s metrics.Sweep, f Format) ([]Chart, error) {
	s = printable.All(s)
	ax, err := reduceSweep(s)
	if err != nil {
		return nil, err
	}
	var out []Chart
	for _, m := range sweepMetrics {
		p := newPlot(m.title+" against "+ax.param, ax.xLabel(), strings.Replace(m.yLabel, "%s", ax.month(), 1))
		legend, err := ax.addLines(p, ax.platforms, m.get)
		if err != nil {
			return nil, err
		}
		ax.style(p)
		p.Y.Min = 0
		yTicks(&p.Y, m.format)
		caption := fmt.Sprintf("%s of each platform at each value of %s.%s", m.title, ax.param, ax.note)
		c, err := chart(m.name, p.Title.Text, caption, figure{panels: []*plot.Plot{p}, legend: legend}, f)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	switch {
	case strings.HasSuffix(ax.param, "memory_mb"):
		c, err := powerTuning(ax, f)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	case strings.HasSuffix(ax.param, "keep_alive.ttl"):
		c, err := keepAliveTradeoff(ax, f)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// month names the month the points' costs are projected to, or says that
// it varies (a sweep over month).
func (ax sweepAxis) month() string {
	m := ax.points[0].res.MonthS
	for _, pt := range ax.points {
		if metrics.MonthSeconds(pt.res.MonthS) != metrics.MonthSeconds(m) {
			return "each point's month"
		}
	}
	return metrics.MonthName(m)
}

// reduceSweep picks the parameter to plot against and the points to plot.
func reduceSweep(s metrics.Sweep) (sweepAxis, error) {
	if len(s.Points) == 0 {
		return sweepAxis{}, errors.New("charts: the sweep has no points to draw")
	}
	k := -1
	for i := range s.Params {
		ok := true
		for _, pt := range s.Points {
			if i >= len(pt.Numeric) || !finite(pt.Numeric[i]) {
				ok = false
				break
			}
		}
		if ok {
			k = i
			break
		}
	}
	if k < 0 {
		return sweepAxis{}, fmt.Errorf("charts: no parameter of the sweep (%s) has a number at every point", strings.Join(s.Params, ", "))
	}
	ax := sweepAxis{param: s.Params[k]}
	first := s.Points[0]
	var fixed []string
	for j, name := range s.Params {
		if j != k && j < len(first.Values) {
			fixed = append(fixed, name+"="+first.Values[j])
		}
	}
	seen := map[string]bool{}
	for _, pt := range s.Points {
		same := true
		for j := range s.Params {
			if j != k && (j >= len(pt.Values) || j >= len(first.Values) || pt.Values[j] != first.Values[j]) {
				same = false
			}
		}
		if !same {
			continue
		}
		label := strconv.FormatFloat(pt.Numeric[k], 'g', -1, 64)
		if k < len(pt.Values) && pt.Values[k] != "" {
			label = pt.Values[k]
		}
		ax.points = append(ax.points, axisPoint{x: pt.Numeric[k], label: label, res: pt.Results})
		for _, pl := range pt.Results.Platforms {
			if !seen[pl.Name] {
				seen[pl.Name] = true
				ax.platforms = append(ax.platforms, pl.Name)
			}
		}
	}
	if len(ax.platforms) == 0 {
		return sweepAxis{}, errors.New("charts: the sweep's results have no platforms to draw")
	}
	sort.SliceStable(ax.points, func(a, b int) bool { return ax.points[a].x < ax.points[b].x })
	if len(fixed) > 0 {
		ax.note = " Other parameters held at " + strings.Join(fixed, ", ") + "."
	}
	// A log axis when the values are positive, span a factor of ten or more
	// and are not evenly spaced: a geometric sweep (128, 256, 512...) is
	// then evenly spread, while a linear one (128:3008:20) keeps its own
	// even spacing on a linear axis.
	lo, hi := ax.points[0].x, ax.points[len(ax.points)-1].x
	ax.log = lo > 0 && hi/lo >= 10 && !evenlySpaced(ax.points)
	return ax, nil
}

// evenlySpaced reports whether three or more values step by about the same
// amount (within 1.5x, allowing for values rounded to whole megabytes).
func evenlySpaced(pts []axisPoint) bool {
	if len(pts) < 3 {
		return false
	}
	lo, hi := math.Inf(1), 0.0
	for i := 1; i < len(pts); i++ {
		d := pts[i].x - pts[i-1].x
		lo, hi = min(lo, d), max(hi, d)
	}
	return lo > 0 && hi/lo <= 1.5
}

func (ax sweepAxis) xLabel() string {
	unit := ""
	switch {
	case strings.HasSuffix(ax.param, "_mb"):
		unit = "MB"
	case strings.HasSuffix(ax.param, "_s"), strings.HasSuffix(ax.param, "ttl"), strings.HasSuffix(ax.param, "timeout"):
		unit = "duration"
	}
	var parts []string
	if unit != "" {
		parts = append(parts, unit)
	}
	if ax.log {
		parts = append(parts, "log scale")
	}
	if len(parts) == 0 {
		return ax.param
	}
	return ax.param + " (" + strings.Join(parts, ", ") + ")"
}

// style sets the x axis: log or linear, with a tick at every swept value
// labelled as the user wrote it ("512", "5m").
func (ax sweepAxis) style(p *plot.Plot) {
	lo, hi := ax.points[0].x, ax.points[len(ax.points)-1].x
	if ax.log {
		p.X.Scale = plot.LogScale{}
		// 8% of the span on each side (in log space) keeps end markers off
		// the axes.
		pad := math.Pow(hi/lo, 0.08)
		p.X.Min, p.X.Max = lo/pad, hi*pad
	} else {
		pad := (hi - lo) * 0.08
		if pad == 0 {
			pad = math.Max(math.Abs(lo)*0.1, 1) // one point: centre it
		}
		p.X.Min, p.X.Max = lo-pad, hi+pad
	}
	p.X.Tick.Marker = valueTicks{ax: ax, scale: p.X.Scale}
}

// valueTicks puts a tick at each swept value and labels as many as fit
// without overlapping, greedily from the left (room for both labels, at
// least 9% of the axis between them), and always the last value: the end
// of the range is worth reading more than the one before it.
type valueTicks struct {
	ax    sweepAxis
	scale plot.Normalizer
}

func (t valueTicks) Ticks(lo, hi float64) []plot.Tick {
	// The gap between two labels' centres must hold half of each: at the
	// tick font, a character is about 1.5% of the axis ("10m30s" needs
	// more room than "512"), and never less than 9%.
	gap := func(a, b string) float64 {
		return math.Max(0.09, 0.015*float64(len(a)+len(b))/2+0.02)
	}
	ticks := make([]plot.Tick, 0, len(t.ax.points))
	last, lastIdx, lastLabel := math.Inf(-1), -1, ""
	for i, pt := range t.ax.points {
		tick := plot.Tick{Value: pt.x}
		pos := t.scale.Normalize(lo, hi, pt.x)
		if pos-last >= gap(lastLabel, pt.label) {
			tick.Label, last, lastIdx, lastLabel = pt.label, pos, i, pt.label
		}
		ticks = append(ticks, tick)
	}
	if n := len(ticks); n > 1 && lastIdx != n-1 {
		ticks[lastIdx].Label = "" // too close to the end: give way to it
		ticks[n-1].Label = t.ax.points[n-1].label
	}
	return ticks
}

// addLines adds one line with markers per platform, and returns the legend.
// A platform missing at some point, or with a value that cannot be drawn,
// is drawn through the points it has.
func (ax sweepAxis) addLines(p *plot.Plot, names []string, get func(metrics.Platform) float64) ([]legendItem, error) {
	var legend []legendItem
	for _, name := range names {
		i := ax.index(name)
		var xys plotter.XYs
		for _, pt := range ax.points {
			if pl, ok := find(pt.res, name); ok && finite(get(pl)) {
				xys = append(xys, plotter.XY{X: pt.x, Y: get(pl)})
			}
		}
		if len(xys) == 0 {
			continue
		}
		l, s, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("charts: %s: %w", name, err)
		}
		l.LineStyle, s.GlyphStyle = lineStyle(i), glyphStyle(i)
		p.Add(l, s)
		legend = append(legend, legendItem{name, []plot.Thumbnailer{l, s}})
	}
	return legend, nil
}

// index is a platform's colour index: its position in the sweep.
func (ax sweepAxis) index(name string) int {
	for i, n := range ax.platforms {
		if n == name {
			return i
		}
	}
	return 0
}

// subject returns the platforms a per-platform parameter applies to: the
// one named by "platforms.N." in the path when it exists, else all.
func (ax sweepAxis) subject() []string {
	rest, ok := strings.CutPrefix(ax.param, "platforms.")
	if !ok {
		return ax.platforms
	}
	num, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || len(ax.points) == 0 || n >= len(ax.points[0].res.Platforms) {
		return ax.platforms
	}
	return []string{ax.points[0].res.Platforms[n].Name}
}

func find(r metrics.Results, name string) (metrics.Platform, bool) {
	for _, p := range r.Platforms {
		if p.Name == name {
			return p, true
		}
	}
	return metrics.Platform{}, false
}
