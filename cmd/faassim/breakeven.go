package main

import (
	"context"
	"fmt"
	"io"
	"os"

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
  faassim breakeven example:default --platform lambda --vs fargate-fixed

With --shard I/N (or --shards N on a batch engine) it runs only the grid
points k with k mod N = I and writes them as JSON, unrefined. The
refinement needs the whole grid and a few runs more: it runs on one
machine, given the same scenario and flags and the shards with --merge:
  seq 0 6 | xargs -P 7 -I{} faassim breakeven s.yaml --platform lambda --vs fargate --shard {}/7 -o be-{}.json
  faassim breakeven s.yaml --platform lambda --vs fargate --merge be-*.json -o breakeven.json`

func breakevenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseBreakEven(args, stdout, stderr)
	if err != nil {
		return err
	}
	ins := append(priceInputs(f.prices), input{"the scenario", f.scenario})
	for _, p := range f.shardFiles {
		ins = append(ins, input{"a shard", p})
	}
	if err := refuseSameFile("breakeven", "-o", f.out.file, ins...); err != nil {
		return err
	}
	if err := f.out.open(ctx, "breakeven", stdout); err != nil {
		return err
	}
	defer f.out.close()
	sheets, err := loadPrices(f.prices)
	if err != nil {
		return err
	}
	s, err := scenarios.OpenWith(f.scenario, f.sets, scenarios.Options{Prices: sheets, FreeTier: f.freeTier, Budget: f.opt.Budget})
	if err != nil {
		return usageError{err}
	}
	f.opt.Prices = sheets
	if bar := progressFor(stderr, f.quiet, f.opt.Points+f.opt.Bisections, "breakeven", true); bar != nil {
		f.opt.Progress = func(done, _ int) { bar.Set(done) }
		defer bar.Finish()
	}
	if f.shard.On() {
		sr, err := scenarios.BreakEvenShard(ctx, s, f.a, f.b, f.opt, f.shard)
		if err != nil {
			return usageError{err}
		}
		return f.out.shardJSON(sr)
	}
	var be *metrics.BreakEven
	if f.merge {
		files, err := readShards(ctx, f.shardFiles, f.opt.Budget)
		if err != nil {
			return err
		}
		be, err = scenarios.MergeBreakEven(ctx, s, f.a, f.b, f.opt, files, version())
		if err != nil {
			return usageError{err}
		}
	} else if be, err = scenarios.FindBreakEven(ctx, s, f.a, f.b, f.opt); err != nil {
		return usageError{err}
	}
	return f.out.breakeven(*be)
}

// breakevenFlags are breakeven's arguments, parsed and checked.
type breakevenFlags struct {
	scenario, a, b string
	opt            scenarios.BreakEvenOptions
	out            output
	sets, prices   []string
	freeTier       bool
	quiet          bool // no progress bar
	shard          scenarios.Shard
	merge          bool     // refine from the shards' grid
	shardFiles     []string // with merge
}

// parseBreakEven parses and checks breakeven's flags, before any file is
// read: a search that cannot mean anything (a platform against itself, a
// NaN tolerance, an empty range) is refused at once, not after running.
func parseBreakEven(args []string, stdout, stderr io.Writer) (*breakevenFlags, error) {
	f := &breakevenFlags{}
	fs := newFlagSet("breakeven", breakevenIntro, stdout, stderr)
	a := fs.String("platform", "", "the platform `A` (usually the FaaS one)")
	b := fs.String("vs", "", "the platform `B` to compare with (usually a container baseline)")
	low := finiteFloat64(fs, "from", 0.1, "lowest rate, as a `multiple` of the scenario's rate")
	high := finiteFloat64(fs, "to", 10, "highest rate, as a `multiple` of the scenario's rate")
	points := fs.Int("points", 7, "grid `points` between --from and --to (log-spaced)")
	bisect := fs.Int("steps", 5, "at most this many refining `steps` once the crossing is bracketed")
	tol := finiteFloat64(fs, "tolerance", 0.02, "stop refining when the bracket is this `fraction` wide (0 to 1)")
	f.out.register(fs, "json: faassim/breakeven/v1")
	sets := fs.StringArray("set", nil, "override a scenario field: `path=value` (repeatable)")
	prices := fs.StringArray("prices", nil, "price sheets in `FILE` (YAML; repeatable), used before the embedded ones")
	freeTier := fs.Bool("free-tier", false, "apply every price sheet's monthly free tier")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar, even on a terminal")
	budget := addBudget(fs, "simulated requests (over every grid point and refining step)")
	shardFl := addShard(fs)
	merge := fs.Bool("merge", false, "refine from the grid of the shards given after the scenario (`breakeven --shard` wrote them)")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	shard, err := shardFl.resolve("breakeven", os.Getenv)
	if err != nil {
		return nil, err
	}
	if *a == "" || *b == "" || (fs.NArg() != 1 && !*merge) || (*merge && fs.NArg() < 2) {
		fs.Usage()
		return nil, usageError{fmt.Errorf("breakeven: want one scenario (and with --merge, the shards' files after it), --platform and --vs")}
	}
	if *merge && shard.On() {
		return nil, usageError{fmt.Errorf("breakeven: --merge refines from every shard: it is not itself a shard (no --shard or --shards)")}
	}
	bad := func(format string, args ...any) (*breakevenFlags, error) {
		return nil, usageError{fmt.Errorf("breakeven: "+format, args...)}
	}
	switch {
	case *a == *b:
		return bad("--platform and --vs are both %q: compare two different platforms", *a)
	case !(*low > 0):
		return bad("--from %g: want a multiple > 0", *low)
	case !(*high > *low):
		return bad("--to %g: want more than --from %g", *high, *low)
	case *points < 2:
		return bad("--points %d: want at least 2", *points)
	case *bisect < 0:
		return bad("--steps %d: want 0 or more", *bisect)
	case !(*tol >= 0 && *tol < 1):
		return bad("--tolerance %g: want a fraction from 0 to 1", *tol)
	}
	if err := f.out.check("breakeven"); err != nil {
		return nil, err
	}
	if shard.On() {
		if err := checkShardOutput("breakeven", &f.out); err != nil {
			return nil, err
		}
	}
	f.shard, f.merge, f.shardFiles = shard, *merge, fs.Args()[1:]
	f.scenario, f.a, f.b = fs.Arg(0), *a, *b
	f.opt = scenarios.BreakEvenOptions{Low: *low, High: *high, Points: *points, Bisections: *bisect, Tolerance: *tol, FreeTier: *freeTier,
		Budget: budgetFor(budget)}
	f.sets, f.prices, f.freeTier, f.quiet = *sets, *prices, *freeTier, *quiet
	return f, nil
}
