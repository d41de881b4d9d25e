package charts

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is an image format a chart is rendered in.
type Format int

// The formats: SVG for HTML reports (inline, scalable, diffable text) and
// PNG for pasting into documents.
const (
	SVG Format = iota
	PNG
)

// ParseFormat reads a format name as the CLI spells it: "svg" or "png".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "svg":
		return SVG, nil
	case "png":
		return PNG, nil
	}
	return 0, fmt.Errorf("charts: unknown image format %q: want svg or png", s)
}

// String returns the format's name, which is also its file extension.
func (f Format) String() string {
	switch f {
	case SVG:
		return "svg"
	case PNG:
		return "png"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Chart is one rendered chart.
type Chart struct {
	// Name is the file stem, stable across versions: "latency-cdf",
	// "instances", "cost-breakdown", "cold-start-ratio", "sweep-<metric>",
	// "power-tuning", "breakeven", "keepalive-tradeoff", "keepalive-study", "instance-distribution".
	Name string
	// Title is the human title, also drawn at the top of the image.
	Title string
	// Caption says how to read the chart and every rule that kept a value
	// off it (a zero on a log axis, a bucket without requests), so that a
	// report can print it under the image: nothing is dropped silently.
	Caption string
	// Data is the rendered image in the format asked for.
	Data []byte
}

// Sizes: 8 x 5 inches reads well both inline in an HTML page and pasted into
// a document; PNGs are rasterized at 150 dpi (1200 x 750 pixels), sharp on
// high-density screens without being heavy.
const (
	width     = 8 * vg.Inch
	height    = 5 * vg.Inch
	pngDPI    = 150
	legendPad = 10 // points between the plot area and the legend
)

// figure is what a chart draws: one or more panels stacked vertically that
// share one legend, drawn to the right of the panels. gonum/plot puts a
// legend inside the data area, where it hides data whatever corner is
// chosen; outside, it never does.
type figure struct {
	panels []*plot.Plot
	legend []legendItem
	height vg.Length // 0 means the default height
}

type legendItem struct {
	name   string
	thumbs []plot.Thumbnailer
}

// render draws the figure in format f and returns the image bytes.
func (fig figure) render(f Format) ([]byte, error) {
	h := fig.height
	if h == 0 {
		h = height
	}
	var (
		canvas vg.CanvasWriterTo
		dc     draw.Canvas
	)
	switch f {
	case SVG:
		c := vgsvg.New(width, h)
		canvas, dc = c, draw.New(c)
	case PNG:
		c := vgimg.NewWith(vgimg.UseWH(width, h), vgimg.UseDPI(pngDPI))
		canvas, dc = vgimg.PngCanvas{Canvas: c}, draw.New(c)
	default:
		return nil, fmt.Errorf("charts: unknown image format %v", f)
	}
	if err := fig.draw(dc); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: encoding %v: %w", f, err)
	}
	return buf.Bytes(), nil
}

func (fig figure) draw(dc draw.Canvas) (err error) {
	if len(fig.panels) == 0 {
		return errors.New("charts: nothing to draw")
	}
	// gonum/plot reports some impossible layouts (a range it cannot
	// normalize) by panicking; a report must get an error instead.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("charts: drawing %q: %v", fig.panels[0].Title.Text, r)
		}
	}()
	dc.SetColor(bgColor)
	dc.Fill(dc.Rectangle.Path())

	var (
		leg          plot.Legend
		legendHeight vg.Length
	)
	if len(fig.legend) > 0 {
		leg = plot.NewLegend()
		leg.TextStyle.Font = fontOf(legendSize)
		leg.Top, leg.Left = true, true
		leg.Padding = vg.Points(4)
		leg.ThumbnailWidth = vg.Points(24)
		for _, it := range fig.legend {
			leg.Add(it.name, it.thumbs...)
		}
		r := leg.Rectangle(dc)
		legendHeight = r.Max.Y - r.Min.Y
		split := dc.Max.X - (r.Max.X - r.Min.X) - vg.Points(2*legendPad)
		lc := dc
		lc.Min.X = split + vg.Points(legendPad)
		// Align the legend's top with the top of the first data area,
		// below the title.
		top := fig.panels[0]
		if top.Title.Text != "" {
			lc.Max.Y -= top.Title.TextStyle.Height(top.Title.Text) + top.Title.Padding
		}
		lc.Max.Y -= vg.Points(4)
		dc.Max.X = split
		// Drawn after the panels (below), whose backgrounds would cover it.
		defer leg.Draw(lc)
	}
	rows := make([][]*plot.Plot, len(fig.panels))
	for i, p := range fig.panels {
		rows[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(rows), Cols: 1, PadY: vg.Points(14),
		PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(6)}
	canvases := plot.Align(rows, tiles, dc)
	// gonum/plot keeps room right of the data area for the last x tick
	// label to overhang; beside a legend that room is already there, so
	// the data area may grow into it as long as the legend, at the top,
	// ends well above the x axis it would share the column with.
	if len(fig.legend) > 0 && legendHeight < (dc.Max.Y-dc.Min.Y)/2 {
		gap := canvases[0][0].Max.X - fig.panels[0].DataCanvas(canvases[0][0]).Max.X
		if extra := gap - vg.Points(legendPad); extra > 0 {
			dc.Max.X += extra
			canvases = plot.Align(rows, tiles, dc)
		}
	}
	for i, p := range fig.panels {
		p.Draw(canvases[i][0])
	}
	return nil
}

// chart renders fig and wraps it as a Chart.
func chart(name, title, caption string, fig figure, f Format) (Chart, error) {
	data, err := fig.render(f)
	if err != nil {
		return Chart{}, fmt.Errorf("charts: %s: %w", name, err)
	}
	return Chart{Name: name, Title: title, Caption: caption, Data: data}, nil
}
