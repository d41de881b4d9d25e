package main

import (
	"context"
	"fmt"
	"io"

	"faassim/models/metrics"
	"faassim/reports"
	"faassim/reports/charts"
	"faassim/scenarios"
)

const tuneIntro = `faassim tune SCENARIO --function NAME [flags]

Power tuning without an account: simulates the function at every memory size
(and architecture) of a grid on one FaaS platform, and recommends a size as
AWS Lambda Power Tuning does on real invocations
(github.com/alexcasalboni/aws-lambda-power-tuning). Each point is the
scenario's workload for that function alone, on the platform with that
memory and the preset of that architecture (aws-lambda-x86 or
aws-lambda-arm), with the same seeded requests at every point; billed
without the free tier.

  speed     mean execution time per invocation (REPORT Duration, INIT apart)
            at the point's memory: d(m) = d_io + d_cpu x cpu(measured)/cpu(m),
            cpu(m) = min(m / 1,769 MB, 1) vCPU, times the function's
            speed_by_architecture factor (1 unless set: no difference assumed)
  cost      mean cost per invocation: compute (at the price sheet's
            rounding, INIT where billed) + the request fee, from the
            platform's price sheet; the strategies compare it without the
            request fee, the same at every point (Power Tuning's cost is the
            duration charge alone: counted, the fee would tilt balanced
            towards speed)

Strategies (--strategy), as Power Tuning's:
  cost      the cheapest; on equal cost, the faster (the default)
  speed     the fastest; on equal speed, the cheaper
  balanced  the lowest w x cost/max(cost) + (1 - w) x duration/max(duration),
            w = --weight (0.5 by default; 0 is speed, 1 is cost); ties as speed
Values within a relative 1e-9 are equal. Saturated points (throttled, timed
out, queues growing) are marked and never recommended.

Examples:
  faassim tune my.yaml --function api
  faassim tune my.yaml --function api --memory 128:3008:12:log --arch x86_64,arm64 --strategy balanced --weight 0.3
  faassim tune my.yaml --function api --format html -o tune.html`

func tuneCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("tune", tuneIntro, stdout, stderr)
	function := fs.String("function", "", "the workload function to tune (`NAME`, required)")
	platform := fs.String("platform", "", "the FaaS platform to tune on (`NAME`; default: the scenario's first FaaS platform)")
	memory := fs.String("memory", "", "memory sizes in MB: a `LIST` (128,512,1024) or a range from:to:steps[:log] (rounded to whole MB), each within the platform's range (AWS Lambda 128 to 10,240); default: Power Tuning's 128,256,512,1024,1536,3008, kept to the sizes the platform offers")
	arch := fs.String("arch", "", "architectures to tune: `x86_64,arm64` or one of them (default: the platform's own)")
	strategy := fs.String("strategy", "cost", "what to recommend: `cost`, speed or balanced")
	weight := finiteFloat64(fs, "weight", scenarios.DefaultBalancedWeight, "balanced strategy's `w`, from 0 (speed only) to 1 (cost only)")
	var out output
	out.register(fs, "faassim/tune/v1; csv: a row per point")
	sets := fs.StringArray("set", nil, "override a scenario field: `path=value` (repeatable)")
	workers := fs.Int("workers", 0, "points run at once (`N`; 0 = one per core); results do not depend on it")
	prices := fs.StringArray("prices", nil, "price sheets in `FILE` (YAML; repeatable), used before the embedded ones")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar, even on a terminal")
	budget := addBudget(fs, "simulated requests (over every point and replication)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *function == "" {
		fs.Usage()
		return usageError{fmt.Errorf("tune: want one scenario and --function NAME")}
	}
	if *workers < 0 {
		return usageError{fmt.Errorf("tune: --workers %d: want 0 or more", *workers)}
	}
	var grid []int // none: Power Tuning's default list, kept to the sizes the platform offers
	if fs.Changed("memory") {
		var err error
		if grid, err = scenarios.ParseMemoryGrid(*memory); err != nil {
			return usageError{fmt.Errorf("tune: %w", err)}
		}
	}
	archs, err := scenarios.ParseArchitectures(*arch)
	if err != nil {
		return usageError{fmt.Errorf("tune: %w", err)}
	}
	if fs.Changed("weight") && *strategy != "balanced" {
		return usageError{fmt.Errorf("tune: --weight applies to --strategy balanced only (got --strategy %s)", *strategy)}
	}
	if err := scenarios.CheckTuneStrategy(*strategy, *weight); err != nil {
		return usageError{fmt.Errorf("tune: %w", err)}
	}
	if err := out.check("tune"); err != nil {
		return err
	}
	if err := refuseSameFile("tune", "-o", out.file, append(priceInputs(*prices), input{"the scenario", fs.Arg(0)})...); err != nil {
		return err
	}
	if err := out.open(ctx, "tune", stdout); err != nil {
		return err
	}
	defer out.close()
	sheets, err := loadPrices(*prices)
	if err != nil {
		return err
	}
	spec := scenarios.TuneSpec{Function: *function, Platform: *platform, MemoryMB: grid, Architectures: archs,
		Strategy: *strategy, Weight: *weight}
	opt := scenarios.SweepOptions{Options: scenarios.Options{Workers: *workers, Prices: sheets, Budget: budgetFor(budget)}}
	if bar := progressFor(stderr, *quiet, max(len(grid), len(scenarios.DefaultTuneMemoryMB))*max(len(archs), 1), "tune", true); bar != nil {
		opt.Progress = func(done, total int) { bar.ChangeMax(total); bar.Set(done) }
		defer bar.Finish()
	}
	t, err := scenarios.Tune(ctx, fs.Arg(0), *sets, spec, opt)
	if err != nil {
		return usageError{err}
	}
	return out.tune(t)
}

// tune renders a power tuning and writes its chart.
func (o *output) tune(t metrics.Tune) error {
	ctx, err := o.context()
	if err != nil {
		return err
	}
	render, err := reports.TuneForFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	return o.finish(ctx, func(w io.Writer) error { return render(w, t, ctx) },
		func(f charts.Format) ([]charts.Chart, error) { return charts.ForTune(t, f) })
}
