package scenarios

import (
	"fmt"
	"maps"
	"slices"

	"github.com/goccy/go-yaml"
)

// Comments are comments for a scenario written by Marshal, keyed by the
// YAML path they stand above, in goccy/go-yaml's form: "$.platforms[0]",
// "$.workload.synthetic.functions[1].arrival". "$" is the file's head.
type Comments map[string][]string

// Marshal writes s as a scenario file that Load reads back to the same
// scenario: fields left at their zero value ("not set: the preset's") are
// left out, durations are Go durations, and each comment is written above
// the key of its path. Commands that write scenarios for the user (import,
// calibrate) go through it, so what they write is what the decoder reads.
func Marshal(s *Scenario, comments Comments) ([]byte, error) {
	cm := yaml.CommentMap{}
	for _, path := range slices.Sorted(maps.Keys(comments)) {
		lines := comments[path]
		if len(lines) == 0 {
			continue
		}
		text := make([]string, len(lines))
		for i, l := range lines {
			text[i] = " " + l
		}
		cm[path] = []*yaml.Comment{yaml.HeadComment(text...)}
	}
	out, err := yaml.MarshalWithOptions(s, yaml.OmitEmpty(), yaml.OmitZero(), yaml.IndentSequence(true), yaml.WithComment(cm))
	if err != nil {
		return nil, fmt.Errorf("scenarios: writing %s: %w", s.Name, err)
	}
	return out, nil
}

// MarshalYAML writes d with every parameter its kind takes, zero or not
// (the decoder reports a parameter left out as missing, so "value: 0s"
// must be written), and none of the others.
func (d Dist) MarshalYAML() (any, error) {
	out := yaml.MapSlice{{Key: "dist", Value: d.Dist}}
	params := d.params()
	for _, k := range distParams[d.Dist] {
		out = append(out, yaml.MapItem{Key: k, Value: params[k]})
	}
	return out, nil
}

// MarshalYAML writes a cold start as a distribution of the total, or as
// its two parts when either is set.
func (c ColdStart) MarshalYAML() (any, error) {
	if c.Overhead == nil && c.Init == nil {
		return c.Dist.MarshalYAML()
	}
	var out yaml.MapSlice
	if c.Overhead != nil {
		out = append(out, yaml.MapItem{Key: "overhead", Value: *c.Overhead})
	}
	if c.Init != nil {
		out = append(out, yaml.MapItem{Key: "init", Value: *c.Init})
	}
	return out, nil
}
