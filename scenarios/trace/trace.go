package trace

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"

	"faassim/internal/textfile"
	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// Formats this package reads.
const (
	FormatAzure2019 = "azure2019"
	FormatAzure2021 = "azure2021"
	FormatHuawei    = "huawei2023"
	FormatCSV       = "csv"
)

// Spreading modes for per-minute counts (Azure 2019, Huawei 2023).
const (
	SpreadUniform     = "uniform"
	SpreadEquidistant = "equidistant"
	SpreadPoisson     = "poisson"
)

// Trace is an opened trace: its functions, known up front, and a Source of
// its invocations in arrival order. Invocation.Function indexes Functions.
type Trace struct {
	Functions []workload.Function
	Source    workload.Source
	// Warnings are the documented fallbacks taken while opening (functions
	// without a duration row, a day without a memory file, ...).
	Warnings []string
	// Span is the length of the replayed window: the minutes of the window
	// the file covers for per-minute formats; for per-invocation ones, from
	// the window's start to its last arrival (found by Open's first pass).
	Span sim.Time
	// PerMinute is true for formats that only record per-minute counts, so
	// a reader of the stream knows where the arrivals inside a minute came
	// from (the spreading, not the trace).
	PerMinute bool
	// Invocations counts the kept functions' invocations in the window,
	// before rate scaling; PeakMinute is the most of them in one minute
	// (per-minute formats; 0 when unknown); Held is the bytes the Source
	// holds for its whole life (a day's counts). They let a caller
	// estimate a replay's work and memory before it starts.
	Invocations, PeakMinute, Held int64
	// DayInvocations are the kept functions' invocations of each listed
	// day (Spec.Days, or the one day read) in the window, before rate
	// scaling: they add up to Invocations. Nil for per-invocation formats.
	DayInvocations []int64
	reorderWindow  sim.Time
	// dayNumbers are the listed days' numbers and from the window's start,
	// so that Inspect can tell which day an arrival belongs to.
	dayNumbers []int
	from       sim.Time
	// coverFrom is where the window's covered minutes start, in trace
	// time (per-minute formats): Span runs from it.
	coverFrom sim.Time
	// Durations, when not nil, is each function's duration distribution
	// at the window's start where the format keeps one per function
	// (azure2019 replaying one day: that day's percentile table, as the
	// replay samples it); a nil entry is a function without one. What
	// busy initial instances draw their execution from.
	Durations []dist.Dist
	// reopen makes another Source of the same functions for a seed from
	// what Open's counting pass found (per-minute formats).
	reopen func(seed uint64) workload.Source
}

// SourceFor returns a new Source of t's functions for seed, as
// Open(spec, seed).Source would yield, without Open's counting pass over
// the days: ok is false when that cannot be (a per-invocation format, or
// a Sample drawn from the seed itself, without SampleSeed), and the
// caller opens the trace again. Safe for concurrent use.
func (t *Trace) SourceFor(seed uint64) (src workload.Source, ok bool) {
	if t.reopen == nil {
		return nil, false
	}
	return t.reopen(seed), true
}

// LimitError is input over one of the readers' stated limits found only
// while replaying (a minute that rate scaling pushes over MaxPerMinute). It
// is bad input, as a RowError is.
type LimitError struct{ msg string }

func (e *LimitError) Error() string { return e.msg }

// PathError is a path given that names no readable input: a glob that
// matches no file, a directory where a file is wanted. Bad input too: the
// argument must change.
type PathError struct{ msg string }

func (e *PathError) Error() string { return e.msg }

// IsBadInput says whether err, returned by Open or by a Source's Err, is
// the input's fault (a bad row, a line over the cap, a limit): the file or
// the flags must change, not the machine.
func IsBadInput(err error) bool {
	var (
		row   *RowError
		line  *textfile.LineError
		limit *LimitError
		path  *PathError
	)
	return errors.As(err, &row) || errors.As(err, &line) || errors.As(err, &limit) || errors.As(err, &path)
}

// Spec says which trace to open and what to keep of it.
type Spec struct {
	Format string // azure2019 | azure2021 | huawei2023 | csv | lambda-report
	Dir    string // azure2019 and huawei2023: the directory of the release
	Path   string // a single file: the csv, the azure2021 file, or the day's counts file of azure2019/huawei2023
	// Paths are lambda-report's files or globs, read together after Path
	// when it is set; Function names the function of records whose export
	// does not (default: each file's base name without extension).
	Paths    []string
	Function string
	Day      int // azure2019: 1-14 (file suffix dNN); huawei2023: the day number of day_NNN.csv
	// Days, when not empty, are the days (azure2019, huawei2023) replayed
	// in the order given as consecutive days of one continuous run: the
	// k-th listed day (from 0) starts at k x DayLength of trace time, and
	// Day is ignored. See the package doc for durations, memory and
	// random streams across days.
	Days   []int
	Spread string // uniform (default) | equidistant | poisson
	// FS, when set, holds Dir and Path (slash-separated fs.FS names):
	// traces embedded in the binary are read from it in place.
	FS fs.FS

	// From and To select a window of trace time, [From, To); To = 0 means
	// the end. Trace time is the time since midnight of the day (of the
	// first listed day, with Days: a window may cross days) for
	// per-minute formats and since the first arrival for per-invocation
	// ones. Replayed arrivals are relative to From, so a run starts when
	// the window does.
	From, To sim.Time
	// Horizon, when not 0, is how long the run replays from From: listed
	// days (Days) that start at or after From + Horizon are not read,
	// nor counted (Functions, Invocations, Top and Sample are then those
	// of the days the run reaches). 0: every listed day in the window.
	Horizon sim.Time
	// Top keeps the N functions with the most invocations in the window,
	// Sample then keeps N functions drawn at random (seeded), and Apps,
	// applied first, keeps only the functions of the listed apps.
	Top, Sample int
	Apps        []string
	// RateScale scales the load: k < 1 keeps each arrival with probability
	// k; k > 1 keeps floor(k) copies of each arrival plus one more with
	// probability frac(k). 0 means 1. See the package doc for where the
	// copies go.
	RateScale float64
	// ReorderWindow bounds how far out of arrival order an azure2021 file
	// may be (0 means DefaultReorderWindow).
	ReorderWindow sim.Time
	// SampleSeed, when not 0, seeds Sample instead of Open's seed: a
	// scenario's replications then replay the same functions (the platform
	// is built for them) with their own arrivals and durations.
	SampleSeed uint64
	// MaxFunctions bounds the distinct functions read, so that a file of
	// millions of one-row functions is refused at the line that passes the
	// bound, before its function table fills the memory (0: the package's
	// MaxFunctions). FunctionsFor derives it from a memory bound.
	MaxFunctions int
}

// BytesPerFunction is what reading a trace holds for each distinct
// function: its name and app, its index entry, counts and percentiles.
// Measured: 3 million one-row functions of a CSV took 2.1 GB to inspect,
// about 700 bytes each; 1 KB leaves room for longer names.
const BytesPerFunction = 1024

// FunctionsFor is the MaxFunctions that a memory bound of memBytes allows
// (0, the package's bound, when memBytes is unbounded or very large).
func FunctionsFor(memBytes float64) int {
	if n := memBytes / BytesPerFunction; n < MaxFunctions {
		return max(1, int(n))
	}
	return 0
}

// functionLimit is the bound on distinct functions of spec.
func (s *Spec) functionLimit() int {
	if s.MaxFunctions > 0 && s.MaxFunctions < MaxFunctions {
		return s.MaxFunctions
	}
	return MaxFunctions
}

// tooManyFunctions is the error at the row that passes the bound.
func tooManyFunctions(limit int) string {
	return fmt.Sprintf("more than %d distinct functions: reading more would take over %d bytes each past the memory bound (raise --max-memory)",
		limit, BytesPerFunction)
}

// DefaultReorderWindow is the default azure2021 reorder window. Rows sorted
// by end time are out of arrival order by at most the longest duration;
// 30 minutes is three times the Azure Functions Consumption plan's maximum
// timeout of 10 minutes (learn.microsoft.com, "Function app timeout
// duration").
const DefaultReorderWindow = 30 * sim.Minute

// Open opens the trace of spec. Randomness (spreading, duration sampling,
// sampling of functions, rate scaling) comes from named streams of seed.
func Open(spec Spec, seed uint64) (*Trace, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	var t *Trace
	var err error
	switch spec.Format {
	case FormatAzure2019:
		t, err = openAzure2019(spec, seed)
	case FormatHuawei:
		t, err = openHuawei(spec, seed)
	case FormatAzure2021:
		t, err = openPerInvocation(spec, seed, csvOpener(azure2021Rows))
	case FormatCSV:
		t, err = openPerInvocation(spec, seed, csvOpener(csvRows))
	case FormatLambdaReport:
		t, err = openPerInvocation(spec, seed, lambdaOpener)
	default:
		return nil, fmt.Errorf("trace: unknown format %q (want azure2019, azure2021, huawei2023, csv or lambda-report)", spec.Format)
	}
	if t != nil {
		t.reorderWindow = spec.ReorderWindow
	}
	return t, err
}

func (s *Spec) check() error {
	if s.Spread == "" {
		s.Spread = SpreadUniform
	}
	if s.RateScale == 0 {
		s.RateScale = 1
	}
	if s.ReorderWindow == 0 {
		s.ReorderWindow = DefaultReorderWindow
	}
	switch {
	case s.Spread != SpreadUniform && s.Spread != SpreadEquidistant && s.Spread != SpreadPoisson:
		return fmt.Errorf("trace: spread %q: want uniform, equidistant or poisson", s.Spread)
	case s.From < 0 || s.To < 0 || (s.To != 0 && s.To <= s.From):
		return fmt.Errorf("trace: window from %v to %v is empty or negative", s.From, s.To)
	case s.Top < 0 || s.Sample < 0:
		return fmt.Errorf("trace: top %d and sample %d must not be negative", s.Top, s.Sample)
	case !(s.RateScale > 0) || math.IsInf(s.RateScale, 0):
		return fmt.Errorf("trace: rate scale %v must be finite and positive", s.RateScale)
	case s.Horizon < 0:
		return fmt.Errorf("trace: horizon %v is negative", s.Horizon)
	case s.ReorderWindow < 0:
		return fmt.Errorf("trace: reorder window %v is negative", s.ReorderWindow)
	}
	return nil
}

// to returns the end of the window, sim.Never when open.
func (s *Spec) to() sim.Time {
	if s.To == 0 {
		return sim.Never
	}
	return s.To
}

// selectFunctions applies Apps, Top and Sample to fns, whose invocation
// counts in the window are counts, and returns for each old index its new
// one (-1: dropped). New indices keep the old order, so a list sorted by
// function stays sorted after remapping.
func selectFunctions(spec *Spec, seed uint64, fns []workload.Function, counts []int64) []int32 {
	keep := make([]int, 0, len(fns))
	if len(spec.Apps) > 0 {
		want := make(map[string]bool, len(spec.Apps))
		for _, a := range spec.Apps {
			want[a] = true
		}
		for i, f := range fns {
			if want[f.App] {
				keep = append(keep, i)
			}
		}
	} else {
		for i := range fns {
			keep = append(keep, i)
		}
	}
	if spec.Top > 0 && spec.Top < len(keep) {
		// Busiest first; ties by position so the choice is reproducible.
		slices.SortStableFunc(keep, func(a, b int) int {
			switch {
			case counts[a] > counts[b]:
				return -1
			case counts[a] < counts[b]:
				return 1
			}
			return 0
		})
		keep = keep[:spec.Top]
		slices.Sort(keep)
	}
	if spec.Sample > 0 && spec.Sample < len(keep) {
		if spec.SampleSeed != 0 {
			seed = spec.SampleSeed
		}
		r := sim.NewStream(seed, "trace/sample")
		for i := 0; i < spec.Sample; i++ { // partial Fisher-Yates
			j := i + r.IntN(len(keep)-i)
			keep[i], keep[j] = keep[j], keep[i]
		}
		keep = keep[:spec.Sample]
		slices.Sort(keep)
	}
	remap := make([]int32, len(fns))
	for i := range remap {
		remap[i] = -1
	}
	for n, old := range keep {
		remap[old] = int32(n)
	}
	return remap
}

// checkWorkload refuses a trace that would replay nothing: a file with a
// header and no rows, or a window and selection that keep no invocation.
// An empty replay runs "successfully" with 0 requests, which looks like a
// result; it is always a mistake in the file or the flags. counts are the
// functions' invocations in the window, remap the selection; hasRows says
// the file has a row after its header.
func checkWorkload(file string, hasRows bool, spec *Spec, counts []int64, remap []int32) error {
	if !hasRows {
		return fmt.Errorf("trace: %s: no rows after the header: the workload would be empty", file)
	}
	var kept int64
	for i, n := range counts {
		if remap[i] >= 0 {
			kept += n
		}
	}
	if kept > 0 {
		return nil
	}
	var why []string
	if spec.From > 0 || spec.To > 0 {
		to := "the end"
		if spec.To > 0 {
			to = spec.To.String()
		}
		why = append(why, fmt.Sprintf("in the window from %v to %s", spec.From, to))
	}
	if spec.selecting() {
		why = append(why, "of the selected functions")
	}
	where := ""
	if len(why) > 0 {
		where = " " + strings.Join(why, " ")
	}
	return fmt.Errorf("trace: %s: no invocations%s: the workload would be empty", file, where)
}

// applyRemap returns the kept functions in their new order.
func applyRemap(fns []workload.Function, remap []int32) []workload.Function {
	var out []workload.Function
	for i, f := range fns {
		if remap[i] >= 0 {
			out = append(out, f)
		}
	}
	return out
}
