package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"faassim/scenarios"
)

const sweepIntro = `faassim sweep SCENARIO --param PATH=VALUES [--param ...] [flags]

Runs SCENARIO once for every combination of parameter values (the grid of
all --param flags) and reports each point: which memory size gives the best
cost for the p99 you need, how cold starts fall as the keep-alive grows,
where throttling starts as the rate rises. Points run in parallel on every
core; the results do not depend on how many.

VALUES is a list, v1,v2,..., or a range, from:to:steps or from:to:steps:log
(numbers, or Go durations such as 1m:30m:8). A memory sweep recomputes
durations with the memory-speed rule (a CPU-bound function is twice as fast
at twice the memory, up to its parallelism).

Examples:
  faassim sweep example:power-tuning --param platforms.0.memory_mb=128:3008:20:log
  faassim sweep example:default --param platforms.0.keep_alive.ttl=1m,5m,10m,30m --format json

With --shard I/N (or --shards N on a batch engine) it runs only the points
k with k mod N = I and writes them as JSON for faassim merge, which puts
the sweep back together, the same as one run's:
  seq 0 3 | xargs -P 4 -I{} faassim sweep s.yaml --param platforms.0.memory_mb=128:3008:8:log --shard {}/4 -o sweep-{}.json
  faassim merge sweep-*.json -o sweep.json`

func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep", sweepIntro, stdout, stderr)
	params := fs.StringArray("param", nil, "a swept field: `PATH=VALUES` (repeatable: the grid of all)")
	var out output
	out.register(fs, "json: faassim/sweep/v1; csv: a row per point and platform")
	sets := fs.StringArray("set", nil, "override a scenario field for every point: `path=value` (repeatable)")
	workers := fs.Int("workers", 0, "points run at once (`N`; 0 = one per core); results do not depend on it")
	prices := fs.StringArray("prices", nil, "price sheets in `FILE` (YAML; repeatable), used before the embedded ones")
	freeTier := fs.Bool("free-tier", false, "apply every price sheet's monthly free tier")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar, even on a terminal")
	budget := addBudget(fs, "simulated requests (over every point, platform and replication)")
	shardFl := addShard(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	shard, err := shardFl.resolve("sweep", os.Getenv)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 || len(*params) == 0 {
		fs.Usage()
		return usageError{fmt.Errorf("sweep: want one scenario and at least one --param")}
	}
	if *workers < 0 {
		return usageError{fmt.Errorf("sweep: --workers %d: want 0 or more", *workers)}
	}
	if err := out.check("sweep"); err != nil {
		return err
	}
	if shard.On() {
		if err := checkShardOutput("sweep", &out); err != nil {
			return err
		}
	}
	ps, err := scenarios.ParseParams(*params, *sets)
	if err != nil {
		return usageError{err}
	}
	if err := refuseSameFile("sweep", "-o", out.file, append(priceInputs(*prices), input{"the scenario", fs.Arg(0)})...); err != nil {
		return err
	}
	if err := out.open(ctx, "sweep", stdout); err != nil {
		return err
	}
	defer out.close()
	sheets, err := loadPrices(*prices)
	if err != nil {
		return err
	}
	opt := scenarios.SweepOptions{Options: scenarios.Options{Workers: *workers, Prices: sheets, FreeTier: *freeTier, Budget: budgetFor(budget)}}
	if bar := progressFor(stderr, *quiet, grid(ps), "sweep", true); bar != nil {
		opt.Progress = func(done, _ int) { bar.Set(done) }
		defer bar.Finish()
	}
	if shard.On() {
		sr, err := scenarios.SweepShard(ctx, fs.Arg(0), *sets, ps, opt, shard)
		if err != nil {
			return usageError{err}
		}
		return out.shardJSON(sr)
	}
	sw, err := scenarios.Sweep(ctx, fs.Arg(0), *sets, ps, opt)
	if err != nil {
		return usageError{err}
	}
	return out.sweep(sw)
}

func grid(ps []scenarios.Param) int {
	n := 1
	for _, p := range ps {
		n *= len(p.Values)
	}
	return n
}
