package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"faassim/scenarios"
)

// The shard index from flags and the batch engines' variables; bad or
// contradictory values are usage errors naming the flag or variable.
func TestShardFromFlagsAndEnvironment(t *testing.T) {
	cases := []struct {
		name      string
		args      []string
		env       map[string]string
		index, of int    // want, when no error
		err       string // part of the error, "" for none
	}{
		{name: "none", args: nil},
		{name: "flag", args: []string{"--shard", "2/5"}, index: 2, of: 5},
		{name: "flag, env ignored", args: []string{"--shard", "0/1"}, env: map[string]string{envK8s: "3"}, index: 0, of: 1},
		{name: "kubernetes", args: []string{"--shards", "4"}, env: map[string]string{envK8s: "3"}, index: 3, of: 4},
		{name: "aws batch", args: []string{"--shards", "8"}, env: map[string]string{envAWSBatch: "0"}, index: 0, of: 8},
		// The variables alone never shard: a command in an array job for
		// another purpose runs whole.
		{name: "slurm alone runs whole", env: map[string]string{envSlurmID: "12", envSlurmMin: "10", envSlurmCount: "4"}, index: 0, of: 0},
		{name: "kubernetes alone runs whole", env: map[string]string{envK8s: "3"}, index: 0, of: 0},
		{name: "slurm with a first task", args: []string{"--shards", "4"}, env: map[string]string{envSlurmID: "12", envSlurmMin: "10", envSlurmCount: "4"}, index: 2, of: 4},
		{name: "slurm with --shards", args: []string{"--shards", "4"}, env: map[string]string{envSlurmID: "3", envSlurmMin: "0", envSlurmCount: "4"}, index: 3, of: 4},
		{name: "both flags", args: []string{"--shard", "0/2", "--shards", "2"}, err: "give one"},
		{name: "no slash", args: []string{"--shard", "3"}, err: "want I/N"},
		{name: "index too large", args: []string{"--shard", "5/5"}, err: "shard index 5 of 5"},
		{name: "zero shards", args: []string{"--shard", "0/0"}, err: "0 shards"},
		{name: "negative", args: []string{"--shard", "-1/3"}, err: "want I/N"},
		{name: "--shards without index", args: []string{"--shards", "3"}, err: "no shard index in the environment"},
		{name: "bad kubernetes index", args: []string{"--shards", "3"}, env: map[string]string{envK8s: "x"}, err: envK8s},
		{name: "kubernetes index too large", args: []string{"--shards", "3"}, env: map[string]string{envK8s: "3"}, err: "shard index 3 of 3"},
		{name: "engines disagree", args: []string{"--shards", "3"}, env: map[string]string{envK8s: "1", envAWSBatch: "2"}, err: "disagree"},
		{name: "slurm count differs", args: []string{"--shards", "3"}, env: map[string]string{envSlurmID: "1", envSlurmMin: "0", envSlurmCount: "4"}, err: envSlurmCount},
		{name: "slurm without min", args: []string{"--shards", "4"}, env: map[string]string{envSlurmID: "1", envSlurmCount: "4"}, err: envSlurmMin},
		{name: "slurm id below min", args: []string{"--shards", "4"}, env: map[string]string{envSlurmID: "1", envSlurmMin: "2", envSlurmCount: "4"}, err: "below"},
		{name: "slurm stepped array", args: []string{"--shards", "4"}, env: map[string]string{envSlurmID: "8", envSlurmMin: "0", envSlurmCount: "4"}, err: "no step"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
			f := addShard(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			sh, err := f.resolve("run", func(k string) string { return tc.env[k] })
			if tc.err != "" {
				if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want a usage error with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sh.Index != tc.index || sh.Count != tc.of {
				t.Fatalf("shard %d/%d, want %d/%d", sh.Index, sh.Count, tc.index, tc.of)
			}
		})
	}
}

const shardCLIScenario = `name: shard-cli
seed: 3
horizon: 1h
warmup: 10m
workload:
  synth: {functions: 30}
platforms:
  - {name: lambda, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 10m}}
`

// run --shard then merge, end to end through the CLI: the merged file
// holds the unsharded run's counts; refusals exit 2 and name the files.
func TestShardRunAndMergeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "s.yaml")
	mustDo(t, os.WriteFile(scen, []byte(shardCLIScenario), 0o644))
	shard := func(i, n int, extra ...string) string {
		out := filepath.Join(dir, "n"+itoa(n)+"-shard-"+itoa(i)+strings.Join(extra, "")+".json")
		args := append([]string{"run", scen, "--shard", itoa(i) + "/" + itoa(n), "-q", "-o", out}, extra...)
		if _, stderr, code := call(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	whole := filepath.Join(dir, "whole.json")
	if _, stderr, code := call("run", scen, "-q", "-o", whole); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	a, b, c := shard(0, 3), shard(1, 3), shard(2, 3)
	merged := filepath.Join(dir, "merged.json")
	if _, stderr, code := call("merge", c, a, b, "-o", merged); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	w, _ := os.ReadFile(whole)
	m, _ := os.ReadFile(merged)
	for _, key := range []string{`"requests":`, `"cold_starts":`, `"completed":`} {
		if field(w, key) != field(m, key) {
			t.Errorf("%s merged %s, unsharded %s", key, field(m, key), field(w, key))
		}
	}
	other := shard(0, 3, "--set", "seed=4")
	otherSeed := shard(0, 3, "--seed", "4")
	otherSet := shard(0, 3, "--set", "horizon=50m")
	two := shard(0, 2)
	for _, tc := range []struct {
		name  string
		args  []string
		want  string
		files []string
	}{
		{"missing", []string{"merge", a, b}, "shard 2 of 3 missing", []string{a, b}},
		{"duplicate", []string{"merge", a, a, c}, "are both shard 0", []string{a}},
		{"other seed", []string{"merge", other, b, c}, "different studies: seed 4 against", []string{other}},
		{"other --seed", []string{"merge", otherSeed, b, c}, "different studies: seed 4 against", []string{otherSeed}},
		{"other --set", []string{"merge", otherSet, b, c}, "different studies: scenario or options (the SHA-256 of the scenario after --set", []string{otherSet}},
		{"other count", []string{"merge", a, b, c, two}, "different studies: shard count", []string{two}},
		{"not a shard", []string{"merge", whole}, "not a shard", []string{whole}},
		{"text shard", []string{"run", scen, "--shard", "0/2"}, "a shard writes JSON", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := call(tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, %q; want 2 and %q", code, stderr, tc.want)
			}
			for _, f := range tc.files {
				if !strings.Contains(stderr, f) {
					t.Errorf("%q does not name %s", stderr, f)
				}
			}
		})
	}
	// More shards than units: valid, empty, and they merge.
	if _, stderr, code := call("run", scen, "--set", "replications=2", "--shard", "5/7", "-q", "-o", filepath.Join(dir, "empty.json")); code != 0 {
		t.Fatalf("an empty shard: exit %d: %s", code, stderr)
	}
	if _, err := scenarios.ReadShard("empty.json", mustRead(t, filepath.Join(dir, "empty.json"))); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// field is the first value after key in a JSON file.
func field(doc []byte, key string) string {
	i := bytes.Index(doc, []byte(key))
	if i < 0 {
		return ""
	}
	rest := doc[i+len(key):]
	end := bytes.IndexAny(rest, ",}")
	return string(rest[:end])
}

func itoa(i int) string { return strconv.Itoa(i) }

// The engines' variables alone never shard a command (shardFlags.resolve):
// every sharding command's help must say so, and none may tell a user that
// a Slurm array needs no flag.
func TestShardHelpSaysTheVariablesAloneDoNotShard(t *testing.T) {
	for _, cmd := range []string{"run", "sweep", "breakeven"} {
		stdout, _, _ := call(cmd, "--help")
		if strings.Contains(stdout, "no flag is needed") {
			t.Errorf("%s --help says a Slurm array needs no flag; --shards N is needed", cmd)
		}
		for _, want := range []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "--shards"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s --help does not name %s", cmd, want)
			}
		}
	}
	stdout, _, _ := call("run", "--help")
	if !strings.Contains(strings.Join(strings.Fields(stdout), " "), "Without --shard or --shards it runs whole, even inside an array job") {
		t.Errorf("run --help does not say that a command runs whole without --shard or --shards")
	}
}

// Merge keeps every shard decoded at once: the shard files together, not
// only each one, must fit --max-memory's share for JSON input (a tenth),
// and the refusal names the flag. The same shards merge under a bound
// that holds them all.
func TestMergeBoundsTheShardsTogether(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "s.yaml")
	mustDo(t, os.WriteFile(scen, []byte(shardCLIScenario), 0o644))
	const n = 6
	var files []string
	var largest, total int64
	for i := range n {
		out := filepath.Join(dir, "shard-"+itoa(i)+".json")
		if _, stderr, code := call("run", scen, "--timeline", "1m", "--shard", itoa(i)+"/"+itoa(n), "-q", "-o", out); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		st, err := os.Stat(out)
		mustDo(t, err)
		largest, total = max(largest, st.Size()), total+st.Size()
		files = append(files, out)
	}
	// Each file under the per-file cap (at least 64 KiB), all of them over.
	capBytes := max(largest, 64<<10) + 1
	if total <= capBytes {
		t.Fatalf("shards of %d bytes in all: too small for the test", total)
	}
	budget := strconv.FormatInt(capBytes*10, 10) + "B"
	_, stderr, code := call(append(append([]string{"merge"}, files...), "--max-memory", budget, "-o", filepath.Join(dir, "m.json"))...)
	if code != 2 || !strings.Contains(stderr, "--max-memory") || !strings.Contains(stderr, "keeps every shard decoded") {
		t.Fatalf("merge of %d bytes of shards under --max-memory %s: exit %d, %q; want 2 naming --max-memory", total, budget, code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "m.json")); err == nil {
		t.Error("a refused merge left its output file")
	}
	budget = strconv.FormatInt(total*10+1, 10) + "B"
	if _, stderr, code := call(append(append([]string{"merge"}, files...), "--max-memory", budget, "-o", filepath.Join(dir, "m.json"))...); code != 0 {
		t.Fatalf("merge under --max-memory %s: exit %d: %s", budget, code, stderr)
	}
}
