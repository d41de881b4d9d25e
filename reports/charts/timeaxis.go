package charts

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"faassim/models/metrics"
)

const daySeconds = 86400

// timeAxis picks the unit of a timeline's x axis from its span, so the
// tick labels stay short numbers: hours up to two days (a 48 h axis
// still reads in hours), days beyond.
func timeAxis(spanS float64) (divisor float64, unit string) {
	switch {
	case spanS > 2*daySeconds:
		return daySeconds, "days"
	case spanS >= 3*3600:
		return 3600, "h"
	case spanS >= 3*60:
		return 60, "min"
	}
	return 1, "s"
}

// timeTicks labels clock-like steps of the unit (every 3 h, every 15 min,
// every day).
func timeTicks(unit string) plot.Ticker {
	if unit == "days" {
		return dayTicks{}
	}
	steps := map[string][]float64{
		"h":   {1, 2, 3, 4, 6, 12, 24, 48, 72, 168},
		"min": {1, 2, 5, 10, 15, 20, 30, 60, 120},
		"s":   {1, 2, 5, 10, 15, 30, 60, 120},
	}[unit]
	return linearTicks{steps: steps}
}

// dayTicks labels a days axis: every half day up to 4 days, every day up
// to 16 (a 14-day run has a tick per day, which a chart 8 inches wide
// holds), then every 2 days, every week, and round numbers past 16 weeks.
type dayTicks struct{}

func (dayTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	steps := []struct{ step, upTo float64 }{{0.5, 4}, {1, 16}, {2, 32}, {7, 112}}
	for _, s := range steps {
		if span <= s.upTo {
			return linearTicks{steps: []float64{s.step}, most: int(s.upTo / s.step)}.Ticks(lo, hi)
		}
	}
	return linearTicks{}.Ticks(lo, hi)
}

// timeWindow is the x axis shared by the timeline charts: the platforms
// with a usable timeline (by index), the unit that fits the longest, the
// measured window in seconds of simulated time, and how far into the
// first replayed day simulated time 0 falls (Results.DayOffsetS).
type timeWindow struct {
	idx        []int
	divisor    float64
	unit       string
	fromS, toS float64
	dayOffsetS float64
}

// timelines returns the timeline charts' window. The window ends at the
// results' horizon when they carry one: the last bucket may run past it
// when the step does not divide the window, and no midnight there is part
// of the run.
func timelines(r metrics.Results) timeWindow {
	w := timeWindow{fromS: math.Inf(1), toS: math.Inf(-1)}
	for i, pl := range r.Platforms {
		t := pl.Timeline
		if t == nil || !(t.StepS > 0) || !finite(t.StartS, t.StepS) {
			continue
		}
		w.idx = append(w.idx, i)
		w.fromS = min(w.fromS, t.StartS)
		w.toS = max(w.toS, t.StartS+float64(max(len(t.Instances), len(t.Requests)))*t.StepS)
	}
	if len(w.idx) == 0 {
		w.fromS, w.toS = 0, 0
	}
	if r.HorizonS > w.fromS && r.HorizonS < w.toS {
		w.toS = r.HorizonS
	}
	w.divisor, w.unit = timeAxis(w.toS - w.fromS)
	// An offset outside [0, 10^9 s] or not a number (a hand-edited
	// results file) marks the midnights of the run itself, as before it
	// existed, rather than lines nowhere or everywhere.
	if off := r.DayOffsetS; off > 0 && off <= 1e9 {
		w.dayOffsetS = off
	}
	return w
}

// setX spans p's x axis over the window, so that the timeline charts share
// one axis: without it each ends at its own last point, and the cold-start
// ratio, which has no point in a bucket without requests, stopped short
// of the instances chart when the trace ended before the horizon.
func (w timeWindow) setX(p *plot.Plot) {
	if w.toS > w.fromS {
		p.X.Min, p.X.Max = w.fromS/w.divisor, w.toS/w.divisor
	}
}

// finishX ends a timeline chart's x axis once its series are in: the
// shared window, clock-like ticks, and the day labels from addDayMarks
// (nil for none), added last so that no series covers them.
func (w timeWindow) finishX(p *plot.Plot, labels plot.Plotter) {
	w.setX(p)
	p.X.Tick.Marker = timeTicks(w.unit)
	if labels != nil {
		p.Add(labels)
	}
}

// maxDayMarks bounds the day boundaries drawn: past two months the dashed
// lines would be closer than the staircase's steps and grey the chart out.
const maxDayMarks = 62

// midnights returns the day boundaries strictly inside the window, in
// seconds of simulated time, with the number of the day each begins
// (day 1 being the first replayed day): every 24 h from the start of the
// first replayed day, which is dayOffsetS before simulated time 0 (a trace
// window's from: with from: 6h the first midnight is 18 h in). A window
// that crosses none has none. It returns false when there are more than
// maxDayMarks.
func (w timeWindow) midnights() (atS []float64, days []int, ok bool) {
	for k := math.Floor((w.fromS+w.dayOffsetS)/daySeconds) + 1; k*daySeconds-w.dayOffsetS < w.toS; k++ {
		if len(atS) == maxDayMarks {
			return nil, nil, false
		}
		atS = append(atS, k*daySeconds-w.dayOffsetS)
		days = append(days, int(k)+1)
	}
	return atS, days, true
}

// addDayMarks marks each midnight of the window on p: a dashed line under
// the series (call it before adding them) and, through the returned
// plotter (add it after them, so the series do not cover it), a "day N"
// label at the top. It returns the caption's sentence about them ("" when
// the window crosses no midnight).
func (w timeWindow) addDayMarks(p *plot.Plot) (labels plot.Plotter, caption string) {
	ms, days, ok := w.midnights()
	if !ok {
		return nil, fmt.Sprintf(" The run spans more than %d days: day boundaries are not marked.", maxDayMarks)
	}
	if len(ms) == 0 {
		return nil, ""
	}
	m := dayMarks{days: days}
	for _, s := range ms {
		m.xs = append(m.xs, s/w.divisor)
	}
	p.Add(dayLines(m))
	if w.dayOffsetS == 0 {
		return m, " Dashed lines mark each midnight of the run, every 24 h from its start (warm-up included), " +
			"labelled with the day that begins there (day 2 starts 24 h in)."
	}
	where := "on whole days of simulated time"
	if rem := math.Mod(w.dayOffsetS, daySeconds); rem > 0 {
		where = spanLabel(rem) + " before each whole day of simulated time"
	}
	return m, fmt.Sprintf(" Dashed lines mark each midnight of the replayed days, labelled with the day that begins there "+
		"(day 1 is the first replayed day). Simulated time 0 is %s after the start of day 1 (the trace window's from), "+
		"so midnights fall %s.", spanLabel(w.dayOffsetS), where)
}

// dayMarks labels day boundaries at xs (axis units) with their day numbers;
// dayLines draws the boundaries themselves.
type dayMarks struct {
	xs   []float64
	days []int
}

type dayLines dayMarks

var dayLineStyle = draw.LineStyle{Color: color.RGBA{0x88, 0x88, 0x88, 0xFF}, Width: vg.Points(0.8),
	Dashes: []vg.Length{vg.Points(3), vg.Points(3)}}

func (m dayLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, x := range m.xs {
		if px := trX(x); px >= c.Min.X && px <= c.Max.X {
			c.StrokeLine2(dayLineStyle, px, c.Min.Y, px, c.Max.Y)
		}
	}
}

// Plot writes "day N" just right of each boundary, at the top of the data
// area, on a pale background so that a series passing there does not
// blot it out. Left to right, a label that would touch the previous one
// (or run off the right edge) is left out: at 14 days on an 8-inch chart
// about every other day is labelled, and the dashed lines still show
// every boundary.
func (m dayMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := text.Style{Color: noteColor, Font: fontOf(noteSize - 1), XAlign: draw.XLeft, YAlign: draw.YTop, Handler: p.TextHandler}
	pad := vg.Points(2)
	next := c.Min.X
	for i, x := range m.xs {
		px := trX(x)
		label := fmt.Sprintf("day %d", m.days[i])
		r := sty.Rectangle(label)
		at := vg.Point{X: px + vg.Points(3), Y: c.Max.Y - vg.Points(3)}
		right := at.X + r.Max.X - r.Min.X
		if px < c.Min.X || at.X < next || right+pad > c.Max.X {
			continue
		}
		box := vg.Rectangle{Min: vg.Point{X: at.X - pad, Y: at.Y + r.Min.Y - pad}, Max: vg.Point{X: right + pad, Y: at.Y + r.Max.Y + pad}}
		c.SetColor(labelBackground)
		c.Fill(box.Path())
		c.FillText(sty, at, label)
		next = right + vg.Points(6)
	}
}

// labelBackground is white, slightly see-through (not premultiplied).
var labelBackground = color.NRGBA{0xFF, 0xFF, 0xFF, 0xD0}
