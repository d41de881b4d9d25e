package main

import (
	"fmt"
	"io"

	"faassim/scenarios/trace"
)

const traceConvertIntro = `faassim trace convert IN [flags] -o OUT.csv

Converts a trace of any supported format to the generic CSV
(timestamp,function,duration_ms,memory_mb,app; timestamps in seconds from
the start of the window). Per-minute formats are spread with --spread and
their durations sampled with --seed, so the output is one replay of them.`

func traceConvertCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trace convert", traceConvertIntro, stderr)
	format := fs.StringP("format", "f", "", "input `format`: azure2019, azure2021, huawei2023 or csv (default: detected)")
	out := fs.StringP("output", "o", "", "write to `FILE` instead of standard output (atomically)")
	tf := addTraceFlags(fs, trace.SpreadUniform)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("trace convert: want one input, got %d arguments", fs.NArg())}
	}
	spec, err := tf.spec(fs.Arg(0), *format)
	if err != nil {
		return err
	}
	t, err := openTrace(spec, tf.seed, stderr)
	if err != nil {
		return err
	}
	return traceErr(emit(*out, stdout, func(w io.Writer) error { return trace.WriteCSV(w, t) }))
}
