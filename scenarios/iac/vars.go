package iac

import (
	"fmt"
	"strings"
)

// Bounds on serverless.yml's ${...} variables, so that a hostile file can
// neither loop (a: ${self:b}, b: ${self:a}) nor blow up (each level
// doubling the text).
const (
	maxVarDepth = 10      // variables inside variables, or referring to ones that are
	maxVarText  = 4096    // bytes a value may expand to
	maxVarSteps = 200_000 // variables resolved in one file, all values together
)

// unresolved says why a variable has no value here.
type unresolved struct {
	expr string // the ${...} as written
	why  string
	// deploy: only the deployment can read it (ssm:, cf:, file(...)),
	// so a fallback taken instead is a guess worth a warning.
	deploy bool
}

// deployTime names the variable sources that only the deployment itself
// can read.
var deployTime = map[string]string{
	"ssm": "is read from SSM Parameter Store when deploying", "cf": "is read from another stack's outputs when deploying",
	"s3": "is read from S3 when deploying", "aws": "is read from the AWS account when deploying",
	"file": "reads another file", "sls": "is known only when deploying",
	"secretsmanager": "is read from Secrets Manager when deploying", "terraform": "is read from Terraform state when deploying",
	"vault": "is read from Vault when deploying", "git": "is read from git", "strToBool": "is a function of another variable",
}

// expand resolves the variables of a scalar's text.
func (p *reader) expand(s string, depth int) (string, *unresolved) {
	vars := strings.Contains(s, "${")
	if depth > maxVarDepth {
		u := &unresolved{why: fmt.Sprintf("variables nest more than %d deep (a loop?)", maxVarDepth)}
		if vars {
			u.expr = clip(s) // else the reference that led here names it
		}
		return "", u
	}
	if !vars {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+j])
		start := i + j
		end := closing(s, start+2)
		if end < 0 {
			return "", &unresolved{expr: clip(s[start:]), why: "has no closing }"}
		}
		v, u := p.variable(s[start+2:end], depth+1)
		if u != nil {
			if u.expr == "" {
				u.expr = clip(s[start : end+1])
			}
			return "", u
		}
		b.WriteString(v)
		if b.Len() > maxVarText {
			return "", &unresolved{expr: clip(s), why: fmt.Sprintf("expands to more than %d bytes", maxVarText)}
		}
		i = end + 1
	}
	return b.String(), nil
}

// closing returns the index of the } closing a ${ whose content starts at
// i, or -1.
func closing(s string, i int) int { return scanOutside(s, i, '}') }

// splitFallback splits "source, fallback" at its first comma outside
// quotes and nested braces.
func splitFallback(s string) (src, fallback string, has bool) {
	if i := scanOutside(s, 0, ','); i >= 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
	}
	return strings.TrimSpace(s), "", false
}

// scanOutside returns the index of the first stop byte ('}' or ',') at or
// after i that is outside quotes and outside the braces opened after i,
// or -1. A '}' that closes more than was opened ends the depth-0 region:
// no comma after it splits.
func scanOutside(s string, i int, stop byte) int {
	depth := 0
	var quote byte
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == stop && depth == 0:
			return i
		case c == '{':
			depth++
		case c == '}':
			depth--
		}
	}
	return -1
}

// variable resolves the inside of one ${...}.
func (p *reader) variable(inner string, depth int) (string, *unresolved) {
	if p.steps++; p.steps > maxVarSteps {
		return "", &unresolved{why: fmt.Sprintf("the file has more than %d variables to resolve", maxVarSteps)}
	}
	src, fallback, hasFallback := splitFallback(inner)
	v, u := p.source(src, depth)
	if u == nil || !hasFallback {
		return v, u
	}
	fv, fu := p.fallback(fallback, depth)
	if fu != nil {
		return "", fu
	}
	if u.deploy {
		p.warn(p.at.line, p.at.path, "${%s} %s: its fallback %q used", clip(src), u.why, clip(fv))
	}
	return fv, nil
}

// fallback reads the second part of ${source, fallback}: a quoted string,
// a number or boolean, another variable, or a bare source (self:x).
func (p *reader) fallback(f string, depth int) (string, *unresolved) {
	if len(f) >= 2 && (f[0] == '\'' || f[0] == '"') && f[len(f)-1] == f[0] {
		return p.expand(f[1:len(f)-1], depth)
	}
	if strings.Contains(f, "${") {
		return p.expand(f, depth)
	}
	if prefix, _, ok := strings.Cut(f, ":"); ok && !strings.ContainsAny(prefix, " /") {
		return p.variable(f, depth)
	}
	return f, nil
}

// source resolves "self:custom.x", "opt:stage", "env:X", ...
func (p *reader) source(src string, depth int) (string, *unresolved) {
	// The source may hold variables itself: ${self:custom.${opt:stage}.mem}.
	src, u := p.expand(src, depth)
	if u != nil {
		return "", u
	}
	prefix, addr, ok := strings.Cut(src, ":")
	if !ok {
		// ${file(./x.yml):key} has its colon after the call; a bare name is no source.
		name, _, _ := strings.Cut(src, "(")
		if why, known := deployTime[name]; known {
			return "", &unresolved{why: name + "(...) " + why, deploy: true}
		}
		return "", &unresolved{why: fmt.Sprintf("unknown variable source %q", clip(src))}
	}
	label := prefix + ":"
	if name, _, call := strings.Cut(prefix, "("); call {
		prefix, label = name, name+"(...)"
	}
	if v, ok := p.opt.Vars[prefix+":"+addr]; ok {
		return v, nil
	}
	switch prefix {
	case "self":
		n := p.lookup(addr)
		switch {
		case n == nil:
			return "", &unresolved{why: fmt.Sprintf("%s is not in the file", addr)}
		case n.kind != scalarNode:
			return "", &unresolved{why: fmt.Sprintf("%s is %s, not a value", addr, n.describe())}
		}
		// The reference already counted one level (variable): its value
		// is not another, so a chain of n references is n deep.
		return p.expand(n.text, depth)
	case "sls", "opt":
		if addr == "stage" {
			// sls:stage is --stage, else provider.stage, else dev.
			if v, ok := p.opt.Vars["opt:stage"]; ok {
				return v, nil
			}
			if prefix == "sls" {
				if n := p.lookup("provider.stage"); n != nil && n.kind == scalarNode {
					return p.expand(n.text, depth)
				}
				return "dev", nil
			}
		}
		if prefix == "opt" {
			return "", &unresolved{why: fmt.Sprintf("no value given for --%s", addr)}
		}
	case "env":
		return "", &unresolved{why: fmt.Sprintf("no value given for the environment variable %s", addr)}
	case "param":
		// Stage parameters: --param (Vars), then params.<stage>, then
		// params.default (serverless.com/framework/docs/guides/parameters);
		// only a name in neither is left to the Serverless Dashboard.
		stage, u := p.source("sls:stage", depth)
		if u != nil {
			return "", u
		}
		for _, block := range []string{stage, "default"} {
			params := p.resolveNode(p.root.get("params"))
			if n := p.resolveNode(params.get(block)).get(addr); n != nil && n.kind == scalarNode {
				return p.expand(n.text, depth)
			}
		}
		return "", &unresolved{why: fmt.Sprintf("%s is in neither params.%s nor params.default; the Serverless Dashboard or --var param:%s may give it", addr, stage, addr), deploy: true}
	}
	if why, known := deployTime[prefix]; known {
		return "", &unresolved{why: label + " " + why, deploy: true}
	}
	return "", &unresolved{why: fmt.Sprintf("unknown variable source %q", prefix)}
}

// lookup follows a dotted path from the file's root (lists by index).
func (p *reader) lookup(path string) *node {
	n := p.root
	for part := range strings.SplitSeq(path, ".") {
		switch {
		case n == nil:
			return nil
		case n.kind == listNode:
			i := 0
			if _, err := fmt.Sscanf(part, "%d", &i); err != nil || i < 0 || i >= len(n.items) {
				return nil
			}
			n = n.items[i]
		default:
			n = n.get(part)
		}
	}
	return n
}

// resolveNode looks through a value that is one ${self:...} variable
// standing for a mapping or a list (events: ${self:custom.events}).
func (p *reader) resolveNode(n *node) *node {
	for range maxVarDepth {
		if n == nil || n.kind != scalarNode || !strings.HasPrefix(n.text, "${self:") || closing(n.text, 2) != len(n.text)-1 {
			return n
		}
		src, _, _ := splitFallback(n.text[2 : len(n.text)-1])
		path, _ := strings.CutPrefix(src, "self:")
		target := p.lookup(path)
		if target == nil || target.kind == scalarNode {
			return n
		}
		n = target
	}
	return n
}
