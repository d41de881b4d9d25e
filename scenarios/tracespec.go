package scenarios

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
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
// "example:NAME" against the traces embedded with the examples, which are
// read in place (never extracted to a temporary directory).
func (s *Scenario) traceSpec() (trace.Spec, error) {
	t := s.replayed()
	spec := trace.Spec{
		Format: t.Format, Dir: s.resolve(t.Dir), Path: s.resolve(t.Path), Day: t.Day, Days: t.Days, Spread: t.Spread,
		From: sim.FromDuration(time.Duration(t.From)), To: sim.FromDuration(time.Duration(t.To)),
		Top: t.Top, Sample: t.Sample, Apps: t.Apps, RateScale: t.RateScale,
		// Every replication replays the same functions: the platforms are
		// built for the ones the scenario's own seed picks (the top bit
		// keeps it non-zero, which would mean unset).
		SampleSeed:   s.Seed | 1<<63,
		MaxFunctions: trace.FunctionsFor(s.budget.Memory()),
		Function:     t.Function,
	}
	if len(t.Days) > 0 {
		// Listed days the run never reaches are not read (a day list
		// only: a single day's counts and selection stay as they were).
		spec.Horizon = sim.FromDuration(time.Duration(s.Horizon))
	}
	if s.Workload.Synth != nil {
		ctx := s.ctx
		if ctx == nil {
			ctx = context.Background()
		}
		files, err := s.synthFS(ctx) // generated once, at the first ask
		spec.Dir, spec.FS = ".", files
		return spec, err
	}
	for _, p := range t.Paths {
		if isExampleTrace(p) {
			return spec, fmt.Errorf("paths: %q: embedded traces are given as path or dir", p)
		}
		spec.Paths = append(spec.Paths, s.resolve(p)) // globs too: relative to the scenario's directory
	}
	dirEx, pathEx := isExampleTrace(spec.Dir), isExampleTrace(spec.Path)
	if !dirEx && !pathEx {
		return spec, nil
	}
	if (spec.Dir != "" && !dirEx) || (spec.Path != "" && !pathEx) {
		return spec, fmt.Errorf("dir and path must both be embedded (example:NAME) or both files")
	}
	for _, p := range []string{spec.Dir, spec.Path} {
		if p != "" {
			if err := checkExampleTrace(p); err != nil {
				return spec, err
			}
		}
	}
	spec.FS = exampleTraceFS{}
	return spec, nil
}

func isExampleTrace(p string) bool { return strings.HasPrefix(p, examplePrefix) }

const examplePrefix = "example:"

func (s *Scenario) resolve(p string) string {
	if p == "" || isExampleTrace(p) || filepath.IsAbs(p) || s.src == nil || s.src.file == "" || s.src.embedded {
		return p
	}
	return filepath.Join(filepath.Dir(s.src.file), p)
}

// checkExampleTrace refuses an "example:NAME[/FILE]" whose NAME is not an
// embedded trace, listing those that are: such a name must never reach a
// path join, which would clean "example:../../etc" into "etc".
func checkExampleTrace(p string) error {
	rest := strings.TrimPrefix(p, examplePrefix)
	name, _, _ := strings.Cut(rest, "/")
	if fs.ValidPath(rest) && name != "." {
		if fi, err := fs.Stat(examplesFS, exampleTraceDir+name); err == nil && fi.IsDir() {
			return nil
		}
	}
	entries, _ := examplesFS.ReadDir(strings.TrimSuffix(exampleTraceDir, "/")) // embedded: present
	var known []string
	for _, e := range entries {
		if e.IsDir() {
			known = append(known, examplePrefix+e.Name())
		}
	}
	return fmt.Errorf("%q is not an embedded trace (known: %s)", p, strings.Join(known, ", "))
}

const exampleTraceDir = "examples/traces/"

// exampleTraceFS serves the embedded traces under the names a scenario
// gives them, "example:NAME/FILE", so that a message names a file as the
// scenario does.
type exampleTraceFS struct{}

func (exampleTraceFS) Open(name string) (fs.File, error) {
	rest, ok := strings.CutPrefix(name, examplePrefix)
	if !ok || !fs.ValidPath(rest) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := examplesFS.Open(exampleTraceDir + rest)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the embedded name is internal
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f, nil
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
		var spec trace.Spec
		if spec, c.err = s.traceSpec(); c.err != nil {
			return
		}
		c.spec = spec
		t, c.err = trace.Open(spec, s.Seed)
		if c.err != nil {
			return
		}
		runtime := cmp.Or(s.replayed().Runtime, "python")
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
		c.opened = t
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
		var src workload.Source
		if t := c.opened; t != nil {
			// Handed out once; not kept by the cache (opened stays for
			// SourceFor), so that its day is dropped when its run ends.
			src, t.Source = t.Source, nil
		}
		c.mu.Unlock()
		if src != nil {
			return src, nil
		}
	}
	if c := s.cache; c != nil && c.opened != nil {
		// The functions and their counts are the same for every seed:
		// no counting pass over the days again.
		if src, ok := c.opened.SourceFor(seed); ok {
			return src, nil
		}
	}
	spec, err := s.traceSpec()
	if err != nil {
		return nil, err
	}
	t, err := trace.Open(spec, seed)
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
	// opened is the trace opened for the functions, kept for SourceFor
	// and its DayInvocations; its Source until handed out, then nil.
	opened *trace.Trace
	spec   trace.Spec  // what it was opened with
	stats  trace.Stats // for the estimate
}
