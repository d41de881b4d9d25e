package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"faassim/scenarios/trace"
)

const traceInspectIntro = `faassim trace inspect PATH|DIR [flags]

Summarises a trace in one streaming pass: invocations, functions and apps,
span, invocation-rate percentiles per function, the share of apps invoked
at most once per minute and once per hour on average (Shahrad et al.,
ATC'20, Fig. 5), the share of invocations made by the busiest 18.6% of
apps, the inter-arrival CV of apps with at least 10 invocations, and
duration and memory percentiles.

Per-minute formats are spread equidistantly by default, so the CV measures
how bursty the minute counts are rather than a random placement.

With --days (azure2019, huawei2023), the listed days are read as one run
and the summary adds each day's invocations and the weekday/weekend ratio:
mean invocations of a listed Monday-Friday over those of a listed Saturday
or Sunday (a day that --from or --to cuts counts per 24 h of it inside the
window; a day outside it does not count). An azure2019 day 1 is a Monday (the release runs from
2019-07-15 to 2019-07-28, as its analysis notebook plots it; trace synth
uses the same calendar); for huawei2023, --first-weekday says which weekday
day 1 is, else there is no ratio, with a note.

  faassim trace inspect DIR --days 1-14
  faassim trace inspect HUAWEI-DIR --days 1-7 --first-weekday monday -o week.json`

func traceInspectCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trace inspect", traceInspectIntro, stdout, stderr)
	format := fs.StringP("format", "f", "text", "output `format`: text or json; without it, json for -o FILE.json")
	traceFormat := fs.String("trace-format", "", "input format (`F`: azure2019, azure2021, huawei2023, csv, lambda-report; default: detected)")
	out := fs.StringP("output", "o", "", "write to `FILE` instead of standard output (atomically)")
	tf := addTraceFlags(fs, trace.SpreadEquidistant)
	firstWeekday := fs.String("first-weekday", "", "with --days: the weekday `DAY` of the trace's day 1 (monday ... sunday), for the weekday/weekend ratio (default: the release's calendar where known, azure2019 day 1 a Monday; else no ratio)")
	budget := addBudget(fs, "invocations read (after --rate-scale)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("trace inspect: want one PATH or DIR, got %d arguments", fs.NArg())}
	}
	if !fs.Changed("format") && formatOf(*out, "text") == "json" {
		*format = "json"
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Errorf("trace inspect: unknown --format %q (want text or json)", *format)}
	}
	if err := refuseSameFile("trace inspect", "-o", *out, input{"the trace", fs.Arg(0)}); err != nil {
		return err
	}
	var weekday time.Weekday
	if *firstWeekday != "" {
		if tf.days == "" {
			return usageError{fmt.Errorf("trace inspect: --first-weekday needs --days")}
		}
		var err error
		if weekday, err = trace.ParseWeekday(*firstWeekday); err != nil {
			return usageError{fmt.Errorf("trace inspect: --first-weekday: %w", err)}
		}
	}
	sink, err := openSink(ctx, "trace inspect", "-o", *out, stdout)
	if err != nil {
		return err
	}
	defer sink.abort()
	spec, err := tf.spec(fs.Arg(0), *traceFormat)
	if err != nil {
		return err
	}
	spec.MaxFunctions = trace.FunctionsFor(budgetFor(budget).Memory())
	t, err := openTrace(spec, tf.seed, stderr)
	if err != nil {
		return err
	}
	if err := checkCost("trace inspect", t, spec, true, budgetFor(budget)); err != nil {
		return err
	}
	done := traceProgress(stderr, tf.quiet, "trace inspect", t)
	sum, err := trace.Inspect(t)
	done()
	if err != nil {
		return usageError{err} // a bad row found while streaming
	}
	known := *firstWeekday != ""
	if !known {
		weekday, known = trace.FirstWeekday(spec.Format) // azure2019: day 1 is a Monday
	}
	sum.SetWeekdays(weekday, known)
	if *format == "json" {
		enc := json.NewEncoder(sink)
		enc.SetIndent("", "  ")
		err = enc.Encode(sum)
	} else {
		err = writeSummaryText(sink, spec, sum)
	}
	if err != nil {
		return err
	}
	return sink.commit()
}

func writeSummaryText(w io.Writer, spec trace.Spec, s *trace.Summary) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(name string, v trace.Percentiles, unit string) {
		fmt.Fprintf(tw, "%s\tp0 %.4g  p1 %.4g  p25 %.4g  p50 %.4g  p75 %.4g  p99 %.4g  p100 %.4g %s\n",
			name, v.P0, v.P1, v.P25, v.P50, v.P75, v.P99, v.P100, unit)
	}
	switch spec.Format {
	case trace.FormatAzure2019, trace.FormatHuawei: // per-minute counts: a day, spread in minutes
		if len(spec.Days) > 0 {
			fmt.Fprintf(tw, "format\t%s (days %s, spread %s)\n", spec.Format, trace.FormatDays(spec.Days), spec.Spread)
			break
		}
		fmt.Fprintf(tw, "format\t%s (day %d, spread %s)\n", spec.Format, spec.Day, spec.Spread)
	default:
		fmt.Fprintf(tw, "format\t%s\n", spec.Format)
	}
	fmt.Fprintf(tw, "invocations\t%d\n", s.Invocations)
	fmt.Fprintf(tw, "span\t%.0f s (%.2f h)\n", s.SpanS, s.SpanS/3600)
	fmt.Fprintf(tw, "functions\t%d (%d invoked)\n", s.Functions, s.FunctionsInvoked)
	fmt.Fprintf(tw, "apps\t%d (%d invoked); %.1f%% with one function, %.1f%% with at most 10\n",
		s.Apps, s.AppsInvoked, s.SingleFunctionAppsPct, s.AppsUpTo10FunctionsPct)
	p("rate per function", s.FunctionRatePerS, "/s")
	fmt.Fprintf(tw, "apps at most once per minute\t%.1f%%\n", s.AppsAtMostOncePerMinutePct)
	fmt.Fprintf(tw, "apps at most once per hour\t%.1f%%\n", s.AppsAtMostOncePerHourPct)
	fmt.Fprintf(tw, "busiest 18.6%% (%d of %d apps)\t%.2f%% of invocations\n", s.TopApps, s.Apps, s.TopAppsShareOfInvocationsPct)
	fmt.Fprintf(tw, "apps with IAT CV > 1\t%.1f%% of %d apps with >= %d invocations\n", s.AppsIATCVAbove1Pct, s.AppsWithCV, trace.MinCVInvocations)
	p("app IAT CV", s.AppIATCV, "")
	p("duration", s.DurationMS, "ms")
	p("function avg duration", s.FunctionAvgDurationMS, "ms")
	fmt.Fprintf(tw, "  lognormal fit (s)\tmu %.2f sigma %.2f; %.1f%% of functions average under 1 s\n",
		s.FunctionAvgDurationLnMu, s.FunctionAvgDurationLnSd, s.FunctionsAvgUnder1sPct)
	p("app memory", s.MemoryMB, "MB")
	names := make([]string, 0, len(s.Triggers))
	for k := range s.Triggers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(tw, "trigger %s\t%.1f%% of functions, %.1f%% of invocations\n", k, s.Triggers[k].FunctionsPct, s.Triggers[k].InvocationsPct)
	}
	for _, d := range s.Days {
		switch {
		case d.WindowS <= 0:
			fmt.Fprintf(tw, "day %d\t%d invocations (outside the window)\n", d.Day, d.Invocations)
		case d.WindowS < trace.DayLength.Seconds():
			fmt.Fprintf(tw, "day %d\t%d invocations in %.2f h of it inside the window\n", d.Day, d.Invocations, d.WindowS/3600)
		default:
			fmt.Fprintf(tw, "day %d\t%d invocations\n", d.Day, d.Invocations)
		}
	}
	if s.WeekdayWeekendRatio != nil {
		fmt.Fprintf(tw, "weekday/weekend ratio\t%.3f (weekend days %s)\n", *s.WeekdayWeekendRatio, trace.FormatDays(s.WeekendDays))
	}
	if s.WeekNote != "" {
		fmt.Fprintf(tw, "note\t%s\n", s.WeekNote)
	}
	return tw.Flush()
}
