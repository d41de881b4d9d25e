package charts

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Palette is the colour of the platform at each position in a result's
// platform list, the same in every chart. It is the Okabe-Ito palette
// (Okabe and Ito, "Color Universal Design", 2008), readable with the common
// colour-vision deficiencies, with its yellow last because it is faint on
// white. Platforms past the eighth reuse the colours with a dashed line.
var Palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// costColors are the billing lines' colours in the cost breakdown; idle is
// grey because it is capacity paid for and not used.
var costColors = map[string]color.RGBA{
	"compute":       {0x44, 0x77, 0xAA, 0xFF},
	"requests":      {0xEE, 0x99, 0x33, 0xFF},
	"provisioned":   {0x22, 0x88, 0x33, 0xFF},
	"idle":          {0x99, 0x99, 0x99, 0xFF},
	"storage":       {0xAA, 0x33, 0x77, 0xFF},
	"control plane": {0x66, 0xCC, 0xEE, 0xFF},
}

var (
	bgColor   = color.White
	gridColor = color.RGBA{0xE0, 0xE0, 0xE0, 0xFF}
	noteColor = color.RGBA{0x55, 0x55, 0x55, 0xFF}
)

// Text sizes in points: at 8 x 5 inches these stay legible when the image
// is scaled down to a column of a document.
const (
	titleSize  = 14
	labelSize  = 12
	tickSize   = 10
	legendSize = 11
	noteSize   = 10
)

// Sans serif reads better than gonum/plot's default serif at small sizes.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func fontOf(size float64) font.Font { return font.From(sans, vg.Points(size)) }

// newPlot returns a plot with the package's fonts, a light grid, the title
// and the axis labels; every label names its unit.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = fontOf(titleSize)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = fontOf(labelSize)
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = fontOf(tickSize)
	}
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridColor, gridColor
	p.Add(g)
	return p
}

// lineStyle is platform i's line.
func lineStyle(i int) draw.LineStyle {
	s := draw.LineStyle{Color: Palette[i%len(Palette)], Width: vg.Points(2)}
	if i >= len(Palette) {
		s.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	}
	return s
}

// glyphShapes vary with the colour so that markers stay distinct in grey.
var glyphShapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{},
	draw.RingGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{},
}

// glyphStyle is platform i's marker.
func glyphStyle(i int) draw.GlyphStyle {
	return draw.GlyphStyle{Color: Palette[i%len(Palette)], Radius: vg.Points(3.5), Shape: glyphShapes[i%len(glyphShapes)]}
}

// finite reports whether every value is a number that can be drawn.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// logTicks marks 1, 2 and 5 times the powers of ten (only the powers when
// the range spans more than three decades) with plain decimal labels: a
// reader thinks in "200 ms", not "2e+02". The other integer multiples get
// unlabelled minor ticks.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi >= lo) || !finite(lo, hi) {
		return nil
	}
	d0, d1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	dense := d1-d0 <= 3
	var ticks []plot.Tick
	labelled := 0
	for d := d0; d <= d1; d++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow10(d)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || (dense && (m == 2 || m == 5)) {
				t.Label = decimal(v, max(0, -d))
				labelled++
			}
			ticks = append(ticks, t)
		}
	}
	// A range inside one decade (150 to 800 ms) may hold no 1-2-5 value at
	// all; then every tick is labelled rather than none.
	if labelled < 2 {
		for i := range ticks {
			ticks[i].Label = decimal(ticks[i].Value, max(0, -int(math.Floor(math.Log10(ticks[i].Value)))))
		}
	}
	return ticks
}

// log10Ticks is logTicks for an axis whose data are already log10 of the
// values. gonum/plot's LogScale centres a vertical axis label's glyph box
// at the linear midpoint of the range, which for a log range lies near the
// top, and the padding meant for it shrinks the data area by a fifth; data
// transformed to log10 on a linear axis draw the same picture without it.
type log10Ticks struct{}

func (log10Ticks) Ticks(lo, hi float64) []plot.Tick {
	ts := logTicks{}.Ticks(math.Pow(10, lo), math.Pow(10, hi))
	for i := range ts {
		ts[i].Value = math.Log10(ts[i].Value)
	}
	return ts
}

// niceLogRange widens [lo, hi] to the nearest 1-2-5 values around it, so the
// ends of a log axis carry labels.
func niceLogRange(lo, hi float64) (float64, float64) {
	steps := []float64{1, 2, 5, 10}
	d := math.Floor(math.Log10(lo))
	nlo := math.Pow10(int(d))
	for _, s := range steps {
		if v := s * math.Pow10(int(d)); v <= lo*(1+1e-9) {
			nlo = v
		}
	}
	d = math.Floor(math.Log10(hi))
	nhi := 10 * math.Pow10(int(d))
	for i := len(steps) - 1; i >= 0; i-- {
		if v := steps[i] * math.Pow10(int(d)); v >= hi*(1-1e-9) {
			nhi = v
		}
	}
	return nlo, nhi
}

// setLog makes the axis logarithmic over the data's range widened to 1-2-5
// values; the caller has already kept every non-positive value off it.
func setLog(a *plot.Axis) {
	a.Scale = plot.LogScale{}
	a.Tick.Marker = logTicks{}
	if a.Min > 0 && a.Max >= a.Min && finite(a.Min, a.Max) {
		a.Min, a.Max = niceLogRange(a.Min, a.Max)
	}
}

// decimal formats v with prec digits after the point and commas between
// thousands ("12,500", "0.05").
func decimal(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// sig3 formats v to three significant digits without an exponent.
func sig3(v float64) string {
	if v == 0 || !finite(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	mag := int(math.Floor(math.Log10(math.Abs(v))))
	r := math.Round(v*math.Pow10(2-mag)) / math.Pow10(2-mag)
	mag = int(math.Floor(math.Log10(math.Abs(r))))
	return decimal(r, max(0, 2-mag))
}

// dollars formats a cost: cents above a dollar, three significant digits
// below it, so that $0.0042 does not print as $0.00.
func dollars(v float64) string {
	if math.Abs(v) >= 1 || v == 0 {
		return "$" + decimal(v, 2)
	}
	return "$" + sig3(v)
}

// plural returns "1 point" or "3 points".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
