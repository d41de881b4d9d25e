package metrics

import (
	"errors"
	"fmt"
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/store"

	"faassim/sim"
)

// SketchRecord is a Sketch written out exactly, for sharded runs that merge
// (faassim merge): the exact count, sum, min and max, the count of zeros
// (values below the sketch's smallest bin included), and every non-empty
// bin of the DDSketch as [index, count]. Reading it back gives a sketch
// whose quantiles, mean and merges are those of the original.
type SketchRecord struct {
	Count int64        `json:"count"`
	Sum   float64      `json:"sum"`
	Min   float64      `json:"min"`
	Max   float64      `json:"max"`
	Zeros float64      `json:"zeros"`
	Bins  [][2]float64 `json:"bins"`
}

// maxSketchIndex bounds a bin index read from a file: the 1% mapping indexes
// every positive float64 within about ±36,000, so a larger one is not a
// sketch faassim wrote.
const maxSketchIndex = 40_000

// Record returns the sketch's exact record (nil for a nil sketch).
func (s *Sketch) Record() *SketchRecord {
	if s == nil {
		return nil
	}
	r := &SketchRecord{Count: s.count, Sum: s.sum, Min: s.min, Max: s.max, Bins: [][2]float64{}}
	if s.dd == nil {
		return r
	}
	// Add buffers bins and zeros (sketch.go): hand them to dd first.
	s.flush()
	r.Zeros = s.dd.GetZeroCount()
	s.dd.GetPositiveValueStore().ForEach(func(index int, count float64) bool {
		if count != 0 {
			r.Bins = append(r.Bins, [2]float64{float64(index), count})
		}
		return false
	})
	return r
}

// SketchFromRecord rebuilds a sketch from its record, refusing one that no
// Sketch could have written: counts that are not whole or do not add up, a
// bin index out of range, min above max. The bins go into a sparse store, so
// the memory taken is that of the record, whatever its indexes.
func SketchFromRecord(r *SketchRecord) (*Sketch, error) {
	if r == nil {
		return nil, nil
	}
	whole := func(x float64) bool { return x >= 0 && x <= 1<<53 && x == math.Trunc(x) }
	total := r.Zeros
	if !whole(r.Zeros) {
		return nil, fmt.Errorf("sketch: zeros %v is not a whole count", r.Zeros)
	}
	dd := ddsketch.NewDDSketch(sketchMapping, store.NewSparseStore(), store.NewSparseStore())
	last := math.Inf(-1)
	for i, b := range r.Bins {
		idx, c := b[0], b[1]
		if idx != math.Trunc(idx) || math.Abs(idx) > maxSketchIndex || idx <= last {
			return nil, fmt.Errorf("sketch: bin %d: index %v is not a whole number in [-%d, %d] above the previous bin's", i, idx, maxSketchIndex, maxSketchIndex)
		}
		if !whole(c) || c == 0 {
			return nil, fmt.Errorf("sketch: bin %d: count %v is not a whole count above 0", i, c)
		}
		last = idx
		total += c
		dd.GetPositiveValueStore().AddWithCount(int(idx), c)
	}
	if r.Zeros > 0 {
		if err := dd.AddWithCount(0, r.Zeros); err != nil {
			return nil, fmt.Errorf("sketch: %v", err)
		}
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case r.Count < 0 || float64(r.Count) != total:
		return nil, fmt.Errorf("sketch: count %d, but the bins and zeros hold %v", r.Count, total)
	case !finite(r.Sum) || !finite(r.Min) || !finite(r.Max) || r.Sum < 0 || r.Min < 0:
		return nil, errors.New("sketch: sum, min and max must be finite and at least 0")
	case r.Count > 0 && r.Min > r.Max:
		return nil, fmt.Errorf("sketch: min %v above max %v", r.Min, r.Max)
	}
	return &Sketch{dd: dd, count: r.Count, sum: r.Sum, min: r.Min, max: r.Max}, nil
}

// AppRecord is an AppCount written out exactly (idle memory-time in MB x ns).
type AppRecord struct {
	Name       string  `json:"name"`
	Requests   int64   `json:"requests"`
	ColdStarts int64   `json:"cold_starts"`
	IdleMBNS   float64 `json:"idle_mb_ns"`
}

// RunRecord is a Run written out for merging: every field Summarize reads,
// exactly (floats in JSON round-trip to the same float64).
type RunRecord struct {
	Requests           int64               `json:"requests"`
	Completed          int64               `json:"completed"`
	Rejected           int64               `json:"rejected"`
	TimedOut           int64               `json:"timed_out"`
	InFlight           int64               `json:"in_flight"`
	ColdStarts         int64               `json:"cold_starts"`
	CutAtTimeout       int64               `json:"cut_at_timeout"`
	Waited             int64               `json:"waited"`
	Latency            *SketchRecord       `json:"latency,omitempty"`
	Wait               *SketchRecord       `json:"wait,omitempty"`
	Execution          *SketchRecord       `json:"execution,omitempty"`
	BilledGBSeconds    float64             `json:"billed_gb_s"`
	InstanceSeconds    float64             `json:"instance_s"`
	BusySeconds        float64             `json:"busy_s"`
	RunningSeconds     float64             `json:"running_s"`
	InitSeconds        float64             `json:"init_s"`
	InSystemSeconds    float64             `json:"in_system_s"`
	ColdBusySeconds    float64             `json:"cold_busy_s"`
	PeakInstances      int64               `json:"peak_instances"`
	WindowS            float64             `json:"window_s"`
	Cost               Cost                `json:"cost_usd"`
	Timeline           *Timeline           `json:"timeline,omitempty"`
	Overload           Overload            `json:"overload"`
	Backlog            *BacklogRecord      `json:"backlog,omitempty"`
	Apps               []AppRecord         `json:"apps,omitempty"`
	KeepAliveDecisions *KeepAliveDecisions `json:"keep_alive_decisions,omitempty"`
	// ByInstances is Run.ByInstances, nonzero states only:
	// [instances, requests, rejected, cold starts], ascending.
	ByInstances [][4]int64 `json:"by_instances,omitempty"`
	// LiveTimes and BusyTimes are Run.LiveTimes and BusyTimes written
	// compactly, [count, ns] for each count held for some time (see
	// TimesRecord); absent from runs that keep none.
	LiveTimes TimesRecord `json:"live_times,omitempty"`
	BusyTimes TimesRecord `json:"busy_times,omitempty"`
}

// Record returns the run's record; withBacklog also writes the raw
// backlog (what merging function shards needs to judge overload again).
func (r Run) Record(withBacklog bool) RunRecord {
	out := RunRecord{
		Requests: r.Requests, Completed: r.Completed, Rejected: r.Rejected, TimedOut: r.TimedOut, InFlight: r.InFlight,
		ColdStarts: r.ColdStarts, CutAtTimeout: r.CutAtTimeout, Waited: r.Waited,
		Latency: r.Latency.Record(), Wait: r.Wait.Record(), Execution: r.Execution.Record(),
		BilledGBSeconds: r.BilledGBSeconds, InstanceSeconds: r.InstanceSeconds, BusySeconds: r.BusySeconds,
		RunningSeconds: r.RunningSeconds, InitSeconds: r.InitSeconds, InSystemSeconds: r.InSystemSeconds,
		ColdBusySeconds: r.ColdBusySeconds, PeakInstances: r.PeakInstances, WindowS: r.WindowS, Cost: r.Cost,
		Timeline: r.Timeline, Overload: r.Overload, KeepAliveDecisions: r.KeepAliveDecisions,
		ByInstances: r.ByInstances.record(),
	}
	out.LiveTimes, out.BusyTimes = r.LiveTimes.Record(), r.BusyTimes.Record()
	if withBacklog && r.Backlog != nil {
		out.Backlog = r.Backlog.record()
	}
	for _, a := range r.Apps {
		out.Apps = append(out.Apps, AppRecord{Name: a.Name, Requests: a.Requests, ColdStarts: a.ColdStarts, IdleMBNS: a.idleMBNS})
	}
	return out
}

// RunFromRecord rebuilds a Run from its record, refusing sketches and
// counts no run could have.
func RunFromRecord(rec RunRecord) (Run, error) {
	r := Run{
		Requests: rec.Requests, Completed: rec.Completed, Rejected: rec.Rejected, TimedOut: rec.TimedOut, InFlight: rec.InFlight,
		ColdStarts: rec.ColdStarts, CutAtTimeout: rec.CutAtTimeout, Waited: rec.Waited,
		BilledGBSeconds: rec.BilledGBSeconds, InstanceSeconds: rec.InstanceSeconds, BusySeconds: rec.BusySeconds,
		RunningSeconds: rec.RunningSeconds, InitSeconds: rec.InitSeconds, InSystemSeconds: rec.InSystemSeconds,
		ColdBusySeconds: rec.ColdBusySeconds, PeakInstances: rec.PeakInstances, WindowS: rec.WindowS, Cost: rec.Cost,
		Timeline: rec.Timeline, Overload: rec.Overload, KeepAliveDecisions: rec.KeepAliveDecisions,
	}
	for _, c := range []int64{r.Requests, r.Completed, r.Rejected, r.TimedOut, r.InFlight, r.ColdStarts, r.CutAtTimeout, r.Waited, r.PeakInstances} {
		if c < 0 {
			return Run{}, fmt.Errorf("run: a negative count (%d)", c)
		}
	}
	if r.Completed+r.Rejected+r.TimedOut+r.InFlight != r.Requests {
		return Run{}, fmt.Errorf("run: completed %d + rejected %d + timed out %d + in flight %d is not requests %d",
			r.Completed, r.Rejected, r.TimedOut, r.InFlight, r.Requests)
	}
	if !(r.WindowS > 0) || math.IsInf(r.WindowS, 1) {
		return Run{}, fmt.Errorf("run: window %v s: want a positive number", r.WindowS)
	}
	// Integrals over time are sums of durations: a negative or infinite one
	// would carry into utilization and the bound on the merged results.
	for _, x := range []struct {
		n string
		v float64
	}{{"billed_gb_s", r.BilledGBSeconds}, {"instance_s", r.InstanceSeconds}, {"busy_s", r.BusySeconds},
		{"running_s", r.RunningSeconds}, {"init_s", r.InitSeconds}, {"in_system_s", r.InSystemSeconds}, {"cold_busy_s", r.ColdBusySeconds}} {
		if !(x.v >= 0) || math.IsInf(x.v, 1) {
			return Run{}, fmt.Errorf("run: %s %v: want a finite number of at least 0", x.n, x.v)
		}
	}
	var err error
	if r.LiveTimes, r.BusyTimes, err = rec.times(); err != nil {
		return Run{}, err
	}
	for _, p := range []struct {
		dst **Sketch
		src *SketchRecord
		n   string
	}{{&r.Latency, rec.Latency, "latency"}, {&r.Wait, rec.Wait, "wait"}, {&r.Execution, rec.Execution, "execution"}} {
		if *p.dst, err = SketchFromRecord(p.src); err != nil {
			return Run{}, fmt.Errorf("run: %s %w", p.n, err)
		}
	}
	if rec.Backlog != nil {
		if r.Backlog, err = rec.Backlog.backlog(); err != nil {
			return Run{}, err
		}
	}
	for _, a := range rec.Apps {
		if a.Requests < 0 || a.ColdStarts < 0 || !(a.IdleMBNS >= 0) || math.IsInf(a.IdleMBNS, 1) {
			return Run{}, fmt.Errorf("run: app %q: a negative count or idle memory-time", a.Name)
		}
		r.Apps = append(r.Apps, AppCount{Name: a.Name, Requests: a.Requests, ColdStarts: a.ColdStarts, idleMBNS: a.IdleMBNS})
	}
	if r.ByInstances, err = byInstancesFromRecord(rec.ByInstances, &r); err != nil {
		return Run{}, err
	}
	return r, nil
}

// BacklogRecord is a Backlog written out (see Backlog's fields), so that
// the backlogs of function shards can be added and overload judged again.
type BacklogRecord struct {
	From     sim.Time `json:"from_ns"`
	To       sim.Time `json:"to_ns"`
	Quarter  sim.Time `json:"quarter_ns"`
	Waiting  int64    `json:"waiting"`
	Since    sim.Time `json:"since_ns"`
	FirstMax []int64  `json:"first_max"`
	LastMin  []int64  `json:"last_min"`
	Moves    []int64  `json:"moves"`
	Arrivals []int64  `json:"arrivals"`
	Losses   []int64  `json:"losses"`
	Served   int64    `json:"served"`
	RunS     float64  `json:"run_s"`
	RunSqS   float64  `json:"run_sq_s"`
}

func (b *Backlog) record() *BacklogRecord {
	return &BacklogRecord{From: b.from, To: b.to, Quarter: b.quarter, Waiting: b.waiting, Since: b.since,
		FirstMax: b.firstMax, LastMin: b.lastMin, Moves: b.moves, Arrivals: b.arrivals, Losses: b.losses,
		Served: b.served, RunS: b.runS, RunSqS: b.runSqS}
}

func (r *BacklogRecord) backlog() (*Backlog, error) {
	n := len(r.FirstMax)
	if len(r.LastMin) != n || len(r.Moves) != n || len(r.Arrivals) != n || len(r.Losses) != n || n > maxOverloadBuckets {
		return nil, fmt.Errorf("run: backlog: %d buckets of unequal lists (at most %d)", n, maxOverloadBuckets)
	}
	if r.Quarter < 0 || r.To < r.From || (n > 0 && r.Quarter == 0) {
		return nil, fmt.Errorf("run: backlog: window [%d, %d) ns with quarters of %d ns", r.From, r.To, r.Quarter)
	}
	return &Backlog{from: r.From, to: r.To, quarter: r.Quarter, waiting: r.Waiting, since: r.Since,
		firstMax: r.FirstMax, lastMin: r.LastMin, moves: r.Moves, arrivals: r.Arrivals, losses: r.Losses,
		served: r.Served, runS: r.RunS, runSqS: r.RunSqS, last: r.To}, nil
}

// CheckRuns refuses runs of one platform that Summarize cannot take
// together: timelines of different buckets, or per-app records listing
// different apps (each run lists the same apps in the same order).
func CheckRuns(runs []Run) error {
	var tl *Timeline
	var apps []AppCount
	for i, r := range runs {
		if t := r.Timeline; t != nil {
			n := len(t.Instances)
			for _, s := range [][]float64{t.BusyInstances, t.Requests, t.ColdStarts, t.Rejected} {
				if len(s) != n {
					return fmt.Errorf("run %d: a timeline's series of %d and %d buckets", i, n, len(s))
				}
			}
			if tl == nil {
				tl = t
			} else if t.StartS != tl.StartS || t.StepS != tl.StepS || n != len(tl.Instances) {
				return fmt.Errorf("run %d: a timeline of other buckets than the first run's", i)
			}
		}
		if r.Apps == nil {
			continue
		}
		if apps == nil {
			apps = r.Apps
			continue
		}
		if len(r.Apps) != len(apps) {
			return fmt.Errorf("run %d: %d apps, the first run %d", i, len(r.Apps), len(apps))
		}
		for k := range apps {
			if r.Apps[k].Name != apps[k].Name {
				return fmt.Errorf("run %d: app %d is %q, the first run's %q", i, k, r.Apps[k].Name, apps[k].Name)
			}
		}
	}
	return nil
}
