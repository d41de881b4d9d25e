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

// ForResults draws a run's charts, in this order: "latency-cdf" (when any
// platform has a latency CDF), "instances" and "cold-start-ratio" (when any
// platform recorded a timeline), "cost-breakdown", "keepalive-study"
// (when two FaaS platforms or more carry per-app statistics) and
// "instance-distribution" (when any platform has one). Platform i has
// colour Palette[i] in every one of them.
func ForResults(r metrics.Results, f Format) ([]Chart, error) {
	r = printable.All(r) // legends and labels are names from the user's files
	if len(r.Platforms) == 0 {
		return nil, errors.New("charts: the results have no platforms to draw")
	}
	var out []Chart
	for _, build := range []func(metrics.Results, Format) (*Chart, error){
		latencyCDF, instances, coldStartRatio, costBreakdown, keepAliveStudy, instanceDistribution,
	} {
		c, err := build(r, f)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, *c)
		}
	}
	return out, nil
}

// latencyCDF draws each platform's end-to-end latency CDF on a log x axis:
// latencies span from a warm millisecond to a cold-start second, and a
// linear axis would squash everything but the tail against zero. A point at
// 0 ms (or a non-finite one) cannot sit on a log axis: it is not drawn, and
// the caption and the axis label count it.
func latencyCDF(r metrics.Results, f Format) (*Chart, error) {
	const title = "End-to-end latency CDF"
	p := newPlot(title, "", "Fraction of requests at or below")
	var (
		legend  []legendItem
		dropped int
		missing []string
	)
	for i, pl := range r.Platforms {
		var xys plotter.XYs
		for _, pt := range pl.LatencyCDF {
			if !finite(pt[0], pt[1]) || pt[0] <= 0 {
				dropped++
				continue
			}
			xys = append(xys, plotter.XY{X: pt[0], Y: pt[1]})
		}
		if len(xys) == 0 {
			missing = append(missing, pl.Name)
			continue
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("charts: latency CDF of %s: %w", pl.Name, err)
		}
		l.LineStyle = lineStyle(i)
		p.Add(l)
		legend = append(legend, legendItem{pl.Name, []plot.Thumbnailer{l}})
	}
	if len(legend) == 0 {
		return nil, nil // nothing recorded a distribution: no chart, not an error
	}
	p.X.Label.Text = "Latency (ms, log scale)"
	if dropped > 0 {
		p.X.Label.Text = fmt.Sprintf("Latency (ms, log scale; %s at 0 ms not drawn)", plural(dropped, "point"))
	}
	setLog(&p.X)
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = linearTicks{steps: []float64{0.1}}
	// The tail is what differs between platforms and a linear y axis
	// squeezes it against the top: a guide at 0.99 shows where to read p99.
	p.Add(hline{y: 0.99, style: guideStyle},
		note{x: p.X.Min, y: 0.99, text: "p99", xAlign: draw.XLeft, offset: vg.Point{X: vg.Points(4), Y: vg.Points(-14)}, color: noteColor})
	caption := "Share of requests (y) completed within a latency (x, log scale), wait, cold start and run included; " +
		"the further left and the steeper, the better. Latencies of 0 ms cannot be placed on a log axis and are not drawn."
	if dropped > 0 {
		caption += fmt.Sprintf(" Here %s at 0 ms or not finite were left out.", plural(dropped, "point"))
	}
	caption += missingNote(missing, "no latency distribution")
	c, err := chart("latency-cdf", title, caption, figure{panels: []*plot.Plot{p}, legend: legend}, f)
	return &c, err
}

// steps draws per-bucket values as a staircase: each value holds over its
// whole bucket, which is what a bucket average or count means. Runs of
// buckets where value reports !ok are left as gaps, so one line may be
// several segments.
func steps(t *metrics.Timeline, n int, divisor float64, value func(i int) (float64, bool)) ([]*plotter.Line, int, error) {
	var (
		lines []*plotter.Line
		cur   plotter.XYs
		gaps  int
	)
	flush := func() error {
		if len(cur) > 0 {
			l, err := plotter.NewLine(cur)
			if err != nil {
				return err
			}
			l.StepStyle = plotter.PostStep
			lines = append(lines, l)
		}
		cur = nil
		return nil
	}
	for i := range n {
		v, ok := value(i)
		if !ok || !finite(v) {
			gaps++
			if err := flush(); err != nil {
				return nil, 0, err
			}
			continue
		}
		start := (t.StartS + float64(i)*t.StepS) / divisor
		cur = append(cur, plotter.XY{X: start, Y: v})
		// Close the bucket: the staircase ends at the bucket's end, not
		// its start, unless the next bucket continues it.
		if next, ok := nextOK(value, i, n); !ok || !finite(next) {
			cur = append(cur, plotter.XY{X: start + t.StepS/divisor, Y: v})
		}
	}
	return lines, gaps, flush()
}

func nextOK(value func(int) (float64, bool), i, n int) (float64, bool) {
	if i+1 >= n {
		return 0, false
	}
	return value(i + 1)
}

// instances draws the time-averaged number of live instances per bucket.
func instances(r metrics.Results, f Format) (*Chart, error) {
	w := timelines(r)
	idx, div := w.idx, w.divisor
	if len(idx) == 0 {
		return nil, nil
	}
	const title = "Live instances over time"
	p := newPlot(title, fmt.Sprintf("Simulated time (%s)", w.unit), "Instances (mean per bucket)")
	labels, days := w.addDayMarks(p)
	var legend []legendItem
	for _, i := range idx {
		t := r.Platforms[i].Timeline
		lines, _, err := steps(t, len(t.Instances), div, func(j int) (float64, bool) { return t.Instances[j], true })
		if err != nil {
			return nil, fmt.Errorf("charts: instances of %s: %w", r.Platforms[i].Name, err)
		}
		if len(lines) == 0 {
			continue
		}
		for _, l := range lines {
			l.LineStyle = lineStyle(i)
			l.LineStyle.Width = timelineWidth
			p.Add(l)
		}
		name := r.Platforms[i].Name + sameAs(r, idx, i, func(t *metrics.Timeline) []float64 { return t.Instances })
		legend = append(legend, legendItem{name, []plot.Thumbnailer{lines[0]}})
	}
	if len(legend) == 0 {
		return nil, nil
	}
	p.Y.Min = 0
	w.finishX(p, labels)
	yTicks(&p.Y, nil)
	caption := fmt.Sprintf("Live instances (warm or busy), averaged over each %s bucket of the measured window; "+
		"time counts from the start of the simulation, so the first bucket starts at the end of the warm-up.",
		spanLabel(r.Platforms[idx[0]].Timeline.StepS)) + days
	c, err := chart("instances", title, caption, figure{panels: []*plot.Plot{p}, legend: legend}, f)
	return &c, err
}

// coldStartRatio draws cold starts per bucket as a share of the bucket's
// admitted requests (requests minus rejections), the same definition as
// the run's cold_start_ratio. A bucket without admitted requests has no
// ratio: it is a gap in the line, not a zero.
func coldStartRatio(r metrics.Results, f Format) (*Chart, error) {
	w := timelines(r)
	idx, div := w.idx, w.divisor
	if len(idx) == 0 {
		return nil, nil
	}
	const title = "Cold-start ratio over time"
	p := newPlot(title, fmt.Sprintf("Simulated time (%s)", w.unit), "Cold starts (% of admitted requests)")
	labels, days := w.addDayMarks(p)
	var (
		legend []legendItem
		gaps   int
	)
	for _, i := range idx {
		t := r.Platforms[i].Timeline
		n := min(len(t.Requests), len(t.ColdStarts))
		lines, g, err := steps(t, n, div, func(j int) (float64, bool) {
			admitted := t.Requests[j]
			if j < len(t.Rejected) {
				admitted -= t.Rejected[j]
			}
			if !(admitted > 0) {
				return 0, false
			}
			return 100 * t.ColdStarts[j] / admitted, true
		})
		if err != nil {
			return nil, fmt.Errorf("charts: cold-start ratio of %s: %w", r.Platforms[i].Name, err)
		}
		gaps += g
		if len(lines) == 0 {
			continue
		}
		for _, l := range lines {
			l.LineStyle = lineStyle(i)
			l.LineStyle.Width = timelineWidth
			p.Add(l)
		}
		// A platform without a cold start draws along the x axis, under
		// the others: the legend says so rather than leave it to be found.
		name := r.Platforms[i].Name
		if sum(t.ColdStarts) == 0 {
			name += " (no cold starts)"
		} else {
			name += sameAs(r, idx, i, func(t *metrics.Timeline) []float64 { return t.ColdStarts })
		}
		legend = append(legend, legendItem{name, []plot.Thumbnailer{lines[0]}})
	}
	if len(legend) == 0 {
		return nil, nil
	}
	p.Y.Min = 0
	if !(p.Y.Max > 0) {
		p.Y.Max = 1 // all zero: a 0-1% axis rather than a collapsed one
	}
	w.finishX(p, labels)
	yTicks(&p.Y, nil)
	caption := "Cold starts in each bucket as a percentage of that bucket's admitted (not rejected) requests."
	if gaps > 0 {
		caption += fmt.Sprintf(" %s without admitted requests have no ratio and are left as gaps.", plural(gaps, "bucket"))
	}
	caption += days
	c, err := chart("cold-start-ratio", title, caption, figure{panels: []*plot.Plot{p}, legend: legend}, f)
	return &c, err
}

// timelineWidth is thinner than other lines: a day of 10-minute buckets is
// a dense staircase that a 2-point line turns into a blur.
const timelineWidth = 1.5

// sameAs returns " (same as NAME)" when platform i's series equals that of
// an earlier platform in idx: the later line is drawn exactly over the
// earlier one, which would otherwise vanish without a word.
func sameAs(r metrics.Results, idx []int, i int, series func(*metrics.Timeline) []float64) string {
	mine := series(r.Platforms[i].Timeline)
	for _, j := range idx {
		if j >= i {
			break
		}
		if slices.Equal(series(r.Platforms[j].Timeline), mine) {
			return " (same as " + r.Platforms[j].Name + ")"
		}
	}
	return ""
}

func sum(vs []float64) float64 {
	s := 0.0
	for _, v := range vs {
		s += v
	}
	return s
}

// missingNote names the platforms a chart could not draw.
func missingNote(names []string, why string) string {
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(" Not drawn (%s): %s.", why, strings.Join(names, ", "))
}

// spanLabel writes seconds the way scenario files do ("10m", "1h", "30s").
func spanLabel(s float64) string {
	whole := s == float64(int64(s))
	switch {
	case s >= daySeconds && whole && int64(s)%daySeconds == 0:
		return fmt.Sprintf("%dd", int64(s)/daySeconds)
	case s >= 3600 && int64(s)%3600 == 0:
		return fmt.Sprintf("%dh", int64(s)/3600)
	case s >= 60 && int64(s)%60 == 0 && whole:
		return fmt.Sprintf("%dm", int64(s)/60)
	case whole && s >= 1:
		return fmt.Sprintf("%ds", int64(s))
	}
	return sig3(s) + "s"
}
