package iac

import (
	"fmt"

	"github.com/goccy/go-yaml/ast"

	"faassim/internal/yamlerr"
)

// kind is what a node of the converted tree holds.
type kind uint8

const (
	nullNode kind = iota
	scalarNode
	mapNode
	listNode
)

// node is a YAML or JSON value with its line, aliases resolved and
// short-form CloudFormation tags turned into their long forms (!Ref X
// becomes {Ref: X}, !GetAtt A.B {Fn::GetAtt: A.B}), so the readers below
// see one shape whatever the file's style. Aliases share the node of their
// anchor: the tree is never bigger than the file.
type node struct {
	kind kind
	text string // a scalar's text as written (numbers and booleans too)
	keys []string
	vals []*node // a mapping's values, in the order of keys
	// keyLines are the lines of a mapping's keys (a value's line is where
	// the value starts, the next line for a block mapping).
	keyLines []int
	items    []*node // a list's entries
	line     int
}

// get returns the value of a mapping's key, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// keyLine returns the line of a mapping's i-th key.
func (n *node) keyLine(i int) int {
	if i < len(n.keyLines) {
		return n.keyLines[i]
	}
	return n.vals[i].line
}

// isNull is true for a missing or empty value.
func (n *node) isNull() bool { return n == nil || n.kind == nullNode }

// describe names what a node is, for messages.
func (n *node) describe() string {
	switch {
	case n == nil || n.kind == nullNode:
		return "nothing"
	case n.kind == mapNode:
		return "a mapping"
	case n.kind == listNode:
		return "a list"
	}
	return fmt.Sprintf("%q", clip(n.text))
}

// clip shortens a text quoted in a message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// maxNodes bounds the converted tree, merge keys included (a merge copies
// its source's entries): a 1 MB file has at most about 500,000 values.
const maxNodes = 2_000_000

// converter turns the parser's AST into nodes.
type converter struct {
	anchors map[string]*node // the last anchor of each name seen so far
	count   int
	depth   int
}

var errTooBig = fmt.Errorf("the file's merge keys (<<) expand it to more than %d values", maxNodes)

// intrinsics are the short-form tags of CloudFormation's intrinsic
// functions and condition functions; !Ref and !Condition have no Fn::.
var intrinsics = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition", "!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!If": "Fn::If",
	"!Join": "Fn::Join", "!Select": "Fn::Select", "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue",
	"!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And", "!Or": "Fn::Or", "!Base64": "Fn::Base64",
	"!Split": "Fn::Split", "!GetAZs": "Fn::GetAZs", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform",
	"!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
}

func (c *converter) convert(n ast.Node) (*node, error) {
	if c.count++; c.count > maxNodes {
		return nil, errTooBig
	}
	// The input's depth is capped before parsing (limits.MaxDepth), so
	// this recursion is bounded; merge keys and tags add a level each.
	if c.depth++; c.depth > 4*100 {
		return nil, fmt.Errorf("nested too deeply")
	}
	defer func() { c.depth-- }()
	line := yamlerr.Line(n)
	switch t := n.(type) {
	case nil, *ast.NullNode:
		return &node{line: line}, nil
	case *ast.StringNode:
		return &node{kind: scalarNode, text: t.Value, line: line}, nil
	case *ast.LiteralNode:
		text := ""
		if t.Value != nil {
			text = t.Value.Value
		}
		return &node{kind: scalarNode, text: text, line: line}, nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		text := ""
		if tk := t.GetToken(); tk != nil {
			text = tk.Value
		}
		return &node{kind: scalarNode, text: text, line: line}, nil
	case *ast.TagNode:
		v, err := c.convert(t.Value)
		if err != nil {
			return nil, err
		}
		tag := ""
		if t.Start != nil {
			tag = t.Start.Value
		}
		if long, ok := intrinsics[tag]; ok {
			return &node{kind: mapNode, keys: []string{long}, vals: []*node{v}, line: line}, nil
		}
		return v, nil // !!str, !!int and unknown tags: the value as written
	case *ast.AnchorNode:
		v, err := c.convert(t.Value)
		if err != nil {
			return nil, err
		}
		c.anchors[tokenText(t.Name)] = v
		return v, nil
	case *ast.AliasNode:
		if v, ok := c.anchors[tokenText(t.Value)]; ok {
			return v, nil
		}
		return &node{line: line}, nil // an alias to its own anchor, or to none
	case *ast.MappingKeyNode:
		return c.convert(t.Value)
	case *ast.MappingValueNode:
		return c.mapping([]*ast.MappingValueNode{t}, line)
	case *ast.MappingNode:
		return c.mapping(t.Values, line)
	case *ast.SequenceNode:
		out := &node{kind: listNode, line: line, items: make([]*node, 0, len(t.Values))}
		for _, e := range t.Values {
			v, err := c.convert(e)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, v)
		}
		return out, nil
	}
	return &node{line: line}, nil // directives, comments: nothing
}

func (c *converter) mapping(entries []*ast.MappingValueNode, line int) (*node, error) {
	out := &node{kind: mapNode, line: line}
	var merges []*node
	for _, e := range entries {
		if e == nil || e.Key == nil {
			continue
		}
		v, err := c.convert(e.Value)
		if err != nil {
			return nil, err
		}
		if e.Key.IsMergeKey() {
			merges = append(merges, v)
			continue
		}
		k, err := c.convert(e.Key)
		if err != nil {
			return nil, err
		}
		if k.kind != scalarNode {
			continue // a complex key: no deployment file has one
		}
		if v.line == 0 || v.kind == nullNode {
			v.line = k.line // an empty value's line is its key's
		}
		out.keys = append(out.keys, k.text)
		out.vals = append(out.vals, v)
		out.keyLines = append(out.keyLines, k.line)
	}
	// Merge keys (<<: *base, common in serverless.yml) add the entries the
	// mapping does not write itself, the first source winning.
	var seen map[string]bool
	if len(merges) > 0 {
		seen = make(map[string]bool, len(out.keys))
		for _, k := range out.keys {
			seen[k] = true
		}
	}
	for _, m := range merges {
		srcs := []*node{m}
		if m.kind == listNode {
			srcs = m.items
		}
		for _, s := range srcs {
			if s.kind != mapNode {
				continue
			}
			for i, k := range s.keys {
				if seen[k] {
					continue
				}
				seen[k] = true
				if c.count++; c.count > maxNodes {
					return nil, errTooBig
				}
				out.keys = append(out.keys, k)
				out.vals = append(out.vals, s.vals[i])
				out.keyLines = append(out.keyLines, s.keyLine(i))
			}
		}
	}
	return out, nil
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
