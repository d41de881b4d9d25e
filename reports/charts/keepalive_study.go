package charts

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"faassim/models/metrics"
)

// keepAliveStudy draws "keepalive-study" in the style of Figure 15 of
// Shahrad et al. (USENIX ATC 2020): one labelled point per FaaS platform
// with per-app statistics, the third-quartile per-application cold-start
// percentage (y) against wasted memory-time normalised to the baseline
// policy (x; see metrics.KeepAliveStudy), with dashed guides through the
// baseline so that the quadrant of each point reads at a glance. No chart
// when fewer than two platforms carry per-app statistics.
func keepAliveStudy(r metrics.Results, f Format) (*Chart, error) {
	s := metrics.NewKeepAliveStudy(r)
	if s == nil {
		return nil, nil
	}
	base := s.Points[s.Baseline]
	const title = "Keep-alive study: cold starts against wasted memory"
	xLabel := fmt.Sprintf("Wasted memory-time (x %s's idle instance GB-s)", base.Platform)
	if !s.Normalised {
		xLabel = "Wasted memory-time (idle instance GB-s)"
	}
	p := newPlot(title, xLabel, "Third-quartile app cold starts (%)")
	var (
		legend  []legendItem
		dropped []string
	)
	for k, pt := range s.Points {
		x, y := s.X(k), pt.P75
		if !finite(x, y) {
			dropped = append(dropped, pt.Platform)
			continue
		}
		sc, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		if err != nil {
			return nil, fmt.Errorf("charts: keep-alive study point of %s: %w", pt.Platform, err)
		}
		sc.GlyphStyle = glyphStyle(pt.Index)
		sc.GlyphStyle.Radius = vg.Points(5)
		p.Add(sc)
		p.Add(note{x: x, y: y, text: pt.Platform, xAlign: draw.XLeft, offset: vg.Point{X: vg.Points(8), Y: vg.Points(3)}})
		legend = append(legend, legendItem{pt.Platform, []plot.Thumbnailer{sc}})
	}
	if finite(s.X(s.Baseline), base.P75) {
		p.Add(vline{x: s.X(s.Baseline), style: guideStyle}, hline{y: base.P75, style: guideStyle})
	}
	// Both axes from zero: the distances to the origin are the quantities
	// compared (half the waste, a third of the cold starts).
	p.X.Min, p.Y.Min = 0, 0
	if !(p.X.Max > 0) {
		p.X.Max = 1
	}
	if !(p.Y.Max > 0) {
		p.Y.Max = 1
	}
	p.X.Tick.Marker = linearTicks{extend: true}
	p.X.AutoRescale = true
	yTicks(&p.Y, nil)
	which := fmt.Sprintf("%s, the fixed 10-minute keep-alive", base.Platform)
	if !s.FixedTenMinutes {
		which = fmt.Sprintf("%s, the first FaaS platform (none keeps instances a fixed 10 minutes)", base.Platform)
	}
	caption := fmt.Sprintf("Each point is one FaaS platform's keep-alive policy: the memory-time of its instances while idle "+
		"over the measured window, relative to %s (x), and the third quartile over applications of each one's "+
		"percentage of cold starts (y; applications with 2 or more requests a replication), as in Figure 15 of "+
		"Shahrad et al. (USENIX ATC 2020). Lower and to the left is better; the dashed lines cross at the baseline.", which)
	if !s.Normalised {
		caption = fmt.Sprintf("Each point is one FaaS platform's keep-alive policy: the memory-time of its instances while idle "+
			"over the measured window in GB-s (x: %s wasted none, so nothing is normalised to it), and the third quartile over "+
			"applications of each one's percentage of cold starts (y; applications with 2 or more requests a replication), "+
			"as in Figure 15 of Shahrad et al. (USENIX ATC 2020). Lower and to the left is better.", which)
	}
	caption += missingNote(dropped, "no finite value")
	c, err := chart("keepalive-study", title, caption, figure{panels: []*plot.Plot{p}, legend: legend}, f)
	return &c, err
}
