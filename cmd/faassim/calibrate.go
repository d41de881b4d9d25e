package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"

	"faassim/internal/limits"
	"faassim/scenarios"
	"faassim/scenarios/iac"
	"faassim/scenarios/trace"
)

const calibrateIntro = `faassim calibrate LOGS... [flags] [-o scenario.yaml]

Fits a scenario to AWS Lambda REPORT logs (plain lines, with or without the
prefix of "aws logs tail" or "sam logs"; "aws logs filter-log-events
--output json"; CloudWatch Logs Insights CSV; Telemetry API platform.report
JSON, which functions logging in Lambda's JSON log format also write, in any
of these forms). LOGS are files or globs; a file that does not name its function
counts as the function of its base name (or --function).

Per function it fits:
  duration   a lognormal when its p50, p90 and p99 are within --max-fit-error
             of the logs' (with at least --min-fit reports), else the
             empirical percentiles; the statistic is printed and written
  INIT       the Init Duration of cold lines, fitted the same way; the
             platform's cold_start becomes {overhead, init}. The overhead
             (sandbox set-up, which Lambda's Init Duration leaves out and no
             log shows) is assumed: the non-INIT share of the runtime's
             published cold start (Shilkov 2021)
  memory     Memory Size, and the max and p99 of Max Memory Used
  arrivals   rate and inter-arrival CV: Poisson when the CV is within
             max(2.576/sqrt(n), 0.1) of 1, a two-level MMPP when burstier,
             a gamma renewal process of that CV when more regular
             (deterministic below CV 0.01); or the observed arrivals
             replayed (--arrivals replay). The scenario written is then
             simulated, and a cold-start ratio off the observed one (by
             over 5% or 3 standard errors) is warned of, with the numbers
and the keep-alive: the fixed TTL (1-30 min by the minute, then 45 and 60)
whose replay of the observed arrivals and durations gives the cold-start
ratio closest to the observed one (cold = lines with Init or Restore
Duration).

Memory is bounded: at most --reservoir samples a function are kept for the
fits (a seeded uniform sample), and at most --max-invocations timed reports
for the arrivals and the keep-alive (16 bytes each), beyond which it refuses.

The scenario goes to -o (or standard output), with a comment on every fit;
the summary table to standard error (standard output with -o).

Examples:
  faassim calibrate logs/*.log --functions-from serverless.yml -o calibrated.yaml
  faassim calibrate 'exports/*.json' --arrivals replay -o replay.yaml
  faassim run calibrated.yaml --compare-observed 'logs/*.log'`

func calibrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("calibrate", calibrateIntro, stdout, stderr)
	out := fs.StringP("output", "o", "", "write the scenario to `FILE` (atomically) instead of standard output")
	from := fs.String("functions-from", "", "a deployment `FILE` (serverless.yml, SAM or CloudFormation): memory, timeout and runtime by function name")
	vars := fs.StringArray("var", nil, "with --functions-from: resolve a ${...} variable of it: `KEY=VALUE`, e.g. opt:stage=prod (repeatable; as faassim import)")
	function := fs.String("function", "", "the function `NAME` of logs that do not name theirs (default: the file's base name)")
	arrivals := fs.String("arrivals", "fit", "`fit` an arrival process, or `replay` the observed arrivals as a trace")
	runtime := fs.String("runtime", "", "the runtime (`R`: python, nodejs, go, java, container) of functions nothing else names; picks the cold-start overhead")
	base := fs.String("base", "", "keep this `SCENARIO`'s platforms and settings; replace its arrivals, durations, cold starts and keep-alive")
	seed := fs.Uint64("seed", 1, "seed of the sampling reservoirs and of the scenario written (`N`)")
	minFit := fs.Int("min-fit", 200, "fewest reports (`N`) a lognormal is fitted to; below it, empirical percentiles")
	maxErr := finiteFloat64(fs, "max-fit-error", 0.05, "largest relative error (`F`) of a lognormal's p50/p90/p99 that counts as a fit")
	resSize := fs.Int("reservoir", 100_000, "samples kept a function for the fits (`N`, 8 bytes each)")
	maxInv := fs.Int("max-invocations", 2_000_000, "timed reports kept for arrivals and keep-alive (`N`, 16 bytes each, over all functions)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{fmt.Errorf("calibrate: want at least one log file or glob")}
	}
	if len(*vars) > 0 && *from == "" {
		return usageError{fmt.Errorf("calibrate: --var resolves the variables of --functions-from FILE: give it too")}
	}
	if *arrivals != "fit" && *arrivals != "replay" {
		return usageError{fmt.Errorf("calibrate: --arrivals %q: want fit or replay", *arrivals)}
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"min-fit", *minFit}, {"reservoir", *resSize}, {"max-invocations", *maxInv}} {
		if c.v < 1 {
			return usageError{fmt.Errorf("calibrate: --%s %d: want at least 1", c.name, c.v)}
		}
	}
	if !(*maxErr > 0) {
		return usageError{fmt.Errorf("calibrate: --max-fit-error %v: want a positive fraction such as 0.05", *maxErr)}
	}
	inputs := []input{}
	for _, a := range fs.Args() {
		inputs = append(inputs, input{"the logs", a})
	}
	if *from != "" {
		inputs = append(inputs, input{"--functions-from", *from})
	}
	if err := refuseSameFile("calibrate", "-o", *out, inputs...); err != nil {
		return err
	}
	opt := scenarios.CalibrateOptions{Arrivals: *arrivals, Runtime: *runtime, Seed: *seed, MinFit: *minFit,
		MaxQuantileError: *maxErr, ReservoirSize: *resSize, MaxInvocations: *maxInv, Sources: fs.Args(), Context: ctx}
	if *arrivals == "replay" {
		for _, a := range fs.Args() {
			opt.ReplayPaths = append(opt.ReplayPaths, relativeTo(*out, a))
		}
		opt.ReplayFunction = *function
	}
	if *from != "" {
		// Capped as import caps it: the YAML parser needs about a
		// thousand bytes of memory a byte (limits.YAMLBytesPerByte).
		in := limits.YAMLInput("deployment file (--functions-from)", limits.Budget{})
		in.Lift = "a deployment file is a few KB; give one that holds the functions' definitions only"
		data, err := in.ReadFile(*from)
		if err != nil {
			return usageError{fmt.Errorf("calibrate: --functions-from: %w", err)}
		}
		iopt, err := iacVars("calibrate", *vars)
		if err != nil {
			return err
		}
		t, err := iac.Parse(*from, data, iopt)
		if err != nil {
			return usageError{fmt.Errorf("calibrate: --functions-from: %w", err)}
		}
		for _, p := range append(t.Warnings, t.Problems...) {
			fmt.Fprintf(stderr, "faassim: %s: %s\n", *from, p)
		}
		opt.Deployed = t.Functions
	}
	if *base != "" {
		s, err := scenarios.Open(*base, nil)
		if err != nil {
			return usageError{err}
		}
		opt.Base = s
	}
	sink, err := openSink(ctx, "calibrate", "-o", *out, stdout)
	if err != nil {
		return err
	}
	defer sink.abort()
	var st trace.LambdaStats
	opt.Stats = &st
	src := cancellable(ctx, scenarios.LambdaSourceStats(trace.LambdaOptions{Paths: fs.Args(), Function: *function}, &st))
	s, comments, cal, err := scenarios.Calibrate(src, opt)
	if err != nil {
		return logsErr(err)
	}
	data, err := scenarios.Marshal(s, comments)
	if err != nil {
		return err
	}
	summary := stderr
	if *out != "" {
		summary = stdout
	}
	if err := cal.WriteSummary(summary); err != nil {
		return err
	}
	if _, err := sink.Write(data); err != nil {
		return err
	}
	return sink.commit()
}

// cancellable stops reading logs within 4,096 records of an interrupt.
func cancellable(ctx context.Context, src scenarios.ReportSource) scenarios.ReportSource {
	return func(yield func(*trace.LambdaReport) error) error {
		n := 0
		return src(func(r *trace.LambdaReport) error {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			return yield(r)
		})
	}
}

// logsErr makes errors that are the logs' fault exit with status 2.
func logsErr(err error) error {
	var le *scenarios.LogsError
	if errors.As(err, &le) || errors.Is(err, fs.ErrNotExist) {
		return usageError{err} // a log named that does not exist is the input's fault
	}
	return traceErr(err)
}

// relativeTo is path as seen from the directory of file (a path relative
// to the scenario written, as the scenario format reads it), or path when
// file is standard output or no relative path exists.
func relativeTo(file, path string) string {
	if file == "" || filepath.IsAbs(path) && !filepath.IsAbs(file) {
		return path
	}
	absFile, err1 := filepath.Abs(file)
	absPath, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return path
	}
	rel, err := filepath.Rel(filepath.Dir(absFile), absPath)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}
