package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/sim"
)

// MaxShards bounds a study's shard count: more is a mistake, and merge
// keeps one record per shard.
const MaxShards = 100_000

// ShardFile is one shard's output as read: where it came from, its results
// (the v1 part) and its shard record.
type ShardFile struct {
	Path    string
	Results metrics.Results
	// Sweep is a sweep shard's sweep, BreakEven a break-even shard's
	// search (nil on the other axes).
	Sweep     *metrics.Sweep
	BreakEven *metrics.BreakEven
	Shard     ShardInfo
}

// MergeOptions tune merge.
type MergeOptions struct {
	// AllowCoupled merges function shards even where the account limit
	// could have bound (the result is then not what one run would give:
	// said in the platform's warnings).
	AllowCoupled bool
}

// ReadShard decodes a shard's JSON (the caller bounds its size and depth),
// refusing one that is not a faassim run shard.
func ReadShard(path string, data []byte) (ShardFile, error) {
	var head struct {
		Schema string          `json:"schema"`
		Shard  json.RawMessage `json:"shard"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return ShardFile{}, fmt.Errorf("%s: not a shard's JSON (faassim run --shard I/N -o FILE writes one): %w", path, err)
	}
	grid := head.Schema == metrics.SweepSchema || head.Schema == metrics.BreakEvenSchema
	if head.Schema != metrics.Schema && !grid {
		return ShardFile{}, fmt.Errorf("%s: schema %q: want a shard of faassim run (%s), sweep (%s) or breakeven (%s)",
			path, head.Schema, metrics.Schema, metrics.SweepSchema, metrics.BreakEvenSchema)
	}
	if len(head.Shard) == 0 {
		return ShardFile{}, fmt.Errorf("%s: no \"shard\" key: these are results, not a shard's (run with --shard I/N)", path)
	}
	f := ShardFile{Path: path}
	dec := json.NewDecoder(bytes.NewReader(head.Shard))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f.Shard); err != nil {
		return ShardFile{}, fmt.Errorf("%s: shard: %w", path, err)
	}
	if grid != (f.Shard.Axis == AxisGrid) {
		return ShardFile{}, fmt.Errorf("%s: shard: axis %s in a file of schema %s", path, f.Shard.Axis, head.Schema)
	}
	var err error
	switch head.Schema {
	case metrics.SweepSchema:
		f.Sweep, err = readGridShard(data, len(f.Shard.Units), func(sw *metrics.Sweep) int { return len(sw.Points) })
	case metrics.BreakEvenSchema:
		f.BreakEven, err = readGridShard(data, len(f.Shard.Units), func(be *metrics.BreakEven) int { return len(be.Points) })
	default:
		err = json.Unmarshal(data, &f.Results)
	}
	if err != nil {
		return ShardFile{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := f.check(); err != nil {
		return ShardFile{}, fmt.Errorf("%s: shard: %w", path, err)
	}
	return f, nil
}

// readGridShard decodes the sweep or search part of a grid shard, which
// holds a point for each of its units.
func readGridShard[T any](data []byte, units int, points func(*T) int) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	if n := points(v); n != units {
		return nil, fmt.Errorf("%d points for the %d units of its shard record", n, units)
	}
	return v, nil
}

// check refuses a shard record no faassim run writes.
func (f *ShardFile) check() error {
	sh := f.Shard
	switch {
	case sh.Schema != ShardSchema:
		return fmt.Errorf("schema %q: want %s", sh.Schema, ShardSchema)
	case sh.Count < 1 || sh.Count > MaxShards || sh.Index < 0 || sh.Index >= sh.Count:
		return fmt.Errorf("index %d of %d: want 0 <= index < count <= %d", sh.Index, sh.Count, MaxShards)
	case sh.Axis != AxisReplications && sh.Axis != AxisFunctions && sh.Axis != AxisGrid:
		return fmt.Errorf("axis %q: want %s, %s or %s", sh.Axis, AxisReplications, AxisFunctions, AxisGrid)
	case sh.Total < 1 || (sh.Axis == AxisFunctions && sh.Total != 1):
		return fmt.Errorf("%d units in all on axis %s", sh.Total, sh.Axis)
	case sh.Axis != AxisGrid && (!(f.Results.HorizonS > f.Results.WarmupS) || f.Results.WarmupS < 0 || f.Results.HorizonS > 1e9):
		return fmt.Errorf("horizon %v s after a warm-up of %v s", f.Results.HorizonS, f.Results.WarmupS)
	}
	// Units are Index, Index+Count, ... below Total (functions: the one
	// replication), checked without building the list: Total comes from
	// the file.
	n := 1
	if sh.Axis != AxisFunctions {
		n = (sh.Total - sh.Index + sh.Count - 1) / sh.Count
	}
	ok := len(sh.Units) == max(n, 0)
	for j, u := range sh.Units {
		ok = ok && (u == sh.Index+j*sh.Count || sh.Axis == AxisFunctions && u == 0)
	}
	if !ok {
		return fmt.Errorf("units %v: shard %d of %d of %d units in all runs every %d-th from %d", shortInts(sh.Units), sh.Index, sh.Count, sh.Total, sh.Count, sh.Index)
	}
	mine := func(r int) bool {
		return r >= 0 && r < sh.Total && (sh.Axis == AxisFunctions && r == 0 || sh.Axis != AxisFunctions && r%sh.Count == sh.Index)
	}
	for _, p := range sh.Platforms {
		for _, r := range p.Runs {
			if !mine(r.Replication) {
				return fmt.Errorf("platform %s: replication %d is not this shard's", p.Name, r.Replication)
			}
		}
	}
	return nil
}

// MergeShards merges the shards of one study into the results one
// unsharded run gives: it refuses shards of different studies (scenario
// hash, seed, faassim version, count, axis) and a missing or repeated
// index. Replications are summarized with metrics.Summarize in
// replication order, as the unsharded run does, so every number agrees
// exactly. Function parts of a replication are combined (see
// metrics.CombineParts), their usage billed again as one (tiers and free
// tiers apply to the total, never per shard), peak instances bounded
// from the shards' per-second peaks, and the in-flight peaks added to
// refuse a merge where the account limit could have bound.
func MergeShards(files []ShardFile, opt MergeOptions) (metrics.Results, error) {
	byIndex, err := indexShards(files)
	if err != nil {
		return metrics.Results{}, err
	}
	first := byIndex[0]
	if first.Shard.Axis == AxisGrid {
		return metrics.Results{}, fmt.Errorf("merge: %s is a sweep's or break-even search's shard, not a run's", first.Path)
	}
	res := first.Results
	res.Replications = first.Shard.Total
	res.Platforms = nil
	month := pricing.DefaultMonth
	if res.MonthS != 0 {
		if !(res.MonthS >= 1 && res.MonthS <= 1e9) {
			return metrics.Results{}, fmt.Errorf("%s: month_s %v: want 1 s to 1e9 s", first.Path, res.MonthS)
		}
		month = sim.Time(math.Round(res.MonthS * float64(sim.Second)))
	}
	for i, p := range first.Shard.Platforms {
		var runs []metrics.Run
		var warnings []string
		var err error
		if first.Shard.Axis == AxisReplications {
			runs, err = replicationRuns(byIndex, i)
		} else {
			runs, warnings, err = functionRuns(byIndex, i, opt)
		}
		if err != nil {
			return metrics.Results{}, err
		}
		if err := metrics.CheckRuns(runs); err != nil {
			return metrics.Results{}, fmt.Errorf("merge: platform %s: %w", p.Name, err)
		}
		sum := metrics.Summarize(p.Name, p.Kind, runs, month)
		if sum.Apps != nil {
			sum.Apps.Top = metrics.TopApps(runs, first.Shard.PerAppTop)
		}
		sum.Settings = first.settings(p.Name)
		sum.Warnings = append(sum.Warnings, warnings...)
		res.Platforms = append(res.Platforms, sum)
	}
	return res, nil
}

// indexShards checks that the files are the shards of one study, each
// index once and none missing, and orders them by index.
func indexShards(files []ShardFile) ([]*ShardFile, error) {
	if len(files) == 0 {
		return nil, errors.New("merge: no shard")
	}
	if err := sameStudy(files); err != nil {
		return nil, err
	}
	byIndex := make([]*ShardFile, files[0].Shard.Count)
	for i := range files {
		f := &files[i]
		if g := byIndex[f.Shard.Index]; g != nil {
			return nil, fmt.Errorf("merge: %s and %s are both shard %d", g.Path, f.Path, f.Shard.Index)
		}
		byIndex[f.Shard.Index] = f
	}
	var missing []string
	for i, f := range byIndex {
		if f == nil {
			missing = append(missing, fmt.Sprint(i))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("merge: shard %s of %d missing (given: %s)", shortList(missing), len(byIndex), joinNames(shardPaths(files)))
	}
	return byIndex, nil
}

// settings are the platform's settings as the shard's results print them.
func (f *ShardFile) settings(name string) *metrics.Settings {
	for _, p := range f.Results.Platforms {
		if p.Name == name {
			return p.Settings
		}
	}
	return nil
}

// sameStudy refuses shards cut from different studies, naming the files.
func sameStudy(files []ShardFile) error {
	a := files[0]
	for _, b := range files[1:] {
		for _, d := range []struct {
			what string
			x, y any
		}{
			// The specific differences first, so that the message names
			// the one a user can act on; the hash (which covers the seed
			// too) last.
			{"seed", a.Shard.Seed, b.Shard.Seed},
			{"faassim version", a.Shard.Version, b.Shard.Version},
			{"shard count", a.Shard.Count, b.Shard.Count},
			{"axis", a.Shard.Axis, b.Shard.Axis},
			{"units in all", a.Shard.Total, b.Shard.Total},
			{"platforms", platformNames(a), platformNames(b)},
			{"scenario or options (the SHA-256 of the scenario after --set and of what changes results: --timeline, --free-tier, --per-app, --prices, a sweep's --param grid, a break-even's platforms and range)", a.Shard.ScenarioSHA256, b.Shard.ScenarioSHA256},
		} {
			if fmt.Sprint(d.x) != fmt.Sprint(d.y) {
				return fmt.Errorf("merge: %s and %s are shards of different studies: %s %v against %v", a.Path, b.Path, d.what, d.x, d.y)
			}
		}
	}
	return nil
}

func platformNames(f ShardFile) string {
	var names []string
	for _, p := range f.Shard.Platforms {
		names = append(names, p.Name+"/"+p.Kind)
	}
	return strings.Join(names, ",")
}

func shardPaths(files []ShardFile) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func shortInts(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprint(x))
	}
	return "[" + shortList(s) + "]"
}

// shortList writes at most 10 items, then how many more.
func shortList(items []string) string {
	if len(items) <= 10 {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:10], ", ") + fmt.Sprintf(" and %d more", len(items)-10)
}

// replicationRuns rebuilds platform i's runs in replication order.
func replicationRuns(shards []*ShardFile, i int) ([]metrics.Run, error) {
	total := shards[0].Shard.Total
	runs := make([]metrics.Run, total)
	seen := make([]bool, total)
	for _, f := range shards {
		for _, r := range f.Shard.Platforms[i].Runs {
			run, err := metrics.RunFromRecord(r.Run)
			if err != nil {
				return nil, fmt.Errorf("%s: platform %s, replication %d: %w", f.Path, f.Shard.Platforms[i].Name, r.Replication, err)
			}
			if seen[r.Replication] {
				return nil, fmt.Errorf("%s: platform %s: replication %d twice", f.Path, f.Shard.Platforms[i].Name, r.Replication)
			}
			runs[r.Replication], seen[r.Replication] = run, true
		}
	}
	if k := slices.Index(seen, false); k >= 0 {
		return nil, fmt.Errorf("merge: platform %s: replication %d is in no shard", shards[0].Shard.Platforms[i].Name, k)
	}
	return runs, nil
}

// functionRuns combines platform i's function parts of the one
// replication (see MergeShards), with the warnings that say what is a
// bound.
func functionRuns(shards []*ShardFile, i int, opt MergeOptions) ([]metrics.Run, []string, error) {
	p0 := shards[0].Shard.Platforms[i]
	name := p0.Name
	if p0.Whole {
		if len(p0.Runs) != 1 {
			return nil, nil, fmt.Errorf("%s: platform %s: shard 0 runs it whole, but holds %d runs", shards[0].Path, name, len(p0.Runs))
		}
		run, err := metrics.RunFromRecord(p0.Runs[0].Run)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: platform %s: %w", shards[0].Path, name, err)
		}
		return []metrics.Run{run}, nil, nil
	}
	res := shards[0].Results
	horizon := sim.Time(math.Round(res.HorizonS * float64(sim.Second)))
	warmup := sim.Time(math.Round(res.WarmupS * float64(sim.Second)))
	var (
		parts          []metrics.Run
		usage          pricing.Usage
		inflight, live []int64
		partPeak       int64
		from           []string // files holding parts, for messages
	)
	for _, f := range shards {
		sp := f.Shard.Platforms[i]
		if sp.Whole || !sameLimit(sp.AccountLimit, p0.AccountLimit) || (sp.Billing == nil) != (p0.Billing == nil) {
			return nil, nil, fmt.Errorf("merge: %s and %s disagree on platform %s's limits or billing", shards[0].Path, f.Path, name)
		}
		if len(sp.Runs) > 1 || (len(sp.Runs) == 0) != (sp.Functions == 0) {
			return nil, nil, fmt.Errorf("%s: platform %s: %d runs for %d functions", f.Path, name, len(sp.Runs), sp.Functions)
		}
		for _, r := range sp.Runs {
			run, err := metrics.RunFromRecord(r.Run)
			if err == nil && run.Backlog == nil {
				err = errors.New("no backlog record")
			}
			if err != nil {
				return nil, nil, fmt.Errorf("%s: platform %s: %w", f.Path, name, err)
			}
			if p0.Billing != nil {
				if r.Usage == nil {
					return nil, nil, fmt.Errorf("%s: platform %s: priced, but no usage recorded", f.Path, name)
				}
				usage = addUsage(usage, *r.Usage)
			}
			if inflight, err = addPeaks(inflight, r.InFlight, 0, horizon); err == nil {
				live, err = addPeaks(live, r.Live, warmup, horizon)
			}
			if err != nil {
				return nil, nil, fmt.Errorf("%s: platform %s: %w", f.Path, name, err)
			}
			partPeak = max(partPeak, run.PeakInstances)
			parts = append(parts, run)
			from = append(from, f.Path)
		}
	}
	if len(parts) == 0 {
		return nil, nil, nil
	}
	run, exact, err := metrics.CombineParts(parts)
	if err != nil {
		return nil, nil, err
	}
	var warnings []string
	if limit := p0.AccountLimit; limit != nil {
		if at, sum := couplingAt(inflight, *limit, horizon); at >= 0 {
			msg := fmt.Sprintf("the account limit could have bound: %d requests in flight in the second from %s (the sum of the shards' peaks in it; the limit leaves %d to functions without reserved concurrency), so functions in different shards could have throttled each other",
				sum, time.Duration(at).String(), *limit)
			if !opt.AllowCoupled {
				return nil, nil, fmt.Errorf("merge: platform %s: %s; the merged results would not be one run's. Run it unsharded, raise the limit, or merge with --allow-coupled to accept them as an approximation", name, msg)
			}
			warnings = append(warnings, "merged with --allow-coupled: "+msg+"; its results are not one run's")
		}
	}
	if p0.Billing != nil {
		b := p0.Billing
		if b.WindowNS <= 0 || b.MonthNS <= 0 {
			return nil, nil, fmt.Errorf("merge: platform %s: billing window %d ns and month %d ns", name, b.WindowNS, b.MonthNS)
		}
		run.Cost, _ = b.Sheet.Bill(usage, b.WindowNS, b.MonthNS, b.FreeTier)
		run.BilledGBSeconds = usage.GBSeconds
	}
	if len(parts) > 1 {
		peak := slices.Max(append(live, 0))
		run.PeakInstances = peak
		if peak > partPeak {
			warnings = append(warnings, fmt.Sprintf("instances.max is an upper bound from %d function shards: the highest per-second sum of their peaks (%d); the largest shard alone peaked at %d",
				len(parts), peak, partPeak))
		}
		if !exact {
			warnings = append(warnings, "function shards queued: the saturation test judged their summed queues, whose growth within a bucket is a lower bound of the whole run's")
		}
	}
	return []metrics.Run{run}, warnings, nil
}

// addPeaks adds a shard's per-bucket peaks over [from, to) to sum.
func addPeaks(sum []int64, r *metrics.PeaksRecord, from, to sim.Time) ([]int64, error) {
	if r == nil {
		return nil, errors.New("no per-second peaks recorded")
	}
	step, n := metrics.PeakGrid(from, to)
	if r.FromNS != from || (n > 0 && r.StepNS != step) {
		return nil, fmt.Errorf("peaks from %d ns in steps of %d ns: not this run's", r.FromNS, r.StepNS)
	}
	v, err := r.Values(n)
	if err != nil {
		return nil, err
	}
	if sum == nil {
		return v, nil
	}
	for k := range sum {
		sum[k] += v[k]
	}
	return sum, nil
}

// couplingAt is the start of the first bucket whose summed in-flight
// peaks reach limit (at least 1: with no room at all, any request in
// flight shows the limit binding), and that sum; -1 when none does. The
// first time the whole run's limit binds, its in-flight requests are the
// shards' at that instant, at most the sum of their peaks in the bucket:
// a sum below the limit everywhere proves it never bound.
func couplingAt(inflight []int64, limit int, horizon sim.Time) (sim.Time, int64) {
	step, _ := metrics.PeakGrid(0, horizon)
	for k, v := range inflight {
		if v >= int64(max(limit, 1)) {
			return sim.Time(k) * step, v
		}
	}
	return -1, 0
}

// addUsage adds two platform usages field by field.
func addUsage(a, b pricing.Usage) pricing.Usage {
	a.Requests += b.Requests
	a.GBSeconds += b.GBSeconds
	a.GHzSeconds += b.GHzSeconds
	a.VCPUSeconds += b.VCPUSeconds
	a.InstanceSeconds += b.InstanceSeconds
	a.BusyTracked = a.BusyTracked || b.BusyTracked
	a.BusyGBSeconds += b.BusyGBSeconds
	a.BusyVCPUSeconds += b.BusyVCPUSeconds
	a.BusyInstanceSeconds += b.BusyInstanceSeconds
	a.ProvisionedGBSeconds += b.ProvisionedGBSeconds
	a.ProvisionedExecGBSeconds += b.ProvisionedExecGBSeconds
	a.StorageGBSeconds += b.StorageGBSeconds
	a.ClusterSeconds += b.ClusterSeconds
	a.RawGBSeconds += b.RawGBSeconds
	a.RawExecutionSeconds += b.RawExecutionSeconds
	a.RawBusySeconds += b.RawBusySeconds
	a.RawInstanceSeconds += b.RawInstanceSeconds
	a.RawProvisionedGBSeconds += b.RawProvisionedGBSeconds
	return a
}

// sameLimit reports whether two optional limits are both absent or equal.
func sameLimit(a, b *int) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
