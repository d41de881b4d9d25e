package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"faassim/models/metrics"
	"faassim/scenarios"
)

const breakevenIntro = `faassim breakeven SCENARIO --platform A --vs B [flags]

Scales the scenario's request rate (every function's rate times the same
factor, keeping bursts and daily swings) and finds the rate at which
platform B's monthly cost crosses platform A's: first on a log grid of
rates, then by regula falsi between the two grid points that bracket the
crossing. Prints the cost-versus-rate table and the latency of both
platforms at the crossing: the cheaper platform is only a bargain if its
latency is acceptable there. A platform that does not serve the load is
marked saturated and never called cheaper: its queue grows through some
5-minute bucket of the run, or it loses (rejects, times out) or leaves
waiting at the end over 1% of requests.

Example:
  faassim breakeven example:default --platform lambda --vs fargate-fixed`

func breakevenCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("breakeven", breakevenIntro, stderr)
	a := fs.String("platform", "", "the platform `A` (usually the FaaS one)")
	b := fs.String("vs", "", "the platform `B` to compare with (usually a container baseline)")
	low := fs.Float64("from", 0.1, "lowest rate, as a `multiple` of the scenario's rate")
	high := fs.Float64("to", 10, "highest rate, as a `multiple` of the scenario's rate")
	points := fs.Int("points", 7, "grid `points` between --from and --to (log-spaced)")
	bisect := fs.Int("steps", 5, "at most this many refining `steps` once the crossing is bracketed")
	tol := fs.Float64("tolerance", 0.02, "stop refining when the bracket is this `fraction` wide")
	var out output
	out.register(fs, "text, json (faassim/breakeven/v1), csv, markdown or html")
	sets := fs.StringArray("set", nil, "override a scenario field: `path=value` (repeatable)")
	prices := fs.StringArray("prices", nil, "price sheets in `FILE` (YAML; repeatable), used before the embedded ones")
	freeTier := fs.Bool("free-tier", false, "apply every price sheet's monthly free tier")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *a == "" || *b == "" {
		fs.Usage()
		return usageError{fmt.Errorf("breakeven: want one scenario, --platform and --vs")}
	}
	switch out.format {
	case "text", "json", "csv", "markdown", "html":
	default:
		return usageError{fmt.Errorf("breakeven: unknown --format %q (want text, json, csv, markdown or html)", out.format)}
	}
	if _, err := out.chartsFormat(); err != nil {
		return err
	}
	s, err := scenarios.Open(fs.Arg(0), *sets)
	if err != nil {
		return usageError{err}
	}
	sheets, err := loadPrices(*prices)
	if err != nil {
		return err
	}
	be, err := scenarios.FindBreakEven(context.Background(), s, *a, *b, scenarios.BreakEvenOptions{
		Low: *low, High: *high, Points: *points, Bisections: *bisect, Tolerance: *tol, Prices: sheets, FreeTier: *freeTier})
	if err != nil {
		return usageError{err}
	}
	return out.breakeven(stdout, *be)
}

func breakevenText(w io.Writer, be *metrics.BreakEven) error {
	fmt.Fprintf(w, "break-even of %s (B) against %s (A), monthly cost by request rate\n\n", be.B, be.A)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rate req/s\tx scenario\t%s $/month\t%s $/month\t%s p99 ms\t%s p99 ms\tcheaper\tsaturated\t\n", be.A, be.B, be.A, be.B)
	for _, p := range be.Points {
		fmt.Fprintf(tw, "%.4g\t%.3g\t%.2f\t%.2f\t%.4g\t%.4g\t%s\t%s\t\n", p.RatePerS, p.Scale,
			p.A.MonthlyCostUSD, p.B.MonthlyCostUSD, p.A.LatencyMS.P99, p.B.LatencyMS.P99,
			cmp.Or(p.CheaperOf(be.A, be.B), "neither"), saturatedNames(be, p))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, side := range []struct {
		name  string
		rates []string
	}{{be.A, saturatedRates(be, true)}, {be.B, saturatedRates(be, false)}} {
		if len(side.rates) > 0 {
			rates := side.rates[len(side.rates)-1]
			if n := len(side.rates); n > 1 {
				rates = strings.Join(side.rates[:n-1], ", ") + " and " + rates
			}
			fmt.Fprintf(w, "\n%s is saturated at %s requests/s: it does not serve that load, so it is never called cheaper at those rates\n",
				side.name, rates)
		}
	}
	if !be.Found {
		_, err := fmt.Fprintf(w, "\nno crossing in this range: widen it with --from and --to\n")
		return err
	}
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
			fmt.Fprintf(w, "\nwarning: %s is saturated at the crossing (its queue grows, or it loses or leaves waiting over 1%% of requests): its cost there is no bargain\n", sat.name)
		}
	}
	_, err := fmt.Fprintf(w, "\n%s %s %s %s about %.4g requests/s (%.3g x the scenario's rate):\n"+
		"  %s $%.2f/month, p99 %.4g ms, %.2f%% rejected%s\n  %s $%.2f/month, p99 %.4g ms, %.2f%% rejected%s\n",
		be.B, becomes, be.A, dir, c.RatePerS, c.Scale,
		be.A, c.A.MonthlyCostUSD, c.A.LatencyMS.P99, pct(c.A.Rejected, c.A.Requests), satMark(c.ASaturated),
		be.B, c.B.MonthlyCostUSD, c.B.LatencyMS.P99, pct(c.B.Rejected, c.B.Requests), satMark(c.BSaturated))
	return err
}

// saturatedNames lists the platforms saturated at p, "-" if none.
func saturatedNames(be *metrics.BreakEven, p metrics.BreakEvenPoint) string {
	var names []string
	if p.ASaturated {
		names = append(names, be.A)
	}
	if p.BSaturated {
		names = append(names, be.B)
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ", ")
}

// saturatedRates lists the grid rates at which A (or B) is saturated.
func saturatedRates(be *metrics.BreakEven, a bool) []string {
	var rates []string
	for _, p := range be.Points {
		if (a && p.ASaturated) || (!a && p.BSaturated) {
			rates = append(rates, fmt.Sprintf("%.4g", p.RatePerS))
		}
	}
	return rates
}

func satMark(on bool) string {
	if on {
		return ", SATURATED"
	}
	return ""
}

func pct(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}
