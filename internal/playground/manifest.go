package playground

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"faassim/internal/yamlerr"
	"faassim/scenarios"
)

// manifestFile names the embedded manifest in messages.
const manifestFile = "playground.yaml"

// manifestYAML lists the examples the playground offers and its lessons.
// It is data rather than code so that a teacher can add a lesson without
// touching Go; loadManifest checks it against the examples at start.
//
//go:embed playground.yaml
var manifestYAML []byte

// manifest is the embedded playground.yaml: the examples offered (with
// their own overrides) and the lessons.
type manifest struct {
	Default  string    `yaml:"default"`
	Examples []Offered `yaml:"examples"`
	Lessons  []Lesson  `yaml:"lessons"`
}

// Steps per lesson: fewer is not a lesson, more loses the student.
const minSteps, maxSteps = 3, 5

// loadManifest reads and checks the embedded manifest; Offered's Title and
// Description are filled from the examples themselves.
func loadManifest() (*manifest, error) { return parseManifest(manifestFile, manifestYAML) }

// parseManifest decodes a manifest strictly (unknown keys are refused with
// their line) and checks it: every example exists and loads with its
// overrides, every lesson's example is offered, and every step loads, names
// a platform of its example, a known metric and formula, and ordered,
// non-overlapping choices. Every problem found is reported at once, as
// "FILE:LINE: path: reason".
func parseManifest(name string, data []byte) (*manifest, error) {
	var m manifest
	if err := yaml.UnmarshalWithOptions(data, &m, yaml.Strict()); err != nil {
		line, msg := yamlerr.Split(err)
		return nil, fmt.Errorf("%s:%d: %s", name, line, msg)
	}
	file, err := parser.ParseBytes(data, 0) // decoded above: parses
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	c := &manifestChecker{name: name, file: file}
	c.check(&m)
	if len(c.probs) > 0 {
		return nil, errors.New(strings.Join(c.probs, "\n"))
	}
	return &m, nil
}

type manifestChecker struct {
	name  string
	file  *ast.File
	probs []string
}

// add records a problem at a YAML path ("lessons[0].steps[1].metric"),
// with the line the path was written on (or its nearest written parent).
func (c *manifestChecker) add(path, format string, args ...any) {
	line := 0
	for p := path; p != "" && line == 0; p = parentPath(p) {
		if yp, err := yaml.PathString("$." + p); err == nil {
			if n, err := yp.FilterFile(c.file); err == nil && n != nil {
				line = yamlerr.Line(n)
			}
		}
	}
	c.probs = append(c.probs, fmt.Sprintf("%s:%d: %s: %s", c.name, line, path, fmt.Sprintf(format, args...)))
}

// parentPath drops the last element of a path: a[1].b -> a[1] -> a.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func (c *manifestChecker) check(m *manifest) {
	known := map[string]scenarios.Example{}
	for _, e := range scenarios.Examples() {
		known[e.Name] = e
	}
	offered := map[string]*Offered{}
	for i := range m.Examples {
		o := &m.Examples[i]
		path := fmt.Sprintf("examples[%d]", i)
		e, ok := known[o.Name]
		switch {
		case !ok:
			c.add(path+".name", "unknown example %q (known: %s)", o.Name, strings.Join(exampleNames(), ", "))
			continue
		case offered[o.Name] != nil:
			c.add(path+".name", "example %s is listed twice", o.Name)
			continue
		}
		if o.Title != "" || o.Description != "" {
			c.add(path, "title and description come from the example itself; do not write them")
		}
		// The note says what the playground's overrides change, so the
		// student is never shown a shortened run unawares.
		if (len(o.Sets) > 0) != (o.Note != "") {
			c.add(path+".note", "a note is needed exactly when sets are given (say what they change and why)")
		}
		o.Title, o.Description = e.Name, e.Description
		offered[o.Name] = o
		if _, err := c.load(o.Name, o.Sets, nil); err != nil {
			c.add(path+".sets", "%v", err)
		}
	}
	if offered[m.Default] == nil {
		c.add("default", "default %q is not an example offered", m.Default)
	}
	ids := map[string]bool{}
	for i := range m.Lessons {
		l := &m.Lessons[i]
		path := fmt.Sprintf("lessons[%d]", i)
		if l.ID == "" || ids[l.ID] {
			c.add(path+".id", "missing or repeated lesson id %q", l.ID)
		}
		ids[l.ID] = true
		if l.Title == "" || l.Summary == "" {
			c.add(path, "a lesson needs a title and a summary")
		}
		o := offered[l.Example]
		if o == nil {
			c.add(path+".example", "example %q is not offered (offer it under examples)", l.Example)
			continue
		}
		if n := len(l.Steps); n < minSteps || n > maxSteps {
			c.add(path+".steps", "a lesson has %d to %d steps, got %d", minSteps, maxSteps, n)
		}
		for k := range l.Steps {
			c.step(fmt.Sprintf("%s.steps[%d]", path, k), o, &l.Steps[k])
		}
	}
}

// step checks one lesson step against its example.
func (c *manifestChecker) step(path string, o *Offered, st *LessonStep) {
	if st.Title == "" || st.Text == "" || st.Question == "" || st.Reveal == "" {
		c.add(path, "a step needs a title, a text, a question and a reveal")
	}
	if !slices.Contains(metricNames, st.Metric) {
		c.add(path+".metric", "unknown metric %q (valid: %s)", st.Metric, strings.Join(metricNames, ", "))
	}
	if st.Formula != "" && !slices.Contains(formulaIDs, st.Formula) {
		c.add(path+".formula", "unknown formula %q (valid: %s)", st.Formula, strings.Join(formulaIDs, ", "))
	}
	s, err := c.load(o.Name, o.Sets, st.Sets)
	if err != nil {
		c.add(path+".sets", "%v", err)
	} else if !slices.ContainsFunc(s.Platforms, func(p scenarios.Platform) bool { return p.Name == st.Platform }) {
		var names []string
		for _, p := range s.Platforms {
			names = append(names, p.Name)
		}
		c.add(path+".platform", "no platform %q in example %s (it has %s)", st.Platform, o.Name, strings.Join(names, ", "))
	}
	if len(st.Choices) < 2 {
		c.add(path+".choices", "a prediction needs at least 2 choices, got %d", len(st.Choices))
	}
	for k, ch := range st.Choices {
		cp := fmt.Sprintf("%s.choices[%d]", path, k)
		switch {
		case ch.Label == "":
			c.add(cp+".label", "missing")
		case math.IsNaN(ch.Low) || math.IsInf(ch.Low, 0) || math.IsInf(ch.High, 0) || !(ch.Low < ch.High):
			c.add(cp, "want finite low < high, got [%v, %v)", ch.Low, ch.High)
		case k > 0 && ch.Low < st.Choices[k-1].High:
			c.add(cp+".low", "choices are ordered ranges that do not overlap: %v is below the previous high %v", ch.Low, st.Choices[k-1].High)
		}
	}
}

// load loads an example with the playground's overrides, then a step's.
func (c *manifestChecker) load(example string, offered, step []string) (*scenarios.Scenario, error) {
	return loadState(example, append(slices.Clip(offered), step...))
}

// loadState loads an embedded example with overrides, as `faassim run
// example:NAME --set ...` does.
func loadState(example string, sets []string) (*scenarios.Scenario, error) {
	data, err := scenarios.ExampleSource(example)
	if err != nil {
		return nil, err
	}
	return scenarios.LoadWith(example+".yaml", data, sets, scenarios.Options{})
}

func exampleNames() []string {
	var names []string
	for _, e := range scenarios.Examples() {
		names = append(names, e.Name)
	}
	return names
}
