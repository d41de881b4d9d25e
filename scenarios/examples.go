package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// The examples ship inside the binary so that `faassim` works with no files
// around it, and `faassim examples` can list them.
//
//go:embed examples/*.yaml examples/traces
var examplesFS embed.FS

// Example is an embedded example scenario, opened as "example:NAME".
type Example struct {
	Name        string
	Description string
}

// Examples lists the embedded examples sorted by name, each with the
// description written in its file.
func Examples() []Example {
	files, _ := fs.Glob(examplesFS, "examples/*.yaml") // the pattern is constant: no error
	var out []Example
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".yaml")
		data, _ := examplesFS.ReadFile(f) // listed just above: present
		out = append(out, Example{Name: name, Description: description(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LargeExampleEvents is the work above which an embedded example is large:
// 2e7 simulated requests in its estimate (Estimate.Events), about ten
// seconds of a core at the estimate's 2e6 a second. Tests that run every
// example skip the large ones under -short (go test -short), and faassim
// validate's accounting case runs them over a shortened horizon.
const LargeExampleEvents = 2e7

// ExampleIsLarge reports whether example name is large: whether its
// work estimate, as written (no --set), exceeds LargeExampleEvents. It is
// worked out, not declared, so an example cannot grow without becoming
// large.
func ExampleIsLarge(name string) (bool, error) {
	s, err := Open("example:"+name, nil)
	if err != nil {
		return false, err
	}
	est, err := s.Estimate(Options{})
	if err != nil {
		return false, err
	}
	return est.Events > LargeExampleEvents, nil
}

// ExampleSource returns the YAML of the embedded example name; an unknown
// name's error lists the known ones.
func ExampleSource(name string) ([]byte, error) {
	if !strings.ContainsAny(name, "/\\") {
		if data, err := examplesFS.ReadFile("examples/" + name + ".yaml"); err == nil {
			return data, nil
		}
	}
	var known []string
	for _, e := range Examples() {
		known = append(known, e.Name)
	}
	return nil, fmt.Errorf("unknown example %q (known: %s)", name, strings.Join(known, ", "))
}

// description reads the top-level description key without decoding the
// whole scenario, so a listing never depends on validation.
func description(data []byte) string {
	f, err := parser.ParseBytes(data, 0)
	if err != nil || len(f.Docs) == 0 || f.Docs[0] == nil {
		return ""
	}
	var d decoder
	body, _ := d.resolve(f.Docs[0].Body)
	if m, ok := body.(*ast.MappingNode); ok {
		for _, e := range m.Values {
			if k, _ := scalarText(e.Key); k == "description" {
				text, _ := scalarText(e.Value)
				return strings.TrimSpace(text)
			}
		}
	}
	return ""
}
