package scenarios

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"

	"faassim/models/faas"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// ShardSchema names the `shard` key a sharded run adds to its results.
const ShardSchema = "faassim/shard/v1"

// The axes a study is cut along.
const (
	// AxisReplications: replication r goes to shard r mod n.
	AxisReplications = "replications"
	// AxisGrid: a sweep's (or a break-even scan's) point k goes to shard
	// k mod n.
	AxisGrid = "grid"
	// AxisFunctions: one replication's functions split by a stable hash
	// (FNV-1a of the function's name, or of its app's where instances or
	// a learning keep-alive policy are per app, or per-app statistics are
	// recorded), mod n.
	AxisFunctions = "functions"
)

// Shard selects the part of a study one process runs: Index of Count
// (0-based). The zero value runs everything.
type Shard struct {
	Index, Count int
	// Version is the faassim build's version, recorded so that merge
	// refuses shards of different builds.
	Version string
}

// On reports whether the run is sharded.
func (sh Shard) On() bool { return sh.Count > 0 }

// units are the replications or grid points k < total with k mod Count =
// Index: this shard's. Never nil, so that JSON writes [] for none.
func (sh Shard) units(total int) []int {
	units := []int{}
	for k := sh.Index; k < total; k += sh.Count {
		units = append(units, k)
	}
	return units
}

// ShardInfo is the `shard` key of a shard's JSON: who it is, what it was
// cut from, and the raw records merging needs.
type ShardInfo struct {
	Schema string `json:"schema"`
	Index  int    `json:"index"`
	Count  int    `json:"count"`
	Axis   string `json:"axis"`
	// ScenarioSHA256 hashes the resolved scenario (after --set, as
	// Marshal writes it) and the options that change results; Seed is the
	// scenario's seed, Version faassim's.
	ScenarioSHA256 string `json:"scenario_sha256"`
	Seed           uint64 `json:"seed"`
	Version        string `json:"version"`
	// Units are the replications or grid points this shard ran (for the
	// functions axis, the replications it ran parts of).
	Units []int `json:"units"`
	// Total is the replications (or grid points) of the whole study.
	Total     int             `json:"total"`
	PerAppTop int             `json:"per_app_top,omitempty"`
	Notes     []string        `json:"notes,omitempty"`
	Platforms []ShardPlatform `json:"platforms,omitempty"`
}

// ShardPlatform is one platform's raw runs in a shard.
type ShardPlatform struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Whole marks, on the functions axis, a platform that is not cut by
	// function (a container fleet serves every function): shard 0 runs it
	// whole, the others not at all.
	Whole bool `json:"whole,omitempty"`
	// Functions is how many of the workload's functions this shard ran on
	// the platform (functions axis).
	Functions int `json:"functions,omitempty"`
	// AccountLimit is the in-flight requests the functions without
	// reserved concurrency may have at once, over all functions (the
	// account limit less every reservation); absent when none applies.
	AccountLimit *int          `json:"account_limit,omitempty"`
	Billing      *ShardBilling `json:"billing,omitempty"`
	Runs         []ShardRun    `json:"runs"`
}

// ShardBilling is what re-billing merged usage needs: the sheet, the free
// tier, the measured window and the month (nanoseconds).
type ShardBilling struct {
	Sheet    pricing.Sheet `json:"sheet"`
	FreeTier bool          `json:"free_tier"`
	WindowNS sim.Time      `json:"window_ns"`
	MonthNS  sim.Time      `json:"month_ns"`
}

// ShardRun is one replication's record (or part of one) of a platform.
type ShardRun struct {
	Replication int                  `json:"replication"`
	Run         metrics.RunRecord    `json:"run"`
	Usage       *pricing.Usage       `json:"usage,omitempty"`
	InFlight    *metrics.PeaksRecord `json:"in_flight_peaks,omitempty"`
	Live        *metrics.PeaksRecord `json:"live_peaks,omitempty"`
}

// ShardResults is a shard's output: the results of what it ran (the v1
// contract) plus its ShardInfo under `shard`.
type ShardResults struct {
	Results metrics.Results
	Shard   ShardInfo
}

// MarshalJSON writes the results' object with the `shard` key added last.
func (r ShardResults) MarshalJSON() ([]byte, error) {
	return withShardKey(r.Results, r.Shard)
}

// withShardKey appends "shard": info to the JSON object v marshals to.
func withShardKey(v any, info ShardInfo) ([]byte, error) {
	head, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(info); err != nil {
		return nil, err
	}
	head = bytes.TrimSuffix(bytes.TrimSpace(head), []byte("}"))
	out := append(head, []byte(`,"shard":`)...)
	out = append(out, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
	return append(out, '}'), nil
}

// scenarioHash hashes the resolved scenario with the options that change
// its results, so that merge refuses shards of different studies.
func (s *Scenario) scenarioHash(opt Options, extra ...string) (string, error) {
	doc, err := Marshal(s, nil)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(doc)
	fmt.Fprintf(h, "\nseed=%d timeline=%d free_tier=%t execution=%t per_app=%t/%d\n",
		s.Seed, opt.Timeline, opt.FreeTier, opt.Execution, opt.PerApp.On, opt.PerApp.Top)
	for _, sh := range opt.Prices {
		b, err := json.Marshal(sh)
		if err != nil {
			return "", err
		}
		h.Write(b)
	}
	for _, e := range extra {
		fmt.Fprintf(h, "%s\n", e)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkShard refuses an index outside [0, count).
func checkShard(sh Shard) error {
	if sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count {
		return fmt.Errorf("shard %d/%d: want 0 <= index < count", sh.Index, sh.Count)
	}
	return nil
}

// shardAxis is how a run is cut: by replication when there are several,
// else by function when there are several functions, else not at all
// (shard 0 runs the one replication).
func (plan *Plan) shardAxis() string {
	if plan.s.Replications == 1 && len(plan.functions) > 1 {
		return AxisFunctions
	}
	return AxisReplications
}

// shardKey is what the functions axis hashes: the app where any FaaS
// platform shares instances per app or learns keep-alive per app, or
// per-app statistics are asked for (an app must not be split), else the
// function's name.
func (plan *Plan) shardKey(opt Options) func(workload.Function) string {
	byApp := opt.PerApp.On
	for i, p := range plan.platforms {
		if f, ok := p.(*faasPlan); ok && (f.cfg.PerApp || plan.s.Platforms[i].KeepAlive.Policy == "hybrid") {
			byApp = true
		}
	}
	if byApp {
		return func(f workload.Function) string { return f.App }
	}
	return func(f workload.Function) string { return f.Name }
}

// ShardOf is the shard of n that a function shard key goes to: FNV-1a
// (64 bits) of the key, mod n.
func ShardOf(key string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(key))
	return int(h.Sum64() % uint64(n))
}

// RunShard runs shard sh's part of the scenario's study: the
// replications r with r mod n = index when there are several; else, with
// several functions, the functions whose shard key hashes to index (see
// AxisFunctions), recording what merging needs; else shard 0 runs
// everything and the others nothing. A shard with nothing to do returns a
// valid empty shard.
func RunShard(ctx context.Context, s *Scenario, opt Options, sh Shard) (ShardResults, error) {
	if err := checkShard(sh); err != nil {
		return ShardResults{}, err
	}
	plan, err := s.planFor(ctx, opt)
	if err != nil {
		return ShardResults{}, err
	}
	est := plan.shardEstimate(opt)
	if err := est.Check(opt.Budget); err != nil {
		return ShardResults{}, err
	}
	hash, err := s.scenarioHash(opt)
	if err != nil {
		return ShardResults{}, err
	}
	info := ShardInfo{Schema: ShardSchema, Index: sh.Index, Count: sh.Count, Axis: plan.shardAxis(),
		ScenarioSHA256: hash, Seed: s.Seed, Version: sh.Version, Units: []int{}, PerAppTop: opt.PerApp.Top}
	runs := make([][]metrics.Run, len(plan.platforms))
	for i, p := range plan.platforms {
		info.Platforms = append(info.Platforms, ShardPlatform{Name: s.Platforms[i].Name, Kind: s.Platforms[i].Kind})
		if _, ok := p.(*faasPlan); !ok && info.Axis == AxisFunctions {
			info.Platforms[i].Whole = true
		}
	}
	info.Total = s.Replications
	var jobs []simJob
	if info.Axis == AxisReplications {
		jobs = plan.replicationJobs(opt, sh, &info, runs)
	} else {
		jobs = plan.functionJobs(opt, sh, &info, runs)
	}
	if err := plan.simulateAll(ctx, opt, est.Workers, len(jobs), func(k int) simJob { return jobs[k] }, nil); err != nil {
		return ShardResults{}, err
	}
	for i := range runs {
		withBacklog := info.Axis == AxisFunctions && !info.Platforms[i].Whole
		for k, r := range runs[i] {
			info.Platforms[i].Runs[k].Run = r.Record(withBacklog)
		}
	}
	res := plan.summarize(opt, runs)
	res.Replications = len(info.Units)
	return ShardResults{Results: res, Shard: info}, nil
}

// ShardEstimate is the memory and work estimate of one shard of the
// scenario's study, which faassim batch sizes each shard's memory from:
// see Plan.shardEstimate.
func (s *Scenario) ShardEstimate(opt Options) (Estimate, error) {
	plan, probs := s.resolvePlan(opt)
	if len(probs) > 0 {
		return Estimate{}, probs
	}
	return plan.shardEstimate(opt), nil
}

// shardEstimate is the whole run's estimate, which bounds a shard's (it
// runs a part of it), plus, cut by function, the per-second peaks each
// FaaS platform's part keeps: 8 bytes a second over the run and over the
// window (at most 2 x 8 MB: see metrics.MaxPeakBuckets).
func (plan *Plan) shardEstimate(opt Options) Estimate {
	est := plan.estimate(opt)
	if plan.shardAxis() == AxisFunctions {
		w := plan.s.window()
		faasPlatforms := 0
		for _, p := range plan.platforms {
			if _, ok := p.(*faasPlan); ok {
				faasPlatforms++
			}
		}
		peaks := float64(faasPlatforms) * (metrics.PeaksBytes(w.horizon) + metrics.PeaksBytes(w.horizon-w.warmup))
		est.fixed += peaks
		est.Bytes += peaks
		est.memory = largest(est.memory, part{peaks, "the per-second peaks of in-flight requests and instances a function shard keeps"})
	}
	return est
}

// replicationJobs are the replications of shard sh, every platform.
func (plan *Plan) replicationJobs(opt Options, sh Shard, info *ShardInfo, runs [][]metrics.Run) []simJob {
	s := plan.s
	info.Units = sh.units(s.Replications)
	var jobs []simJob
	for i := range plan.platforms {
		runs[i] = make([]metrics.Run, len(info.Units))
		for k, r := range info.Units {
			info.Platforms[i].Runs = append(info.Platforms[i].Runs, ShardRun{Replication: r})
			jobs = append(jobs, plan.replicationJob(opt, i, r, func(run metrics.Run) { runs[i][k] = run }))
		}
	}
	return jobs
}

// functionJobs are the one replication's parts of shard sh: on each FaaS
// platform the functions hashing to sh.Index (none: no job), with their
// in-flight and live-instance peaks and billable usage; a container
// platform whole on shard 0.
func (plan *Plan) functionJobs(opt Options, sh Shard, info *ShardInfo, runs [][]metrics.Run) []simJob {
	s := plan.s
	key := plan.shardKey(opt)
	to := make([]int32, len(plan.functions)) // workload index -> part index, -1: not ours
	mine := 0
	for k, f := range plan.functions {
		to[k] = -1
		if ShardOf(key(f), sh.Count) == sh.Index {
			to[k] = int32(mine)
			mine++
		}
	}
	info.Units = []int{0}
	var notes []string
	var jobs []simJob
	w := s.window()
	for i, p := range plan.platforms {
		sp := &info.Platforms[i]
		fp, faasOK := p.(*faasPlan)
		switch {
		case !faasOK && sh.Index != 0:
			notes = append(notes, fmt.Sprintf("platform %s: a container fleet serves every function, so it is not cut by function: shard 0 runs it whole", sp.Name))
			continue
		case !faasOK:
			runs[i] = make([]metrics.Run, 1)
			sp.Runs = []ShardRun{{Replication: 0}}
			jobs = append(jobs, plan.replicationJob(opt, i, 0, func(run metrics.Run) { runs[i][0] = run }))
			continue
		}
		sp.Functions = mine
		sp.AccountLimit = fp.unreservedLimit()
		if fp.sheet != nil {
			sp.Billing = &ShardBilling{Sheet: *fp.sheet, FreeTier: fp.freeTier, WindowNS: w.horizon - w.warmup, MonthNS: fp.month}
		}
		if mine == 0 {
			continue
		}
		part := fp.part(to, mine)
		runs[i] = make([]metrics.Run, 1)
		sp.Runs = []ShardRun{{Replication: 0}}
		jobs = append(jobs, simJob{platform: i, run: func(check func(sim.Time) error) error {
			src, err := s.source(sim.DeriveSeed(s.Seed, 0))
			if err != nil {
				return err
			}
			var rec *metrics.Recorder
			if opt.Timeline > 0 {
				if rec, err = metrics.NewRecorder(w.warmup, w.horizon, opt.Timeline); err != nil {
					return err
				}
			}
			// In-flight requests from time 0: a limit binding in the warm-up changes
			// the state the window opens on.
			inflight, live := metrics.NewPeaks(0, w.horizon), metrics.NewPeaks(w.warmup, w.horizon)
			run, u, err := part.simulatePeaks(partSource{src, to}, sim.DeriveSeed(s.Seed, 0), rec, check, inflight, live)
			if err != nil {
				return err
			}
			runs[i][0] = run
			sp.Runs[0].InFlight, sp.Runs[0].Live = inflight.Record(), live.Record()
			if fp.sheet != nil {
				sp.Runs[0].Usage = &u
			}
			return nil
		}})
	}
	info.Notes = notes
	return jobs
}

// unreservedLimit is the account limit less every function's reserved
// concurrency: what the functions without a reservation share (nil: no
// limit).
func (pl *faasPlan) unreservedLimit() *int {
	if pl.cfg.AccountLimit <= 0 {
		return nil
	}
	limit := pl.cfg.AccountLimit
	for _, f := range pl.fns {
		limit -= f.Reserved
	}
	return &limit
}

// part is the plan restricted to the n functions that to maps to a part
// index (to[k] >= 0), in workload order.
func (pl *faasPlan) part(to []int32, n int) *faasPlan {
	c := *pl
	c.fns = make([]faas.Function, 0, n)
	for k, f := range pl.fns {
		if to[k] >= 0 {
			c.fns = append(c.fns, f)
		}
	}
	// Initial instances go with their function, renumbered as it is.
	c.cfg.Initial = nil
	for _, g := range pl.cfg.Initial {
		if k := to[g.Function]; k >= 0 {
			g.Function = k
			c.cfg.Initial = append(c.cfg.Initial, g)
		}
	}
	return &c
}

// partSource passes on the invocations of a part's functions, renumbered.
type partSource struct {
	src workload.Source
	to  []int32
}

func (p partSource) Next(inv *workload.Invocation) bool {
	for p.src.Next(inv) {
		if k := p.to[inv.Function]; k >= 0 {
			inv.Function = k
			return true
		}
	}
	return false
}

func (p partSource) Err() error { return p.src.Err() }

// joinNames lists names for a message: "a, b and c".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
