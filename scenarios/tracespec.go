package scenarios

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"faassim/models/workload"
	"faassim/scenarios/trace"
	"faassim/sim"
)

// traceSpec converts the scenario's trace section to the reader's Spec,
// resolving relative paths against the scenario file's directory and
// "example:NAME" against the traces embedded with the examples.
func (s *Scenario) traceSpec() trace.Spec {
	t := s.Workload.Trace
	return trace.Spec{
		Format: t.Format, Dir: s.resolve(t.Dir), Path: s.resolve(t.Path), Day: t.Day, Spread: t.Spread,
		From: sim.FromDuration(time.Duration(t.From)), To: sim.FromDuration(time.Duration(t.To)),
		Top: t.Top, Sample: t.Sample, Apps: t.Apps, RateScale: t.RateScale,
		// Every replication replays the same functions: the platforms are
		// built for the ones the scenario's own seed picks (the top bit
		// keeps it non-zero, which would mean unset).
		SampleSeed: s.Seed | 1<<63,
	}
}

func (s *Scenario) resolve(p string) string {
	if p == "" {
		return ""
	}
	if name, ok := strings.CutPrefix(p, "example:"); ok {
		if dir, err := exampleTrace(name); err == nil {
			return dir
		}
		return p // the reader reports the missing file
	}
	if filepath.IsAbs(p) || s.src == nil || s.src.file == "" || s.src.embedded {
		return p
	}
	return filepath.Join(filepath.Dir(s.src.file), p)
}

// traceFunctions opens the trace once to learn its functions; the function
// list is the same for every seed (selection by sample is seeded by the
// scenario's seed, the same for every platform and replication).
func (s *Scenario) traceFunctions() ([]workload.Function, error) {
	if s.cache == nil {
		s.cache = &traceCache{}
	}
	c := s.cache
	c.once.Do(func() {
		var t *trace.Trace
		t, c.err = trace.Open(s.traceSpec(), s.Seed)
		if c.err != nil {
			return
		}
		runtime := cmp.Or(s.Workload.Trace.Runtime, "python")
		for _, f := range t.Functions {
			if f.Runtime == "" {
				f.Runtime = runtime
			}
			// Durations are replayed as recorded: the trace's platform
			// is not Lambda's memory-proportional CPU, so a memory change
			// does not rescale them.
			f.CPUBoundFraction = 0
			c.fns = append(c.fns, f)
		}
		c.warnings = t.Warnings
		c.stats = t.Stats()
		c.spare = t
	})
	return c.fns, c.err
}

// traceSource returns the trace's invocations for seed: the reader opened
// to learn the functions serves the first simulation with the scenario's
// own seed, since reading a large trace's counts twice costs as much as
// simulating a tenth of it.
func (s *Scenario) traceSource(seed uint64) (workload.Source, error) {
	if c := s.cache; c != nil && seed == s.Seed {
		c.mu.Lock()
		t := c.spare
		c.spare = nil
		c.mu.Unlock()
		if t != nil {
			return t.Source, nil
		}
	}
	t, err := trace.Open(s.traceSpec(), seed)
	if err != nil {
		return nil, err
	}
	return t.Source, nil
}

// traceCache holds what opening the trace once found out.
type traceCache struct {
	once     sync.Once
	fns      []workload.Function
	err      error
	warnings []string
	mu       sync.Mutex
	spare    *trace.Trace // opened for the functions, not yet read
	stats    trace.Stats  // for the estimate
}

// exampleTrace writes an embedded example trace to a temporary directory
// (once per process) so that the file readers can read it.
var exampleTraces sync.Map // name -> dir

func exampleTrace(name string) (string, error) {
	if dir, ok := exampleTraces.Load(name); ok {
		return dir.(string), nil
	}
	entries, err := examplesFS.ReadDir("examples/traces/" + name)
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "faassim-trace-"+name+"-")
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		data, err := examplesFS.ReadFile("examples/traces/" + name + "/" + e.Name())
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			return "", err
		}
	}
	actual, _ := exampleTraces.LoadOrStore(name, dir)
	return actual.(string), nil
}
