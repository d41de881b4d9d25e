package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"faassim/models/metrics"
)

// SweepText writes a sweep for a terminal: one row per point and platform,
// the parameter values first (named by the last element of their path),
// then the metrics that move with them.
func SweepText(w io.Writer, sw metrics.Sweep) error {
	sw = shownSweep(sw)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "sweep of scenario %s over %s (%d points)\n\n", sw.Scenario, strings.Join(sw.Params, " x "), len(sw.Points))
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', tabwriter.AlignRight)
	for _, p := range sw.Params {
		fmt.Fprintf(tw, "%s\t", p[strings.LastIndex(p, ".")+1:])
	}
	fmt.Fprintln(tw, "platform\tp50 ms\tp99 ms\tcold %\trejected\tmean instances\tmonthly $\t")
	for _, pt := range sw.Points {
		for _, p := range pt.Results.Platforms {
			for _, v := range pt.Values {
				fmt.Fprintf(tw, "%s\t", v)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\t%d\t%.2f\t%.2f\t\n", PlatformLabel(p), latency(p, p.LatencyMS.P50), latency(p, p.LatencyMS.P99),
				100*p.ColdStartRatio, p.Rejected, p.Instances.Mean, p.MonthlyCostUSD)
		}
	}
	tw.Flush() // cannot fail: it writes to a bytes.Buffer
	if len(sw.Points) > 0 {
		fmt.Fprintf(&buf, "\nmonthly costs project each point's measured window to a %s\n", sweepMonth(sw))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// sweepMonth names the month of a sweep's projections, or says it varies
// (a sweep over month).
func sweepMonth(sw metrics.Sweep) string {
	name := monthName(sw.Points[0].Results.MonthS)
	for _, pt := range sw.Points {
		if monthName(pt.Results.MonthS) != name {
			return "month that varies with the point (see month_s in its JSON)"
		}
	}
	return name
}

// BreakEvenText writes a break-even search for a terminal: monthly cost
// and p99 of both platforms by request rate, which is cheaper among those
// that serve the load and which are saturated, then the crossing in words
// with both platforms' latency and losses there, or a hint to widen the
// range.
func BreakEvenText(w io.Writer, be metrics.BreakEven) error {
	be = shownBreakEven(be)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "break-even of %s (B) against %s (A), monthly cost by request rate\n\n", be.B, be.A)
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rate req/s\tx scenario\t%s $/month\t%s $/month\t%s p99 ms\t%s p99 ms\tcheaper\tsaturated\t\n", be.A, be.B, be.A, be.B)
	for _, p := range be.Points {
		fmt.Fprintf(tw, "%.4g\t%.3g\t%.2f\t%.2f\t%s\t%s\t%s\t%s\t\n", p.RatePerS, p.Scale,
			p.A.MonthlyCostUSD, p.B.MonthlyCostUSD, sig3(p.A.LatencyMS.P99), sig3(p.B.LatencyMS.P99),
			breakEvenCheaper(be, p), breakEvenSaturated(be, p))
	}
	tw.Flush() // cannot fail: it writes to a bytes.Buffer
	if note := breakEvenSaturationNote(be); note != "" {
		fmt.Fprintf(&buf, "\n%s\n", note)
	}
	fmt.Fprintf(&buf, "\nmonthly costs project each rate's measured window to a %s\n", monthName(be.MonthS))
	if !be.Found {
		fmt.Fprintf(&buf, "\nno crossing in this range: widen it with --from and --to\n")
	} else {
		c := be.Crossing
		dir := "above"
		if be.Direction == "B cheaper below" {
			dir = "below"
		}
		becomes := "becomes cheaper than"
		if c.BSaturated {
			becomes = "costs less than" // but it is not cheaper: it does not serve the load
		}
		for _, sat := range []struct {
			name string
			on   bool
		}{{be.A, c.ASaturated}, {be.B, c.BSaturated}} {
			if sat.on {
				fmt.Fprintf(&buf, "\nwarning: %s is saturated at the crossing (its queue grows, or it loses or leaves waiting over 1%% of requests): its cost there is no bargain\n", sat.name)
			}
		}
		fmt.Fprintf(&buf, "\n%s %s %s %s about %.4g requests/s%s (%.3g x the scenario's rate):\n"+
			"  %s $%.2f/month, p99 %s ms, %.2f%% not served%s\n  %s $%.2f/month, p99 %s ms, %.2f%% not served%s\n",
			be.B, becomes, be.A, dir, c.RatePerS, untilSaturated(be), c.Scale,
			be.A, c.A.MonthlyCostUSD, sig3(c.A.LatencyMS.P99), notServedPct(c.A), satMark(c.ASaturated),
			be.B, c.B.MonthlyCostUSD, sig3(c.B.LatencyMS.P99), notServedPct(c.B), satMark(c.BSaturated))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// untilSaturated bounds "B cheaper above the crossing" by the lowest rate
// of the scan above it where B is saturated: it is cheaper only while it
// serves the load ("" when it never saturates there).
func untilSaturated(be metrics.BreakEven) string {
	if !be.Found || be.Direction != "B cheaper above" {
		return ""
	}
	for _, p := range be.Points {
		if p.RatePerS > be.Crossing.RatePerS && p.BSaturated {
			return fmt.Sprintf(", up to the %.4g requests/s where it saturates", p.RatePerS)
		}
	}
	return ""
}

// notServedPct is the share of requests rejected, timed out or still in
// flight at the horizon.
func notServedPct(p metrics.Platform) float64 {
	return pctOf(p.Rejected+p.TimedOut+p.InFlight, p.Requests)
}

func satMark(on bool) string {
	if on {
		return ", SATURATED"
	}
	return ""
}

// pctOf is n as a percentage of d, 0 when d is.
func pctOf(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}
