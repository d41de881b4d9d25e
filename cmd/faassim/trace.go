package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"faassim/internal/limits"
	"faassim/internal/printable"
	"faassim/scenarios/trace"
	"faassim/sim"
)

const traceIntro = `faassim trace inspect|synth|convert [flags]

  inspect PATH|DIR   summarise a trace (counts, rates, burstiness, durations, memory)
  synth --out DIR    write an Azure-calibrated synthetic population in the Azure 2019 format
  convert IN -o OUT  convert any supported trace to the generic CSV

Formats: azure2019 (a directory of day files), azure2021, huawei2023 (a
release directory or a requests_minute file), csv (timestamp,function,
duration_ms[,memory_mb]) and lambda-report (AWS Lambda REPORT logs: aws logs
tail or sam logs output, filter-log-events JSON, Logs Insights CSV or
Telemetry API JSON; a quoted glob reads several files, one per function).
Run "faassim trace COMMAND --help" for flags.`

func traceCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, traceIntro)
		return usageError{fmt.Errorf("trace: want a subcommand: inspect, synth or convert")}
	}
	switch args[0] {
	case "inspect":
		return traceInspectCmd(ctx, args[1:], stdout, stderr)
	case "synth":
		return traceSynthCmd(ctx, args[1:], stdout, stderr)
	case "convert":
		return traceConvertCmd(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, traceIntro)
		return nil
	}
	fmt.Fprintln(stderr, traceIntro)
	return usageError{fmt.Errorf("trace: unknown subcommand %q", args[0])}
}

// traceFlags are the selection flags inspect and convert share.
type traceFlags struct {
	day           int
	spread        string
	from, to      time.Duration
	top, sample   int
	apps          []string
	rateScale     float64
	seed          uint64
	reorderWindow time.Duration
	defaultSpread string
	quiet         bool   // no progress bar
	function      string // lambda-report: the function of records whose export does not name it
	days          string // azure2019, huawei2023: the days replayed as one run
}

func addTraceFlags(fs *pflag.FlagSet, defaultSpread string) *traceFlags {
	f := &traceFlags{}
	fs.IntVar(&f.day, "day", 0, "day `N` of a multi-day release (default: the first day found)")
	fs.StringVar(&f.spread, "spread", defaultSpread, "how per-minute counts are placed inside each minute (`MODE`: uniform, equidistant or poisson)")
	durationFlagVar(fs, &f.from, "from", 0, "start of the window, in trace time (`D`, e.g. 9h or 1d6h)")
	durationFlagVar(fs, &f.to, "to", 0, "end of the window (`D`; 0 = the end)")
	fs.IntVar(&f.top, "top", 0, "keep the `N` functions with the most invocations in the window")
	fs.IntVar(&f.sample, "sample", 0, "keep `N` functions drawn at random (seeded)")
	fs.StringSliceVar(&f.apps, "apps", nil, "keep only the functions of these apps (`A,B,...`)")
	finiteFloat64Var(fs, &f.rateScale, "rate-scale", 1, "scale the load by `K` (thin below 1, replicate above)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of spreading, duration sampling, sampling and scaling (`N`)")
	durationFlagVar(fs, &f.reorderWindow, "reorder-window", 0, "azure2021, lambda-report: how far rows may be out of arrival order (`D`; default 30m)")
	fs.StringVar(&f.function, "function", "", "lambda-report: the function `NAME` of every record whose export does not name it (default: each file's name without extension)")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "no progress bar, even on a terminal")
	fs.StringVar(&f.days, "days", "", "azure2019, huawei2023: the days `LIST` read as one continuous run, day after day (a range 1-14, or 1,3,5; --from/--to count from the start of the first)")
	return f
}

// spec builds the trace Spec for path, detecting the format unless given.
func (f *traceFlags) spec(path, format string) (trace.Spec, error) {
	var s trace.Spec
	var err error
	if strings.ContainsAny(path, "*?[") && (format == "" || format == trace.FormatLambdaReport) {
		// A glob of Lambda log files (quoted, so that the shell leaves it).
		m, gerr := filepath.Glob(path)
		if gerr != nil || len(m) == 0 {
			return s, usageError{fmt.Errorf("trace: %q matches no file", path)}
		}
		if format == "" {
			if d, derr := trace.Detect(m[0]); derr != nil || d.Format != trace.FormatLambdaReport {
				return s, usageError{fmt.Errorf("trace: %s (the first match of %q) is not Lambda logs: a glob reads lambda-report files only", m[0], path)}
			}
		}
		s.Format, s.Paths = trace.FormatLambdaReport, []string{path}
	} else if format == "" {
		if s, err = trace.Detect(path); err != nil {
			return s, usageError{err}
		}
	} else {
		s.Format = format
		s.Path = path
		if format == trace.FormatAzure2019 || format == trace.FormatHuawei {
			if d, derr := trace.Detect(path); derr == nil && d.Dir != "" {
				s.Dir, s.Path = d.Dir, ""
			}
		}
	}
	if f.days != "" {
		if s.Format != trace.FormatAzure2019 && s.Format != trace.FormatHuawei {
			return s, usageError{fmt.Errorf("trace: --days applies to the per-minute formats azure2019 and huawei2023, not %s", s.Format)}
		}
		if f.day != 0 {
			return s, usageError{fmt.Errorf("trace: --day %d and --days %s: give one", f.day, f.days)}
		}
		days, err := trace.ParseDays(f.days)
		if err != nil {
			return s, usageError{fmt.Errorf("trace: --%w", err)}
		}
		s.Days = days
	}
	s.Day = f.day
	if s.Day == 0 && s.Dir != "" {
		s.Day = trace.FirstDay(s)
	}
	s.Spread = f.spread
	s.From, s.To = sim.FromDuration(f.from), sim.FromDuration(f.to)
	s.Top, s.Sample, s.Apps = f.top, f.sample, f.apps
	s.RateScale = f.rateScale
	s.ReorderWindow = sim.FromDuration(f.reorderWindow)
	if f.function != "" {
		if s.Format != trace.FormatLambdaReport {
			return s, usageError{fmt.Errorf("trace: --function applies to lambda-report logs, not %s", s.Format)}
		}
		s.Function = f.function
	}
	return s, nil
}

// checkCost refuses, before a trace is read, a read whose invocations
// (after --rate-scale) or whose reader's memory (plus Inspect's tallies
// when inspecting) exceed the budget.
func checkCost(cmd string, t *trace.Trace, spec trace.Spec, inspecting bool, b limits.Budget) error {
	st := t.Stats()
	k := spec.RateScale
	if k == 0 {
		k = 1
	}
	events := float64(st.Invocations) * k
	if events > b.Events() {
		return usageError{&limits.Exceeded{Msg: fmt.Sprintf("%s: the trace has %s invocations in the window, x --rate-scale %s makes about %s (%s), more than %s allows; raise --max-events to read them, or lower --rate-scale or narrow --from/--to",
			cmd, limits.FormatCount(float64(st.Invocations)), limits.FormatNumber(k), limits.FormatCount(events), limits.CPUTime(events), b.EventsFlag())}}
	}
	need := st.ReaderBytes(k)
	if inspecting {
		need += st.InspectBytes()
	}
	if need > b.Memory() {
		return usageError{&limits.Exceeded{Msg: fmt.Sprintf("%s: reading the trace at --rate-scale %s needs about %s of memory (its %d functions' counts, and the arrivals it holds at once), more than %s allows; raise --max-memory to read it, or lower --rate-scale",
			cmd, limits.FormatNumber(k), limits.FormatSize(need), st.Functions, b.MemoryFlag())}}
	}
	return nil
}

// openTrace opens a trace, turning a bad specification into a usage error.
func openTrace(s trace.Spec, seed uint64, stderr io.Writer) (*trace.Trace, error) {
	t, err := trace.Open(s, seed)
	if err != nil {
		return nil, usageError{err} // a bad spec, a missing file or a bad row: all bad input
	}
	for _, w := range t.Warnings {
		fmt.Fprintln(stderr, "faassim: warning:", printable.Paragraph(w))
	}
	return t, nil
}

// traceErr makes a trace's bad input found while replaying (a row, a line
// over the cap, a minute over its limit) a usage error: exit 2, not 1.
func traceErr(err error) error {
	if err != nil && trace.IsBadInput(err) {
		return usageError{err}
	}
	return err
}
