package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"faassim/scenarios"
)

func examplesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("examples", "faassim examples\n\nLists the scenarios embedded in faassim; run one with\n  faassim run example:NAME\nor print its file to start your own with\n  faassim examples --show NAME > my.yaml", stderr)
	show := fs.String("show", "", "print the YAML of example `NAME`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("examples: unexpected argument %q", fs.Arg(0))}
	}
	if *show != "" {
		data, err := scenarios.ExampleSource(*show)
		if err != nil {
			return usageError{err}
		}
		_, err = stdout.Write(data)
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, e := range scenarios.Examples() {
		fmt.Fprintf(tw, "example:%s\t%s\n", e.Name, e.Description)
	}
	return tw.Flush()
}

// newFlagSet returns a flag set whose --help prints the intro then the flags.
func newFlagSet(name, intro string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\nFlags:\n%s", intro, fs.FlagUsages())
	}
	return fs
}

func parseFlags(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return errQuiet
		}
		return usageError{fmt.Errorf("%s: %w", fs.Name(), err)}
	}
	return nil
}
