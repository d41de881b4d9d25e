package main

import (
	"context"
	"fmt"
	"io"

	"faassim/internal/limits"
	"faassim/scenarios"
)

const mergeIntro = `faassim merge SHARD.json... [flags]

Merges the shards of one study (faassim run --shard I/N -o shard-I.json,
or --shards N on a batch engine) into the results one unsharded run gives,
then renders them like faassim run (json: the faassim/results/v1 contract;
faassim report renders saved results again).

Replications are summarized exactly as one run does: the same numbers.
A single replication of several functions is cut by function; its parts
add up (counts exactly, other numbers to at least 12 significant digits,
as float sums are taken in another order), costs are billed again from
the summed usage (volume tiers and free tiers apply to the total, never
per shard), and peak instances become an upper bound from the shards'
per-second peaks (said in the platform's warnings). Where the shards'
requests in flight could together have reached the account limit, the
functions were not independent and merge refuses (exit status 2), naming
the second and the figures, unless --allow-coupled.

Shards of a sweep (faassim sweep --shard) merge into the sweep, its
points in grid order.

Shards of different studies (scenario, --set values, seed, options,
faassim build, shard count) or a missing or repeated shard are refused,
naming the files.

Examples:
  seq 0 3 | xargs -P 4 -I{} faassim run scenario.yaml --shard {}/4 -o shard-{}.json
  faassim merge shard-*.json -o results.json
  faassim report results.json -o report.html`

func mergeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", mergeIntro, stdout, stderr)
	var out output
	out.register(fs, "json: the faassim/results/v1 contract; html: one self-contained file with charts")
	allow := fs.Bool("allow-coupled", false, "merge function shards even where the account limit could have bound (an approximation, said in the warnings)")
	budget := addBudget(fs, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{fmt.Errorf("merge: want the shards' JSON files")}
	}
	if err := out.check("merge"); err != nil {
		return err
	}
	var ins []input
	for _, p := range fs.Args() {
		ins = append(ins, input{"a shard", p})
	}
	if err := refuseSameFile("merge", "-o", out.file, ins...); err != nil {
		return err
	}
	if err := out.open(ctx, "merge", stdout); err != nil {
		return err
	}
	defer out.close()
	files, err := readShards(ctx, fs.Args(), budgetFor(budget))
	if err != nil {
		return err
	}
	if files[0].BreakEven != nil {
		return usageError{fmt.Errorf("merge: %s is a break-even search's shard: its refinement runs the scenario again, so merge it with faassim breakeven SCENARIO --platform A --vs B (the same flags) --merge SHARD.json...", files[0].Path)}
	}
	if files[0].Sweep != nil {
		sw, err := scenarios.MergeSweepShards(files)
		if err != nil {
			return usageError{err}
		}
		return out.sweep(sw)
	}
	res, err := scenarios.MergeShards(files, scenarios.MergeOptions{AllowCoupled: *allow})
	if err != nil {
		return usageError{err}
	}
	return out.results(res)
}

// readShards reads and decodes shard files, each capped like a results
// file (a tenth of --max-memory) and checked for depth before decoding.
// Merge holds every shard decoded at once, so the files together are
// capped the same: a thousand shards each under the cap would otherwise
// take a thousand times the memory allowed.
func readShards(ctx context.Context, paths []string, budget limits.Budget) ([]scenarios.ShardFile, error) {
	in := resultsInput(budget)
	in.What = "shard file"
	var files []scenarios.ShardFile
	var total int64
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := in.ReadFile(path)
		if err != nil {
			return nil, usageError{err}
		}
		if total += int64(len(data)); in.MaxBytes >= 0 && total > in.MaxBytes {
			return nil, usageError{fmt.Errorf("merge: the first %d shard files (to %s) hold %s of JSON, and merge keeps every shard decoded, about %d bytes of memory a byte: more than --max-memory (%s) allows; raise --max-memory (e.g. to %s) to merge them",
				len(files)+1, path, limits.FormatSize(float64(total)), limits.JSONBytesPerByte,
				limits.FormatSize(budget.Memory()), limits.FormatSize(float64(total)*limits.JSONBytesPerByte*float64(len(paths))/float64(len(files)+1)))}
		}
		if err := in.CheckJSON(data); err != nil {
			return nil, usageError{fmt.Errorf("%s:%d: %v", path, err.Line, err)}
		}
		f, err := scenarios.ReadShard(path, data)
		if err != nil {
			return nil, usageError{err}
		}
		files = append(files, f)
	}
	return files, nil
}
