package charts

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"faassim/models/metrics"
)

// How the reports draw an instance-count distribution (text and charts
// alike): the body one bar per count, the far tail (the counts beyond
// where 1 - TailShare of the time is covered) and the low head (the
// lowest counts holding at most TailShare) folded into one bar each, and a
// body wider than MaxBodyBars counts binned in equal widths of 1, 2 or 5
// times a power of ten. The results' JSON keeps every count: only the
// pictures fold.
const (
	TailShare   = 0.001
	MaxBodyBars = 9
)

// DistBar is one bar of a drawn distribution: counts Lo to Hi and their
// share of the window.
type DistBar struct {
	Lo, Hi   int64
	Fraction float64
	// Tail is -1 for the folded low head, +1 for the folded far tail, 0
	// for the body; Folded counts the counts with time in a tail bar.
	Tail, Folded int
}

// Label is the bar's name: "7", "120-139", "5 or fewer", "11 or more".
func (b DistBar) Label() string {
	switch {
	case b.Lo == b.Hi:
		return fmt.Sprint(b.Lo)
	case b.Tail < 0:
		return fmt.Sprintf("%d or fewer", b.Hi)
	case b.Tail > 0:
		return fmt.Sprintf("%d or more", b.Lo)
	}
	return fmt.Sprintf("%d-%d", b.Lo, b.Hi)
}

// contains reports whether x falls in a body bar, each count standing
// for [count - 0.5, count + 0.5).
func (b DistBar) contains(x float64) bool {
	return x >= float64(b.Lo)-0.5 && x < float64(b.Hi)+0.5
}

// DistLayout is a distribution as drawn: its bars, the counts per body
// bar (1: one bar per count) and the bar holding the mean.
type DistLayout struct {
	Bars    []DistBar
	Width   int64
	MeanBar int
}

// Folded is how many counts the tail bars hold.
func (l DistLayout) Folded() int {
	n := 0
	for _, b := range l.Bars {
		n += b.Folded
	}
	return n
}

// LayoutDistribution groups d (ascending counts, as the results hold it)
// into bars as described at TailShare; no bars for an empty d.
func LayoutDistribution(d []metrics.CountFraction, mean float64) DistLayout {
	if len(d) == 0 {
		return DistLayout{}
	}
	// first: the first count past the low head; last: where 1 - TailShare
	// is covered. first <= last, as the head holds at most TailShare.
	// eps keeps a share summed to exactly the threshold (0.999 as 0.5 +
	// 0.499) on the side it is meant to be.
	const eps = 1e-12
	first, last := 0, len(d)-1
	cum := 0.0
	for i, x := range d {
		cum += x.Fraction
		if cum <= TailShare+eps {
			first = i + 1
		}
		if cum >= 1-TailShare-eps {
			last = i
			break
		}
	}
	first = min(first, last)
	var l DistLayout
	if first > 0 {
		l.Bars = append(l.Bars, foldBar(d[:first], -1))
	}
	lo, hi := d[first].Count, d[last].Count
	l.Width = binWidth(hi - lo + 1)
	start := lo / l.Width * l.Width
	i := first
	for s := start; s <= hi; s += l.Width {
		b := DistBar{Lo: max(s, lo), Hi: min(s+l.Width-1, hi)}
		for ; i <= last && d[i].Count <= b.Hi; i++ {
			b.Fraction += d[i].Fraction
		}
		l.Bars = append(l.Bars, b)
	}
	if last < len(d)-1 {
		l.Bars = append(l.Bars, foldBar(d[last+1:], +1))
	}
	// The mean's bar: the body bar holding it, else the tail bar (or the
	// end of the body) on its side.
	l.MeanBar = -1
	for k, b := range l.Bars {
		if b.Tail == 0 && b.contains(mean) {
			l.MeanBar = k
			break
		}
	}
	if l.MeanBar < 0 {
		l.MeanBar = len(l.Bars) - 1
		if mean < float64(lo) {
			l.MeanBar = 0
		}
	}
	return l
}

func foldBar(d []metrics.CountFraction, tail int) DistBar {
	b := DistBar{Lo: d[0].Count, Hi: d[len(d)-1].Count, Tail: tail, Folded: len(d)}
	for _, x := range d {
		b.Fraction += x.Fraction
	}
	return b
}

// binWidth is the smallest of 1, 2, 5, 10, 20, ... counts that lays span
// counts out in MaxBodyBars bars (one more when the bins, aligned on their
// width, straddle the span's ends).
func binWidth(span int64) int64 {
	for w := int64(1); ; w *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if (span+w*m-1)/(w*m) <= MaxBodyBars {
				return w * m
			}
		}
	}
}

// instanceDistribution draws each platform's distribution of live
// instances as a bar chart, one panel per platform, with the mean as a
// dashed vertical line; folded tails and bins are said in the caption and
// the bars' labels.
func instanceDistribution(r metrics.Results, f Format) (*Chart, error) {
	const title = "Distribution of live instances"
	var (
		panels []*plot.Plot
		notes  []string
	)
	for i, pl := range r.Platforms {
		d := pl.Instances.Distribution
		if len(d) == 0 {
			continue
		}
		lay := LayoutDistribution(d, pl.Instances.Mean)
		ptitle := fmt.Sprintf("%s: mean %s live instances", pl.Name, decimal(pl.Instances.Mean, 2))
		if len(panels) == 0 {
			ptitle = title + "\n" + ptitle
		}
		p := newPlot(ptitle, "Live instances", "Share of the window (%)")
		p.Title.TextStyle.Font = fontOf(labelSize)
		vals := make(plotter.Values, len(lay.Bars))
		labels := make([]string, len(lay.Bars))
		top := 0.0
		for k, b := range lay.Bars {
			vals[k] = 100 * b.Fraction
			labels[k] = b.Label()
			top = max(top, vals[k])
		}
		bars, err := plotter.NewBarChart(vals, vg.Points(min(40, 360/float64(len(vals)))))
		if err != nil {
			return nil, fmt.Errorf("charts: distribution of %s: %w", pl.Name, err)
		}
		bars.Color = Palette[i%len(Palette)]
		bars.LineStyle.Width = 0
		p.Add(bars)
		x := meanX(lay, pl.Instances.Mean)
		p.Add(vline{x: x, style: guideStyle},
			note{x: x, y: top * 1.1, text: "mean " + decimal(pl.Instances.Mean, 2), xAlign: draw.XLeft, offset: vg.Point{X: vg.Points(4)}, color: noteColor})
		p.NominalX(labels...)
		p.X.Min, p.X.Max = -0.5, float64(len(vals))-0.5
		p.Y.Min, p.Y.Max = 0, max(top*1.25, 1) // room for the mean's label above the bars
		panels = append(panels, p)
		if n := lay.Folded(); n > 0 || lay.Width > 1 {
			var what []string
			if n > 0 {
				what = append(what, plural(n, "count")+" folded into the tail bars")
			}
			if lay.Width > 1 {
				what = append(what, fmt.Sprintf("bins of %d counts", lay.Width))
			}
			notes = append(notes, pl.Name+": "+strings.Join(what, ", "))
		}
	}
	if len(panels) == 0 {
		return nil, nil
	}
	caption := fmt.Sprintf("Share of the measured window during which each number of instances was live (warm or busy), "+
		"pooled over replications; the dashed line marks the mean. Counts beyond where %s of the time is covered are folded "+
		"into one bar (\"N or more\"), as are the lowest counts holding at most %s (\"N or fewer\"); when the counts in between span more than %d, "+
		"they are binned in equal widths. The JSON results list every count.", pct(1-TailShare), pct(TailShare), MaxBodyBars)
	if len(notes) > 0 {
		caption += " Here " + strings.Join(notes, "; ") + "."
	}
	h := vg.Length(math.Max(float64(height), float64(len(panels))*2.6*float64(vg.Inch)))
	c, err := chart("instance-distribution", title, caption, figure{panels: panels, height: h}, f)
	return &c, err
}

// meanX places the mean on the bars' axis: within its bar in proportion
// to where it falls among the bar's counts, at the middle of a tail bar.
func meanX(l DistLayout, mean float64) float64 {
	b := l.Bars[l.MeanBar]
	x := float64(l.MeanBar)
	if b.Tail != 0 {
		return x
	}
	pos := (mean - (float64(b.Lo) - 0.5)) / float64(b.Hi-b.Lo+1)
	return x - 0.5 + math.Min(1, math.Max(0, pos))
}

// pct writes a share as a percentage without trailing zeros ("99.9%").
func pct(f float64) string { return strconv.FormatFloat(math.Round(1e6*100*f)/1e6, 'f', -1, 64) + "%" }
