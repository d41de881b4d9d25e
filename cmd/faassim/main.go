package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

func main() {
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError marks bad input (flags, scenario files): exit status 2, as
// flag parsing conventionally uses.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// errQuiet ends the program with status 0 after a message already printed
// (--help).
var errQuiet = errors.New("quiet")

// exitCode maps an error to the exit status: 2 for bad input, 3 for a
// check that ran and failed (diff --fail-above, validate), 130 for
// an interrupt, 1 for the environment (disk full, permissions, a missing
// directory) and anything else.
func exitCode(err error) int {
	switch {
	case errors.Is(err, errQuiet):
		return 0
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return exitInterrupted
	case environmental(err):
		return 1 // even while reading an input: the file is fine, the machine is not
	case errors.As(err, new(usageError)):
		return 2
	case errors.As(err, new(checkFailed)):
		return 3
	}
	return 1
}

// environmental reports failures of the machine rather than of the input:
// permissions, a full disk, an I/O error.
func environmental(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EIO) ||
		errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EDQUOT)
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "simulate a scenario and print the comparison", runCmd},
		{"sweep", "run a scenario over a grid of parameter values (memory, keep-alive, rate...)", sweepCmd},
		{"breakeven", "find the request rate at which one platform becomes cheaper than another", breakevenCmd},
		{"tune", "power tuning: recommend a function's memory and architecture (cost, speed or balanced)", tuneCmd},
		{"import", "write a scenario from a serverless.yml, SAM or CloudFormation template", importCmd},
		{"report", "render saved JSON results as HTML, Markdown, CSV or text", reportCmd},
		{"serve", "start the playground: a teaching page in the browser to move each trade-off and watch", serveCmd},
		{"examples", "list the embedded example scenarios", examplesCmd},
		{"prices", "list the price sheets, with their dates and sources", pricesCmd},
		{"trace", "read, inspect, synthesise and convert traces", traceCmd},
		{"diff", "compare two scenarios (or one and --set changes): cost and latency changes with 95% intervals", diffCmd},
		{"calibrate", "fit a scenario to AWS Lambda REPORT logs (durations, INIT, arrivals, keep-alive)", calibrateCmd},
		{"analyze", "check the simulation against queueing theory (Erlang B and C, M/M/c/K, the semi-Markov serverless model)", analyzeCmd},
		{"batch", "print Kubernetes, Slurm or AWS Batch manifests that run a scenario in shards, then merge them", batchCmd},
		{"validate", "check faassim against queueing theory, published figures and price examples", validateCmd},
		{"merge", "merge the JSON of sharded runs (run --shard I/N) into one run's results", mergeCmd},
		{"help", "show this help", nil},
	}
}

// run is the whole program without signal handling (runMain adds it and
// maps the error to an exit status).
func run(args []string, stdout, stderr io.Writer) error {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext runs the command of args; cancelling ctx stops it.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return runCmd(ctx, []string{"example:default"}, stdout, stderr)
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		printUsage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	printUsage(stderr)
	return usageError{fmt.Errorf("unknown command %q", name)}
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `faassim predicts what a workload costs and how fast it runs on serverless
platforms, by simulating cold starts, keep-alive, concurrency limits and
scaling on a replay of its requests.

Usage:
  faassim                      run the default example and print a comparison
  faassim COMMAND [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "faassim COMMAND --help" for a command's flags. Examples:
  faassim run example:simfaas-readme
  faassim run my.yaml --format json -o results.json --replications 5
  faassim run example:default --set platforms.0.keep_alive.ttl=5m
`)
}
