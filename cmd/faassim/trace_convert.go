package main

import (
	"context"
	"fmt"
	"io"

	"faassim/scenarios/trace"
)

const traceConvertIntro = `faassim trace convert IN [flags] -o OUT.csv

Converts a trace of any supported format to the generic CSV
(timestamp,function,duration_ms,memory_mb,app; timestamps in seconds from
the start of the window). Per-minute formats are spread with --spread and
their durations sampled with --seed, so the output is one replay of them.`

func traceConvertCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trace convert", traceConvertIntro, stdout, stderr)
	format := fs.String("trace-format", "", "input format (`F`: azure2019, azure2021, huawei2023, csv, lambda-report; default: detected)")
	// --format named the input here before it meant the output format in
	// every command: the old spelling still works, with a note.
	oldFormat := fs.StringP("format", "f", "", "")
	fs.MarkHidden("format")
	out := fs.StringP("output", "o", "", "write to `FILE` instead of standard output (atomically)")
	tf := addTraceFlags(fs, trace.SpreadUniform)
	budget := addBudget(fs, "invocations written (after --rate-scale)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("trace convert: want one input, got %d arguments", fs.NArg())}
	}
	if fs.Changed("format") {
		if fs.Changed("trace-format") && *format != *oldFormat {
			return usageError{fmt.Errorf("trace convert: --format %s and --trace-format %s: give the input format once, as --trace-format", *oldFormat, *format)}
		}
		fmt.Fprintf(stderr, "faassim: note: trace convert --format is now --trace-format (the input format); --format %s still works\n", *oldFormat)
		*format = *oldFormat
	}
	if err := refuseSameFile("trace convert", "-o", *out, input{"the trace", fs.Arg(0)}); err != nil {
		return err
	}
	sink, err := openSink(ctx, "trace convert", "-o", *out, stdout)
	if err != nil {
		return err
	}
	defer sink.abort()
	spec, err := tf.spec(fs.Arg(0), *format)
	if err != nil {
		return err
	}
	spec.MaxFunctions = trace.FunctionsFor(budgetFor(budget).Memory())
	t, err := openTrace(spec, tf.seed, stderr)
	if err != nil {
		return err
	}
	if err := checkCost("trace convert", t, spec, false, budgetFor(budget)); err != nil {
		return err
	}
	// The sink fails its next write once ctx is cancelled, so a
	// conversion of a large trace stops within a buffer of an interrupt.
	done := traceProgress(stderr, tf.quiet, "trace convert", t)
	defer done()
	if err := trace.WriteCSV(sink, t); err != nil {
		if sink.failed != nil || ctx.Err() != nil {
			return err
		}
		return usageError{err} // a bad row found while streaming
	}
	return sink.commit()
}
