package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"faassim/models/metrics"
)

// Text writes r as a comparison table for a terminal: a header naming the
// run, one row per platform, and notes saying how to read the numbers. With
// several replications, cold % and p99 carry "±" the half-width of their 95%
// confidence interval over replications when the results have one.
func Text(w io.Writer, r metrics.Results) error {
	r = shownResults(r)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "scenario %s  seed %d  horizon %s (warm-up %s)  %s\n\n",
		r.Scenario, r.Seed, span(r.HorizonS), span(r.WarmupS), replicationsText(r.Replications))
	if len(r.Platforms) == 0 {
		buf.WriteString("no platforms\n")
	} else {
		writeTable(&buf, r)
	}
	buf.WriteString("\n")
	writeAsRun(&buf, r)
	writeAppsText(&buf, r)
	writeDecisionsText(&buf, r)
	writeDistributionText(&buf, r)
	if notes := saturationNotes(r.Platforms); len(notes) > 0 {
		buf.WriteString("saturated platforms do not serve their load: their latency and cost are those of falling behind it\n")
		for _, n := range notes {
			fmt.Fprintf(&buf, "  %s\n", n)
		}
		buf.WriteString("\n")
	}
	if len(r.Warnings) > 0 {
		buf.WriteString("warnings\n")
		for _, w := range r.Warnings {
			fmt.Fprintf(&buf, "  %s\n", w)
		}
		buf.WriteString("\n")
	}
	if r.Replications > 1 {
		fmt.Fprintf(&buf, "counts, instances and costs are means per replication, percentiles pooled over the %s replications; "+
			"± is the 95%% confidence half-width over replications\n", count(int64(r.Replications)))
	}
	fmt.Fprintf(&buf, "statistics cover the %s after the warm-up; costs project it to a %s\n",
		span(r.HorizonS-r.WarmupS), monthName(r.MonthS))
	buf.WriteString("work across the window's edges is billed pro rata for its part inside; in flight is still waiting or running at the end\n")
	buf.WriteString("cold % is among requests not rejected; latency is end to end (wait + cold start + run)\n")
	if hint := perAppHint(r); hint != "" {
		buf.WriteString(hint + "\n")
	}
	writeObservedText(&buf, r.Observed)
	_, err := w.Write(buf.Bytes())
	return err
}

// writeAsRun lists how each platform ran (see asRun), when the results say.
func writeAsRun(buf *bytes.Buffer, r metrics.Results) {
	width, described := 0, false
	for _, p := range r.Platforms {
		width = max(width, len([]rune(p.Name)))
		described = described || p.Settings != nil
	}
	if !described {
		return
	}
	buf.WriteString("as run (durations x the factor of those measured at each function's memory_mb; --format markdown states every assumption):\n")
	for _, p := range r.Platforms {
		if line := asRun(p); line != "" {
			fmt.Fprintf(buf, "  %s%s  %s\n", p.Name, strings.Repeat(" ", width-len([]rune(p.Name))), line)
		}
	}
	buf.WriteString("\n")
}

var header = []string{"platform", "kind", "requests", "rejected", "timed out", "in flight", "cold %",
	"p50 ms", "p99 ms", "mean instances", "utilization %", "cost/M req $", "monthly $"}

// textColumns is how many leading columns hold words: they are padded to a
// common width by hand so that they read left-aligned, while tabwriter
// right-aligns every column (it has one alignment for the whole table).
const textColumns = 2

// comparisonRow is one platform's cells under header. Text, Markdown and
// HTML share it, so the three tables always say the same thing.
func comparisonRow(p metrics.Platform) []string {
	return []string{
		PlatformLabel(p), p.Kind,
		count(p.Requests), count(p.Rejected), count(p.TimedOut), count(p.InFlight),
		withCI(percent(p.ColdStartRatio), p.CI95, "cold_start_ratio", percent),
		latency(p, p.LatencyMS.P50),
		withCI(latency(p, p.LatencyMS.P99), p.CI95, "latency_ms.p99", sig3),
		grouped(p.Instances.Mean, 2),
		percent(p.Utilization),
		grouped(p.CostPerMillionRequestsUSD, 2),
		grouped(p.MonthlyCostUSD, 2),
	}
}

// ComparisonTable returns the comparison table's header and rows, cell for
// cell as the text report prints them (other front ends, such as the
// playground, show these same cells).
func ComparisonTable(r metrics.Results) (head []string, rows [][]string) {
	for _, p := range r.Platforms {
		rows = append(rows, comparisonRow(p))
	}
	return append([]string(nil), header...), rows
}

func writeTable(buf *bytes.Buffer, r metrics.Results) {
	head, rows := ComparisonTable(r)
	writeAligned(buf, "", append([][]string{head}, rows...), textColumns) // padded in place
}

// writeAligned writes rows as a table, each line after indent: the first
// words columns, words, are left-aligned by padding them in place; the
// rest, numbers, are right-aligned.
func writeAligned(buf *bytes.Buffer, indent string, rows [][]string, words int) {
	for c := 0; c < words; c++ {
		width := 0
		for _, row := range rows {
			width = max(width, len([]rune(row[c])))
		}
		for _, row := range rows {
			row[c] += strings.Repeat(" ", width-len([]rune(row[c])))
		}
	}
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range rows {
		// A trailing tab closes the last cell so that it is aligned too.
		fmt.Fprintln(tw, indent+strings.Join(row, "\t")+"\t")
	}
	tw.Flush() // cannot fail: it writes to a bytes.Buffer
}

// latency formats a latency of p, or "-" when no request completed: a 0
// would read as instant.
func latency(p metrics.Platform, ms float64) string {
	if p.Completed == 0 {
		return "-"
	}
	return sig3(ms)
}

// withCI appends "±h" to value, h the half-width of ci[key] formatted like
// the value, when that interval exists.
// A percentile's interval narrower than the latency sketch's 1% relative
// accuracy is not resolved (replications that agree to the sketch's bucket
// give ±0): it shows as "±<1%".
func withCI(value string, ci map[string][2]float64, key string, format func(float64) string) string {
	iv, ok := ci[key]
	if !ok || value == "-" {
		return value
	}
	half := (iv[1] - iv[0]) / 2
	if mid := (iv[0] + iv[1]) / 2; strings.HasPrefix(key, "latency_ms.p") && half < 0.01*math.Abs(mid) {
		return value + " ±<1%"
	}
	return value + " ±" + format(half)
}

// perAppHint tells the reader of a run with a learning keep-alive and no
// per-application statistics where the policy's measure is: the overall
// cold % is the busiest apps' (the hybrid policy of keepalive-history
// reads 1.39% against fixed 10 minutes' 0.47% there), while Shahrad et
// al. (ATC'20, Figure 15) judge it by each application's cold-start
// percentage, which only --per-app computes.
func perAppHint(r metrics.Results) string {
	learning := false
	for _, p := range r.Platforms {
		if p.Apps != nil {
			return ""
		}
		learning = learning || p.KeepAliveDecisions != nil
	}
	if !learning {
		return ""
	}
	return "cold % is over all requests, which the busiest apps decide; a keep-alive policy is judged per application " +
		"(Shahrad et al., ATC'20): run with --per-app for each app's cold-start percentage and the wasted memory-time"
}
