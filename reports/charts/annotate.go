package charts

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// note is a text label at a data point. Unlike plotter.Labels it takes no
// part in the axes' ranges or in gonum/plot's glyph padding (which, for a
// long label mid-plot, shrinks the whole data area), and it is moved to
// stay inside the data area rather than run off its edge.
type note struct {
	x, y   float64
	text   string
	xAlign draw.XAlignment
	offset vg.Point
	color  color.Color
}

func (n note) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(n.x), Y: trY(n.y)}
	if !c.Contains(pt) {
		return
	}
	col := n.color
	if col == nil {
		col = color.Black
	}
	sty := text.Style{Color: col, Font: fontOf(noteSize), XAlign: n.xAlign, YAlign: draw.YBottom, Handler: p.TextHandler}
	base := pt
	pt = pt.Add(n.offset)
	r := sty.Rectangle(n.text)
	// A label meant below a point near the x axis goes above it instead,
	// and one meant above a point near the top goes below.
	if pt.Y+r.Min.Y < c.Min.Y {
		pt.Y = base.Y + vg.Points(8)
	}
	if pt.Y+r.Max.Y > c.Max.Y {
		pt.Y = base.Y - vg.Points(8) - r.Max.Y
	}
	if left := pt.X + r.Min.X; left < c.Min.X {
		pt.X += c.Min.X - left
	}
	if right := pt.X + r.Max.X; right > c.Max.X {
		pt.X -= right - c.Max.X
	}
	c.FillText(sty, pt, n.text)
}

// vline is a vertical line across the data area at x; hline a horizontal
// one at y. Neither has a DataRange, so they never stretch the axes.
type vline struct {
	x     float64
	style draw.LineStyle
}

func (v vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
}

type hline struct {
	y     float64
	style draw.LineStyle
}

func (h hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
}

var guideStyle = draw.LineStyle{Color: noteColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}

// linearTicks labels 4 to 8 round values: the first of steps (absolute
// sizes, e.g. 1, 2, 3, 6, 12 hours) that gives at most eight, else 1, 2,
// 2.5 or 5 times a power of ten. format writes a label; extend makes the
// ticks reach one step past the data on both sides, so that with
// AutoRescale the axis ends on a labelled value.
type linearTicks struct {
	steps  []float64
	format func(v, step float64) string
	extend bool
	most   int // labels at most (0: maxLabels)
}

const maxLabels = 8

func (t linearTicks) step(span float64) float64 {
	most := float64(maxLabels)
	if t.most > 0 {
		most = float64(t.most)
	}
	for _, s := range t.steps {
		if span/s <= most {
			return s
		}
	}
	mag := math.Pow10(int(math.Floor(math.Log10(span / maxLabels))))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if span/(m*mag) <= maxLabels {
			return m * mag
		}
	}
	return 10 * mag
}

func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo, hi) || hi < lo {
		return nil
	}
	format := t.format
	if format == nil {
		format = plainLabel
	}
	if hi == lo {
		return []plot.Tick{{Value: lo, Label: format(lo, 1)}}
	}
	step := t.step(hi - lo)
	k0, k1 := math.Ceil(lo/step-1e-9), math.Floor(hi/step+1e-9)
	if t.extend {
		k0, k1 = math.Floor(lo/step+1e-9), math.Ceil(hi/step-1e-9)
	}
	var ticks []plot.Tick
	for k := k0; k <= k1; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0 // not -0 or 1e-17
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: format(v, step)})
	}
	return ticks
}

// plainLabel writes v with as many decimals as the step needs.
func plainLabel(v, step float64) string {
	prec := 0
	for s := step; s < 1 && prec < 9; s *= 10 {
		prec++
	}
	if step*math.Pow10(prec) != math.Round(step*math.Pow10(prec)) {
		prec++ // 2.5 steps need one more
	}
	return decimal(v, prec)
}

func dollarLabel(v, step float64) string {
	if step >= 1 {
		return "$" + decimal(v, 0)
	}
	return "$" + plainLabel(v, step)
}

// yTicks sets a y axis to round labels ending on a tick.
func yTicks(a *plot.Axis, format func(v, step float64) string) {
	a.Tick.Marker = linearTicks{format: format, extend: true}
	a.AutoRescale = true
}
