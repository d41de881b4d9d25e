package scenarios

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"faassim/models/metrics"
)

// SweepShardResults is a sweep shard's output: the sweep of the points it
// ran (faassim/sweep/v1) plus its ShardInfo under `shard` (axis grid, its
// units the indices of its points in the grid, first parameter slowest).
type SweepShardResults struct {
	Sweep metrics.Sweep
	Shard ShardInfo
}

// MarshalJSON writes the sweep's object with the `shard` key added last.
func (r SweepShardResults) MarshalJSON() ([]byte, error) { return withShardKey(r.Sweep, r.Shard) }

// SweepShard runs shard sh's points of the sweep: point k (in grid order)
// when k mod Count = Index. Points are whole runs, so merging them is
// placing each in its slot: the merged sweep is the unsharded one, byte
// for byte. Every point is still loaded and checked, so that a bad value
// fails in every shard alike.
func SweepShard(ctx context.Context, ref string, sets []string, params []Param, opt SweepOptions, sh Shard) (SweepShardResults, error) {
	if err := checkShard(sh); err != nil {
		return SweepShardResults{}, err
	}
	opt.Shard = sh
	sw, scen, err := sweep(ctx, ref, sets, params, opt)
	if err != nil {
		return SweepShardResults{}, err
	}
	// The study's hash covers every point's resolved scenario.
	h := sha256.New()
	for _, s := range scen {
		ph, err := s.scenarioHash(opt.Options)
		if err != nil {
			return SweepShardResults{}, err
		}
		fmt.Fprintln(h, ph)
	}
	fmt.Fprintln(h, strings.Join(sw.Params, "\n"))
	info := ShardInfo{Schema: ShardSchema, Index: sh.Index, Count: sh.Count, Axis: AxisGrid,
		ScenarioSHA256: hex.EncodeToString(h.Sum(nil)), Version: sh.Version, Units: sh.units(len(scen)), Total: len(scen)}
	if len(scen) > 0 {
		info.Seed = scen[0].Seed
	}
	return SweepShardResults{Sweep: sw, Shard: info}, nil
}

// MergeSweepShards places the points of grid shards in their slots (see
// SweepShard), after the checks of MergeShards.
func MergeSweepShards(files []ShardFile) (metrics.Sweep, error) {
	byIndex, err := indexShards(files)
	if err != nil {
		return metrics.Sweep{}, err
	}
	first := byIndex[0]
	if first.Sweep == nil {
		return metrics.Sweep{}, fmt.Errorf("merge: %s is not a sweep's shard", first.Path)
	}
	sw := *first.Sweep
	sw.Points = make([]metrics.SweepPoint, first.Shard.Total)
	for _, f := range byIndex {
		if f.Sweep == nil || strings.Join(f.Sweep.Params, ",") != strings.Join(first.Sweep.Params, ",") {
			return metrics.Sweep{}, fmt.Errorf("merge: %s and %s are not shards of one sweep", first.Path, f.Path)
		}
		for j, k := range f.Shard.Units {
			sw.Points[k] = f.Sweep.Points[j]
		}
	}
	return sw, nil
}
