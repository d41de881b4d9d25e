package scenarios

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"faassim/internal/printable"
)

// Comments are comments for a scenario written by Marshal, keyed by the
// YAML path they stand above, in goccy/go-yaml's form: "$.platforms[0]",
// "$.workload.synthetic.functions[1].arrival". "$" is the file's head.
type Comments map[string][]string

// Marshal writes s as a scenario file that Load reads back to the same
// scenario: fields left at their zero value ("not set: the preset's") are
// left out, durations are Go durations, and each comment is written above
// the key of its path (control characters escaped, so a comment stays one
// line). Commands that write scenarios for the user (import, calibrate) go
// through it, so what they write is what the decoder reads.
func Marshal(s *Scenario, comments Comments) ([]byte, error) {
	out, err := yaml.MarshalWithOptions(s, yaml.OmitEmpty(), yaml.OmitZero(), yaml.IndentSequence(true))
	if err != nil {
		return nil, fmt.Errorf("scenarios: writing %s: %w", s.Name, err)
	}
	if len(comments) == 0 {
		return out, nil
	}
	return placeComments(out, comments)
}

// placeComments writes each comment above the line of its path's node, at
// its column. The library's own comment option looks every path up from
// the top of the document, which takes time growing with the square of
// the functions (95 s for 10,000); one walk that names each node's path
// as it goes is linear.
func placeComments(doc []byte, comments Comments) ([]byte, error) {
	file, err := parser.ParseBytes(doc, 0)
	if err != nil || len(file.Docs) == 0 {
		return nil, fmt.Errorf("scenarios: placing comments: %v", err)
	}
	at := map[int][]string{} // 1-based line -> comment lines, indented
	add := func(path string, line, col int) {
		for _, c := range comments[path] {
			at[line] = append(at[line], strings.Repeat(" ", max(col-1, 0))+"# "+printable.Escape(c))
		}
	}
	var walk func(n ast.Node, path string)
	walk = func(n ast.Node, path string) {
		switch n := n.(type) {
		case *ast.MappingNode:
			for _, mv := range n.Values {
				walkPair(mv, path, add, walk)
			}
		case *ast.MappingValueNode:
			walkPair(n, path, add, walk)
		case *ast.SequenceNode:
			for i, v := range n.Values {
				p := fmt.Sprintf("%s[%d]", path, i)
				if i < len(n.Entries) && n.Entries[i].Start != nil {
					pos := n.Entries[i].Start.Position
					add(p, pos.Line, pos.Column)
				}
				walk(v, p)
			}
		}
	}
	head := comments["$"]
	walk(file.Docs[0].Body, "$")
	var b bytes.Buffer
	for _, c := range head {
		b.WriteString("# " + printable.Escape(c) + "\n")
	}
	for i, line := range bytes.SplitAfter(doc, []byte("\n")) {
		for _, c := range at[i+1] {
			b.WriteString(c + "\n")
		}
		b.Write(line)
	}
	return b.Bytes(), nil
}

// walkPair names a mapping entry's path, places its comment above its key
// and walks its value.
func walkPair(mv *ast.MappingValueNode, path string, add func(string, int, int), walk func(ast.Node, string)) {
	key := mv.Key.GetToken()
	if key == nil {
		return
	}
	p := path + "." + key.Value
	add(p, key.Position.Line, key.Position.Column)
	walk(mv.Value, p)
}

// MarshalYAML writes d with every parameter its kind takes, zero or not
// (the decoder reports a parameter left out as missing, so "value: 0s"
// must be written), and none of the others.
func (d Dist) MarshalYAML() (any, error) {
	out := yaml.MapSlice{{Key: "dist", Value: d.Dist}}
	params := d.params()
	names := distParams[d.Dist]
	if d.Dist == "percentiles" {
		names = d.percentileOrder()
	}
	for _, k := range names {
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
