package iac

import (
	"fmt"
	"strconv"
	"strings"
)

// maxEvalDepth bounds nested intrinsic functions (an !If in a !Join in a
// !Sub ...); templates nest two or three.
const maxEvalDepth = 16

// eval evaluates a CloudFormation value to a single text where that can be
// done before deployment: literals, Ref to a parameter (its Default, with a
// warning), FindInMap with keys that evaluate, Join, Select, Sub; Fn::If
// takes its first branch, with a warning, since conditions depend on
// deployment parameters. p.at names the setting for those warnings.
func (p *reader) eval(n *node, depth int) (string, *unresolved) {
	if depth > maxEvalDepth {
		return "", &unresolved{expr: "intrinsic functions", why: fmt.Sprintf("nested more than %d deep", maxEvalDepth)}
	}
	if p.steps++; p.steps > maxVarSteps {
		return "", &unresolved{expr: "intrinsic functions", why: fmt.Sprintf("the file has more than %d to evaluate", maxVarSteps)}
	}
	switch {
	case n == nil || n.kind == nullNode:
		return "", &unresolved{expr: "nothing", why: "no value"}
	case n.kind == scalarNode:
		return n.text, nil
	case n.kind == listNode || len(n.keys) != 1:
		return "", &unresolved{expr: n.describe(), why: "not a single value"}
	}
	fn, arg := n.keys[0], n.vals[0]
	short := "!" + strings.TrimPrefix(fn, "Fn::")
	args := listItems(arg)
	switch fn {
	case "Ref":
		name, u := p.eval(arg, depth+1)
		if u != nil {
			return "", u
		}
		return p.ref(name)
	case "Fn::FindInMap":
		if len(args) < 3 {
			break
		}
		var keys [3]string
		for i := range keys {
			k, u := p.eval(args[i], depth+1)
			if u != nil {
				return "", u
			}
			keys[i] = k
		}
		v := p.root.get("Mappings").get(keys[0]).get(keys[1]).get(keys[2])
		if v == nil {
			if len(args) == 4 { // the language extension's DefaultValue
				return p.eval(args[3].get("DefaultValue"), depth+1)
			}
			return "", &unresolved{expr: short, why: fmt.Sprintf("Mappings has no %s.%s.%s", keys[0], keys[1], keys[2])}
		}
		return p.eval(v, depth+1)
	case "Fn::If":
		if len(args) != 3 {
			break
		}
		cond, _ := p.eval(args[0], depth+1)
		p.warn(p.at.line, p.at.path, "the condition %s cannot be evaluated before deployment: its first branch taken", clip(cond))
		return p.eval(args[1], depth+1)
	case "Fn::Join":
		if len(args) != 2 || args[1].kind != listNode {
			break
		}
		sep, u := p.eval(args[0], depth+1)
		if u != nil {
			return "", u
		}
		parts := make([]string, 0, len(args[1].items))
		for _, it := range args[1].items {
			s, u := p.eval(it, depth+1)
			if u != nil {
				return "", u
			}
			parts = append(parts, s)
		}
		return clipped(strings.Join(parts, sep))
	case "Fn::Select":
		if len(args) != 2 || args[1].kind != listNode {
			break
		}
		i, u := p.eval(args[0], depth+1)
		if u != nil {
			return "", u
		}
		k, err := strconv.Atoi(i)
		if err != nil || k < 0 || k >= len(args[1].items) {
			return "", &unresolved{expr: short, why: fmt.Sprintf("index %q is not in the list", clip(i))}
		}
		return p.eval(args[1].items[k], depth+1)
	case "Fn::Sub":
		return p.sub(arg, depth)
	}
	if strings.HasPrefix(fn, "Fn::") || fn == "Condition" {
		return "", &unresolved{expr: short, why: "CloudFormation evaluates it when deploying"}
	}
	return "", &unresolved{expr: n.describe(), why: "not a single value"}
}

// ref evaluates Ref: a parameter's value from Options.Vars or its Default.
func (p *reader) ref(name string) (string, *unresolved) {
	if v, ok := p.opt.Vars["param:"+name]; ok {
		return v, nil
	}
	if strings.HasPrefix(name, "AWS::") {
		return "", &unresolved{expr: "!Ref " + name, why: "a pseudo parameter known only when deploying"}
	}
	param := p.root.get("Parameters").get(name)
	if param == nil {
		return "", &unresolved{expr: "!Ref " + clip(name), why: "not a parameter: a resource's ID is known only once deployed"}
	}
	def := param.get("Default")
	if def == nil || def.kind != scalarNode {
		return "", &unresolved{expr: "!Ref " + name, why: "the parameter has no Default; give its value as param:" + name}
	}
	p.warn(p.at.line, p.at.path, "!Ref %s: the parameter's Default %q (line %d) used; the deployed value may differ", name, clip(def.text), def.line)
	return def.text, nil
}

// sub evaluates Fn::Sub: "text ${Name}" or [text, {Name: value}].
func (p *reader) sub(arg *node, depth int) (string, *unresolved) {
	text, vars := arg, (*node)(nil)
	if arg.kind == listNode && len(arg.items) == 2 {
		text, vars = arg.items[0], arg.items[1]
	}
	if text.kind != scalarNode {
		return "", &unresolved{expr: "!Sub", why: "its template is not a string"}
	}
	s := text.text
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if lit, ok := strings.CutPrefix(name, "!"); ok { // ${!Literal} is written as ${Literal}
			b.WriteString("${" + lit + "}")
			continue
		}
		var v string
		var u *unresolved
		if vv := vars.get(name); vv != nil {
			v, u = p.eval(vv, depth+1)
		} else if strings.Contains(name, ".") {
			u = &unresolved{expr: "${" + name + "}", why: "an attribute known only once deployed"}
		} else {
			v, u = p.ref(name)
		}
		if u != nil {
			return "", u
		}
		b.WriteString(v)
		if b.Len() > maxVarText {
			break
		}
	}
	return clipped(b.String())
}

func clipped(s string) (string, *unresolved) {
	if len(s) > maxVarText {
		return "", &unresolved{expr: clip(s), why: fmt.Sprintf("expands to more than %d bytes", maxVarText)}
	}
	return s, nil
}

// structure looks through the Fn::If around a mapping or list valued
// property (Architectures: !If [IsProd, [arm64], [x86_64]]), taking the
// first branch with a warning, as eval does.
func (p *reader) structure(n *node, at loc) *node {
	for range maxEvalDepth {
		args := listItems(n.get("Fn::If"))
		if len(n.keys) != 1 || len(args) != 3 {
			return n
		}
		cond, _ := p.eval(args[0], 0)
		p.warn(at.line, at.path, "the condition %s cannot be evaluated before deployment: its first branch taken", clip(cond))
		n = args[1]
	}
	return n
}
