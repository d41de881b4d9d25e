package main

import (
	"context"
	"fmt"
	"io"

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

func breakevenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("breakeven", breakevenIntro, stderr)
	a := fs.String("platform", "", "the platform `A` (usually the FaaS one)")
	b := fs.String("vs", "", "the platform `B` to compare with (usually a container baseline)")
	low := fs.Float64("from", 0.1, "lowest rate, as a `multiple` of the scenario's rate")
	high := fs.Float64("to", 10, "highest rate, as a `multiple` of the scenario's rate")
	points := fs.Int("points", 7, "grid `points` between --from and --to (log-spaced)")
	bisect := fs.Int("steps", 5, "at most this many refining `steps` once the crossing is bracketed")
	tol := fs.Float64("tolerance", 0.02, "stop refining when the bracket is this `fraction` wide")
	var out output
	out.register(fs, "json: faassim/breakeven/v1")
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
	if err := out.check("breakeven"); err != nil {
		return err
	}
	if err := out.open(ctx, "breakeven", stdout); err != nil {
		return err
	}
	defer out.close()
	sheets, err := loadPrices(*prices)
	if err != nil {
		return err
	}
	s, err := scenarios.OpenWith(fs.Arg(0), *sets, scenarios.Options{Prices: sheets, FreeTier: *freeTier})
	if err != nil {
		return usageError{err}
	}
	be, err := scenarios.FindBreakEven(ctx, s, *a, *b, scenarios.BreakEvenOptions{
		Low: *low, High: *high, Points: *points, Bisections: *bisect, Tolerance: *tol, Prices: sheets, FreeTier: *freeTier})
	if err != nil {
		return usageError{err}
	}
	return out.breakeven(*be)
}
