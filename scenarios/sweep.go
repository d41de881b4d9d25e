package scenarios

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"faassim/internal/duration"
	"faassim/internal/limits"
	"faassim/models/metrics"
)

// Param is one swept scenario field: its YAML path (as for --set) and the
// values it takes.
type Param struct {
	Path   string
	Values []string
}

// ParseParam parses "PATH=v1,v2,..." or "PATH=from:to:steps[:log]". Ranges
// of numbers stay integers when both ends are; ranges of durations ("1m:30m:8")
// are rounded to the second.
func ParseParam(s string) (Param, error) {
	path, spec, ok := strings.Cut(s, "=")
	path = strings.TrimSpace(path) // as --set reads it
	if !ok || path == "" || spec == "" {
		return Param{}, fmt.Errorf("--param %q: want PATH=v1,v2,... or PATH=from:to:steps[:log]", s)
	}
	if !strings.Contains(spec, ":") {
		var vals []string
		for _, v := range strings.Split(spec, ",") {
			if v = strings.TrimSpace(v); v == "" {
				return Param{}, fmt.Errorf("--param %s: an empty value in %q", path, spec)
			}
			vals = append(vals, v)
		}
		return Param{Path: path, Values: vals}, nil
	}
	parts := strings.Split(spec, ":")
	if len(parts) < 3 || len(parts) > 4 || (len(parts) == 4 && parts[3] != "log") {
		return Param{}, fmt.Errorf("--param %s: range %q: want from:to:steps or from:to:steps:log", path, spec)
	}
	steps, err := strconv.Atoi(parts[2])
	if err != nil || steps < 2 {
		return Param{}, fmt.Errorf("--param %s: range %q: steps must be an integer >= 2", path, spec)
	}
	if steps > MaxParamSteps {
		return Param{}, fmt.Errorf("--param %s: range %q: %d steps, more than the %s a range may have: a sweep keeps every point's results, and a million points already need some 30GB of memory",
			path, spec, steps, limits.FormatCount(MaxParamSteps))
	}
	logScale := len(parts) == 4
	from, to, unit, err := rangeEnds(parts[0], parts[1])
	if err != nil {
		return Param{}, fmt.Errorf("--param %s: range %q: %v", path, spec, err)
	}
	if logScale && (from <= 0 || to <= 0) {
		return Param{}, fmt.Errorf("--param %s: range %q: a log range needs positive ends", path, spec)
	}
	p := Param{Path: path}
	for i := 0; i < steps; i++ {
		f := float64(i) / float64(steps-1)
		x := from + f*(to-from)
		if logScale {
			x = from * math.Pow(to/from, f)
		}
		p.Values = append(p.Values, unit(x))
	}
	if len(slices.Compact(slices.Clone(p.Values))) < len(p.Values) {
		shown := p.Values // a million values make no message
		if len(shown) > 12 {
			shown = append(slices.Clip(shown[:10]), "...", shown[len(shown)-1])
		}
		return Param{}, fmt.Errorf("--param %s: range %q: %d steps repeat values once rounded (%v): use fewer steps or non-integer ends",
			path, spec, steps, shown)
	}
	return p, nil
}

// rangeEnds parses both ends as numbers or both as durations and returns a
// formatter for the points in between.
func rangeEnds(a, b string) (from, to float64, unit func(float64) string, err error) {
	fa, ea := strconv.ParseFloat(a, 64)
	fb, eb := strconv.ParseFloat(b, 64)
	// ParseFloat reads "nan" and "inf" (and returns ±Inf for 1e999 with
	// an error): ends that are not finite numbers are named as such,
	// before stepping between them makes no sense.
	for _, end := range []struct {
		text string
		f    float64
		err  error
	}{{a, fa, ea}, {b, fb, eb}} {
		if (end.err == nil || errors.Is(end.err, strconv.ErrRange)) && (math.IsNaN(end.f) || math.IsInf(end.f, 0)) {
			return 0, 0, nil, fmt.Errorf("%s is not a finite number", end.text)
		}
	}
	if ea == nil && eb == nil {
		integral := fa == math.Trunc(fa) && fb == math.Trunc(fb)
		return fa, fb, func(x float64) string {
			if integral {
				return strconv.FormatInt(int64(math.Round(x)), 10)
			}
			return strconv.FormatFloat(x, 'g', 6, 64)
		}, nil
	}
	da, ea := duration.Parse(a)
	db, eb := duration.Parse(b)
	if ea != nil || eb != nil {
		return 0, 0, nil, fmt.Errorf("the ends must both be numbers or both durations: %v", cmp.Or(ea, eb))
	}
	return da.Seconds(), db.Seconds(), func(x float64) string {
		return (time.Duration(math.Round(x)) * time.Second).String()
	}, nil
}

// numeric reads a value as a number for plots: a number as it is, a
// duration in seconds; ok is false otherwise.
func numeric(v string) (float64, bool) {
	if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return f, true
	}
	if d, err := duration.Parse(v); err == nil {
		return d.Seconds(), true
	}
	return 0, false
}

// maxGrid is the most points a sweep may have whatever the memory bound:
// past it the grid's own bookkeeping would not fit.
const maxGrid = 1e8

// workers is how many simulations run at once: n, or every core when n
// is not positive.
func workers(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

// SweepOptions tune a sweep; results do not depend on them.
type SweepOptions struct {
	Options
	// Progress, when set, is called after each point with the number done.
	Progress func(done, total int)
	// Shard, when on, runs only the points k with k mod Count = Index
	// (see SweepShard).
	Shard Shard
}

// Sweep runs scenario ref once for every combination of the parameters'
// values (the first parameter varies slowest), points in parallel on
// opt.Workers cores, each point's platforms one after the other. Points
// are independent simulations seeded by the scenario, so the results do not
// depend on the number of workers or the order they finish in.
func Sweep(ctx context.Context, ref string, sets []string, params []Param, opt SweepOptions) (metrics.Sweep, error) {
	opt.Shard = Shard{}
	sw, _, err := sweep(ctx, ref, sets, params, opt)
	return sw, err
}

// sweep is Sweep, running only opt.Shard's points when it is on (the
// others are left out of the result), and returning every point's
// scenario.
func sweep(ctx context.Context, ref string, sets []string, params []Param, opt SweepOptions) (metrics.Sweep, []*Scenario, error) {
	if len(params) == 0 {
		return metrics.Sweep{}, nil, errors.New("sweep: no --param given")
	}
	if err := checkParams(params, sets); err != nil {
		return metrics.Sweep{}, nil, err
	}
	// A grid too large to hold is refused before any point is loaded
	// (the base scenario, without the swept values, tells a point's size).
	if gridSize(params) > maxGrid {
		return metrics.Sweep{}, nil, &limits.Exceeded{Msg: fmt.Sprintf("the sweep's grid has %s, more than the %s a sweep may have", gridText(params, gridSize(params)), limits.FormatCount(maxGrid))}
	}
	opt.Options.synths = &synthShare{} // one population for the points that share it
	if opt.Options.Context == nil {
		opt.Options.Context = ctx // loading a point generates its population
	}
	base, _ := OpenWith(ref, sets, opt.Options)
	if err := checkGrid(base, params, opt); err != nil {
		return metrics.Sweep{}, nil, err
	}
	sw := metrics.Sweep{Schema: metrics.SweepSchema}
	total := 1
	for _, p := range params {
		sw.Params = append(sw.Params, p.Path)
		total *= len(p.Values)
	}
	// Every point's scenario is loaded (and validated) before anything runs,
	// so that a bad value fails fast and names its point.
	scen := make([]*Scenario, total)
	sw.Points = make([]metrics.SweepPoint, total)
	for i := range sw.Points {
		pt := &sw.Points[i]
		rest := i
		for k := len(params) - 1; k >= 0; k-- {
			v := params[k].Values[rest%len(params[k].Values)]
			rest /= len(params[k].Values)
			pt.Values = append([]string{v}, pt.Values...)
		}
		pointSets := append([]string(nil), sets...)
		for k, v := range pt.Values {
			pointSets = append(pointSets, params[k].Path+"="+v)
			x, ok := numeric(v)
			if !ok {
				x = float64(slices.Index(params[k].Values, v)) // categorical: its position
			}
			pt.Numeric = append(pt.Numeric, x)
		}
		s, err := OpenWith(ref, pointSets, opt.Options)
		if err != nil {
			return metrics.Sweep{}, nil, fmt.Errorf("sweep point %s: %w", strings.Join(pt.Values, ", "), err)
		}
		scen[i] = s
		sw.Scenario = s.Name
	}

	mine := make([]int, 0, total) // the points this shard runs
	for k := range total {
		if !opt.Shard.On() || k%opt.Shard.Count == opt.Shard.Index {
			mine = append(mine, k)
		}
	}
	run := make([]*Scenario, len(mine))
	for j, k := range mine {
		run[j] = scen[k]
	}
	if len(run) == 0 { // a shard with no point of its own
		sw.Points = []metrics.SweepPoint{}
		return sw, scen, nil
	}
	est, err := sweepEstimate(run, params, opt)
	if err != nil {
		return metrics.Sweep{}, nil, err
	}
	if err := est.Check(opt.Budget); err != nil {
		return metrics.Sweep{}, nil, err
	}

	// Each point writes only its own slot; the first failure cancels the
	// points still to run.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(est.Workers)
	var (
		mu   sync.Mutex
		done int
	)
	// The first failure cancels the rest; the error reported is the lowest
	// point's that failed of itself, whatever order they ran in.
	errs := make([]error, total)
	for _, i := range mine {
		g.Go(func() error {
			one := opt.Options
			one.Workers, one.Progress = 1, nil
			res, err := Run(gctx, scen[i], one)
			if err != nil {
				errs[i] = fmt.Errorf("sweep point %s: %w", strings.Join(sw.Points[i].Values, ", "), err)
				return errs[i]
			}
			sw.Points[i].Results = res
			if opt.Progress != nil {
				mu.Lock()
				done++
				opt.Progress(done, len(mine))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		for _, e := range errs {
			if e != nil && !errors.Is(e, context.Canceled) {
				return metrics.Sweep{}, nil, e
			}
		}
		return metrics.Sweep{}, nil, err
	}
	if opt.Shard.On() {
		pts := make([]metrics.SweepPoint, 0, len(mine))
		for _, k := range mine {
			pts = append(pts, sw.Points[k])
		}
		sw.Points = pts
	}
	return sw, scen, nil
}
