package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"faassim/scenarios/validation"
)

const validateIntro = `faassim validate [flags]

Runs faassim's built-in validation suite and prints one table: each case's
checks with the reference (a formula or a published figure), faassim's
value (± its standard error where it is a mean of replications), the error,
the tolerance and pass or fail; then each case's reference in words with
its public source, and a summary. Every seed is fixed: the same build
gives the same table.

Groups of cases:
  theory      queueing formulas against the mean of independent replications:
              Erlang B (a concurrency limit that rejects), Erlang C (a fixed
              container fleet with a queue), M/G/infinity busy instances for
              three service distributions, P(cold) = e^(-lambda T) under a
              fixed keep-alive, Little's law L = lambda W on FaaS and
              containers; within 4 standard errors, with a standard error
              below a stated bound so that a noisy run cannot pass
  published   figures other simulators and models published: the SimFaaS
              README example (P(cold), instances, utilization) and the
              semi-Markov model's two points published with its authors'
              pacsltk (Mahmoudi and Khazaei, IEEE TCC 2020), within 1%
  prices      the worked examples of the AWS Lambda, Azure Functions Flex,
              Fargate and EKS pricing pages, to the cent
  accounting  the bill is the window's usage and does not depend on where
              the window falls; INIT is billed; every request has one fate
              (requests = completed + rejected + timed_out + in_flight)
  study       studies reported for information, without pass or fail

The whole suite takes well under a minute on two cores; --short leaves out
the slow cases (over a million simulated requests each) and says how many.

Exit status: 0 every check passed, 3 a check failed, 2 bad input (flags,
a --case that matches nothing), 1 anything else.

Examples:
  faassim validate
  faassim validate --short --format markdown -o validate.md
  faassim validate --case 'theory/*' --format json`

// validationCases is the suite validate runs (tests replace it).
var validationCases = validation.All

func validateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", validateIntro, stdout, stderr)
	format := fs.StringP("format", "f", "", "output `format`: "+strings.Join(validation.Formats, ", ")+
		" (json: the faassim/validate/v1 contract); default: from -o's extension (.json, .md, .txt), else text")
	file := fs.StringP("output", "o", "", "write to `FILE` instead of standard output (atomically: all or nothing)")
	short := fs.Bool("short", false, "skip the slow cases (over a million simulated requests each)")
	workers := fs.Int("workers", 0, "cases run at once (`N`; 0 = one per core); results do not depend on it")
	pattern := fs.String("case", "", "run only the cases whose name matches `PATTERN`: a glob ('theory/*') or a part of the name ('erlang')")
	list := fs.Bool("list", false, "list the cases (name, group, slow; text, to -o if given) and exit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("validate: unexpected argument %q", fs.Arg(0))}
	}
	if *workers < 0 {
		return usageError{fmt.Errorf("validate: --workers %d: want 0 or more", *workers)}
	}
	if !fs.Changed("format") {
		*format = formatOf(*file, "text")
	}
	if !slices.Contains(validation.Formats, *format) {
		return usageError{fmt.Errorf("validate: --format: unknown format %q (known: %s)", *format, strings.Join(validation.Formats, ", "))}
	}
	all := validationCases()
	cases, skipped, err := validation.Select(all, *pattern, *short)
	if err != nil {
		return usageError{fmt.Errorf("validate: --case: %w", err)}
	}
	if *list {
		// The list is text; -o takes it like any output.
		if fs.Changed("format") && *format != "text" {
			return usageError{fmt.Errorf("validate: --list writes a text list (name, group, slow): --format %s is for the suite's results", *format)}
		}
		s, err := openSink(ctx, "validate", "-o", *file, stdout)
		if err != nil {
			return err
		}
		defer s.abort()
		if err := listCases(s, cases); err != nil {
			return err
		}
		return s.commit()
	}
	if len(cases) == 0 {
		why := fmt.Sprintf("--case %q matches no case", *pattern)
		if skipped > 0 {
			why = fmt.Sprintf("--case %q matches only slow cases, which --short skips", *pattern)
		}
		return usageError{fmt.Errorf("validate: %s (faassim validate --list names them)", why)}
	}
	s, err := openSink(ctx, "validate", "-o", *file, stdout)
	if err != nil {
		return err
	}
	defer s.abort()
	r, err := validation.Run(ctx, cases, *workers)
	if err != nil {
		return err
	}
	r.Skipped = skipped
	var buf bytes.Buffer
	if err := validation.Render(&buf, r, *format); err != nil {
		return err
	}
	if _, err := s.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := s.commit(); err != nil {
		return err
	}
	if r.Failed > 0 {
		var failed []string
		for _, o := range r.Outcomes {
			if o.Status() == validation.Fail {
				failed = append(failed, o.Name)
			}
		}
		return checkFailed{fmt.Errorf("validate: %s failed, in %s", validation.Count(r.Failed, "check"), strings.Join(failed, ", "))}
	}
	return nil
}

func listCases(w io.Writer, cases []validation.Case) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range cases {
		slow := ""
		if c.Slow {
			slow = "slow"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Group, slow)
	}
	return tw.Flush()
}
