package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"faassim/internal/duration"
	"faassim/internal/limits"
	"faassim/scenarios"
	"faassim/scenarios/iac"
	"faassim/scenarios/trace"
)

const importIntro = `faassim import FILE [-o scenario.yaml] [--var KEY=VALUE ...] [--horizon D]

Writes a complete, commented scenario from a deployment file: a Serverless
Framework serverless.yml, an AWS SAM template or a CloudFormation template
with AWS::Lambda::Function resources. Each function keeps its memory,
timeout, ephemeral storage, runtime (its published cold-start default),
architecture, reserved and provisioned concurrency and SnapStart.
Schedule events become arrivals at their times: rate(5 minutes) a
deterministic process, cron(...) a cron process (UTC, from the scenario's
start:, by default 2026-01-01T00:00:00Z); a function with several schedules
gets one entry per schedule (NAME, NAME-2, ...). Every other trigger (HTTP,
SQS, S3, ...) gets a PLACEHOLDER arrival of 1 request a second, and every
function a PLACEHOLDER duration of 100ms: set them (the comments say how).
The platforms are AWS Lambda for the functions' architecture (the most
common one when they differ) and a Fargate service whose task holds the
largest function, autoscaled on concurrency.

The file's problems (SnapStart with provisioned concurrency, a memory size
out of range) stop the import, each listed at its line (exit status 2);
warnings (an unresolved ${...} variable) go to standard error and into the
scenario's head comment, with the count of what was ignored (plugins,
custom: keys, resources that are not functions). A scenario that faassim
run could not read (over the 1MB a scenario file may be under the default
--max-memory of 1GB: about 1,200 functions with placeholders) is refused,
not written.

With --logs, the functions the logs name are calibrated on them, as faassim
calibrate does (see its --help): their durations, arrivals (a function
triggered by one schedule alone keeps the schedule's times), the INIT of
cold starts and the keep-alive that explains the observed cold-start ratio
replace the placeholders; functions without logs keep theirs.

Examples:
  faassim import serverless.yml -o shop.yaml --var opt:stage=prod
  faassim import template.yaml --logs 'logs/*.log' -o calibrated.yaml
  faassim import template.yaml --horizon 7d | faassim run /dev/stdin --set workload.synthetic.functions.0.arrival.rate_per_s=20`

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", importIntro, stdout, stderr)
	out := fs.StringP("output", "o", "", "write the scenario to `FILE` instead of standard output (atomically: all or nothing)")
	vars := fs.StringArray("var", nil, "resolve a ${...} variable: `KEY=VALUE`, e.g. opt:stage=prod or env:TABLE=orders (repeatable)")
	horizon := fs.String("horizon", "24h", "the scenario's simulated `duration` (Go duration, or days such as 7d)")
	logs := fs.StringArray("logs", nil, "calibrate on AWS Lambda REPORT logs (`FILE or GLOB`, repeatable; the forms faassim calibrate reads): durations, arrivals, INIT and keep-alive replace the placeholders of the functions they name")
	function := fs.String("function", "", "with --logs: the function `NAME` of logs that do not name theirs (default: the file's base name)")
	budget := addBudget(fs, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("import: want one deployment file")}
	}
	file := fs.Arg(0)
	h, err := parseHorizon(*horizon)
	if err != nil {
		return usageError{fmt.Errorf("import: --horizon: %v", err)}
	}
	opt, err := iacVars("import", *vars)
	if err != nil {
		return err
	}
	inputs := []input{{"the deployment file", file}}
	for _, l := range *logs {
		inputs = append(inputs, input{"--logs", l})
	}
	if err := refuseSameFile("import", "-o", *out, inputs...); err != nil {
		return err
	}
	b := budgetFor(budget)
	data, err := limits.YAMLInput("deployment file", b).ReadFile(file)
	if err != nil {
		return usageError{err}
	}
	t, err := iac.Parse(file, data, opt)
	if err != nil {
		return usageError{fmt.Errorf("import: %v", err)}
	}
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	io := scenarios.ImportOptions{Name: t.Service, Horizon: h, File: file}
	var (
		s        *scenarios.Scenario
		comments scenarios.Comments
		cal      *scenarios.Calibration
	)
	if len(*logs) == 0 {
		if s, comments, err = scenarios.FromTemplate(t, io); err != nil {
			return usageError{err}
		}
	} else {
		var st trace.LambdaStats
		src := cancellable(ctx, scenarios.LambdaSourceStats(trace.LambdaOptions{Paths: *logs, Function: *function}, &st))
		s, comments, cal, err = scenarios.CalibrateTemplate(src, t, io, scenarios.CalibrateOptions{Sources: *logs, Stats: &st})
		if err != nil {
			var probs scenarios.Problems
			if errors.As(err, &probs) {
				return usageError{err}
			}
			return logsErr(err)
		}
	}
	if s.Name == "imported" {
		s.Name = name
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(stderr, "%s:%d: %s: %s\n", file, w.Line, w.Path, w.Reason)
	}
	text, err := marshalCapped(s, comments, b)
	if err != nil {
		return err
	}
	if cal != nil {
		summary := stderr
		if *out != "" {
			summary = stdout
		}
		if err := cal.WriteSummary(summary); err != nil {
			return err
		}
	}
	sk, err := openSink(ctx, "import", "-o", *out, stdout)
	if err != nil {
		return err
	}
	defer sk.abort()
	if _, err := sk.Write(text); err != nil {
		return err
	}
	return sk.commit()
}

// marshalCapped writes the scenario unless it would be larger than the
// scenario files faassim run reads under budget b: a file run refuses is
// no use.
func marshalCapped(s *scenarios.Scenario, comments scenarios.Comments, b limits.Budget) ([]byte, error) {
	in := limits.YAMLInput("scenario file", b)
	refuse := func(size int) error {
		return usageError{&limits.Exceeded{Msg: fmt.Sprintf(
			"import: the scenario of %d functions would be %s, over the %s a scenario file may be under %s, so faassim run could not read it; import a file with fewer functions, or give the same larger --max-memory to import and to run",
			len(s.Workload.Synthetic.Functions), limits.FormatSize(float64(size)), limits.FormatSize(float64(in.MaxBytes)), b.MemoryFlag())}}
	}
	text, err := scenarios.Marshal(s, comments)
	if err != nil {
		return nil, err
	}
	if in.MaxBytes >= 0 && int64(len(text)) > in.MaxBytes {
		return nil, refuse(len(text))
	}
	return text, nil
}

// parseHorizon reads a positive duration (Go's syntax or days, "7d").
func parseHorizon(s string) (time.Duration, error) {
	h, err := duration.Parse(s)
	if err != nil || h <= 0 {
		return 0, fmt.Errorf("%q: want a positive duration such as 24h or 7d", s)
	}
	return h, nil
}

// iacVars reads --var KEY=VALUE flags (import, calibrate --functions-from)
// into the options a deployment file is parsed with.
func iacVars(cmd string, vars []string) (iac.Options, error) {
	opt := iac.Options{Vars: map[string]string{}}
	for _, v := range vars {
		k, val, ok := strings.Cut(v, "=")
		if !ok || k == "" {
			return opt, usageError{fmt.Errorf("%s: --var %q: want KEY=VALUE, e.g. opt:stage=prod", cmd, v)}
		}
		opt.Vars[k] = val
	}
	return opt, nil
}
