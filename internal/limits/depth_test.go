package limits

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// scanned is the depth yamlDepth counts: the smallest limit it accepts.
func scanned(doc string) int {
	for limit := 0; ; limit++ {
		if yamlDepth([]byte(doc), limit) == 0 {
			return limit
		}
	}
}

// astDepth is the true nesting depth of a parsed document.
func astDepth(n ast.Node) int {
	switch t := n.(type) {
	case *ast.DocumentNode:
		return astDepth(t.Body)
	case *ast.MappingNode:
		d := 0
		for _, v := range t.Values {
			d = max(d, astDepth(v.Value))
		}
		return d + 1
	case *ast.MappingValueNode:
		return astDepth(t.Value) + 1
	case *ast.SequenceNode:
		d := 0
		for _, v := range t.Values {
			d = max(d, astDepth(v))
		}
		return d + 1
	case *ast.AnchorNode:
		return astDepth(t.Value)
	case *ast.TagNode:
		return astDepth(t.Value)
	}
	return 0
}

func TestYAMLDepth(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		want int
	}{
		{"scalar", "hello\n", 0},
		{"mapping", "a: 1\nb: 2\n", 1},
		{"nested mapping", "a:\n  b:\n    c: 1\nd: 2\n", 3},
		{"list under key", "a:\n  - 1\n  - 2\n", 2},
		{"list at key column", "a:\n- 1\n- 2\n", 1}, // shares the key's level (documented)
		{"compact lists", "- - - x\n", 3},
		{"mapping in list", "- a: 1\n  b:\n    - c\n", 3},
		{"flow", "a: [[1, [2]], {b: [3]}]\n", 4},
		{"flow over lines", "a: [\n  [1,\n   [2]]]\n", 4},
		{"brackets in plain text", "a: values in [0, 1)\nb: x\n", 1},
		{"brackets in a comment", "a: 1 # [[[[[[\nb: 2\n", 1},
		{"brackets in quotes", "a: \"[[[[\"\nb: '[[[['\n", 1},
		{"apostrophe is text", "a: it's [[[\nb: 1\n", 1},
		{"brackets in a block scalar", "a: |\n  [[[[[\n  {{{{\nb: 1\n", 1},
		{"block scalar in a list", "- k: |\n    [[[[\n  j: [1]\n", 3},
		{"multi-line quote", "a: \"x\n  [[[[ \"\nb: [1]\n", 2},
		{"plain text goes on below", "a: x\n  'y\nb: [[1]]\n", 3},
		{"anchors and tags", "a: &x !!seq [[1]]\nb: *x\n", 3},
		{"documents", "a:\n  b: 1\n---\nc: [1]\n", 2},
		{"crlf", "a:\r\n  b:\r\n    c: 1\r\n", 3},
		{"cr only", "a:\r b:\r  c: 1\r", 3},
	}
	for _, c := range cases {
		if got := scanned(c.doc); got != c.want {
			t.Errorf("%s: depth %d, want %d\n%s", c.name, got, c.want, c.doc)
		}
	}
}

// The hostile inputs of the issue are refused quickly, at the line where
// they go too deep.
func TestYAMLDepthHostile(t *testing.T) {
	cases := map[string]string{
		"flow 100,000 deep":  "name: x\nplatforms: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n",
		"block 1,000 deep":   blockNest(1000),
		"compact 1,000 deep": strings.Repeat("- ", 1000) + "x\n",
		"hidden after plain": "a: x\n  'y\nb: " + strings.Repeat("[", 200) + "\n",
	}
	for name, doc := range cases {
		start := time.Now()
		line := yamlDepth([]byte(doc), MaxDepth)
		if line == 0 || time.Since(start) > time.Second {
			t.Errorf("%s: refused at line %d in %v; want a refusal within a second", name, line, time.Since(start))
		}
	}
}

func blockNest(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sk%d:\n", strings.Repeat(" ", i), i)
	}
	return b.String()
}

// On random documents that goccy/go-yaml parses, the scan never counts
// less than half the true depth (the one case it merges: a list at its
// key's column), so no document deeper than 2 x MaxDepth reaches the
// parser.
func TestYAMLDepthNeverFarBelowTheParser(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	parsed, maxTruth, under := 0, 0, 0
	defer func() { t.Logf("%d documents parsed, deepest %d, %d counted shallower", parsed, maxTruth, under) }()
	for i := range 3000 {
		doc := randomYAML(r, 0, 6)
		f, err := parser.ParseBytes([]byte(doc), 0)
		if err != nil || len(f.Docs) == 0 {
			continue
		}
		truth := 0
		for _, d := range f.Docs {
			truth = max(truth, astDepth(d))
		}
		parsed++
		maxTruth = max(maxTruth, truth)
		got := scanned(doc)
		if got < truth {
			under++
		}
		if 2*got < truth {
			t.Fatalf("document %d: scanned depth %d, parser depth %d:\n%s", i, got, truth, doc)
		}
	}
}

// randomYAML writes a random block document of the constructs the scan
// knows, indented by indent.
func randomYAML(r *rand.Rand, indent, budget int) string {
	pad := strings.Repeat(" ", indent)
	scalars := []string{"x", "it's", "'q [x'", "\"d [{\"", "a # [[", "values in [0, 1)", "&a v", "!!str s"}
	var b strings.Builder
	for range 1 + r.IntN(3) {
		key := fmt.Sprintf("k%d", r.IntN(1000))
		switch k := r.IntN(7); {
		case budget == 0 || k == 0:
			fmt.Fprintf(&b, "%s%s: %s\n", pad, key, scalars[r.IntN(len(scalars))])
		case k == 1:
			fmt.Fprintf(&b, "%s%s: %s\n", pad, key, randomFlow(r, budget))
		case k == 2:
			fmt.Fprintf(&b, "%s%s: |\n%s  [[[ {{ text\n", pad, key, pad)
		case k == 3:
			fmt.Fprintf(&b, "%s%s:\n%s", pad, key, randomYAML(r, indent+2, budget-1))
		case k == 4:
			fmt.Fprintf(&b, "%s%s:\n", pad, key)
			for range 1 + r.IntN(2) {
				fmt.Fprintf(&b, "%s  - %s\n", pad, randomFlow(r, budget-1))
			}
		default:
			fmt.Fprintf(&b, "%s%s:\n%s  -\n%s", pad, key, pad, randomYAML(r, indent+4, budget-1))
		}
	}
	return b.String()
}

func randomFlow(r *rand.Rand, budget int) string {
	if budget == 0 || r.IntN(3) == 0 {
		return []string{"1", "'a, ]'", "\"b}\"", "c"}[r.IntN(4)]
	}
	var parts []string
	for range 1 + r.IntN(3) {
		parts = append(parts, randomFlow(r, budget-1))
	}
	if r.IntN(2) == 0 {
		return "[" + strings.Join(parts, ", ") + "]"
	}
	for i := range parts {
		parts[i] = fmt.Sprintf("k%d: %s", i, parts[i])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// FuzzYAMLDepth checks the scan against the parser on arbitrary documents:
// it never panics, and on every document goccy/go-yaml parses it counts
// at least half the true depth, so nothing deeper than 2 x MaxDepth reaches
// the parser.
func FuzzYAMLDepth(f *testing.F) {
	for _, seed := range []string{"a: 1\n", "a:\n- b\n- - c\n", "a: [1, {b: [2]}]\n", "a: |\n  [[[\nb: 1\n",
		"a: x\n  'y\nb: [[1]]\n", "- &a [1]\n- *a\n", "a: \"x\n [[\"\nb: {c: [d]}\n", "? [a]\n: [b]\n", "a:\r b:\r  c: 1\r",
		"0:\n- \n0:\n-"} { // the last: goccy/go-yaml nests it 4 deep (found by this fuzzer)
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		got := scanned(doc)
		if len(doc) > 4096 || controlLine([]byte(doc)) > 0 {
			return // the parser's cost, not the scan's, would dominate; or refused before the scan
		}
		file, err := parser.ParseBytes([]byte(doc), 0)
		if err != nil {
			return
		}
		truth := 0
		for _, d := range file.Docs {
			truth = max(truth, astDepth(d))
		}
		if 2*got+1 < truth {
			t.Fatalf("scanned depth %d, parser depth %d:\n%q", got, truth, doc)
		}
	})
}

// The shapes goccy/go-yaml handles in quadratic time or memory are caught:
// a mapping with too many keys, and its nesting of keys under empty entries.
func TestYAMLParserQuirks(t *testing.T) {
	var keys strings.Builder
	for i := range MaxKeys + 1 {
		fmt.Fprintf(&keys, "k%d: 1\n", i)
	}
	if line, many := yamlCheck([]byte(keys.String()), MaxDepth, MaxKeys); !many || line != MaxKeys+1 {
		t.Errorf("%d keys: line %d, many %v", MaxKeys+1, line, many)
	}
	var list strings.Builder // the same keys, one per list item: linear for the parser
	for i := range MaxKeys + 1 {
		fmt.Fprintf(&list, "- k%d: 1\n", i)
	}
	if line, _ := yamlCheck([]byte(list.String()), MaxDepth, MaxKeys); line != 0 {
		t.Errorf("a list of %d one-key mappings refused at line %d", MaxKeys+1, line)
	}
	for _, pat := range []string{"0:\n- \n", "- \n0:\n", "-\n? k\n", "k:\n-\n-\n"} {
		doc := strings.Repeat(pat, 1000) // goccy/go-yaml nests these 2,000 deep
		if yamlDepth([]byte(doc), MaxDepth) == 0 {
			t.Errorf("%q x 1000 passed", pat)
		}
	}
	in := YAMLInput("scenario file", Budget{})
	if err := in.CheckYAML([]byte(keys.String())); err == nil || !strings.HasPrefix(err.Msg, "a mapping with more than 10,000 keys") {
		t.Errorf("CheckYAML: %v", err)
	}
}
