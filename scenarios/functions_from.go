package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"faassim/internal/limits"
	"faassim/internal/printable"
	"faassim/models/workload"
	"faassim/scenarios/iac"
	"faassim/sim"
)

// parseIaC reads a deployment file; a variable so that tests can hand a
// Template built in Go to the scenario code that uses it.
var parseIaC = iac.Parse

// deployment is what a function's deployment says beyond its workload
// fields: its per-function limits.
type deployment struct {
	reserved    *int // nil: the platform's concurrency.reserved
	provisioned int  // 0: the platform's provisioned
	snapStart   bool
}

// fromFile is a functions_from file read once: the template, or why it
// could not be read.
type fromFile struct {
	once sync.Once
	path string // as opened
	tmpl *iac.Template
	err  error
}

// template reads the scenario's functions_from file once (nil when it has
// none). Its path is relative to the scenario file.
func (s *Scenario) template() (*iac.Template, string, error) {
	name := s.Workload.FunctionsFrom
	if name == "" {
		return nil, "", nil
	}
	if s.from == nil {
		s.from = &fromFile{}
	}
	f := s.from
	f.once.Do(func() {
		f.path = name
		if !filepath.IsAbs(name) && s.src != nil && !s.src.embedded {
			f.path = filepath.Join(filepath.Dir(s.src.file), name)
		}
		data, err := limits.YAMLInput("functions_from file", s.budget).ReadFile(f.path)
		if err != nil {
			f.err = err
			return
		}
		f.tmpl, f.err = parseIaC(f.path, data, iac.Options{Vars: map[string]string{}})
	})
	return f.tmpl, f.path, f.err
}

// templateProblems are the functions_from file's own problems (placed in
// that file), or the reason it cannot be read (placed at the key).
func (s *Scenario) templateProblems() Problems {
	t, path, err := s.template()
	if err != nil {
		if os.IsNotExist(err) {
			return Problems{s.problemAt("workload.functions_from", "%s: no such file (the path is relative to the scenario file)", path)}
		}
		return Problems{s.problemAt("workload.functions_from", "%v", err)}
	}
	if t == nil {
		return nil
	}
	var probs Problems
	for _, p := range t.Problems {
		probs = append(probs, Problem{File: path, Line: p.Line, Path: p.Path, Reason: p.Reason})
	}
	return probs
}

// applyTemplate gives each function of fns that the template names the
// template's configuration: for a synthetic function where the scenario
// leaves a field unset, for a trace function always (a trace records the
// memory used, not the configuration). It returns the functions'
// deployments (nil when the scenario has no functions_from and no
// per-function settings).
func (s *Scenario) deployments(fns []workload.Function) []deployment {
	deps := make([]deployment, len(fns))
	if syn := s.Workload.Synthetic; syn != nil {
		for k := range min(len(fns), len(syn.Functions)) {
			f := &syn.Functions[k]
			deps[k] = deployment{reserved: f.ReservedConcurrency, provisioned: f.Provisioned, snapStart: f.SnapStart}
		}
	}
	t, _, err := s.template()
	if err != nil || t == nil {
		return deps
	}
	byName := templateFunctions(t)
	for k, wf := range fns {
		tf, ok := byName[wf.Name]
		if !ok {
			continue
		}
		d := &deps[k]
		if d.reserved == nil && tf.ReservedConcurrency != nil && *tf.ReservedConcurrency > 0 {
			r := *tf.ReservedConcurrency
			d.reserved = &r
		}
		if d.provisioned == 0 {
			d.provisioned = tf.ProvisionedConcurrency
		}
		d.snapStart = d.snapStart || tf.SnapStart
	}
	return deps
}

// templateFunctions indexes the file's functions by name and by deployed
// name (what logs and traces exported from AWS call them), a key or
// logical ID winning over another function's deployed name.
func templateFunctions(t *iac.Template) map[string]*iac.Function {
	m := make(map[string]*iac.Function, 2*len(t.Functions))
	for i := range t.Functions {
		if n := t.Functions[i].DeployedName; n != "" {
			m[n] = &t.Functions[i]
		}
	}
	for i := range t.Functions {
		m[t.Functions[i].Name] = &t.Functions[i]
	}
	return m
}

// configure applies the functions_from file's settings to fns (see
// deployments for which win).
func (s *Scenario) configure(fns []workload.Function) {
	t, _, err := s.template()
	if err != nil || t == nil {
		return
	}
	trace := s.replayed() != nil
	byName := templateFunctions(t)
	for k := range fns {
		wf := &fns[k]
		tf, ok := byName[wf.Name]
		if !ok {
			continue
		}
		if (trace || wf.MemoryMB == 0) && tf.MemoryMB > 0 {
			wf.MemoryMB = tf.MemoryMB
		}
		if (trace || wf.Runtime == "") && tf.Family != "" {
			wf.Runtime = tf.Family
		}
		if (trace || wf.Timeout == 0) && tf.Timeout > 0 {
			wf.Timeout = sim.FromDuration(tf.Timeout)
		}
		if (trace || wf.EphemeralStorageMB == 0) && tf.EphemeralStorageMB > 0 {
			wf.EphemeralStorageMB = tf.EphemeralStorageMB
		}
	}
}

// functionsFromWarnings names the workload's functions the file does not
// define and the file's functions the workload does not use.
func (s *Scenario) functionsFromWarnings(fns []workload.Function) []string {
	t, path, err := s.template()
	if err != nil || t == nil {
		return nil
	}
	byName := templateFunctions(t)
	used := map[string]bool{}
	var out []string
	for _, wf := range fns {
		if tf, ok := byName[wf.Name]; ok {
			used[tf.Name] = true
			continue
		}
		out = append(out, fmt.Sprintf("functions_from %s: workload function %s is not in the file: it keeps the scenario's settings", path, quoteName(wf.Name)))
	}
	for _, tf := range t.Functions {
		if r := tf.ReservedConcurrency; r != nil && *r == 0 && used[tf.Name] {
			out = append(out, fmt.Sprintf("functions_from %s: function %s (line %d) has reserved concurrency 0, switched off on AWS: simulated without it", path, quoteName(tf.Name), tf.Line))
		}
		if !used[tf.Name] {
			out = append(out, fmt.Sprintf("functions_from %s: function %s (line %d) is not in the workload: it is not simulated", path, quoteName(tf.Name), tf.Line))
		}
	}
	for _, w := range t.Warnings {
		out = append(out, fmt.Sprintf("functions_from %s:%d: %s: %s", path, w.Line, w.Path, w.Reason))
	}
	return slices.Clip(out)
}

// quoteName shows a name from a file with control characters escaped.
func quoteName(s string) string { return printable.Escape(s) }
