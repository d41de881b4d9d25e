package limits

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml/parser"
)

// The scan counts documents as the parser does, and refuses more than
// MaxDocs before the parser sees them, at the line of the first one too
// many: the parser takes time growing with the square of the documents
// (23 s and 320 MB for 110,000 of "---\na: 1").
func TestYAMLDocuments(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		docs int
		line int // of the second document: its first content, as the parser says, or its marker
	}{
		{"one", "a: 1\n", 1, 0},
		{"one, with a start marker", "---\na: 1\n", 1, 0},
		{"one, with an end marker", "a: 1\n...\n", 1, 0},
		{"one, both markers and comments", "# c\n---\na: 1\n...\n# end\n", 1, 0},
		{"one, empty ones merged", "---\n---\na: 1\n", 1, 0},
		{"two", "a: 1\n---\nb: 2\n", 2, 3},
		{"two, the second on the marker line", "a: 1\n--- b\n", 2, 2},
		{"two, after an end marker", "a: 1\n...\nb: 2\n", 2, 3},
		{"two, the second empty", "a: 1\n---\n", 2, 2},
		{"a marker ends a block scalar", "a: |\n  text\n---\nb: 2\n", 2, 4},
		{"indented: text of a block scalar", "a: |\n  ---\n  text\n", 1, 0},
		{"not a marker", "a: ---x\nb: '---'\n", 1, 0},
		{"many", strings.Repeat("---\na: 1\n", 1000), 1000, 4},
	}
	in := YAMLInput("scenario file", Budget{})
	for _, c := range cases {
		file, err := parser.ParseBytes([]byte(c.doc), 0)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(file.Docs) != c.docs {
			t.Errorf("%s: the parser finds %d documents, the case says %d", c.name, len(file.Docs), c.docs)
		}
		s := scanYAML([]byte(c.doc), MaxDepth, MaxKeys)
		if s.docs != c.docs {
			t.Errorf("%s: scanned %d documents, want %d", c.name, s.docs, c.docs)
		}
		err2 := in.CheckYAML([]byte(c.doc))
		switch {
		case c.docs == 1 && err2 != nil:
			t.Errorf("%s: refused: %v", c.name, err2)
		case c.docs > 1 && (err2 == nil || err2.Line != c.line ||
			err2.Msg != "a scenario file holds one YAML document, found "+FormatCount(float64(c.docs))):
			t.Errorf("%s: %+v; want line %d", c.name, err2, c.line)
		}
	}
	// Allowed more, the input takes them and refuses one more.
	sheets := YAMLInput("price sheet", Budget{})
	sheets.MaxDocs, sheets.Docs = 3, "write one list"
	if err := sheets.CheckYAML([]byte(strings.Repeat("---\na: 1\n", 3))); err != nil {
		t.Errorf("3 of 3 documents: %v", err)
	}
	if err := sheets.CheckYAML([]byte(strings.Repeat("---\na: 1\n", 4))); err == nil || err.Line != 8 ||
		err.Msg != "a price sheet holds at most 3 YAML documents, found 4: write one list" {
		t.Errorf("4 of 3 documents: %+v", err)
	}
}
