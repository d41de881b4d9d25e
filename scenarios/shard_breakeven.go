package scenarios

import (
	"context"
	"fmt"

	"faassim/models/metrics"
)

// BreakEvenShardResults is a break-even shard's output: the search's JSON
// (faassim/breakeven/v1) holding only the scan's points this shard ran,
// unrefined, plus its ShardInfo under `shard`.
type BreakEvenShardResults struct {
	BreakEven metrics.BreakEven
	Shard     ShardInfo
}

// MarshalJSON writes the search's object with the `shard` key added last.
func (r BreakEvenShardResults) MarshalJSON() ([]byte, error) {
	return withShardKey(r.BreakEven, r.Shard)
}

// breakEvenHash identifies a break-even scan: the two platforms' resolved
// scenario, the options that change results and the grid.
func breakEvenHash(s *Scenario, a, b string, opt BreakEvenOptions) (string, error) {
	pair, err := s.only(a, b)
	if err != nil {
		return "", err
	}
	return pair.scenarioHash(Options{Prices: opt.Prices, FreeTier: opt.FreeTier},
		fmt.Sprintf("breakeven %q %q from %v to %v in %d points", a, b, opt.Low, opt.High, opt.Points))
}

// BreakEvenShard runs shard sh's points of the break-even scan (point k
// of the log grid when k mod Count = Index). The refinement needs the
// whole grid: it runs after the merge, on one machine (MergeBreakEven).
func BreakEvenShard(ctx context.Context, s *Scenario, a, b string, opt BreakEvenOptions, sh Shard) (BreakEvenShardResults, error) {
	if err := checkShard(sh); err != nil {
		return BreakEvenShardResults{}, err
	}
	opt.Shard, opt.Grid = sh, nil
	be, err := FindBreakEven(ctx, s, a, b, opt)
	if err != nil {
		return BreakEvenShardResults{}, err
	}
	hash, err := breakEvenHash(s, a, b, opt)
	if err != nil {
		return BreakEvenShardResults{}, err
	}
	info := ShardInfo{Schema: ShardSchema, Index: sh.Index, Count: sh.Count, Axis: AxisGrid, ScenarioSHA256: hash,
		Seed: s.Seed, Version: sh.Version, Units: sh.units(opt.Points), Total: opt.Points}
	if be.Points == nil {
		be.Points = []metrics.BreakEvenPoint{}
	}
	return BreakEvenShardResults{BreakEven: *be, Shard: info}, nil
}

// MergeBreakEven puts the scan back together from its shards, refusing
// shards of another search than this one (scenario, platforms, options,
// grid), then refines the crossing here, as FindBreakEven does: the
// result is the unsharded search's.
func MergeBreakEven(ctx context.Context, s *Scenario, a, b string, opt BreakEvenOptions, files []ShardFile, version string) (*metrics.BreakEven, error) {
	byIndex, err := indexShards(files)
	if err != nil {
		return nil, err
	}
	hash, err := breakEvenHash(s, a, b, opt)
	if err != nil {
		return nil, err
	}
	grid := make([]metrics.BreakEvenPoint, opt.Points)
	for _, f := range byIndex {
		switch {
		case f.BreakEven == nil:
			return nil, fmt.Errorf("merge: %s is not a break-even search's shard", f.Path)
		case f.Shard.ScenarioSHA256 != hash || f.Shard.Total != opt.Points:
			return nil, fmt.Errorf("merge: %s is a shard of another search (scenario, --platform/--vs, --from/--to/--points, prices or free tier differ)", f.Path)
		case f.Shard.Version != version:
			return nil, fmt.Errorf("merge: %s was written by faassim %s, this is %s", f.Path, f.Shard.Version, version)
		}
		for j, k := range f.Shard.Units {
			grid[k] = f.BreakEven.Points[j]
		}
	}
	opt.Shard, opt.Grid = Shard{}, grid
	return FindBreakEven(ctx, s, a, b, opt)
}
