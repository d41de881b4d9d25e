package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"faassim/reports"
	"faassim/scenarios"
)

const analyzeIntro = `faassim analyze SCENARIO [flags]

Checks the simulation against queueing theory: for every platform of
SCENARIO (a YAML file, or example:NAME), decides which analytic model fits
it, computes the model from the platform as resolved (mean duration x the
function's speed factor as warm service, warm + mean cold start as cold
service, its limits and keep-alive), simulates the scenario and prints the
model's figures next to the simulation's, with their difference:

  FaaS, fixed TTL          the semi-Markov model of Mahmoudi and Khazaei
                           ("Performance Modeling of Serverless Computing
                           Platforms", IEEE TCC 2020): P(cold), P(reject),
                           mean instances, mean running, utilization
  FaaS, keep-alive forever Erlang B (M/G/c/c) with a limit, M/G/infinity without
  FaaS, no keep-alive      the same on cold start + execution (all cold)
  container, fixed fleet   M/M/c/K (c = replicas x slots, K = c + queue_limit),
                           Erlang C when the queue is unbounded

Every model needs Poisson arrivals. Where none fits (another arrival
process, a trace or a workload.synth population, several requests per
instance, the hybrid keep-alive, provisioned instances that a TTL does not
keep like the rest, idle_choice lru under a TTL, a scale rate or a shared
account limit that binds, autoscaled containers, non-exponential durations
behind a container's queue, timeouts that cut executions...) the platform
says why, and its simulated figures are printed alone. The models are
steady-state means: a model that is an approximation (the semi-Markov one
is) shows its gap to the engine here rather than hiding it.

Exit status: 0 done, 2 bad input (flags, scenario, a budget exceeded),
1 anything else.

Examples:
  faassim analyze example:simfaas-readme
  faassim analyze example:erlang-b --replications 5 --format markdown -o erlang.md
  faassim analyze my.yaml --set platforms.0.keep_alive.ttl=5m --format json`

func analyzeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("analyze", analyzeIntro, stdout, stderr)
	format := fs.StringP("format", "f", "", "output `format`: "+strings.Join(reports.AnalysisFormats, ", ")+
		" (json: the faassim/analyze/v1 contract); default: from -o's extension (.json, .md, .txt), else text")
	file := fs.StringP("output", "o", "", "write to `FILE` instead of standard output (atomically: all or nothing)")
	reps := fs.Int("replications", 0, "override the scenario's number of independent replications (`N` >= 1); with 2 or more, the simulated figures get 95% intervals")
	sets := fs.StringArray("set", nil, "override a scenario field: `path=value` (repeatable)")
	workers := fs.Int("workers", 0, "simulations run at once (`N`; 0 = one per core); results do not depend on it")
	budget := addBudget(fs, "simulated requests (over every platform and replication)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("analyze: want one scenario (a file or example:NAME), got %s", argsText(fs.Args()))}
	}
	if !fs.Changed("format") {
		*format = formatOf(*file, "text")
	}
	render, err := reports.AnalysisForFormat(*format)
	if err != nil {
		return usageError{fmt.Errorf("analyze: --format: %v", err)}
	}
	all := *sets
	if fs.Changed("replications") {
		if *reps < 1 {
			return usageError{fmt.Errorf("analyze: --replications %d: want at least 1", *reps)}
		}
		all = append(all, "replications="+strconv.Itoa(*reps))
	}
	if *workers < 0 {
		return usageError{fmt.Errorf("analyze: --workers %d: want 0 or more", *workers)}
	}
	if err := refuseSameFile("analyze", "-o", *file, input{"the scenario", fs.Arg(0)}); err != nil {
		return err
	}
	sink, err := openSink(ctx, "analyze", "-o", *file, stdout)
	if err != nil {
		return err
	}
	defer sink.abort()
	opt := scenarios.Options{Workers: *workers, Budget: budgetFor(budget)}
	s, err := scenarios.OpenWith(fs.Arg(0), all, opt)
	if err != nil {
		return usageError{err}
	}
	a, err := scenarios.Analyze(ctx, s, opt)
	if err != nil {
		return simErr(fs.Arg(0), err)
	}
	var buf bytes.Buffer
	if err := render(&buf, a); err != nil {
		return err
	}
	if _, err := sink.Write(buf.Bytes()); err != nil {
		return err
	}
	return sink.commit()
}
