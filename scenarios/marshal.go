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
