package scenarios

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"faassim/scenarios/iac"
	"faassim/scenarios/trace"
	"faassim/sim"
)

// ReportSource calls yield for each REPORT record of some logs, in any
// order; trace.ReadLambdaReports is one (see LambdaSource).
type ReportSource func(yield func(*trace.LambdaReport) error) error

// LambdaSource reads the logs opt names.
func LambdaSource(opt trace.LambdaOptions) ReportSource { return LambdaSourceStats(opt, nil) }

// LambdaSourceStats is LambdaSource that also fills st (when not nil) with
// the read's counts, so that the caller can report the malformed lines it
// skipped. Logs that hold no REPORT line at all are a LogsError that names
// them, says what was found instead and how to export REPORT lines.
func LambdaSourceStats(opt trace.LambdaOptions, st *trace.LambdaStats) ReportSource {
	return func(yield func(*trace.LambdaReport) error) error {
		got, err := trace.ReadLambdaReports(opt, yield)
		if st != nil {
			*st = got
		}
		if err != nil || got.Reports > 0 {
			return err
		}
		found := fmt.Sprintf("%d lines read", got.Lines)
		if w := got.MalformedWarning(); w != "" {
			found += ", " + w
		}
		return logsErrorf("logs %s: no readable REPORT line (%s): give the function's log group exported with its REPORT lines, e.g. aws logs filter-log-events --log-group-name /aws/lambda/NAME --filter-pattern REPORT --output json > NAME.json",
			strings.Join(opt.Paths, " "), found)
	}
}

// ReportsOf is a ReportSource over records already in memory.
func ReportsOf(rs []trace.LambdaReport) ReportSource {
	return func(yield func(*trace.LambdaReport) error) error {
		for i := range rs {
			if err := yield(&rs[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

// CalibrateOptions say what Calibrate fits and what it starts from.
type CalibrateOptions struct {
	// Base, when set, is kept but for the workload's arrivals and
	// durations and every FaaS platform's cold start and keep-alive.
	Base *Scenario
	// Deployed are functions of a deployment file (--functions-from),
	// matched by name: their memory, timeout and runtime are used.
	Deployed []iac.Function
	// Runtime is the runtime of functions nothing else names; "" leaves
	// it unset (the overhead assumption then takes python's, and says so).
	Runtime string
	// Arrivals is "fit" (the default) or "replay": the observed arrivals
	// as a trace of format lambda-report of ReplayPaths (files or globs
	// relative to the scenario file written), whose records without a
	// function name are ReplayFunction's.
	Arrivals       string
	ReplayPaths    []string
	ReplayFunction string
	// Sources name the logs, for the file's head comment.
	Sources []string
	Seed    uint64
	// MinFit is the fewest samples a lognormal is fitted to (default 200:
	// below it the p99 of a sample rests on two values); fewer give
	// empirical percentiles.
	MinFit int
	// MaxQuantileError is the largest relative error of a lognormal's
	// p50/p90/p99 against the sample's that still counts as a fit
	// (default 0.05).
	MaxQuantileError float64
	// ReservoirSize bounds the duration, INIT and memory samples kept per
	// function (default 100,000: 800 KB each; the p99 of 100,000 draws
	// has a relative standard error under 1% for a lognormal of sigma 1).
	ReservoirSize int
	// MaxInvocations bounds the timed invocations kept for the arrival
	// fit and the keep-alive search, over all functions (default
	// 2,000,000: 16 bytes each, 32 MB); beyond it Calibrate refuses and
	// says so. They cannot be sampled: thinning arrivals lengthens the
	// idle gaps the keep-alive is read from.
	MaxInvocations int
	// Stats, when set, is the read's counts (LambdaSourceStats fills it):
	// its malformed lines become a warning of the calibration.
	Stats *trace.LambdaStats
	// TTLGrid is the keep-alive grid searched (default DefaultTTLGrid).
	TTLGrid []time.Duration
	// Context stops the check that simulates the fitted scenario (nil:
	// context.Background()).
	Context context.Context
}

func (o *CalibrateOptions) defaults() {
	o.MinFit = cmp.Or(o.MinFit, 200)
	o.MaxQuantileError = cmp.Or(o.MaxQuantileError, 0.05)
	o.ReservoirSize = cmp.Or(o.ReservoirSize, 100_000)
	o.MaxInvocations = cmp.Or(o.MaxInvocations, 2_000_000)
	o.Arrivals = cmp.Or(o.Arrivals, "fit")
	if len(o.TTLGrid) == 0 {
		o.TTLGrid = DefaultTTLGrid()
	}
}

// FunctionCalibration is what Calibrate found for one function.
type FunctionCalibration struct {
	Name                          string
	Reports, Cold, Timeouts, Bare int64
	// ColdRatio is Cold / Reports; SimColdRatio the replay's at the
	// chosen keep-alive; FitColdRatio the calibrated scenario's, simulated
	// with its fitted arrivals over FitRequests requests (0 with --arrivals
	// replay, or arrivals not fitted).
	ColdRatio, SimColdRatio, FitColdRatio float64
	FitRequests                           int64
	Duration                              DistFit
	Init                                  *DistFit // nil without cold lines
	MemorySizeMB                          int      // the configured memory the logs report (the most frequent)
	MaxMemoryUsedMB                       int
	P99MemoryUsedMB                       float64
	Arrival                               ArrivalFit
	Runtime                               string
	Warnings                              []string
}

// Calibration is what Calibrate fitted, for the summary and the comments.
type Calibration struct {
	Functions []FunctionCalibration
	// Reports and Cold are over every function; Window is from the first
	// arrival to the last end.
	Reports, Cold int64
	Window        time.Duration
	KeepAlive     TTLSearch
	// Init is the pooled INIT fit the platform's cold start uses, Overhead
	// the sandbox set-up assumed (logs do not show it).
	Init             *DistFit
	Overhead         Dist
	OverheadRuntime  string
	Arrivals         string
	Warnings         []string
	ReservoirSize    int
	MaxQuantileError float64
	MinFit           int
}

// fnAcc accumulates one function's reports in bounded memory.
type fnAcc struct {
	name                          string
	reports, cold, timeouts, bare int64
	dur, init, mem                reservoir
	maxMem                        int
	memSizes                      map[int]int64
	invs                          []invocation
	first, last                   int64
}

// Calibrate fits a scenario to Lambda REPORT records: per function its
// duration distribution, INIT distribution, memory and arrival process,
// and for the platform the keep-alive that best explains the observed
// cold-start ratio. See CalibrateOptions for the bounds on memory.
func Calibrate(src ReportSource, opt CalibrateOptions) (*Scenario, Comments, *Calibration, error) {
	opt.defaults()
	cal, err := fitReports(src, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	s, comments, err := buildCalibrated(cal, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	if opt.Arrivals == "fit" {
		if err := checkFitted(cmp.Or(opt.Context, context.Background()), s, cal); err != nil {
			return nil, nil, nil, err
		}
		comments["$"] = headComment(cal, opt) // with the check's warnings
	}
	return s, comments, cal, nil
}

// fitReports reads the reports and fits everything Calibrate writes; opt
// has its defaults.
func fitReports(src ReportSource, opt CalibrateOptions) (*Calibration, error) {
	if opt.Arrivals != "fit" && opt.Arrivals != "replay" {
		return nil, logsErrorf("calibrate: arrivals %q: want fit or replay", opt.Arrivals)
	}
	accs := map[string]*fnAcc{}
	var kept int
	err := src(func(r *trace.LambdaReport) error {
		a := accs[r.Function]
		if a == nil {
			a = newAcc(r.Function, opt)
			accs[r.Function] = a
		}
		a.reports++
		if r.Cold {
			a.cold++
			a.init.add(float64(r.Init + r.Restore))
		}
		if r.Status == "timeout" {
			a.timeouts++
		}
		a.dur.add(float64(r.Duration))
		a.mem.add(float64(r.MaxMemoryUsedMB))
		a.maxMem = max(a.maxMem, r.MaxMemoryUsedMB)
		a.memSizes[r.MemorySizeMB]++
		if !r.HasTime {
			a.bare++
			return nil
		}
		if kept++; kept > opt.MaxInvocations {
			return logsErrorf("calibrate: more than %d timed reports: the keep-alive search replays every one (16 bytes each); raise --max-invocations to read them all", opt.MaxInvocations)
		}
		arr := r.Arrival()
		if len(a.invs) == 0 || arr < a.first {
			a.first = arr
		}
		a.last = max(a.last, r.End)
		a.invs = append(a.invs, invocation{arrival: arr, runUS: micros(r.Duration), initUS: micros(r.Init + r.Restore)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(accs) == 0 {
		return nil, logsErrorf("calibrate: the logs hold no REPORT line")
	}
	cal := &Calibration{Arrivals: opt.Arrivals, ReservoirSize: opt.ReservoirSize, MaxQuantileError: opt.MaxQuantileError, MinFit: opt.MinFit}
	if opt.Stats != nil {
		if w := opt.Stats.MalformedWarning(); w != "" {
			cal.Warnings = append(cal.Warnings, w)
		}
	}
	names := slices.Sorted(maps.Keys(accs))
	var invs [][]invocation
	var medInit []uint32
	var pooledInit []float64
	var first, last int64
	var timedReports, timedCold int64
	for _, name := range names {
		a := accs[name]
		fc := a.fit(opt)
		cal.Reports += a.reports
		cal.Cold += a.cold
		pooledInit = append(pooledInit, a.init.vals...)
		if len(a.invs) > 0 {
			slices.SortFunc(a.invs, func(x, y invocation) int { return cmp.Compare(x.arrival, y.arrival) })
			at := make([]int64, len(a.invs))
			for i, v := range a.invs {
				at[i] = v.arrival
			}
			fc.Arrival = fitArrivals(at)
			invs = append(invs, a.invs)
			var m uint32
			if fc.Init != nil {
				m = uint32(fc.Init.P50 / time.Microsecond)
			}
			medInit = append(medInit, m)
			if len(invs) == 1 || a.first < first {
				first = a.first
			}
			last = max(last, a.last)
			timedReports += int64(len(a.invs))
			for _, v := range a.invs {
				if v.initUS > 0 {
					timedCold++
				}
			}
		}
		if fc.Arrival.Arrival.Process == "" && opt.Arrivals == "fit" {
			fc.Warnings = append(fc.Warnings, "arrivals: "+fc.Arrival.Reason+"; bare REPORT lines (no timestamp) give durations only")
		}
		cal.Functions = append(cal.Functions, fc)
	}
	if timedReports == 0 {
		return nil, logsErrorf("calibrate: no REPORT line has a timestamp: durations can be fitted but not arrivals or the keep-alive (export with `aws logs tail` or filter-log-events, which print the time)")
	}
	cal.Window = time.Duration(last - first)
	cal.KeepAlive = searchTTL(invs, medInit, timedCold, timedReports, opt.TTLGrid)
	if k := cal.KeepAlive; k.Observed > 0 {
		sim := k.SimRatio[slices.Index(k.Grid, k.TTL)]
		if d := sim/k.Observed - 1; d > 0.2 || d < -0.2 {
			cal.Warnings = append(cal.Warnings, fmt.Sprintf("no keep-alive on the grid explains the observed cold-start ratio %.4f: the closest, %v, gives %.4f. Cold starts then come from something else, which a fixed TTL does not model: instances recycled after hours, deployments, scaling out",
				k.Observed, k.TTL, sim))
		}
	}
	for i, j := 0, 0; i < len(cal.Functions); i++ {
		if cal.Functions[i].Arrival.N > 0 {
			cal.Functions[i].SimColdRatio = float64(replayColdStarts(invs[j], cal.KeepAlive.TTL, medInit[j])) / float64(len(invs[j]))
			j++
		}
	}
	if len(pooledInit) > 0 {
		f := fitDurations(pooledInit, opt.MinFit, opt.MaxQuantileError)
		cal.Init = &f
	} else {
		cal.Warnings = append(cal.Warnings, "no cold line (Init Duration) in the logs: the platforms keep their runtime's default cold start")
	}
	return cal, nil
}

func newAcc(name string, opt CalibrateOptions) *fnAcc {
	res := func(what string) reservoir {
		return reservoir{cap: opt.ReservoirSize, rng: sim.NewStream(opt.Seed, "calibrate/"+what+"/"+name)}
	}
	return &fnAcc{name: name, dur: res("duration"), init: res("init"), mem: res("memory"), memSizes: map[int]int64{}}
}

// fit fits what does not need the arrivals.
func (a *fnAcc) fit(opt CalibrateOptions) FunctionCalibration {
	fc := FunctionCalibration{Name: a.name, Reports: a.reports, Cold: a.cold, Timeouts: a.timeouts, Bare: a.bare, MaxMemoryUsedMB: a.maxMem}
	fc.ColdRatio = float64(a.cold) / float64(a.reports)
	fc.Duration = fitDurations(a.dur.vals, opt.MinFit, opt.MaxQuantileError)
	if a.init.seen > 0 {
		f := fitDurations(a.init.vals, opt.MinFit, opt.MaxQuantileError)
		fc.Init = &f
	}
	slices.Sort(a.mem.vals)
	fc.P99MemoryUsedMB = quantileSorted(a.mem.vals, 0.99)
	var most int64
	for _, mb := range slices.Sorted(maps.Keys(a.memSizes)) {
		if c := a.memSizes[mb]; c > most {
			most, fc.MemorySizeMB = c, mb
		}
	}
	if len(a.memSizes) > 1 {
		fc.Warnings = append(fc.Warnings, fmt.Sprintf("the logs report %d memory sizes (the memory was changed during the window): %d MB, the most frequent, is used", len(a.memSizes), fc.MemorySizeMB))
	}
	if a.dur.seen > int64(len(a.dur.vals)) {
		fc.Warnings = append(fc.Warnings, fmt.Sprintf("durations fitted on a uniform sample of %d of %d reports (the reservoir's bound)", len(a.dur.vals), a.dur.seen))
	}
	if a.reports < int64(opt.MinFit) {
		fc.Warnings = append(fc.Warnings, fmt.Sprintf("only %d reports, below the %d a fit needs: durations as empirical percentiles, which a small sample puts far from the truth at p99", a.reports, opt.MinFit))
	}
	if a.timeouts > 0 {
		fc.Warnings = append(fc.Warnings, fmt.Sprintf("%d timed-out invocations: their durations (the timeout) are part of the fit", a.timeouts))
	}
	return fc
}

func micros(t sim.Time) uint32 {
	us := int64(t) / 1e3
	return uint32(min(max(us, 0), 1<<32-1))
}

// LogsError is a problem with the logs or the options given with them
// (too few timestamps, over a bound): the input must change, not the
// machine.
type LogsError struct{ msg string }

func (e *LogsError) Error() string { return e.msg }

func logsErrorf(format string, args ...any) error {
	return &LogsError{msg: fmt.Sprintf(format, args...)}
}
