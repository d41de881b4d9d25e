package main

import (
	"fmt"
	"io"

	"faassim/scenarios/trace/synth"
)

const traceSynthIntro = `faassim trace synth --functions N --days D --seed S --out DIR

Writes an Azure-calibrated synthetic population in the Azure Functions 2019
layout (three files per day, as the real trace): app volumes spanning about
8 orders of magnitude (45% of apps at most once an hour, 81% at most once a
minute), steady, diurnal and bursty on/off apps, timers at fixed periods,
lognormal durations and Burr XII app memory (Shahrad et al., ATC'20).
Check it with "faassim trace inspect DIR".`

func traceSynthCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trace synth", traceSynthIntro, stdout, stderr)
	n := fs.Int("functions", 1000, "number of functions (`N`)")
	days := fs.Int("days", 1, "number of days (`D`, 1-99)")
	seed := fs.Uint64("seed", 1, "seed of the population and its arrivals (`S`)")
	out := fs.String("out", "", "directory to write the day files into (`DIR`, created if needed)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("trace synth: unexpected argument %q", fs.Arg(0))}
	}
	if *out == "" {
		fs.Usage()
		return usageError{fmt.Errorf("trace synth: --out DIR is required")}
	}
	if *n < 1 || *days < 1 || *days > 99 {
		return usageError{fmt.Errorf("trace synth: want --functions >= 1 and --days 1-99, got %d and %d", *n, *days)}
	}
	if err := synth.Generate(*out, synth.Config{Functions: *n, Days: *days, Seed: *seed}); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "faassim: wrote %d day(s) of %d functions to %s\n", *days, *n, *out)
	return nil
}
