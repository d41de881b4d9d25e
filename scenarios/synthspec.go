package scenarios

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"faassim/internal/limits"
	"faassim/models/coldstart"
	"faassim/models/workload"
	"faassim/scenarios/trace"
	"faassim/scenarios/trace/synth"
	"faassim/sim"
)

// SynthSpec is an Azure-calibrated synthetic population (the generator of
// faassim trace synth), generated in memory when the run starts and
// replayed as one day of a per-minute azure2019 trace is: nothing large is
// written or committed. With the same functions, seed and day it replays
// exactly what "faassim trace synth --functions N --seed S --days D"
// writes, read as workload.trace {format: azure2019, day: D}.
type SynthSpec struct {
	Functions int `yaml:"functions"`
	// Seed seeds the population and its arrivals; nil is the scenario's
	// seed.
	Seed *uint64 `yaml:"seed"`
	// Day is the day of the population replayed (1-99; 0 means 1): the
	// apps are the same every day, their arrivals differ.
	Day int `yaml:"day"`
	// Days, instead of Day, replays several days of the population as one
	// continuous run: "1-14" or [1, 3, 5] (each day generated when reached).
	Days DayList `yaml:"days"`
	// The selection and replay fields of workload.trace.
	Spread    string   `yaml:"spread"`
	From      Duration `yaml:"from"`
	To        Duration `yaml:"to"`
	Top       int      `yaml:"top"`
	Sample    int      `yaml:"sample"`
	Apps      []string `yaml:"apps"`
	RateScale float64  `yaml:"rate_scale"`
	Runtime   string   `yaml:"runtime"`
}

// maxSynthDays is the last day trace synth writes (files dNN).
const maxSynthDays = 99

// replayed returns the trace section the workload replays: the trace's,
// or the azure2019 day a workload.synth population stands for; nil for
// synthetic functions.
func (s *Scenario) replayed() *TraceSpec {
	if s.Workload.Trace != nil {
		return s.Workload.Trace
	}
	g := s.Workload.Synth
	if g == nil {
		return nil
	}
	day := max(g.Day, 1)
	if len(g.Days) > 0 {
		day = 0 // days replaces it
	}
	return &TraceSpec{Format: trace.FormatAzure2019, Dir: ".", Day: day, Days: g.Days, Spread: g.Spread,
		From: g.From, To: g.To, Top: g.Top, Sample: g.Sample, Apps: g.Apps, RateScale: g.RateScale, Runtime: g.Runtime}
}

// generatedFile is the name of one of a population's files at the start
// of a reader's message ("invocations_per_function_md.anon.d01.csv: ").
var generatedFile = regexp.MustCompile(`^[a-z_]+\.anon\.d[0-9]+\.csv: `)

// synthMessage rewrites a reader's message about a generated population
// for its user: the files exist only in memory, so their names are
// dropped, and an apps selection that kept nothing is told the apps' names.
func synthMessage(g *SynthSpec, msg string) string {
	msg = generatedFile.ReplaceAllString(msg, "")
	if len(g.Apps) > 0 && strings.HasPrefix(msg, "no invocations") {
		msg += fmt.Sprintf(" (apps %s: the population's apps are app00000, app00001, ..., as faassim trace synth writes them)", strings.Join(g.Apps, ", "))
	}
	return msg
}

// replayPath is where the replayed workload was written.
func (s *Scenario) replayPath() string {
	if s.Workload.Synth != nil {
		return "workload.synth"
	}
	return "workload.trace"
}

// synthConfig is the generator's configuration of the scenario's
// population.
func (s *Scenario) synthConfig() synth.Config {
	g := s.Workload.Synth
	seed := s.Seed
	if g.Seed != nil {
		seed = *g.Seed
	}
	return synth.Config{Functions: g.Functions, Days: max(g.Day, 1), Seed: seed}
}

// synthCache holds the generated day: made once per scenario, whatever its
// platforms and replications, and shared by the copies of the scenario
// that keep its population (ScaleRate's).
type synthCache struct {
	once  sync.Once
	files *synth.Files // one day (day:)
	days  *synth.Days  // several (days:), one generated at a time
	err   error
}

// fsys is the generated files as the trace reader reads them.
func (c *synthCache) fsys() fs.FS {
	if c.days != nil {
		return c.days
	}
	return c.files
}

// synthShare shares the populations of scenarios loaded with the same
// Options (a sweep's points), by what makes a population: its functions,
// seed and day. A sweep of keep-alives then generates one.
type synthShare struct {
	mu sync.Mutex
	m  map[synthKey]*synthCache
}

type synthKey struct {
	functions, day int
	seed           uint64
	days           string // days:, as written ("1-14", "[1 3]")
}

// share gives s the population already generated (or being generated)
// for its key; a nil share, or a scenario without workload.synth, is left
// alone.
func (sh *synthShare) share(s *Scenario) {
	if sh == nil || s.Workload.Synth == nil {
		return
	}
	cfg := s.synthConfig()
	k := synthKey{functions: cfg.Functions, day: cfg.Days, seed: cfg.Seed, days: dayText(s.Workload.Synth.Days)}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.m == nil {
		sh.m = map[synthKey]*synthCache{}
	}
	if sh.m[k] == nil {
		sh.m[k] = &synthCache{}
	}
	s.gen = sh.m[k]
}

// prepare generates a workload.synth population under ctx, so that an
// interrupt stops it; without it the population is generated when the
// workload is first asked for, uncancellable. It returns the refusal of a
// population over the budget as Problems, ctx's error as it is.
func (s *Scenario) prepare(ctx context.Context) error {
	if s.Workload.Synth == nil {
		return nil
	}
	_, err := s.synthFS(ctx)
	return err
}

// interrupted returns the error of a generation stopped by its context.
func (s *Scenario) interrupted() error {
	if s.gen == nil || s.gen.err == nil {
		return nil
	}
	if errors.Is(s.gen.err, context.Canceled) || errors.Is(s.gen.err, context.DeadlineExceeded) {
		return s.gen.err
	}
	return nil
}

// synthFS returns the generated day, generating it the first time, or
// with days: the listed days, each generated when the reader opens it. A
// population whose generation would pass the scenario's memory or work
// bound is refused before anything is generated.
func (s *Scenario) synthFS(ctx context.Context) (fs.FS, error) {
	if s.gen == nil {
		s.gen = &synthCache{}
	}
	c := s.gen
	c.once.Do(func() {
		if c.err = s.synthBudget(); c.err != nil {
			return
		}
		cfg := s.synthConfig()
		if days := s.Workload.Synth.Days; len(days) > 0 {
			var fsys fs.FS
			if fsys, c.err = synth.DaysFS(ctx, cfg, days); c.err == nil {
				c.days = fsys.(*synth.Days)
			}
			return
		}
		c.files, c.err = synth.Day(ctx, cfg, cfg.Days)
	})
	if c.err != nil {
		return nil, c.err
	}
	return c.fsys(), nil
}

// synthCountEvents is the work of drawing and writing one per-minute count
// in events (a request's work, 500 ns): about 100 ns measured (1,440
// counts of 2,000 functions in 0.3 s), rounded up.
const synthCountEvents = 0.25

// synthBudget refuses a population whose generation needs more memory or
// work than the scenario was loaded with.
func (s *Scenario) synthBudget() error {
	cfg := s.synthConfig()
	n := cfg.Functions
	if bytes := synth.DayBytes(n); bytes > s.budget.Memory() {
		return Problems{s.problemAt("workload.synth.functions",
			"%s need about %s of memory to generate in memory (a day of per-minute counts and the population), more than %s allows; raise --max-memory to run it, or lower functions",
			count(n, "function"), limits.FormatSize(bytes), s.budget.MemoryFlag())}
	}
	if counts := s.synthCounts(); counts*synthCountEvents > s.budget.Events() {
		return Problems{s.problemAt("workload.synth.functions",
			"%s make %s per-minute counts to draw (%s), more than %s allows; raise --max-events to run it, or lower functions%s",
			count(n, "function"), limits.FormatCount(counts), limits.CPUTime(counts*synthCountEvents), s.budget.EventsFlag(), orFewerDays(s.Workload.Synth.Days))}
	}
	return nil
}

// synthWork is the events of generating the population, for the estimate.
func (s *Scenario) synthWork() float64 {
	if s.Workload.Synth == nil {
		return 0
	}
	return s.synthCounts() * synthCountEvents
}

// synthCounts is the per-minute counts generating the population draws:
// a day's, or with days: each listed day the run reaches once to count
// it and once more for each replay (a platform's replication), as the
// generated FS holds one day at a time (memory stays one day's,
// DayBytes). Days past the horizon are never generated.
func (s *Scenario) synthCounts() float64 {
	g := s.Workload.Synth
	if len(g.Days) > 0 {
		spec := trace.Spec{Days: g.Days, From: sim.FromDuration(time.Duration(g.From)), To: sim.FromDuration(time.Duration(g.To)),
			Horizon: sim.FromDuration(time.Duration(s.Horizon))}
		var read []int
		for k, d := range g.Days {
			if spec.DayRead(k) {
				read = append(read, d)
			}
		}
		counts, _ := synth.DaysCost(g.Functions, read, 1+max(1, len(s.Platforms))*max(1, s.Replications))
		return counts
	}
	counts, _ := synth.Cost(synth.Config{Functions: g.Functions, Days: 1})
	return counts
}

// orFewerDays ends a refusal of a multi-day population.
func orFewerDays(days DayList) string {
	if len(days) > 1 {
		return fmt.Sprintf(" or days (%d listed)", len(days))
	}
	return ""
}

// synthHeld is the memory the generated day holds for the whole run.
func (s *Scenario) synthHeld() float64 {
	if s.gen == nil {
		return 0
	}
	if s.gen.days != nil { // one day at a time, whatever the days
		return synth.DayBytes(s.Workload.Synth.Functions)
	}
	if s.gen.files == nil {
		return 0
	}
	return float64(s.gen.files.Held())
}

// synth checks a workload.synth section: the trace fields it shares are
// checked as the trace's are.
func (c *checker) synth(path string, g *SynthSpec) {
	if g.Functions < 1 {
		c.add(path+".functions", "must be >= 1 (the functions of the population), got %d", g.Functions)
	}
	if g.Day < 0 || g.Day > maxSynthDays {
		c.add(path+".day", "must be within 1..%d (0: 1), got %d", maxSynthDays, g.Day)
	}
	c.days(path, g.Day, g.Days, trace.FormatAzure2019, maxSynthDays)
	if g.Runtime != "" && !slices.Contains(coldstart.Runtimes(), g.Runtime) {
		c.add(path+".runtime", "unknown runtime %q (known: %s)", g.Runtime, strings.Join(coldstart.Runtimes(), ", "))
	}
	c.replay(path, g.Spread, g.From, g.To, g.Top, g.Sample, g.RateScale)
}

// replay checks the replay fields a trace and a population share.
func (c *checker) replay(path, spread string, from, to Duration, top, sample int, rateScale float64) {
	switch spread {
	case "", "uniform", "equidistant", "poisson":
	default:
		c.add(path+".spread", "unknown spread %q (valid: uniform, equidistant, poisson)", spread)
	}
	if from < 0 || to < 0 || (to != 0 && to <= from) {
		c.add(path, "want 0 <= from < to (to 0: the end), got from %s, to %s", from, to)
	}
	if top < 0 || sample < 0 {
		c.add(path, "top and sample must be >= 0, got %d and %d", top, sample)
	}
	if !(rateScale >= 0) || math.IsInf(rateScale, 0) {
		c.add(path+".rate_scale", "must be a finite number >= 0 (0 means 1), got %v", rateScale)
	}
}

// replayLines are the workload lines of a replay: what was replayed, the
// same for a trace and for the population trace synth would write, and
// for a population, what was generated.
func (s *Scenario) replayLines(fns []workload.Function) []string {
	if s.cache == nil || s.cache.err != nil {
		return nil
	}
	t := s.replayed()
	apps := map[string]bool{}
	for _, f := range fns {
		apps[f.App] = true
	}
	var lines []string
	if g := s.Workload.Synth; g != nil && s.gen != nil && s.gen.days != nil {
		cfg := s.synthConfig()
		lines = append(lines, fmt.Sprintf("Generated an Azure-calibrated population (Shahrad et al., ATC 2020) of %s, seed %d, days %s, each day when the replay reached it, as faassim trace synth --functions %d --seed %d --days %d writes them.",
			count(cfg.Functions, "function"), cfg.Seed, dayText(g.Days), cfg.Functions, cfg.Seed, slices.Max(g.Days)))
	}
	if g := s.Workload.Synth; g != nil && s.gen != nil && s.gen.files != nil {
		cfg := s.synthConfig()
		lines = append(lines, fmt.Sprintf("Generated an Azure-calibrated population (Shahrad et al., ATC 2020) of %s in %s, seed %d: %s invocations in day %d, as faassim trace synth --functions %d --seed %d --days %d writes it.",
			count(cfg.Functions, "function"), count(s.gen.files.Apps, "app"), cfg.Seed, thousands(int(s.gen.files.Invocations)), cfg.Days,
			cfg.Functions, cfg.Seed, cfg.Days))
	}
	st := s.cache.stats
	window := ""
	if t.From > 0 || t.To > 0 {
		to := "the end"
		if t.To > 0 {
			to = short(time.Duration(t.To))
		}
		window = fmt.Sprintf(" from %s to %s", short(time.Duration(t.From)), to)
	}
	day := ""
	if t.Format == trace.FormatAzure2019 || t.Format == trace.FormatHuawei {
		day = fmt.Sprintf(" day %d", t.Day)
		if len(t.Days) > 0 {
			day = " days " + dayText(t.Days) + " as one run"
		}
	}
	line := fmt.Sprintf("Replayed %s%s%s: %s in %s, %s invocations in the trace's %s", t.Format, day, window,
		count(len(fns), "function"), count(len(apps), "app"), thousands(int(st.Invocations)), short(st.Span.Duration()))
	if o := s.cache.opened; o != nil && len(t.Days) > 1 && len(o.DayInvocations) == len(t.Days) {
		d := o.DayInvocations
		var per []string
		var unread DayList
		for i, n := range d {
			if !s.cache.spec.DayRead(i) { // its 0 is not a count
				unread = append(unread, t.Days[i])
				continue
			}
			per = append(per, thousands(int(n)))
		}
		line += " (day by day: " + strings.Join(per, ", ") + ")"
		if len(unread) > 0 {
			noun := "day"
			if len(unread) > 1 {
				noun = "days"
			}
			line += fmt.Sprintf(", %s %s not read (outside the window or past the horizon)", noun, strings.Trim(dayText(unread), "[]"))
		}
	}
	if h := time.Duration(s.Horizon); st.Span.Duration() > h {
		line += fmt.Sprintf(", of which the horizon replays the first %s", short(h))
	}
	if k := cmp.Or(t.RateScale, 1); k != 1 {
		line += fmt.Sprintf(" x rate_scale %s", numText(k))
	}
	if st.PerMinute {
		line += fmt.Sprintf("; per-minute counts spread %s inside each minute, durations drawn from each function's percentiles", cmp.Or(t.Spread, trace.SpreadUniform))
	}
	return append(lines, line+".")
}
