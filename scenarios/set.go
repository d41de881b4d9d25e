package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"faassim/internal/limits"
	"faassim/internal/printable"
	"faassim/internal/yamlerr"
)

// A --set key is capped before any work: the longest real path has 7
// elements and about 60 bytes, and following a path costs time growing with
// the square of its elements (1 s and 156 MB for 60,000 of them).
const (
	maxSetSegments = 64
	maxSetKeyBytes = 256
	// shownSetBytes is as much of a key or value as a message echoes.
	shownSetBytes = 80
)

// shorten cuts s to shownSetBytes (at a character boundary) and escapes
// its control characters for messages: a key with line breaks in it must
// not spread its message over many lines.
func shorten(s string) string {
	if len(s) <= shownSetBytes {
		return printable.Escape(s)
	}
	cut := shownSetBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return printable.Escape(s[:cut]) + "..."
}

// applySets applies --set overrides ("key=value") to the document body and
// returns the new body. They edit the YAML tree, not the decoded structs,
// so an override goes through the same strict decoding and validation as
// the file, and every other node keeps its line. A problem with an
// override is recorded and the override skipped.
func (d *decoder) applySets(body ast.Node, sets []string) ast.Node {
	for _, kv := range sets {
		key, val, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			d.probs = append(d.probs, Problem{File: "--set " + shorten(kv),
				Reason: "want key=value, e.g. platforms.0.keep_alive.ttl=5m"})
			continue
		}
		fail := func(format string, args ...any) {
			d.probs = append(d.probs, Problem{File: "--set " + shorten(key), Reason: fmt.Sprintf(format, args...)})
		}
		if n := strings.Count(key, ".") + 1; n > maxSetSegments || len(key) > maxSetKeyBytes {
			fail("a key has at most %d dotted elements and %d bytes; this one has %s in %s bytes",
				maxSetSegments, maxSetKeyBytes, count(n, "element"), limits.FormatCount(float64(len(key))))
			continue
		}
		// The caps of a scenario file apply to each value, before parsing
		// (the key counts towards the size).
		in := limits.YAMLInput("--set value", d.budget)
		if in.MaxBytes >= 0 && int64(len(kv)) > in.MaxBytes {
			fail("%s", in.CheckYAML([]byte(kv)).Msg)
			continue
		}
		if err := in.CheckYAML([]byte(val)); err != nil {
			fail("%s", err.Msg)
			continue
		}
		value, err := parseSetValue(val)
		if err != nil {
			fail("invalid value %q: %v", shorten(val), err)
			continue
		}
		d.fromSet[value] = key
		segs := strings.Split(key, ".")
		for _, s := range segs {
			if s == "" {
				fail("empty element in key (want a dotted path such as platforms.0.name)")
				segs = nil
			}
		}
		if segs == nil {
			continue
		}
		if body, err = d.setNode(body, segs, value, key); err != nil {
			fail("%v", err)
		}
	}
	return body
}

// parseSetValue parses a --set value as YAML, so "2" is a number, "5m" a
// string and "{dist: exponential, mean: 1s}" a mapping.
func parseSetValue(val string) (ast.Node, error) {
	f, err := parser.ParseBytes([]byte(val), 0)
	if err != nil {
		_, msg := yamlerr.Split(err)
		return nil, fmt.Errorf("%s", msg)
	}
	if len(f.Docs) > 1 {
		return nil, fmt.Errorf("more than one YAML document")
	}
	if len(f.Docs) == 0 || f.Docs[0] == nil || f.Docs[0].Body == nil {
		return ast.Null(&token.Token{Type: token.NullType, Value: "null", Position: &token.Position{}}), nil
	}
	return f.Docs[0].Body, nil
}

// setNode puts value at segs under root, creating missing mappings, and
// returns the (possibly new) root.
func (d *decoder) setNode(root ast.Node, segs []string, value ast.Node, key string) (ast.Node, error) {
	slot := &root // the place holding the current node, so it can be replaced
	path := ""
	for i, seg := range segs {
		last := i == len(segs)-1
		// Look through tags and anchors; edits under an anchor show through
		// its aliases, as in the file.
		for {
			if t, ok := (*slot).(*ast.TagNode); ok {
				slot = &t.Value
			} else if a, ok := (*slot).(*ast.AnchorNode); ok {
				slot = &a.Value
			} else {
				break
			}
		}
		if al, ok := (*slot).(*ast.AliasNode); ok {
			return root, fmt.Errorf("%s is an alias (*%s): set the anchored value instead", path, tokenText(al.Value))
		}
		if mv, ok := (*slot).(*ast.MappingValueNode); ok {
			*slot = ast.Mapping(newToken("{"), false, mv)
		}
		if _, null := (*slot).(*ast.NullNode); *slot == nil || null {
			if isIndex(seg) {
				// An index into a list the scenario does not have: a
				// mapping keyed "0" would only be refused later as "want a
				// list, got a mapping".
				return root, fmt.Errorf("no %s[%s] (the scenario has no %s): set the whole list, e.g. %s='[...]'", path, seg, displayOr(path), strings.Join(segs[:i], "."))
			}
			m := ast.Mapping(newToken("{"), false)
			d.fromSet[m] = key
			*slot = m
		}
		child := seg
		if path != "" {
			child = path + "." + seg
		}
		switch t := (*slot).(type) {
		case *ast.MappingNode:
			var found *ast.MappingValueNode
			for _, e := range t.Values {
				if e == nil || e.Key == nil {
					continue
				}
				if k, ok := scalarText(e.Key); ok && k == seg {
					found = e
					break
				}
			}
			if found == nil {
				found = ast.MappingValue(newToken(":"), ast.String(newToken(seg)), nil)
				t.Values = append(t.Values, found)
			}
			if last {
				found.Value = value
				return root, nil
			}
			slot = &found.Value
		case *ast.SequenceNode:
			idx, err := strconv.Atoi(seg)
			if err != nil || !isIndex(seg) {
				return root, fmt.Errorf("%s is a list: use an index, e.g. %s.0", displayOr(path), strings.Join(segs[:i], "."))
			}
			if idx >= len(t.Values) {
				return root, fmt.Errorf("no %s[%s] (the scenario has %d)", path, seg, len(t.Values))
			}
			child = fmt.Sprintf("%s[%d]", path, idx)
			if last {
				t.Values[idx] = value
				return root, nil
			}
			slot = &t.Values[idx]
		default:
			return root, fmt.Errorf("cannot set %s inside %s: it is %s, not a mapping", seg, displayOr(path), kindOf(t))
		}
		path = child
	}
	return root, nil
}

func displayOr(path string) string {
	if path == "" {
		return "the document"
	}
	return path
}

func newToken(value string) *token.Token {
	return &token.Token{Type: token.StringType, Value: value, Origin: value, Position: &token.Position{}}
}

// setPath turns a --set key into a YAML path: "platforms.0.name" ->
// "platforms[0].name".
func setPath(key string) string {
	var b strings.Builder
	for i, seg := range strings.Split(key, ".") {
		switch {
		case isIndex(seg):
			b.WriteString("[" + seg + "]")
		case i > 0:
			b.WriteString("." + seg)
		default:
			b.WriteString(seg)
		}
	}
	return b.String()
}

func isIndex(seg string) bool {
	if seg == "" {
		return false
	}
	for _, c := range seg {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// scalarText returns the text of a scalar node as written (for a number,
// its digits), and false for anything else.
func scalarText(n ast.Node) (string, bool) {
	switch t := n.(type) {
	case *ast.StringNode:
		return t.Value, true
	case *ast.LiteralNode:
		if t.Value == nil {
			return "", true
		}
		return t.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return tokenText(t), true
	}
	return "", false
}

// kindOf names what a node is, for "want X, got Y" messages.
func kindOf(n ast.Node) string {
	switch t := n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		text, _ := scalarText(t)
		return strconv.Quote(text)
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + tokenText(t)
	case *ast.BoolNode:
		return tokenText(t)
	case nil:
		return "nothing"
	}
	return n.Type().YAMLName()
}

// intValue converts an integer node to float64 (false if out of range).
func intValue(n *ast.IntegerNode) (float64, bool) {
	switch x := n.Value.(type) {
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return math.NaN(), false
}

func tokenText(n ast.Node) string {
	if n == nil {
		return ""
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}
