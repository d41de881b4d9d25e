package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"faassim/reports"
	"faassim/reports/charts"
	"faassim/scenarios"
)

// shardFlags are --shard and --shards, shared by the commands that shard.
type shardFlags struct {
	spec   string
	shards int
	fs     *pflag.FlagSet
}

func addShard(fs *pflag.FlagSet) *shardFlags {
	f := &shardFlags{fs: fs}
	fs.StringVar(&f.spec, "shard", "", "run only shard `I/N` (0-based) of the study and write what merging needs as JSON (-o FILE.json); see faassim merge")
	fs.IntVar(&f.shards, "shards", 0, "cut the study in `N` shards, this one's index read from JOB_COMPLETION_INDEX (Kubernetes), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) or SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN (Slurm, whose SLURM_ARRAY_TASK_COUNT must be N)")
	return f
}

// The environment variables the batch engines set.
const (
	envK8s        = "JOB_COMPLETION_INDEX"
	envAWSBatch   = "AWS_BATCH_JOB_ARRAY_INDEX"
	envSlurmID    = "SLURM_ARRAY_TASK_ID"
	envSlurmMin   = "SLURM_ARRAY_TASK_MIN"
	envSlurmCount = "SLURM_ARRAY_TASK_COUNT"
)

// resolve returns the shard asked for by the flags (the zero Shard: not
// sharded); with --shards the index comes from the batch engine's
// variables. Bad or contradictory values are usage errors naming the flag
// or variable.
func (f *shardFlags) resolve(cmd string, getenv func(string) string) (scenarios.Shard, error) {
	bad := func(format string, args ...any) (scenarios.Shard, error) {
		return scenarios.Shard{}, usageError{fmt.Errorf(cmd+": "+format, args...)}
	}
	num := func(name, v string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 || n > scenarios.MaxShards*1000 {
			return 0, usageError{fmt.Errorf("%s: %s=%q: want a whole number of at least 0", cmd, name, v)}
		}
		return n, nil
	}
	sh := scenarios.Shard{Version: version()}
	switch {
	case f.fs.Changed("shard") && f.fs.Changed("shards"):
		return bad("--shard %s and --shards %d: give one (--shard I/N, or --shards N with the index from the batch engine)", f.spec, f.shards)
	case f.fs.Changed("shard"):
		i, n, ok := strings.Cut(f.spec, "/")
		var err error
		if !ok {
			return bad("--shard %q: want I/N, e.g. 0/4 (I from 0 to N-1)", f.spec)
		}
		if sh.Index, err = num("--shard index", i); err != nil {
			return bad("--shard %q: want I/N with I a whole number from 0", f.spec)
		}
		if sh.Count, err = num("--shard count", n); err != nil {
			return bad("--shard %q: want I/N with N a whole number from 1", f.spec)
		}
	case f.fs.Changed("shards"):
		sh.Count = f.shards
		from := "" // the first variable that gave the index
		for _, name := range []string{envK8s, envAWSBatch} {
			if v := getenv(name); v != "" {
				i, err := num(name, v)
				if err != nil {
					return scenarios.Shard{}, err
				}
				if from != "" && i != sh.Index {
					return bad("%s=%d and %s=%d disagree on the shard index", from, sh.Index, name, i)
				}
				sh.Index, from = i, cmp.Or(from, name)
			}
		}
		if getenv(envSlurmID) != "" {
			i, n, err := slurmShard(cmd, getenv, num)
			if err != nil {
				return scenarios.Shard{}, err
			}
			if n != f.shards {
				return bad("--shards %d, but %s=%d", f.shards, envSlurmCount, n)
			}
			if from != "" && i != sh.Index {
				return bad("%s=%d and the Slurm array's index %d disagree", from, sh.Index, i)
			}
			sh.Index, from = i, cmp.Or(from, envSlurmID)
		}
		if from == "" {
			return bad("--shards %d: no shard index in the environment (%s, %s or %s); give --shard I/N to run one by hand",
				f.shards, envK8s, envAWSBatch, envSlurmID)
		}
	default:
		// The engines' variables alone never shard a run: a command
		// started inside a Slurm array (or an Indexed Job) for another
		// purpose runs whole, as written.
		return scenarios.Shard{}, nil
	}
	if sh.Count < 1 || sh.Count > scenarios.MaxShards {
		return bad("%d shards: want 1 to %d", sh.Count, scenarios.MaxShards)
	}
	if sh.Index >= sh.Count {
		return bad("shard index %d of %d shards: want 0 to %d", sh.Index, sh.Count, sh.Count-1)
	}
	return sh, nil
}

// slurmShard reads a Slurm job array's index (task id less the array's
// first) and count.
func slurmShard(cmd string, getenv func(string) string, num func(string, string) (int, error)) (index, count int, err error) {
	id, err := num(envSlurmID, getenv(envSlurmID))
	if err != nil {
		return 0, 0, err
	}
	for _, name := range []string{envSlurmMin, envSlurmCount} {
		if getenv(name) == "" {
			return 0, 0, usageError{fmt.Errorf("%s: %s is set but %s is not: not a Slurm job array", cmd, envSlurmID, name)}
		}
	}
	lo, err := num(envSlurmMin, getenv(envSlurmMin))
	if err != nil {
		return 0, 0, err
	}
	if count, err = num(envSlurmCount, getenv(envSlurmCount)); err != nil {
		return 0, 0, err
	}
	if id < lo {
		return 0, 0, usageError{fmt.Errorf("%s: %s=%d is below %s=%d", cmd, envSlurmID, id, envSlurmMin, lo)}
	}
	if id-lo >= count {
		// sbatch --array=0-9:2 (a step) numbers tasks sparsely: the index
		// must run 0 to count-1.
		return 0, 0, usageError{fmt.Errorf("%s: %s=%d less %s=%d is %d, not below %s=%d: use a plain --array=0-%d (no step)",
			cmd, envSlurmID, id, envSlurmMin, lo, id-lo, envSlurmCount, count, count-1)}
	}
	return id - lo, count, nil
}

// checkShardOutput refuses a shard's output that is not JSON, or options
// a shard does not write.
func checkShardOutput(cmd string, out *output) error {
	if out.format != "json" {
		return usageError{fmt.Errorf("%s: a shard writes JSON for faassim merge: use -o FILE.json (or --format json), not %s", cmd, out.format)}
	}
	if out.chartDir != "" {
		return usageError{fmt.Errorf("%s: --charts goes with the merged results (faassim report), not a shard", cmd)}
	}
	return nil
}

// shardJSON writes a shard's JSON through the output's sink.
func (o *output) shardJSON(v any) error {
	return o.finish(reports.Context{}, func(w io.Writer) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}, func(charts.Format) ([]charts.Chart, error) { return nil, nil })
}

// version is this build's: the module version and VCS revision when the
// build recorded them ("(devel)" in tests). Shards of different builds do
// not merge.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			v += " " + s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			v += " (modified)"
		}
	}
	return v
}
