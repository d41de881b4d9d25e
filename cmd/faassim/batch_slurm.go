package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
)

const batchSlurmIntro = `faassim batch slurm SCENARIO --shards N [flags]

Prints a bash script for Slurm that runs SCENARIO as a job array of N
shards (#SBATCH --array=0-(N-1)), each "faassim run --shard
$SLURM_ARRAY_TASK_ID/N", with the memory of the run's estimate plus 25% and a
time limit of twice the estimated CPU time (at least 10 minutes). Run the
script with bash on a login node, in a directory the compute nodes share:
it writes the resolved scenario into DIR, submits itself as the array
and submits the merge as a job that starts once every shard has succeeded
(sbatch --dependency=afterok). The results are DIR/results.json.
  faassim batch slurm example:default --shards 8 > study.sbatch && bash study.sbatch
  faassim batch slurm my.yaml --shards 500 --partition long --faassim ~/bin/faassim > study.sbatch
Slurm refuses an array larger than its MaxArraySize (1001 tasks by default:
https://slurm.schedmd.com/job_array.html); ask the site or use fewer shards.`

// heredocEnd closes the scenario's here-document in the script; a
// scenario holding that line is refused rather than cut short.
const heredocEnd = "FAASSIM_SCENARIO_END"

var safeDir = regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)

func batchSlurmCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("batch slurm", batchSlurmIntro, stdout, stderr)
	var b batchFlags
	b.register(fs)
	binary := fs.String("faassim", "faassim", "the faassim `PROGRAM` on the compute nodes (a path, or a name on their PATH)")
	dir := fs.String("dir", "", "`DIR` of the scenario, the shards' JSON and the logs, relative to where the script runs (default: the study's name)")
	partition := fs.String("partition", "", "Slurm `PARTITION` of the jobs (default: the cluster's)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	const cmd = "batch slurm"
	st, err := b.study(fs, cmd)
	if err != nil {
		return err
	}
	if bytes.Contains(st.scenario, []byte("\n"+heredocEnd+"\n")) {
		return usageError{fmt.Errorf("%s: the scenario holds the line %s, which ends the script's here-document", cmd, heredocEnd)}
	}
	d := *dir
	if d == "" {
		d = st.name
	}
	// #SBATCH lines are read without a shell: no quoting can protect a
	// space or a quote there.
	if !safeDir.MatchString(d) {
		return usageError{fmt.Errorf("%s: --dir %q: want letters, digits and . _ - / only (it is written in #SBATCH lines, which take no quotes)", cmd, d)}
	}
	return b.write(ctx, cmd, stdout, []byte(slurmScript(st, *binary, d, *partition)))
}

// shellQuote quotes s for bash: single quotes, a quote inside as '\”.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// slurmTime is a Slurm time limit, days-hours:minutes:seconds.
func slurmTime(seconds int64) string {
	return fmt.Sprintf("%d-%02d:%02d:%02d", seconds/86400, seconds/3600%24, seconds/60%60, seconds%60)
}

func slurmScript(st *batchStudy, binary, dir, partition string) string {
	var w strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&w, format+"\n", args...) }
	p("#!/bin/bash")
	// #SBATCH lines hold no shell expansion: sbatch reads them literally.
	p("#SBATCH --job-name=%s", st.name)
	p("#SBATCH --array=0-%d", st.shards-1)
	p("#SBATCH --cpus-per-task=%d", st.cpus)
	p("#SBATCH --mem=%dM", st.memoryMiB)
	p("#SBATCH --time=%s", slurmTime(st.seconds))
	p("#SBATCH --output=%s/slurm-%%A_%%a.out", dir)
	if partition != "" {
		p("#SBATCH --partition=%s", partition)
	}
	p("#")
	p("# faassim study %s: %s.", st.name, st.describe())
	p("# Run it with bash (not sbatch) where the compute nodes share the directory: it writes")
	p("# the scenario into %s/, submits itself as the array, then the merge, which starts once", dir)
	p("# every shard has succeeded (afterok). The results are %s/results.json:", dir)
	p("#   faassim report %s/results.json", dir)
	p("set -euo pipefail")
	p("faassim=%s", shellQuote(binary))
	p("dir=%s", shellQuote(dir))
	p("if [ -n \"${SLURM_ARRAY_TASK_ID:-}\" ]; then")
	p("  # A shard: the array's indexes are 0 to %d, so its task ID is the shard's index.", st.shards-1)
	run := append([]string{"run", "\"$dir/scenario.yaml\"", "--shard", fmt.Sprintf("\"$SLURM_ARRAY_TASK_ID/%d\"", st.shards)},
		shellWordsList(st.runArgs)...)
	p("  exec \"$faassim\" %s -o \"$dir/shard-$SLURM_ARRAY_TASK_ID.json\"", strings.Join(run, " "))
	p("fi")
	p("mkdir -p \"$dir\"")
	p("cat > \"$dir/scenario.yaml\" <<'%s'", heredocEnd)
	w.Write(st.scenario)
	if len(st.scenario) > 0 && st.scenario[len(st.scenario)-1] != '\n' {
		p("")
	}
	p("%s", heredocEnd)
	var part string
	if partition != "" {
		part = " --partition=" + shellQuote(partition)
	}
	p("jobid=$(sbatch --parsable \"$0\")")
	p("jobid=${jobid%%%%;*} # --parsable prints ID;CLUSTER on a federation")
	p("merge=$(sbatch --parsable --dependency=afterok:\"$jobid\" --job-name=%s-merge --mem=%dM --time=%s%s \\",
		st.name, st.memoryMiB, slurmTime(minShardSeconds), part)
	// The merge's glob is expanded when it runs; merge refuses a missing shard.
	p("  --output=\"$dir/merge.out\" --wrap \"$(printf '%%q merge %%q/shard-*.json %s -o %%q' \"$faassim\" \"$dir\" \"$dir/results.json\")\")",
		strings.Join(st.mergeArgs(), " "))
	p("echo \"faassim: submitted the shards as job $jobid and the merge as job ${merge%%%%;*}; results in $dir/results.json\"")
	return w.String()
}

// shellWordsList quotes each word for bash.
func shellWordsList(words []string) []string {
	out := make([]string, len(words))
	for i, s := range words {
		out[i] = shellQuote(s)
	}
	return out
}
