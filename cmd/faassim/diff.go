package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"faassim/models/metrics"
	"faassim/reports"
	"faassim/scenarios"
)

const diffIntro = `faassim diff BASE [NEW] [--set path=value ...] [flags]

Answers "what does this change do to cost and latency?": runs BASE and NEW
(two scenario files, or BASE and a copy of it with --set changes) and
prints, for every platform they share by name, the change in monthly cost
(US dollars and %), p50 and p99 latency (ms), cold-start ratio and
rejections, each with a 95% interval.

Both run the same replications on common random numbers: replication r of
both uses the same seed (BASE's; NEW's own seed is replaced, and a note
says so), so both see the same arrivals and durations and the interval, a
paired Student-t over the per-replication differences, is narrow. They run
the larger of the two scenarios' replication counts, or --replications: with
1 there is no interval (run 5 or more). Only changes whose interval excludes
0 are called changes in the headline. --format markdown is written to be
posted as a pull-request comment.

Base and new are means of per-replication values: percentiles and the
cold-start ratio are each replication's own, averaged, where faassim run
pools the replications, so run's figures for the same scenario can differ
slightly (monthly costs are the same).

--fail-above makes it a check for CI: exit status 3, with a one-line
reason, when the monthly cost change of any platform (or of --platform
NAME) is above the threshold. The change compared is the mean of the
paired per-replication changes (the "change" column), not a bound of its
interval; a percentage is of BASE's mean monthly cost. The report is
written all the same. Exit status 0 otherwise (3 only for this check), 2
for bad input, 1 for a failure of the machine. The simulation is
deterministic for a given seed, so the check does not flap.

Examples:
  faassim diff main.yaml --set platforms.0.memory_mb=2048 --replications 5
  faassim diff base.yaml pr.yaml --replications 5 --format markdown -o diff.md --fail-above 10%

In CI (GitHub Actions), comment on the pull request and fail above $50/month:
  git show origin/main:scenario.yaml > base.yaml
  faassim diff base.yaml scenario.yaml --replications 5 -o diff.md --fail-above '$50'
  # then post diff.md, e.g. gh pr comment "$PR" --body-file diff.md (in a step
  # that runs even when this one fails)`

// checkFailed is a check that ran and failed: exit status 3.
type checkFailed struct{ err error }

func (e checkFailed) Error() string { return e.err.Error() }
func (e checkFailed) Unwrap() error { return e.err }

func diffCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("diff", diffIntro, stdout, stderr)
	format := fs.StringP("format", "f", "", "output `format`: text, json (faassim/diff/v1) or markdown (a pull-request comment); default: from -o's extension (.json, .md, .txt), else text")
	file := fs.StringP("output", "o", "", "write to `FILE` instead of standard output (atomically: all or nothing)")
	sets := fs.StringArray("set", nil, "change a field of NEW (of a copy of BASE when NEW is not given): `path=value` (repeatable)")
	reps := fs.Int("replications", 0, "replications of both scenarios (`N` >= 1; default: the larger of their own; 5 or more for useful intervals)")
	seed := fs.String("seed", "", "seed of both scenarios (`N`, an unsigned integer; default: BASE's)")
	failText := fs.String("fail-above", "", "exit 3 when a platform's mean monthly cost change is above `X`: dollars a month ($50 or 50) or percent of BASE's monthly cost (10%); default: no check")
	platform := fs.String("platform", "", "apply --fail-above to platform `NAME` only (default: every platform in both)")
	workers := fs.Int("workers", 0, "simulations run at once (`N`; 0 = one per core); results do not depend on it")
	prices := fs.StringArray("prices", nil, "price sheets in `FILE` (YAML; repeatable), used before the embedded ones of the same name")
	freeTier := fs.Bool("free-tier", false, "apply every price sheet's monthly free tier to both (off by default: it is per account)")
	budget := addBudget(fs, "simulated requests (of each scenario, over every platform and replication)")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar, even on a terminal")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fs.Usage()
		return usageError{fmt.Errorf("diff: want BASE and NEW scenarios (or BASE and --set changes), got %d arguments", fs.NArg())}
	}
	if !fs.Changed("format") {
		*format = formatOf(*file, "text")
	}
	render, err := reports.DiffForFormat(*format)
	if err != nil {
		return usageError{fmt.Errorf("diff: --format: %v", err)}
	}
	var fail *failAbove
	if fs.Changed("fail-above") {
		fa, err := parseFailAbove(*failText)
		if err != nil {
			return usageError{fmt.Errorf("diff: %v", err)}
		}
		fail = &fa
	}
	if *platform != "" && fail == nil {
		return usageError{errors.New("diff: --platform only says which platform --fail-above checks; give --fail-above too")}
	}
	var common []string
	if *seed != "" {
		if _, err := strconv.ParseUint(*seed, 10, 64); err != nil {
			return usageError{fmt.Errorf("diff: --seed %q: want an unsigned integer", *seed)}
		}
		common = append(common, "seed="+*seed)
	}
	if fs.Changed("replications") && *reps < 1 {
		return usageError{fmt.Errorf("diff: --replications %d: want at least 1", *reps)}
	}
	if *workers < 0 {
		return usageError{fmt.Errorf("diff: --workers %d: want 0 or more", *workers)}
	}
	baseRef, newRef := fs.Arg(0), fs.Arg(fs.NArg()-1)
	if fs.NArg() == 1 && len(*sets) == 0 {
		fmt.Fprintln(stderr, "faassim: diff: NEW is BASE unchanged (give NEW or --set): every change is 0")
	}
	inputs := append(priceInputs(*prices), input{"the BASE scenario", baseRef}, input{"the NEW scenario", newRef})
	if err := refuseSameFile("diff", "-o", *file, inputs...); err != nil {
		return err
	}
	sink, err := openSink(ctx, "diff", "-o", *file, stdout)
	if err != nil {
		return err
	}
	defer sink.abort()
	sheets, err := loadPrices(*prices)
	if err != nil {
		return err
	}
	opt := scenarios.DiffOptions{Options: scenarios.Options{Workers: *workers, Prices: sheets, FreeTier: *freeTier, Budget: budgetFor(budget)},
		Replications: *reps}
	base, err := scenarios.OpenWith(baseRef, common, opt.Options)
	if err != nil {
		return usageError{err}
	}
	next, err := scenarios.OpenWith(newRef, append(slices.Clone(*sets), common...), opt.Options)
	if err != nil {
		return usageError{err}
	}
	if bar := progressFor(stderr, *quiet, 1000, "diff", false); bar != nil {
		opt.Progress = func(done float64) { bar.Set(int(done * 1000)) }
		defer bar.Finish()
	}
	d, err := scenarios.Diff(ctx, base, next, opt)
	if err != nil {
		return simErr("diff", err)
	}
	d.Base.Ref, d.Base.Sets = baseRef, common
	d.New.Ref, d.New.Sets = newRef, append(slices.Clone(*sets), common...)
	// Which platform the check watches is checked before anything is
	// written: a typo must not pass as "nothing rose".
	if *platform != "" && !slices.ContainsFunc(d.Platforms, func(p metrics.PlatformDiff) bool { return p.Name == *platform }) {
		return usageError{fmt.Errorf("diff: --platform %q is not a platform of both scenarios (compared: %s)", *platform, platformNames(d))}
	}
	var buf bytes.Buffer
	if err := render(&buf, d); err != nil {
		return err
	}
	if _, err := sink.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := sink.commit(); err != nil {
		return err
	}
	if fail != nil {
		return checkFailAbove(d, *fail, *platform)
	}
	return nil
}

// checkFailAbove returns checkFailed naming every platform whose monthly
// cost rose above the threshold (only the one named, when one is).
func checkFailAbove(d metrics.Diff, fa failAbove, only string) error {
	var over []string
	for _, p := range d.Platforms {
		if only != "" && p.Name != only {
			continue
		}
		if bad, rise := fa.exceeded(p.MonthlyCostUSD); bad {
			over = append(over, p.Name+" "+rise)
		}
	}
	if len(over) == 0 {
		return nil
	}
	return checkFailed{fmt.Errorf("diff: monthly cost rose above --fail-above %s: %s", fa.text, strings.Join(over, "; "))}
}

func platformNames(d metrics.Diff) string {
	var names []string
	for _, p := range d.Platforms {
		names = append(names, strconv.Quote(p.Name))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
