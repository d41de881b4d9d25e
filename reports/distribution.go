package reports

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// distBarWidth is the longest bar of a text distribution, in characters.
const distBarWidth = 30

// writeDistributionText draws each platform's distribution of live
// instances as horizontal bars, the mean marked on the bar holding it, the
// tails folded and wide ranges binned as charts.LayoutDistribution says
// (at most 12 lines a platform); nothing when no platform has one.
func writeDistributionText(buf *bytes.Buffer, r metrics.Results) {
	header, gathered := false, false
	for _, p := range r.Platforms {
		if len(p.Instances.Distribution) == 0 {
			continue
		}
		if !header {
			buf.WriteString("live instances: share of the measured window at each count (the JSON lists every count)\n")
			header = true
		}
		lay := charts.LayoutDistribution(p.Instances.Distribution, p.Instances.Mean)
		line := "  " + PlatformLabel(p)
		if lay.Width > 1 {
			line += fmt.Sprintf(" (bins of %d counts)", lay.Width)
		}
		buf.WriteString(line + "\n")
		top, labelW := 0.0, 0
		for _, b := range lay.Bars {
			top = max(top, b.Fraction)
			labelW = max(labelW, len(b.Label()))
		}
		for k, b := range lay.Bars {
			n := int(b.Fraction/top*distBarWidth + 0.5)
			bar := strings.Repeat("█", n)
			if n == 0 && b.Fraction > 0 {
				bar = "▏" // there, but under half a character
				n = 1
			}
			share := shareText(b.Fraction)
			fmt.Fprintf(buf, "    %*s  %s%s %7s", labelW, b.Label(), bar, strings.Repeat(" ", distBarWidth-n), share)
			// A tail bar of one count is labelled with it, like any
			// other; one of several says how many it gathers.
			if b.Folded > 1 {
				fmt.Fprintf(buf, "  (%d counts)", b.Folded)
				gathered = true
			}
			if k == lay.MeanBar {
				fmt.Fprintf(buf, "  <- mean %.2f", p.Instances.Mean)
			}
			buf.WriteString("\n")
		}
	}
	if gathered {
		fmt.Fprintf(buf, "  (\"N or more\" and \"N or fewer\" gather the rarest counts at each end, at most %s of the window each)\n",
			shareText(charts.TailShare))
	}
	if header {
		buf.WriteString("\n")
	}
}

// shareText writes a share of the window as a percentage to three
// significant digits, two below 1%, without trailing zeros ("39.9%",
// "0.78%", "0.022%", "100%").
func shareText(f float64) string {
	if !(f > 0) {
		return "0%"
	}
	v := 100 * f
	digits := 2.0
	if v < 1 {
		digits = 1
	}
	scale := math.Pow(10, digits-math.Floor(math.Log10(v)))
	return strconv.FormatFloat(math.Round(v*scale)/scale, 'f', -1, 64) + "%"
}

// writeDistributionMarkdown lists each platform's distribution of live
// instances in one table row, folded and binned as in the text report.
func writeDistributionMarkdown(buf *bytes.Buffer, r metrics.Results) {
	var rows [][]string
	for _, p := range r.Platforms {
		if len(p.Instances.Distribution) == 0 {
			continue
		}
		lay := charts.LayoutDistribution(p.Instances.Distribution, p.Instances.Mean)
		var cells []string
		for _, b := range lay.Bars {
			cells = append(cells, b.Label()+": "+shareText(b.Fraction))
		}
		width := "1"
		if lay.Width > 1 {
			width = fmt.Sprint(lay.Width)
		}
		rows = append(rows, []string{PlatformLabel(p), fmt.Sprintf("%.2f", p.Instances.Mean), width, strings.Join(cells, " · ")})
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(buf, "## Live instances\n\nShare of the measured window at each count of live instances (the JSON results list every count); \"N or more\" and \"N or fewer\" gather the rarest counts at each end, at most %s of the window each.\n\n",
		shareText(charts.TailShare))
	mdTable(buf, []string{"platform", "mean", "counts per entry", "share of the window"}, rows, 1)
}
