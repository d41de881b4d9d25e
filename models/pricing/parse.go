package pricing

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"faassim/internal/limits"
	"faassim/internal/yamlerr"
)

// Problem is one thing wrong in a price-sheet file.
type Problem struct {
	File   string
	Line   int    // 0 when unknown
	Sheet  string // the sheet's name, when it has one
	Field  string // YAML key, e.g. "duration_tiers[1].usd_per_gb_s"
	Reason string
}

func (p Problem) Error() string {
	var parts []string
	if p.File != "" {
		at := p.File
		if p.Line > 0 {
			at += fmt.Sprintf(":%d", p.Line)
		}
		parts = append(parts, at)
	}
	if p.Sheet != "" {
		parts = append(parts, "sheet "+p.Sheet)
	}
	if p.Field != "" {
		parts = append(parts, p.Field)
	}
	return strings.Join(append(parts, p.Reason), ": ")
}

// Problems is every problem found in a file, one per line when printed,
// so that a file is fixed in one pass.
type Problems []Problem

// maxShown is how many problems Problems.Error prints before saying how
// many more there are.
const maxShown = 20

func (ps Problems) Error() string {
	lines := make([]string, 0, min(len(ps), maxShown)+1)
	for _, p := range ps[:min(len(ps), maxShown)] {
		lines = append(lines, p.Error())
	}
	if more := len(ps) - maxShown; more > 0 {
		lines = append(lines, fmt.Sprintf("and %s more", limits.FormatCount(float64(more))))
	}
	return strings.Join(lines, "\n")
}

// MaxDocuments is how many YAML documents a price-sheet file may hold.
const MaxDocuments = 64

// Input is the caps of a price-sheet file, checked before parsing: those
// of any YAML input under the default memory bound, 1 MB and 100 deep.
var Input = func() limits.Input {
	in := limits.YAMLInput("price sheet", limits.Budget{})
	in.Lift = "a price sheet is a few KB; split the sheets into several files (--prices is repeatable)"
	// A file of several sheets may write them as documents; more than a
	// few dozen would take time growing with their square to parse.
	in.MaxDocs, in.Docs = MaxDocuments, "write the sheets as one list, or split them into several files (--prices is repeatable)"
	return in
}()

// Parse reads a price-sheet file: one sheet (a mapping), a list of sheets,
// or several YAML documents (at most MaxDocuments) each holding either. Decoding is strict (an
// unknown key is an error) and every sheet is validated; filename only
// labels the problems, which come back as Problems, each
// "FILE:LINE: sheet NAME: field: reason".
//
// A file over 1 MB (a thousandth of the default memory bound) or nested
// more than 100 deep is refused before it is parsed.
func Parse(filename string, data []byte) ([]Sheet, error) {
	if err := Input.CheckYAML(data); err != nil {
		return nil, Problems{{File: filename, Line: err.Line, Reason: err.Msg}}
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		line, msg := yamlerr.Split(err)
		return nil, Problems{{File: filename, Line: line, Reason: msg}}
	}
	var nodes []ast.Node
	var probs Problems
	for _, doc := range file.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		switch body := doc.Body.(type) {
		case *ast.SequenceNode:
			nodes = append(nodes, body.Values...)
		case *ast.MappingNode, *ast.MappingValueNode:
			nodes = append(nodes, body)
		default:
			probs = append(probs, Problem{File: filename, Line: yamlerr.Line(body),
				Reason: "want a price sheet (a mapping) or a list of them, got " + body.Type().String()})
		}
	}
	var sheets []Sheet
	seen := map[string]int{}
	for _, n := range nodes {
		if _, ok := n.(*ast.MappingNode); !ok {
			if _, ok := n.(*ast.MappingValueNode); !ok {
				probs = append(probs, Problem{File: filename, Line: yamlerr.Line(n),
					Reason: "want a price sheet (a mapping), got " + n.Type().String()})
				continue
			}
		}
		var s Sheet
		if err := decode(n, &s); err != nil {
			line, msg := yamlerr.Split(err)
			probs = append(probs, Problem{File: filename, Line: line, Reason: msg})
			continue
		}
		lines := keyLines(n)
		for _, c := range s.check() {
			line := lines[c.field]
			if line == 0 {
				// A nested field: point at its top-level key, or the sheet.
				top, _, _ := strings.Cut(c.field, ".")
				top, _, _ = strings.Cut(top, "[")
				line = lines[top]
				if line == 0 {
					line = yamlerr.Line(n)
				}
			}
			probs = append(probs, Problem{File: filename, Line: line, Sheet: s.Name, Field: c.field, Reason: c.reason})
		}
		if s.Name != "" {
			if first, dup := seen[s.Name]; dup {
				probs = append(probs, Problem{File: filename, Line: lines["name"], Sheet: s.Name, Field: "name",
					Reason: fmt.Sprintf("used twice in this file (first on line %d)", first)})
			}
			seen[s.Name] = lines["name"]
		}
		sheets = append(sheets, s)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	if len(sheets) == 0 {
		return nil, Problems{{File: filename, Reason: "no price sheet in the file"}}
	}
	return sheets, nil
}

// decode is yaml.NodeToValue, strict, with a panic inside goccy/go-yaml
// turned into an error: v1.19.2 dereferences nil on some tagged nodes where
// a list is expected (found by FuzzParse, kept in testdata/fuzz), and a
// user's bad file must not crash the program.
func decode(n ast.Node, s *Sheet) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot decode this sheet (YAML decoder failure: %v)", r)
		}
	}()
	return yaml.NodeToValue(n, s, yaml.DisallowUnknownField())
}

// keyLines maps each top-level key of a sheet mapping to its line.
func keyLines(n ast.Node) map[string]int {
	lines := map[string]int{}
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	}
	for _, v := range values {
		if v.Key != nil {
			lines[v.Key.String()] = yamlerr.Line(v.Key)
		}
	}
	return lines
}
