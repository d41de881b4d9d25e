package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"faassim/models/coldstart"
	"faassim/models/workload"
)

// Validate reports every problem in s at once, as Problems, or nil. It
// expects the defaults applied (Load does; a Scenario built in Go should
// call ApplyDefaults first).
func (s *Scenario) Validate() error {
	if ps := s.problems(nil, Options{}); len(ps) > 0 {
		return ps
	}
	return nil
}

// problems is every problem of the scenario: its structure (check), then
// what resolving its platforms against their presets finds (resolvePlan). A
// problem under a path already reported (in prior, or by check) is left
// out: it would only repeat the first one in other words. The lookups are
// sets of paths, so that a file with 50,000 problems is answered in
// linear time.
func (s *Scenario) problems(prior Problems, opt Options) Problems {
	all := slices.Clone(prior)
	priorPaths := pathSet(prior)
	for _, p := range s.check() {
		if !priorPaths.covers(p.Path) {
			all = append(all, p)
		}
	}
	checked := pathSet(all)
	seen := make(map[Problem]bool, len(all))
	for _, p := range all {
		seen[p] = true
	}
	_, resolved := s.resolvePlan(opt)
	for _, p := range resolved {
		if !checked.related(p.Path) && !seen[p] {
			all = append(all, p)
			seen[p] = true
		}
	}
	return all[len(prior):]
}

// paths is the paths of reported problems (at) and every ancestor of
// them (under), to answer covers and related in time linear in the
// depth of a path.
type paths struct{ at, under map[string]bool }

func pathSet(probs Problems) paths {
	ps := paths{at: map[string]bool{}, under: map[string]bool{}}
	for _, p := range probs {
		ps.at[p.Path] = true
		for a := p.Path; a != ""; a = parentPath(a) {
			ps.under[a] = true
		}
	}
	return ps
}

// covers reports whether path is, or lies under, a reported path.
func (ps paths) covers(path string) bool {
	if ps.at[path] {
		return true
	}
	for a := parentPath(path); a != ""; a = parentPath(a) {
		if ps.at[a] {
			return true
		}
	}
	return false
}

// related reports whether a problem at path, its parent or its child was
// already reported: resolving a value found wrong would only say so again.
func (ps paths) related(path string) bool {
	return ps.covers(path) || (path != "" && ps.under[path])
}

// checker collects problems; it places each using the scenario's source
// when the scenario was loaded from a file.
type checker struct {
	src   *source
	probs Problems
	start time.Time // the run's calendar start, for cron arrivals
}

func (c *checker) add(path, format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	if c.src == nil {
		c.probs = append(c.probs, Problem{Path: path, Reason: reason})
		return
	}
	c.probs = append(c.probs, c.src.problem(path, c.src.locate(path), reason))
}

// written reports whether the file wrote path. For a Scenario built in Go
// it cannot tell, and reports false.
func (c *checker) written(path string) bool {
	if c.src == nil {
		return false
	}
	_, ok := c.src.at[path]
	return ok
}

func (s *Scenario) check() Problems {
	c := &checker{src: s.src, start: s.startTime()}
	if s.Start != "" {
		if t, err := time.Parse(time.RFC3339, s.Start); err != nil {
			c.add("start", "want an RFC 3339 time such as 2026-03-02T09:00:00Z, got %q", s.Start)
		} else if y := t.UTC().Year(); y < workload.MinCronYear || y >= workload.MaxCronYear {
			c.add("start", "must be within the years %d to %d (the calendar of cron schedules), got %s", workload.MinCronYear, workload.MaxCronYear-1, s.Start)
		}
	}
	if s.Name == "" {
		c.add("name", "missing (a short name for reports)")
	}
	if s.Horizon <= 0 {
		c.add("horizon", "must be > 0 (the simulated time, e.g. 2h), got %s", s.Horizon)
	}
	if s.Warmup < 0 || (s.Horizon > 0 && s.Warmup >= s.Horizon) {
		c.add("warmup", "must be >= 0 and less than horizon %s, got %s", s.Horizon, s.Warmup)
	}
	if s.Replications < 1 {
		c.add("replications", "must be >= 1, got %d", s.Replications)
	}
	c.month(s.Month)
	c.workload(&s.Workload)
	if len(s.Platforms) == 0 {
		c.add("platforms", "at least one platform is needed")
	}
	names := map[string]int{}
	for i := range s.Platforms {
		path := fmt.Sprintf("platforms[%d]", i)
		p := &s.Platforms[i]
		if p.Name != "" {
			if j, dup := names[p.Name]; dup {
				c.add(path+".name", "duplicate platform name %q (also platforms[%d])", p.Name, j)
			}
			names[p.Name] = i
		}
		c.platform(path, p)
	}
	return c.probs
}

func (c *checker) workload(w *Workload) {
	var given []string
	for _, k := range []struct {
		key string
		set bool
	}{{"synthetic", w.Synthetic != nil}, {"trace", w.Trace != nil}, {"synth", w.Synth != nil}} {
		if k.set {
			given = append(given, k.key)
		}
	}
	switch {
	case len(given) == 0:
		c.add("workload", "missing (give synthetic: {functions: [...]}, trace: {...} or synth: {functions: N})")
		return
	case len(given) > 1:
		c.add("workload", "give one of synthetic, trace and synth, not %s", strings.Join(given, " and "))
	}
	if w.Trace != nil {
		c.trace("workload.trace", w.Trace)
	}
	if w.Synth != nil {
		c.synth("workload.synth", w.Synth)
	}
	if w.Synthetic == nil {
		return
	}
	fns := w.Synthetic.Functions
	if len(fns) == 0 {
		c.add("workload.synthetic.functions", "at least one function is needed")
	}
	names := map[string]int{}
	for i := range fns {
		path := fmt.Sprintf("workload.synthetic.functions[%d]", i)
		f := &fns[i]
		if f.Name == "" {
			c.add(path+".name", "missing (functions are named in results)")
		} else if j, dup := names[f.Name]; dup {
			c.add(path+".name", "duplicate function name %q (also functions[%d])", f.Name, j)
		} else {
			names[f.Name] = i
		}
		c.function(path, f)
	}
}

// maxMemoryMB bounds any memory size: 1 TiB, far above every product, so
// that a typo cannot overflow the billing arithmetic. Each platform checks
// its own range when it is resolved.
const maxMemoryMB = 1 << 20

func (c *checker) function(path string, f *Function) {
	if f.MemoryMB < 0 || f.MemoryMB > maxMemoryMB {
		c.add(path+".memory_mb", "must be within 1..%d MB (or 0: durations as given, each platform's default memory), got %d", maxMemoryMB, f.MemoryMB)
	}
	if f.EphemeralStorageMB < 0 || f.EphemeralStorageMB > maxMemoryMB {
		c.add(path+".ephemeral_storage_mb", "must be within 1..%d MB (or 0 for the default), got %d", maxMemoryMB, f.EphemeralStorageMB)
	}
	if f.Runtime != "" && !slices.Contains(coldstart.Runtimes(), f.Runtime) {
		c.add(path+".runtime", "unknown runtime %q (known: %s)", f.Runtime, strings.Join(coldstart.Runtimes(), ", "))
	}
	if f.PackageMB < 0 || math.IsNaN(f.PackageMB) || math.IsInf(f.PackageMB, 0) {
		c.add(path+".package_mb", "must be a finite number >= 0, got %v", f.PackageMB)
	}
	if f.Timeout < 0 {
		c.add(path+".timeout", "must be >= 0 (0 is the preset's default), got %s", f.Timeout)
	}
	if x := f.CPUBoundFraction; x != nil && !(*x >= 0 && *x <= 1) {
		c.add(path+".cpu_bound_fraction", "must be within [0, 1], got %v", *x)
	}
	if r := f.ReservedConcurrency; r != nil && *r < 1 {
		c.add(path+".reserved_concurrency", "must be >= 1 (0 switches a function off on AWS: leave the function out instead), got %d", *r)
	}
	if f.Provisioned < 0 {
		c.add(path+".provisioned", "must be >= 0, got %d", f.Provisioned)
	}
	if f.SnapStart && f.Provisioned > 0 {
		c.add(path+".snap_start", "SnapStart and provisioned instances cannot be combined (AWS refuses both on one function version)")
	}
	c.arrival(path+".arrival", &f.Arrival)
	if len(f.Payloads) == 0 {
		c.dist(path+".duration", &f.Duration)
	}
	c.payloads(path, f)
}

// minSojourn is the shortest mean burst or quiet spell of an mmpp
// process: a burst shorter than a millisecond is not a workload, and each
// state switch costs work (the estimate counts them) whether or not a
// request arrives in it.
const minSojourn = time.Millisecond

// maxRatePerS is one arrival a nanosecond: beyond it a deterministic gap
// rounds to zero and time would stand still.
const maxRatePerS = 1e9

func (c *checker) rate(path string, r float64, zeroOK bool) {
	switch {
	case zeroOK && !(r >= 0), zeroOK && math.IsInf(r, 0):
		c.add(path, "must be a finite number >= 0, got %v", r)
	case !zeroOK && (!(r > 0) || math.IsInf(r, 0)):
		c.add(path, "must be a finite number > 0, got %v", r)
	case r > maxRatePerS:
		c.add(path, "must be at most %g a second (one arrival a nanosecond, the clock's resolution), got %v", maxRatePerS, r)
	}
}

func (c *checker) arrival(path string, a *Arrival) {
	const valid = "valid: poisson, deterministic, gamma, diurnal, mmpp, replay, cron"
	rate := func() {
		c.rate(path+".rate_per_s", a.RatePerS, false)
	}
	only := func(process string, fields ...string) {
		for _, f := range fields {
			if c.written(path + "." + f) {
				c.add(path+"."+f, "applies to process %s only", process)
			}
		}
	}
	switch a.Process {
	case "poisson", "deterministic":
		rate()
	case "gamma":
		rate()
		// Shape 1/cv^2 from 10,000 (nearly a clock) to 0.01 (a gap
		// mostly near zero, now and then a hundred times the mean).
		if !(a.CV >= 0.01 && a.CV <= 10) {
			c.add(path+".cv", "must be within 0.01..10 (the gaps' sd over their mean: 1 is Poisson, below 1 more regular), got %v", a.CV)
		}
	case "diurnal":
		rate()
		if !(a.Amplitude >= 0 && a.Amplitude <= 1) {
			c.add(path+".amplitude", "must be within 0..1 (a share of the mean rate), got %v", a.Amplitude)
		}
		if a.Period < 0 {
			c.add(path+".period", "must be > 0 (24h by default), got %s", a.Period)
		}
		if a.Peak < 0 {
			c.add(path+".peak", "must be >= 0, got %s", a.Peak)
		}
	case "mmpp":
		c.rate(path+".rate_per_s", a.RatePerS, true)
		c.rate(path+".burst_rate_per_s", a.BurstRatePerS, false)
		if time.Duration(a.BurstMean) < minSojourn {
			c.add(path+".burst_mean", "must be at least %s (the mean length of a burst), got %s", minSojourn, a.BurstMean)
		}
		if time.Duration(a.QuietMean) < minSojourn {
			c.add(path+".quiet_mean", "must be at least %s (the mean time between bursts), got %s", minSojourn, a.QuietMean)
		}
	case "replay":
		if a.RatePerS != 0 || c.written(path+".rate_per_s") {
			c.add(path+".rate_per_s", "does not apply to process replay (the arrivals are listed in at)")
		}
		if len(a.At) == 0 {
			c.add(path+".at", "process replay needs at least one arrival offset")
		}
		for i, t := range a.At {
			if t < 0 || (i > 0 && t < a.At[i-1]) {
				c.add(fmt.Sprintf("%s.at[%d]", path, i), "arrival offsets must be >= 0 and non-decreasing, got %s", t)
			}
		}
	case "cron":
		if a.RatePerS != 0 || c.written(path+".rate_per_s") {
			c.add(path+".rate_per_s", "does not apply to process cron (its expression says when it fires)")
		}
		c.cron(path+".expression", a.Expression)
	case "":
		c.add(path+".process", "missing (%s)", valid)
	default:
		c.add(path+".process", "unknown process %q (%s)", a.Process, valid)
	}
	if a.Process != "replay" && len(a.At) > 0 {
		c.add(path+".at", "applies to process replay only")
	}
	if a.Process != "diurnal" {
		only("diurnal", "amplitude", "period", "peak")
	}
	if a.Process != "mmpp" {
		only("mmpp", "burst_rate_per_s", "burst_mean", "quiet_mean")
	}
	if a.Process != "gamma" {
		only("gamma", "cv")
	}
	if a.Process != "cron" && (a.Expression != "" || c.written(path+".expression")) {
		c.add(path+".expression", "applies to process cron only")
	}
}

// cron checks a cron expression: its grammar, and that it fires at least
// once after the run's start (a schedule that never fires, such as 30
// February, is a mistake, and refused here rather than run).
func (c *checker) cron(path, expr string) {
	if expr == "" {
		c.add(path, "missing (an EventBridge cron expression, e.g. \"0 12 * * ? *\": noon UTC daily)")
		return
	}
	sched, err := ParseCron(expr)
	if err != nil {
		c.add(path, "%v", err)
		return
	}
	if _, ok := sched.After(c.start.Add(-time.Nanosecond)); !ok {
		c.add(path, "cron expression %q never fires after the run's start %s (up to the year %d)", expr, c.start.Format(time.RFC3339), workload.MaxCronYear)
	}
}

// distParams lists, per distribution, the parameters it takes; the order
// of percentiles is the order they must not decrease in.
var distParams = map[string][]string{
	"deterministic": {"value"},
	"exponential":   {"mean"},
	"lognormal":     {"median", "p99"},
	"percentiles":   {"p0", "p1", "p25", "p50", "p75", "p99", "p100"},
}

// percentilePoints are a percentiles table's points in order, by name
// and quantile; p90 and p95 are optional (calibrate writes them: the
// straight line from p75 to p99 overstates a long tail).
var percentilePoints = []struct {
	name     string
	q        float64
	optional bool
}{{"p0", 0, false}, {"p1", 0.01, false}, {"p25", 0.25, false}, {"p50", 0.5, false}, {"p75", 0.75, false},
	{"p90", 0.90, true}, {"p95", 0.95, true}, {"p99", 0.99, false}, {"p100", 1, false}}

func (d *Dist) params() map[string]Duration {
	m := map[string]Duration{"value": d.Value, "mean": d.Mean, "median": d.Median, "p99": d.P99,
		"p0": d.P0, "p1": d.P1, "p25": d.P25, "p50": d.P50, "p75": d.P75, "p100": d.P100}
	if d.P90 != nil {
		m["p90"] = *d.P90
	}
	if d.P95 != nil {
		m["p95"] = *d.P95
	}
	return m
}

// percentileOrder is the points of d's table in the order they must not
// decrease in: the required ones with the optional ones written.
func (d *Dist) percentileOrder() []string {
	got := d.params()
	var order []string
	for _, p := range percentilePoints {
		if _, ok := got[p.name]; ok {
			order = append(order, p.name)
		}
	}
	return order
}

func (c *checker) dist(path string, d *Dist) {
	const valid = "valid: deterministic, exponential, lognormal, percentiles"
	want, known := distParams[d.Dist]
	switch {
	case d.Dist == "" && !c.written(path+".dist") && !c.written(path) && c.src != nil:
		c.add(path, "missing (a distribution such as {dist: exponential, mean: 100ms})")
		return
	case d.Dist == "":
		c.add(path+".dist", "missing (%s)", valid)
		return
	case !known:
		c.add(path+".dist", "unknown distribution %q (%s)", d.Dist, valid)
		return
	}
	got := d.params()
	ok := true // every parameter present and >= 0, so the shape can be checked
	for _, name := range []string{"value", "mean", "median", "p99", "p0", "p1", "p25", "p50", "p75", "p100"} {
		wanted := false
		for _, w := range want {
			wanted = wanted || w == name
		}
		p := path + "." + name
		switch {
		case !wanted && (got[name] != 0 || c.written(p)):
			c.add(p, "does not apply to dist %s (it takes %s)", d.Dist, strings.Join(want, ", "))
		case wanted && got[name] < 0:
			c.add(p, "must be >= 0, got %s", got[name])
			ok = false
		case wanted && c.src != nil && !c.written(p):
			c.add(p, "missing (dist %s takes %s)", d.Dist, strings.Join(want, ", "))
			ok = false
		}
	}
	for _, o := range percentilePoints {
		if !o.optional {
			continue
		}
		p := path + "." + o.name
		v, written := got[o.name]
		switch {
		case d.Dist != "percentiles" && (written || c.written(p)):
			c.add(p, "does not apply to dist %s (only percentiles takes it)", d.Dist)
		case written && v < 0:
			c.add(p, "must be >= 0, got %s", v)
			ok = false
		}
	}
	if !ok {
		return
	}
	switch d.Dist {
	case "exponential":
		if d.Mean <= 0 {
			c.add(path+".mean", "must be > 0, got %s", d.Mean)
		}
	case "lognormal":
		if !(d.Median > 0 && d.Median < d.P99) {
			c.add(path, "lognormal needs 0 < median < p99, got median %s, p99 %s", d.Median, d.P99)
		}
	case "percentiles":
		order := d.percentileOrder()
		for i := 1; i < len(order); i++ {
			if got[order[i]] < got[order[i-1]] {
				c.add(path+"."+order[i], "percentiles must not decrease: %s %s < %s %s", order[i], got[order[i]], order[i-1], got[order[i-1]])
			}
		}
	}
}

func (c *checker) platform(path string, p *Platform) {
	if p.Name == "" {
		c.add(path+".name", "missing (platforms are named in results)")
	}
}
