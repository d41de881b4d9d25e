package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"faassim/internal/printable"
	"faassim/models/metrics"
)

// DiffFormats are the formats a diff renders in: a diff is read in a
// terminal, by a program, or as a pull-request comment.
var DiffFormats = []string{"text", "json", "markdown"}

// DiffForFormat returns the renderer of a diff named by a --format value.
func DiffForFormat(name string) (func(io.Writer, metrics.Diff) error, error) {
	switch name {
	case "text":
		return DiffText, nil
	case "json":
		return DiffJSON, nil
	case "markdown":
		return DiffMarkdown, nil
	}
	return nil, fmt.Errorf("unknown format %q for a diff (known: %s)", name, strings.Join(DiffFormats, ", "))
}

// DiffJSON writes d as indented JSON (schema faassim/diff/v1), like JSON.
func DiffJSON(w io.Writer, d metrics.Diff) error { return writeJSON(w, d) }

// DiffText writes d for a terminal: what was compared, one headline per
// platform, a table per platform, the unmatched platforms, the notes and
// the method.
func DiffText(w io.Writer, d metrics.Diff) error {
	d = printable.All(d)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "base %s\nnew  %s\n\n", sideName(d.Base), sideName(d.New))
	for _, p := range d.Platforms {
		fmt.Fprintf(&buf, "%s: %s\n", p.Name, Headline(p, d.Replications))
	}
	for _, p := range d.Platforms {
		fmt.Fprintf(&buf, "\n%s (%s)\n", p.Name, p.Kind)
		rows := append([][]string{{"metric", "base", "new", "change", "95% interval"}}, diffRows(p, d.Replications)...)
		writeAligned(&buf, "  ", rows, 1) // the metric names are words
	}
	buf.WriteString("\n")
	for _, l := range unmatchedLines(d) {
		fmt.Fprintf(&buf, "%s\n", l)
	}
	for _, n := range d.Notes {
		fmt.Fprintf(&buf, "note: %s\n", n)
	}
	fmt.Fprintf(&buf, "method: %s\n", methodLine(d))
	_, err := w.Write(buf.Bytes())
	return err
}

// Headline is one platform's change in a few words, as a pull request
// wants it: "+$41.20/month (+18%), p99 -120 ms". With several
// replications only changes whose interval excludes 0 are named, the rest
// summed up as "no significant change"; with one there is no interval, so
// every change that shows at the printed precision is named and marked as
// untested.
func Headline(p metrics.PlatformDiff, replications int) string {
	tested := replications > 1
	parts := headlineParts(p, replications)
	var out string
	switch {
	case len(parts) > 0:
		out = strings.Join(parts, ", ")
		if !tested {
			out += " (1 replication: not tested)"
		}
	case tested:
		out = "no significant change"
	default:
		out = "no change"
	}
	switch {
	case p.NewSaturated && !p.BaseSaturated:
		out += "; saturated in NEW (its figures are those of falling behind the load)"
	case p.BaseSaturated && !p.NewSaturated:
		out += "; saturated in BASE only"
	case p.BaseSaturated:
		out += "; saturated in both"
	}
	return out
}

// headlineParts are the changes a headline names: with several
// replications those whose interval excludes 0, with one every change that
// shows at the printed precision.
func headlineParts(p metrics.PlatformDiff, replications int) []string {
	tested := replications > 1
	var parts []string
	for _, c := range []struct {
		name string
		metrics.Change
		unit string
	}{
		{"", p.MonthlyCostUSD, metrics.UnitUSDMonth},
		{"p99", p.LatencyP99MS, metrics.UnitMS},
		{"p50", p.LatencyP50MS, metrics.UnitMS},
		{"cold starts", p.ColdStartRatio, metrics.UnitRatio},
		{"rejected", p.RejectedRatio, metrics.UnitRatio},
	} {
		if (tested && !c.Significant) || c.Delta == 0 {
			continue
		}
		s := signed(c.Delta, c.unit)
		if isZeroText(s) {
			continue
		}
		switch c.unit {
		case metrics.UnitUSDMonth:
			s += "/month" + relText(c.Change)
		case metrics.UnitMS:
			s = c.name + " " + s + " ms"
		default:
			s = c.name + " " + s
		}
		parts = append(parts, s)
	}
	return parts
}

// diffRows is a platform's table: metric, base, new, change (with the
// relative change where it means something), 95% interval.
func diffRows(p metrics.PlatformDiff, replications int) [][]string {
	var rows [][]string
	for _, c := range p.Changes() {
		label, unit := c.Label, c.Unit
		switch unit {
		case metrics.UnitUSDMonth:
			label += " ($/month)"
		case metrics.UnitMS:
			label += " (ms)"
		case metrics.UnitRatio:
			label += " (%)"
		}
		change := signed(c.Delta, unit)
		if unit == metrics.UnitUSDMonth || unit == metrics.UnitMS {
			change += relText(c.Change)
		}
		interval := "n/a (1 replication)"
		if c.CI95 != nil {
			interval = "[" + signed(c.CI95[0], unit) + ", " + signed(c.CI95[1], unit) + "]"
		} else if replications > 1 {
			interval = "n/a"
		}
		rows = append(rows, []string{label, plain(c.Base, unit), plain(c.New, unit), change, interval})
	}
	return rows
}

// plain formats a value: dollars to the cent, milliseconds to three
// significant digits, ratios as percentages, counts as counts.
func plain(v float64, unit string) string {
	switch unit {
	case metrics.UnitUSDMonth:
		return "$" + grouped(v, 2)
	case metrics.UnitMS:
		return sig3(v)
	case metrics.UnitRatio:
		return percent(v) + "%"
	}
	return countText(v)
}

// signed formats a difference with its sign ("+$2.76", "-84.2", "+0.15
// pp"); a ratio's difference is in percentage points.
func signed(v float64, unit string) string {
	sign := "+"
	if v < 0 || (v == 0 && math.Signbit(v)) {
		sign, v = "-", -v
	}
	s := plain(v, unit)
	if unit == metrics.UnitRatio {
		s = percent(v) + " pp"
	}
	if isZeroText(s) {
		return s // no change has no sign: "$0.00", not "+$0.00"
	}
	return sign + s
}

// isZeroText: a formatted number that reads as zero ("0", "0.00", "$0.00",
// "0.00 pp").
func isZeroText(s string) bool {
	return strings.Trim(strings.TrimSuffix(s, " pp"), "+-$0.,") == ""
}

// relText is " (+18%)" for a relative change (whole percent from 10%, one
// decimal below), "" when there is no base to compare with or it rounds
// to nothing.
func relText(c metrics.Change) string {
	if c.Relative == nil || c.Delta == 0 {
		return ""
	}
	r := 100 * *c.Relative
	prec := 1
	if math.Abs(r) >= 10 {
		prec = 0
	}
	s := strconv.FormatFloat(r, 'f', prec, 64)
	if strings.Trim(s, "-0.") == "" {
		return ""
	}
	if r > 0 {
		s = "+" + s
	}
	return " (" + s + "%)"
}

// countText is a mean count: whole when it is, one decimal otherwise.
func countText(v float64) string {
	if v == math.Trunc(v) {
		return grouped(v, 0)
	}
	return grouped(v, 1)
}

// sideName is a scenario as the diff names it: the file as given (or the
// scenario's name), with its --set changes.
func sideName(s metrics.DiffSide) string {
	name := s.Ref
	if name == "" {
		name = s.Scenario
	} else if s.Scenario != "" {
		name += " (" + s.Scenario + ")"
	}
	if len(s.Sets) > 0 {
		name += " with --set " + strings.Join(s.Sets, " --set ")
	}
	return name
}

func unmatchedLines(d metrics.Diff) []string {
	var out []string
	if len(d.OnlyInBase) > 0 {
		out = append(out, "only in base (not compared): "+strings.Join(d.OnlyInBase, ", "))
	}
	if len(d.OnlyInNew) > 0 {
		out = append(out, "only in new (not compared): "+strings.Join(d.OnlyInNew, ", "))
	}
	return out
}

// methodLine says how the numbers were made, in one sentence.
func methodLine(d metrics.Diff) string {
	reps := fmt.Sprintf("%d replications of each scenario", d.Replications)
	interval := "95% intervals are paired Student-t over the per-replication differences"
	if d.Replications == 1 {
		reps = "1 replication of each scenario"
		interval = "no interval with one replication (use --replications 5 or more)"
	}
	window := func(s metrics.DiffSide) string {
		return fmt.Sprintf("%s after a %s warm-up, costs projected to a %s", span(s.HorizonS-s.WarmupS), span(s.WarmupS), monthName(s.MonthS))
	}
	w := "statistics cover the " + window(d.Base)
	if nw := window(d.New); nw != window(d.Base) {
		w = "statistics cover, in base, the " + window(d.Base) + "; in new, the " + nw
	}
	means := ""
	if d.Replications > 1 {
		means = "; " + meansClause
	}
	return fmt.Sprintf("%s on common random numbers (seed %d: replication r of both draws the same arrivals and durations); %s%s; %s.",
		reps, d.Seed, interval, means, w)
}

// meansClause says what base and new are, and why they can differ from
// `faassim run`'s figures for the same scenario.
const meansClause = "base and new are means of per-replication values (faassim run pools the replications instead, so its percentiles and cold-start ratio can differ slightly)"

// methodShort is the method in a few words, for a pull-request comment.
func methodShort(d metrics.Diff) string {
	window := func(s metrics.DiffSide) string {
		return fmt.Sprintf("%s measured after a %s warm-up, costs per %s", span(s.HorizonS-s.WarmupS), span(s.WarmupS), monthName(s.MonthS))
	}
	w := window(d.Base)
	if nw := window(d.New); nw != w {
		w = "base: " + w + "; new: " + nw
	}
	if d.Replications == 1 {
		return fmt.Sprintf("1 replication of each (seed %d): no interval, nothing tested; %s.", d.Seed, w)
	}
	return fmt.Sprintf("%d replications of each on common random numbers (seed %d); 95%% intervals: paired Student-t over the per-replication differences; %s; %s.",
		d.Replications, d.Seed, meansClause, w)
}
