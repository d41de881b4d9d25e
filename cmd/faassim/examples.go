package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"faassim/scenarios"
)

func examplesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("examples", "faassim examples\n\nLists the scenarios embedded in faassim; run one with\n  faassim run example:NAME\nor print its file to start your own with\n  faassim examples --show NAME > my.yaml", stdout, stderr)
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

// newFlagSet returns a flag set whose --help (or -h) prints the intro then
// the flags on stdout, as asked for, and whose Usage, called on a misuse,
// prints them on stderr.
func newFlagSet(name, intro string, stdout, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	usage := func(w io.Writer) { fmt.Fprintf(w, "%s\n\nFlags:\n%s", intro, fs.FlagUsages()) }
	fs.Usage = func() { usage(stderr) }
	// A help flag of our own, rather than pflag's built-in one (which
	// calls Usage, on stderr): parseFlags prints it on stdout.
	h := &helpFlag{print: func() { usage(stdout) }}
	fs.VarP(h, "help", "h", "show this help and exit")
	fs.Lookup("help").NoOptDefVal = "true"
	return fs
}

// helpFlag is --help: set when given, printed once parsing is done.
type helpFlag struct {
	set   bool
	print func()
}

func (h *helpFlag) String() string { return strconv.FormatBool(h.set) }
func (h *helpFlag) Type() string   { return "bool" }
func (h *helpFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	h.set = h.set || v
	return err
}

// parseFlags parses args; --help prints the help on stdout and ends the
// command with status 0 (errQuiet), whatever else the line holds.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if h, ok := fs.Lookup("help").Value.(*helpFlag); ok && h.set {
		h.print()
		return errQuiet
	}
	if err != nil {
		if hint, ok := otherCommands[strings.TrimPrefix(err.Error(), "unknown flag: ")]; ok {
			return usageError{fmt.Errorf("%s: %w: %s", fs.Name(), err, hint)}
		}
		return usageError{fmt.Errorf("%s: %w", fs.Name(), err)}
	}
	return nil
}

// otherCommands says where a flag a command lacks belongs, for the flags
// a user may expect everywhere.
var otherCommands = map[string]string{
	"--per-app": "per-application statistics are a flag of run (faassim run SCENARIO --per-app [N] -o results.json); " +
		"faassim report renders those saved results, with their keep-alive study in html",
}
