package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"faassim/internal/limits"
	"faassim/models/metrics"
	"faassim/scenarios"
	"faassim/scenarios/trace"
	"faassim/sim"
)

const runIntro = `faassim run SCENARIO [flags]

Simulates every platform of SCENARIO (a YAML file, or example:NAME for an
embedded example: see "faassim examples") on the same requests and prints
a comparison: requests, rejections, cold starts, latency percentiles,
instances, utilization and cost (projected to a 30-day month, or to the
scenario's "month: 730h", with each platform's price sheet: see "faassim
prices").

For checking a model's state distribution, the json output also
carries, for each FaaS and container platform:
- instances.distribution: [{count, fraction}], the share of the measured
  window during which exactly that many instances (replicas) were live,
  every count, ascending; instances.running_distribution the same for
  busy ones. Pooled over replications (time at each count added up);
  text, markdown and html show the live one as bars, the rarest counts
  at each end folded into one bar.
- cold_start_by_instances: [{instances, requests, cold_start_ratio}],
  requests grouped by the instances of their function (the replicas of a
  container platform) that existed when they arrived, with requests per
  replication (rounded) and the cold-start ratio; html and markdown show
  the 20 groups with the most requests, the text report not.
  faassim run example:simfaas-readme --format json -o results.json

For transient analysis (the next minutes from a given state rather than
the long run), give a platform initial_instances (busy or idle instances
at time 0, idle ones with expires_in; a container service's ready
replicas: see docs/scenario.md), set warmup: 0, and run many short
replications with --timeline for the mean path (here, an API after a
deploy and after a quiet night; then the first platform starting with 4
executions running instead):
  faassim run example:after-quiet-night --timeline 1m
  faassim run example:after-quiet-night --timeline 1m \
    --set 'platforms.0.initial_instances=[{state: busy, count: 4}]'

Any field of the scenario can be changed with --set, by its YAML path:
  --set platforms.0.keep_alive.ttl=5m
  --set workload.synthetic.functions.0.arrival.rate_per_s=2

With --compare-observed LOGS (AWS Lambda REPORT logs, as "faassim
calibrate" reads them), the report adds, for each FaaS platform (or the one
of --compare-platform), predicted next to observed: cold-start ratio,
duration p50 and p99 (Lambda's Duration: execution, INIT excluded), billed
GB-s and cost (the logs' requests and Billed Duration x Memory Size priced
with the platform's price sheet over the logs' window; predictions scaled
to that window), each with its relative error. In text, markdown or json
(field "observed"):
  faassim calibrate logs/*.log -o calibrated.yaml
  faassim run calibrated.yaml --compare-observed 'logs/*.log'

With --per-app, each FaaS platform adds per-application statistics (apps
in json): how many applications had 2 or more requests, the 25th, 50th,
75th and 90th percentiles (nearest rank) of their percentage of cold
starts, and the wasted memory-time (GB-s of instances alive but serving no
request). --per-app N also lists the N applications with the most requests
(the html report adds a keep-alive study when two FaaS platforms have them):
  faassim run example:keep-alive-tradeoff --per-app
  faassim run example:keep-alive-tradeoff --per-app 5 --format markdown

With --replications N, each platform is simulated N times on independent
random streams (the same N streams for every platform); counts are means
per replication, latency percentiles are pooled, and the headline figures
get 95% intervals (Student t over the replications). Replications run in
parallel (--workers) and are summarized as they finish, in replication
order: the results are byte-identical whatever --workers, and memory does
not grow with N (10,000 replications of 300 s need about 26 MB):
  faassim run example:simfaas-readme --set horizon=300s --replications 10000 --timeline 10s

With --shard I/N (0-based), it runs one part of the study and writes JSON
for faassim merge: replication r when r mod N = I; with one replication of
several functions (a trace replay), the functions whose name (or app, where
instances or the hybrid keep-alive are per app, or with --per-app) hashes
to I, a container platform whole on shard 0. --shards N reads I from
JOB_COMPLETION_INDEX (Kubernetes), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) or
SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN (Slurm). Without --shard or
--shards it runs whole, even inside an array job:
  seq 0 3 | xargs -P 4 -I{} faassim run scenario.yaml --shard {}/4 -q -o shard-{}.json
  faassim merge shard-*.json -o results.json`

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", runIntro, stdout, stderr)
	var out output
	out.register(fs, "json: the faassim/results/v1 contract; html: one self-contained file with charts")
	seed := fs.String("seed", "", "override the scenario's seed (`N`, an unsigned integer)")
	reps := fs.Int("replications", 0, "override the number of independent replications (`N` >= 1); results are means with 95% intervals, the same whatever --workers")
	sets := fs.StringArray("set", nil, "override a scenario field: `path=value` (repeatable)")
	workers := fs.Int("workers", 0, "simulations run at once (`N`; 0 = one per core); results do not depend on it")
	prices := fs.StringArray("prices", nil, "price sheets in `FILE` (YAML; repeatable), used before the embedded ones of the same name")
	timeline := durationFlag(fs, "timeline", 0, "record per-platform series (instances, requests, cold starts) in buckets of `D` (e.g. 1m) for charts; "+
		"default: none, except --format html: about 500 buckets over the measured window (1s, 2s, 5s ... 1h, 2h, 6h, 12h, 1d steps); 0 turns them off")
	freeTier := fs.Bool("free-tier", false, "apply every price sheet's monthly free tier (off by default: it is per account, not per workload)")
	budget := addBudget(fs, "simulated requests (over every platform and replication)")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar, even on a terminal")
	observed := fs.StringArray("compare-observed", nil, "compare with AWS Lambda REPORT logs in `LOGS` (a file or glob; repeatable)")
	comparePlatform := fs.String("compare-platform", "", "compare only this FaaS platform (`NAME`) with the logs (default: every FaaS platform)")
	logFunction := fs.String("compare-function", "", "the function `NAME` of logs that do not name theirs (default: the file's base name)")
	perApp := addPerApp(fs)
	shardFl := addShard(fs)
	if err := parseFlags(fs, joinOptional(fs, args, "per-app")); err != nil {
		return err
	}
	shard, err := shardFl.resolve("run", os.Getenv)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("run: want one scenario (a file or example:NAME), got %s", argsText(fs.Args()))}
	}
	if err := out.check("run"); err != nil {
		return err
	}
	if shard.On() {
		if err := checkShardOutput("run", &out); err != nil {
			return err
		}
		if len(*observed) > 0 {
			return usageError{fmt.Errorf("run: --compare-observed compares one whole run with logs: run it unsharded (or compare the merged results)")}
		}
	}
	if len(*observed) == 0 && (fs.Changed("compare-platform") || fs.Changed("compare-function")) {
		return usageError{fmt.Errorf("run: --compare-platform and --compare-function go with --compare-observed LOGS")}
	}
	if len(*observed) > 0 && out.format != "text" && out.format != "markdown" && out.format != "json" {
		return usageError{fmt.Errorf("run: --compare-observed prints in text, markdown or json, not %s", out.format)}
	}
	all := *sets
	if *seed != "" {
		if _, err := strconv.ParseUint(*seed, 10, 64); err != nil {
			return usageError{fmt.Errorf("run: --seed %q: want an unsigned integer", *seed)}
		}
		all = append(all, "seed="+*seed)
	}
	if fs.Changed("replications") {
		if *reps < 1 {
			return usageError{fmt.Errorf("run: --replications %d: want at least 1", *reps)}
		}
		all = append(all, "replications="+strconv.Itoa(*reps))
	}
	if *timeline < 0 {
		return usageError{fmt.Errorf("run: --timeline %v: want a positive duration", *timeline)}
	}
	if *workers < 0 {
		return usageError{fmt.Errorf("run: --workers %d: want 0 or more", *workers)}
	}
	ins := append(priceInputs(*prices), input{"the scenario", fs.Arg(0)})
	for _, l := range *observed {
		ins = append(ins, input{"--compare-observed", l})
	}
	if err := refuseSameFile("run", "-o", out.file, ins...); err != nil {
		return err
	}
	if err := out.open(ctx, "run", stdout); err != nil {
		return err
	}
	defer out.close()
	sheets, err := loadPrices(*prices)
	if err != nil {
		return err
	}
	opt := scenarios.Options{Workers: *workers, Prices: sheets, FreeTier: *freeTier, Timeline: sim.FromDuration(*timeline),
		Budget: budgetFor(budget), Execution: len(*observed) > 0, PerApp: perApp.opt, Context: ctx}
	s, err := scenarios.OpenWith(fs.Arg(0), all, opt)
	if err != nil {
		return usageError{err}
	}
	if !fs.Changed("timeline") && out.format == "html" {
		// The page's instances and cold-start charts need a timeline;
		// JSON and the other formats carry one only when asked.
		opt.Timeline = sim.FromDuration(metrics.DefaultTimelineStep(time.Duration(s.Horizon - s.Warmup)))
	}
	if *comparePlatform != "" {
		if err := hasFaaSPlatform(s, *comparePlatform); err != nil {
			return err
		}
	}
	var obs *scenarios.Observation
	var observedNotes []string
	if len(*observed) > 0 {
		// The logs are read before the run, so a bad one fails at once.
		var st trace.LambdaStats
		src := cancellable(ctx, scenarios.LambdaSourceStats(trace.LambdaOptions{Paths: *observed, Function: *logFunction}, &st))
		if obs, err = scenarios.Observe(src, *observed); err != nil {
			return logsErr(err)
		}
		s, observedNotes = s.ForObserved(obs)
		if w := st.MalformedWarning(); w != "" {
			observedNotes = append(observedNotes, w)
		}
	}
	if est, err := s.Estimate(opt); err == nil && est.Workers < est.Asked && est.Check(opt.Budget) == nil {
		what := "simulations"
		if est.Workers == 1 {
			what = "simulation"
		}
		fmt.Fprintf(stderr, "faassim: running %d %s at a time rather than %d, to stay under --max-memory (about %s)\n",
			est.Workers, what, est.Asked, limits.FormatSize(est.Bytes))
	}
	if bar := progressFor(stderr, *quiet, 1000, "run", false); bar != nil {
		opt.Progress = func(done float64) { bar.Set(int(done * 1000)) }
		defer bar.Finish()
	}
	if shard.On() {
		sr, err := scenarios.RunShard(ctx, s, opt, shard)
		if err != nil {
			return simErr(fs.Arg(0), err)
		}
		for _, n := range sr.Shard.Notes {
			fmt.Fprintf(stderr, "faassim: %s\n", n)
		}
		return out.shardJSON(sr)
	}
	res, err := scenarios.Run(ctx, s, opt)
	if err != nil {
		return simErr(fs.Arg(0), err)
	}
	if obs != nil {
		if res.Observed, err = scenarios.CompareObserved(res, obs, *comparePlatform, opt); err != nil {
			return logsErr(err)
		}
		res.Observed.Notes = append(observedNotes, res.Observed.Notes...)
	}
	return out.results(res)
}

// simErr maps a simulation's error to its exit status: a scenario's
// problems and a budget exceeded (named after what) are bad input (2), a
// trace's too; the rest is the environment's (1).
func simErr(what string, err error) error {
	var probs scenarios.Problems
	switch {
	case errors.As(err, &probs):
		return usageError{err}
	case overBudget(err):
		return usageError{fmt.Errorf("%s: %w", what, err)}
	}
	return traceErr(err)
}

// hasFaaSPlatform refuses a --compare-platform that names no FaaS platform
// of s, before the run.
func hasFaaSPlatform(s *scenarios.Scenario, name string) error {
	var names []string
	for _, p := range s.Platforms {
		if p.Kind != "container" {
			if p.Name == name {
				return nil
			}
			names = append(names, p.Name)
		}
	}
	return usageError{fmt.Errorf("run: --compare-platform %s: no FaaS platform of that name (FaaS platforms: %s)", name, strings.Join(names, ", "))}
}
