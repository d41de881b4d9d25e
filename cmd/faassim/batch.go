package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"faassim/internal/limits"
	"faassim/scenarios"
)

const batchIntro = `faassim batch ENGINE SCENARIO --shards N [flags]

Prints what runs SCENARIO as N shards on a batch engine, each shard a
"faassim run" process (its index from the engine) writing its JSON, then
"faassim merge" joining them into ordinary results (render them with
"faassim report").
Engines:
  k8s        a Kubernetes Indexed Job, its ConfigMap and volume claim, and
             the merge Job (YAML for kubectl apply)
  slurm      an sbatch job-array script with the merge as a dependent job
  aws-batch  an AWS Batch job definition, the array job and the merge job
             (JSON for the aws CLI)
  exec       runs a faassim command after replacing $(VAR) by the
             environment's VAR, for engines that start a container without
             a shell (AWS Batch): faassim batch exec run s.yaml -o 'shard-$(I).json'

The scenario is resolved here (with --set) and shipped as one file, so
every shard runs the same thing; a scenario that reads files from this
machine (a trace's dir or path, functions_from) is refused: the shards
cannot see them. Each shard's memory is its own estimate (the run's, plus
what a function shard keeps for merge) with a 25% margin, at least 128MiB;
the merge gets the same memory and --max-memory, so that it refuses shards
too large for it rather than being killed. Run "faassim batch ENGINE --help" for an engine's flags:
  faassim batch k8s example:default --shards 8 --image ghcr.io/me/faassim:1 > study.yaml
  faassim batch slurm my.yaml --shards 100 > study.sbatch && bash study.sbatch
  faassim batch aws-batch my.yaml --shards 50 --image IMAGE --job-queue q --efs fs-12345678 > study.json`

// memoryMargin is added to a shard's memory estimate: the estimate is an
// upper bound of what the simulation holds, the margin covers the Go
// runtime's slack between garbage collections and what no estimate sees
// (a kernel's page cache charged to the container, stacks).
const memoryMargin = 0.25

// minShardMiB is the least memory a shard is given, whatever its
// estimate: the static binary's own pages (about 20 MB, charged to the
// container as they are read) and the runtime's are outside the estimate.
const minShardMiB = 128

// timeMargin multiplies a shard's estimated CPU time for its time limit:
// the estimate's speed is the slowest measured, and a function-sharded
// replay still reads the whole trace in every shard.
const timeMargin = 2

// minShardSeconds is the shortest time limit given to a shard: start-up,
// image pulls and a slow node cost minutes whatever the work.
const minShardSeconds = 600

// maxNameLen bounds --name: Kubernetes names an Indexed Job's pod host
// $(job-name)-$(index), a DNS label of at most 63 characters, and the
// other objects add "-scenario", "-results" or "-merge".
const maxNameLen = 40

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// notLabel is a run of what a DNS label may not hold (nor repeat: "-").
var notLabel = regexp.MustCompile(`[^a-z0-9]+`)

// batchFlags are the flags every engine shares.
type batchFlags struct {
	shards int
	sets   []string
	name   string
	cpus   int
	budget *limits.Budget
	out    string
}

func (b *batchFlags) register(fs *pflag.FlagSet) {
	fs.IntVar(&b.shards, "shards", 0, "run the scenario as `N` shards (N >= 1; required)")
	fs.StringArrayVar(&b.sets, "set", nil, "override a scenario field before shipping it: `path=value` (repeatable)")
	fs.StringVar(&b.name, "name", "", "`NAME` of the study's jobs and files (a DNS label of at most 40 characters; default faassim-SCENARIO)")
	fs.IntVar(&b.cpus, "cpus", 1, "cores per shard (`N`): its CPU request and its --workers")
	b.budget = addBudget(fs, "simulated requests per shard")
	fs.StringVarP(&b.out, "output", "o", "", "write to `FILE` instead of standard output (atomically: all or nothing)")
}

// batchStudy is what every engine's manifest is made from.
type batchStudy struct {
	name     string
	scenario []byte // the resolved scenario, as scenarios.Marshal writes it
	shards   int
	cpus     int
	// memoryMiB is a shard's memory: the estimate (estimateBytes) with
	// memoryMargin, rounded up to a MiB, at least minShardMiB.
	memoryMiB     int64
	estimateBytes float64
	// seconds is a shard's time limit: its estimated CPU time x timeMargin,
	// at least minShardSeconds.
	seconds int64
	// events is a shard's estimated work.
	events float64
	// runArgs are the arguments every shard's "faassim run" takes after
	// the scenario file and its shard flag, before -o.
	runArgs []string
}

func batchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, batchIntro)
		return usageError{fmt.Errorf("batch: want an engine: k8s, slurm, aws-batch or exec")}
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, batchIntro)
		return errQuiet
	case "k8s":
		return batchK8sCmd(ctx, args[1:], stdout, stderr)
	case "slurm":
		return batchSlurmCmd(ctx, args[1:], stdout, stderr)
	case "aws-batch":
		return batchAWSCmd(ctx, args[1:], stdout, stderr)
	case "exec":
		return batchExecCmd(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintln(stderr, batchIntro)
	return usageError{fmt.Errorf("batch: unknown engine %q: want k8s, slurm, aws-batch or exec", args[0])}
}

// study checks the flags and the scenario and works out a shard's
// resources. cmd names the command in messages ("batch k8s").
func (b *batchFlags) study(fs *pflag.FlagSet, cmd string) (*batchStudy, error) {
	if fs.NArg() != 1 {
		fs.Usage()
		return nil, usageError{fmt.Errorf("%s: want one scenario (a file or example:NAME), got %s", cmd, argsText(fs.Args()))}
	}
	if b.shards < 1 {
		return nil, usageError{fmt.Errorf("%s: --shards %d: want at least 1 shard", cmd, b.shards)}
	}
	if b.cpus < 1 {
		return nil, usageError{fmt.Errorf("%s: --cpus %d: want at least 1 core per shard", cmd, b.cpus)}
	}
	ref := fs.Arg(0)
	opt := scenarios.Options{Workers: b.cpus, Budget: *b.budget}
	s, err := scenarios.OpenWith(ref, b.sets, opt)
	if err != nil {
		return nil, usageError{err}
	}
	if probs := s.LocalFiles(); len(probs) > 0 {
		return nil, usageError{fmt.Errorf("%s: the shards run elsewhere and see only the scenario, not this machine's files:\n%v\n"+
			"replay an embedded trace (dir: example:NAME), generate one with workload.synth, or run the shards where the files are "+
			"with --shard i/n (see the one-machine recipe in the README)", cmd, probs)}
	}
	name := b.name
	if name == "" {
		name = defaultStudyName(s.Name, ref)
	}
	if len(name) > maxNameLen || !dnsLabel.MatchString(name) {
		return nil, usageError{fmt.Errorf("%s: --name %q: want lower-case letters, digits and '-', starting and ending with a letter or digit, at most %d characters", cmd, name, maxNameLen)}
	}
	data, err := scenarios.Marshal(s, scenarios.Comments{"$": {"Resolved by faassim batch from " + ref + ": every shard runs this file."}})
	if err != nil {
		return nil, err
	}
	est, err := s.ShardEstimate(opt)
	if err != nil {
		return nil, usageError{err}
	}
	// Memory: a shard holds no more than the whole run with the same
	// workers, plus what a function shard keeps for merge (per-second
	// peaks): the shard's own estimate, which its --max-memory guard
	// checks. Work: a shard does about one N-th of the run's.
	perShard := est
	perShard.Events = est.Events / float64(b.shards)
	if err := perShard.Check(*b.budget); err != nil {
		return nil, usageError{fmt.Errorf("%s: %s, per shard: %w", cmd, ref, err)}
	}
	st := &batchStudy{name: name, scenario: data, shards: b.shards, cpus: b.cpus, estimateBytes: est.Bytes, events: perShard.Events}
	st.memoryMiB = max(minShardMiB, int64(math.Ceil(est.Bytes*(1+memoryMargin)/(1<<20))))
	st.seconds = max(minShardSeconds, int64(math.Ceil(timeMargin*perShard.Events/limits.EventsPerSecond)))
	// Each shard's own guard then refuses, or its garbage collector works
	// harder, before the engine kills it for going over its memory.
	st.runArgs = []string{"--workers", strconv.Itoa(b.cpus),
		"--max-memory", strconv.FormatInt(st.memoryMiB, 10) + "MiB"}
	// A shard checks the whole run's estimate before it runs its part, so
	// a study cut in shards because it is too much work for one process
	// lifts the default bound in every shard, to the whole run's work.
	if est.Events > limits.DefaultMaxEvents {
		st.runArgs = append(st.runArgs, "--max-events", roundUpCount(est.Events))
	}
	return st, nil
}

// roundUpCount writes x rounded up to two significant digits, as
// --max-events reads it: 1.234e10 is "13e9".
func roundUpCount(x float64) string {
	exp := int(math.Floor(math.Log10(x))) - 1
	m := math.Ceil(x / math.Pow(10, float64(exp)) * (1 - 1e-12)) // the factor keeps 1.3e10 at 13e9
	return fmt.Sprintf("%.0fe%d", m, exp)
}

// defaultStudyName is faassim- and the scenario's name (else its file's
// base name) as a DNS label.
func defaultStudyName(scenarioName, ref string) string {
	base := scenarioName
	if base == "" {
		base = strings.TrimPrefix(ref, "example:")
		base = strings.TrimSuffix(filepath.Base(base), filepath.Ext(base))
	}
	name := notLabel.ReplaceAllString("faassim-"+strings.ToLower(base), "-")
	if len(name) > maxNameLen {
		name = name[:maxNameLen]
	}
	return strings.TrimRight(name, "-")
}

// describe is the study in one comment line, for the manifests' heads.
func (st *batchStudy) describe() string {
	cores := "1 core"
	if st.cpus > 1 {
		cores = strconv.Itoa(st.cpus) + " cores"
	}
	return fmt.Sprintf("%d shards; per shard %dMiB of memory (the estimate, %s, + %.0f%%, at least %dMiB), %s, %s",
		st.shards, st.memoryMiB, limits.FormatSize(st.estimateBytes), memoryMargin*100, minShardMiB, cores, limits.CPUTime(st.events))
}

// mergeArgs bound the merge by the memory its job is given (a shard's):
// past it, merge refuses and names --max-memory, where without it the
// engine would kill it for going over its memory, with no message.
func (st *batchStudy) mergeArgs() []string {
	return []string{"--max-memory", strconv.FormatInt(st.memoryMiB, 10) + "MiB"}
}

// runCommand is a shard's "faassim run" of the scenario file, its index
// from the engine (--shards), writing out.
func (st *batchStudy) runCommand(scenarioFile, out string) []string {
	args := append([]string{"run", scenarioFile, "--shards", strconv.Itoa(st.shards)}, st.runArgs...)
	return append(args, "-o", out)
}

// mergeCommand is the "faassim merge" of the shards' JSON files under dir
// into dir/results.json, each file named: the engines' containers have no
// shell to expand a glob.
func (st *batchStudy) mergeCommand(dir string) []string {
	args := []string{"merge"}
	for i := range st.shards {
		args = append(args, fmt.Sprintf("%s/shard-%d.json", dir, i))
	}
	return append(append(args, st.mergeArgs()...), "-o", dir+"/results.json")
}

// write sends a manifest to -o (atomically) or standard output.
func (b *batchFlags) write(ctx context.Context, cmd string, stdout io.Writer, data []byte) error {
	s, err := openSink(ctx, cmd, "-o", b.out, stdout)
	if err != nil {
		return err
	}
	defer s.abort()
	if _, err := s.Write(data); err != nil {
		return err
	}
	return s.commit()
}

// envRef is a $(VAR) reference, as Kubernetes writes them in a
// container's command; $$(VAR) stays literal, as there.
var envRef = regexp.MustCompile(`\$?\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)

const batchExecIntro = `faassim batch exec COMMAND [ARGS...]

Runs "faassim COMMAND ARGS..." after replacing each $(VAR) in ARGS by the
environment variable VAR, as Kubernetes does in a container's command
($$(VAR) stays literal). It is for engines that start a container without
a shell, such as AWS Batch, whose array index is only in the environment:
  faassim batch exec run s.yaml --shards 50 -o '/data/shard-$(AWS_BATCH_JOB_ARRAY_INDEX).json'
A variable that is not set is an error (exit status 2).`

func batchExecCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 0 {
			fmt.Fprintln(stderr, batchExecIntro)
			return usageError{fmt.Errorf("batch exec: want a faassim command to run")}
		}
		fmt.Fprintln(stdout, batchExecIntro)
		return errQuiet
	}
	if args[0] == "batch" {
		return usageError{fmt.Errorf("batch exec: runs a command other than batch")}
	}
	out := make([]string, len(args))
	for i, a := range args {
		var missing string
		out[i] = envRef.ReplaceAllStringFunc(a, func(ref string) string {
			if strings.HasPrefix(ref, "$$") {
				return ref[1:]
			}
			name := ref[2 : len(ref)-1]
			v, ok := os.LookupEnv(name)
			if !ok && missing == "" {
				missing = name
			}
			return v
		})
		if missing != "" {
			return usageError{fmt.Errorf("batch exec: argument %q: the environment has no %s", a, missing)}
		}
	}
	return runContext(ctx, out, stdout, stderr)
}
