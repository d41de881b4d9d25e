package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"faassim/models/metrics"

	"faassim/internal/samejson"
)

// A replay of a generated population, cut by function: per-function
// instances (lambda, priced, with the account limit far above the load),
// per-app instances with the hybrid policy (cut by app), and a container
// fleet (run whole by shard 0).
const shardReplay = `name: shard-replay
seed: 5
horizon: 2h
warmup: 20m
workload:
  synth: {functions: 60}
platforms:
  - {name: lambda, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 10m}}
  - {name: hybrid, preset: generic, instances_per: app, keep_alive: {policy: hybrid}}
  - name: fleet
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 8}
    scaling: {policy: fixed, replicas: 4}
`

// A small synthetic scenario with replications.
const shardReps = `name: shard-reps
seed: 9
horizon: 1h
warmup: 5m
replications: 5
workload:
  synthetic:
    functions:
      - {name: api, runtime: python, memory_mb: 512, arrival: {process: poisson, rate_per_s: 3}, duration: {dist: lognormal, median: 80ms, p99: 600ms}}
      - {name: jobs, runtime: nodejs, memory_mb: 1024, arrival: {process: gamma, rate_per_s: 0.5, cv: 3}, duration: {dist: exponential, mean: 2s}}
platforms:
  - {name: lambda, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 5m}}
  - name: fleet
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 8}
    scaling: {policy: fixed, replicas: 2}
`

// The check of issue 12: N shards merged give the unsharded run's
// results, counts exactly and every other number to 12 significant
// digits. Replications merge exactly (the same Summarize over the same
// runs in the same order); function parts add floats in another order, so
// sums may differ in the last bits, and peak instances become a bound.
func TestShardsMergeToTheUnshardedRun(t *testing.T) {
	cases := []struct {
		name, yaml string
		sets       []string
		opt        Options
		axis       string
		exact      bool // byte-identical JSON
	}{
		{name: "replications", yaml: shardReps, axis: AxisReplications, exact: true},
		{name: "replications with timeline and free tier", yaml: shardReps, opt: Options{Timeline: 10 * 60e9, FreeTier: true}, axis: AxisReplications, exact: true},
		{name: "function-sharded replay", yaml: shardReplay, axis: AxisFunctions},
		{name: "function-sharded replay with timeline", yaml: shardReplay, opt: Options{Timeline: 10 * 60e9}, axis: AxisFunctions},
		{name: "function-sharded replay, free tier and per-app", yaml: shardReplay, opt: Options{FreeTier: true, PerApp: PerApp{On: true, Top: 5}}, axis: AxisFunctions},
		{name: "function-sharded replay from initial instances", yaml: shardReplay, axis: AxisFunctions, sets: []string{
			"platforms.0.initial_instances=[{state: idle, count: 2, expires_in: 5m}, {state: idle, count: 1, expires_in: 30m}]",
			"platforms.1.initial_instances=[{state: idle, count: 1, expires_in: 1m}]"}},
	}
	for _, tc := range cases {
		for _, n := range []int{1, 2, 7} {
			t.Run(fmt.Sprintf("%s/%d shards", tc.name, n), func(t *testing.T) {
				want := marshalJSON(t, runShardYAML(t, tc.yaml, tc.sets, tc.opt))
				got, files := mergeYAML(t, tc.yaml, tc.sets, tc.opt, n, MergeOptions{})
				if files[0].Shard.Axis != tc.axis {
					t.Fatalf("axis %s, want %s", files[0].Shard.Axis, tc.axis)
				}
				gotJSON := marshalJSON(t, got)
				if tc.exact {
					if !bytes.Equal(gotJSON, want) {
						t.Fatalf("merged results differ from the unsharded run's:\n%s\nwant\n%s", gotJSON, want)
					}
					return
				}
				compareResults(t, gotJSON, want, n > 1)
				if tc.opt.FreeTier && tc.axis == AxisFunctions && n == 7 {
					// Lambda's free tier (400,000 GB-s a month) billed per
					// shard would be taken 7 times: the shards' own bills
					// add up to less than the merged, which bills the total.
					var perShard float64
					for _, f := range files {
						perShard += f.Results.Platforms[0].MonthlyCostUSD
					}
					if merged := got.Platforms[0].MonthlyCostUSD; !(perShard < merged) {
						t.Fatalf("shards' own monthly bills add to $%v, the merged bill is $%v: the free tier was not applied to the total once", perShard, merged)
					}
				}
			})
		}
	}
}

func runShardYAML(t *testing.T, doc string, sets []string, opt Options) metrics.Results {
	t.Helper()
	s, err := LoadWith("shard.yaml", []byte(doc), sets, opt)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// mergeYAML runs n shards (each from its own load, as separate processes
// would), writes each to JSON, reads it back and merges.
func mergeYAML(t *testing.T, doc string, sets []string, opt Options, n int, mo MergeOptions) (metrics.Results, []ShardFile) {
	t.Helper()
	var files []ShardFile
	for i := range n {
		s, err := LoadWith("shard.yaml", []byte(doc), sets, opt)
		if err != nil {
			t.Fatal(err)
		}
		sr, err := RunShard(context.Background(), s, opt, Shard{Index: i, Count: n, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(sr)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ReadShard(fmt.Sprintf("shard-%d.json", i), data)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// Shards merge in any order.
	slices.Reverse(files)
	res, err := MergeShards(files, mo)
	if err != nil {
		t.Fatal(err)
	}
	return res, files
}

func marshalJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// countKeys are the fields compared exactly.
var countKeys = map[string]bool{"requests": true, "completed": true, "rejected": true, "timed_out": true,
	"in_flight": true, "cold_starts": true, "count": true, "trusted": true, "prewarmed": true,
	"few_idle_times": true, "beyond_range": true, "spread_out": true}

// compareResults compares merged results with the unsharded run's:
// counts exactly, other numbers to 12 significant digits; instances.max
// is a bound (at least the true peak) and its warning is the merge's own.
func compareResults(t *testing.T, got, want []byte, bounded bool) {
	t.Helper()
	differ := samejson.Compare(t, got, want, samejson.Rules{Bounded: bounded,
		Exact: func(key, _ string) bool { return countKeys[key] }})
	t.Logf("%d numbers differ in their last digits (within 12 significant digits)", differ)
}

// Where the account limit could have bound, function shards are not
// independent: merge refuses, naming the second and the figures, unless
// told to allow it; a limit far above the load merges (the test above).
func TestMergeRefusesABindingAccountLimit(t *testing.T) {
	sets := []string{"platforms.0.concurrency.account_limit=5"}
	for _, n := range []int{2, 7} {
		var files []ShardFile
		for i := range n {
			s, err := LoadWith("shard.yaml", []byte(shardReplay), sets, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sr, err := RunShard(context.Background(), s, Options{}, Shard{Index: i, Count: n})
			if err != nil {
				t.Fatal(err)
			}
			f, err := ReadShard("s.json", marshalJSON(t, sr))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		_, err := MergeShards(files, MergeOptions{})
		if err == nil || !strings.Contains(err.Error(), "platform lambda: the account limit could have bound") ||
			!strings.Contains(err.Error(), "the limit leaves 5") {
			t.Fatalf("%d shards: error %v, want the account limit refused", n, err)
		}
		res, err := MergeShards(files, MergeOptions{AllowCoupled: true})
		if err != nil {
			t.Fatal(err)
		}
		if w := strings.Join(res.Platforms[0].Warnings, "\n"); !strings.Contains(w, "merged with --allow-coupled") {
			t.Fatalf("%d shards: warnings %q do not say the merge is an approximation", n, w)
		}
	}
}

// A sweep cut by grid point merges into the unsharded sweep byte for
// byte: each point is a whole run, placed in its slot.
func TestSweepShardsMergeToTheUnshardedSweep(t *testing.T) {
	sets := []string{"horizon=40m", "warmup=5m"}
	params, err := ParseParams([]string{"platforms.0.keep_alive.ttl=1m,10m", "workload.synthetic.functions.0.arrival.rate_per_s=1,2,4"}, sets)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Sweep(context.Background(), "example:default", sets, params, SweepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Points) != 6 || want.Points[5].Results.Platforms[0].Requests == 0 {
		t.Fatalf("the sweep has %d points, want 6 with requests", len(want.Points))
	}
	for _, n := range []int{1, 2, 7} {
		var files []ShardFile
		for i := range n {
			sr, err := SweepShard(context.Background(), "example:default", sets, params, SweepOptions{}, Shard{Index: i, Count: n})
			if err != nil {
				t.Fatal(err)
			}
			f, err := ReadShard(fmt.Sprintf("sweep-%d.json", i), marshalJSON(t, sr))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		got, err := MergeSweepShards(files)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := marshalJSON(t, got), marshalJSON(t, want); !bytes.Equal(g, w) {
			t.Fatalf("%d shards: merged sweep differs from the unsharded one", n)
		}
		if _, err := MergeSweepShards(files[:n-1]); n > 1 && (err == nil || !strings.Contains(err.Error(), "missing")) {
			t.Fatalf("%d shards, one left out: error %v", n, err)
		}
	}
}

// A break-even search cut by grid point, then merged and refined on one
// machine, is the unsharded search byte for byte.
func TestBreakEvenShardsMergeToTheUnshardedSearch(t *testing.T) {
	sets := []string{"horizon=40m", "warmup=5m"}
	opt := BreakEvenOptions{Low: 0.2, High: 20, Points: 5, Bisections: 3, Tolerance: 0.02}
	open := func() *Scenario {
		s, err := Open("example:default", sets)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	want, err := FindBreakEven(context.Background(), open(), "lambda", "fargate-fixed", opt)
	if err != nil {
		t.Fatal(err)
	}
	if !want.Found {
		t.Fatal("the search found no crossing: the test would not exercise the refinement")
	}
	for _, n := range []int{1, 2, 7} {
		var files []ShardFile
		for i := range n {
			sr, err := BreakEvenShard(context.Background(), open(), "lambda", "fargate-fixed", opt, Shard{Index: i, Count: n})
			if err != nil {
				t.Fatal(err)
			}
			f, err := ReadShard(fmt.Sprintf("be-%d.json", i), marshalJSON(t, sr))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		got, err := MergeBreakEven(context.Background(), open(), "lambda", "fargate-fixed", opt, files, "")
		if err != nil {
			t.Fatal(err)
		}
		if g, w := marshalJSON(t, got), marshalJSON(t, want); !bytes.Equal(g, w) {
			t.Fatalf("%d shards: merged search differs from the unsharded one:\n%s\nwant\n%s", n, g, w)
		}
		other := opt
		other.High = 30
		if _, err := MergeBreakEven(context.Background(), open(), "lambda", "fargate-fixed", other, files, ""); err == nil || !strings.Contains(err.Error(), "another search") {
			t.Fatalf("%d shards merged into another search: error %v", n, err)
		}
	}
}
