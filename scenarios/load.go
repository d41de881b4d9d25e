package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"faassim/internal/limits"
	"faassim/internal/yamlerr"
	"faassim/models/pricing"
)

// Open loads a scenario from a file path or, for "example:NAME", from the
// embedded examples, applies the --set overrides and validates it (with the
// embedded price sheets: see OpenWith).
func Open(ref string, sets []string) (*Scenario, error) { return OpenWith(ref, sets, Options{}) }

// OpenWith is Open with the options the scenario will run with: its
// platforms are resolved against opt.Prices as well as the embedded sheets,
// so that every problem is reported at once, before any simulation.
func OpenWith(ref string, sets []string, opt Options) (*Scenario, error) {
	if name, ok := strings.CutPrefix(ref, "example:"); ok {
		data, err := ExampleSource(name)
		if err != nil {
			return nil, err
		}
		s, err := load(name+".yaml", data, sets, opt, true)
		return s, err
	}
	// Read no more than the size cap: a 10 GB file is refused, not read.
	data, err := limits.YAMLInput("scenario file", opt.Budget).ReadFile(ref)
	if err != nil {
		return nil, err // already "open FILE: reason" or "FILE: too large"
	}
	return LoadWith(ref, data, sets, opt)
}

// Load parses a scenario file, applies the --set overrides ("key=value",
// see set.go), decodes it strictly, applies the defaults and validates it.
// filename only labels the problems. On failure the error is Problems: every
// problem found, each as "FILE:LINE: yaml.path: reason".
func Load(filename string, data []byte, sets []string) (*Scenario, error) {
	return LoadWith(filename, data, sets, Options{})
}

// LoadWith is Load with the options the scenario will run with (see OpenWith).
func LoadWith(filename string, data []byte, sets []string, opt Options) (*Scenario, error) {
	return load(filename, data, sets, opt, false)
}

func load(filename string, data []byte, sets []string, opt Options, embedded bool) (*Scenario, error) {
	d := &decoder{src: &source{file: filename, at: map[string]origin{}, embedded: embedded, size: len(data)}, fromSet: map[ast.Node]string{},
		anchors: map[string][]*ast.AnchorNode{}, budget: opt.Budget}
	// Size and depth are checked before the parser sees the file: its
	// memory grows with the square of the depth.
	if err := limits.YAMLInput("scenario file", opt.Budget).CheckYAML(data); err != nil {
		return nil, Problems{{File: filename, Line: err.Line, Reason: err.Msg}}
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		line, msg := yamlerr.Split(err)
		return nil, Problems{{File: filename, Line: line, Reason: msg}}
	}
	var body ast.Node
	if len(file.Docs) > 0 && file.Docs[0] != nil {
		body = file.Docs[0].Body
	}
	if len(file.Docs) > 1 {
		d.add("", origin{line: yamlerr.Line(file.Docs[1])},
			"a scenario file holds one YAML document, found %d", len(file.Docs))
	}
	// Anchors are collected before --set edits the tree, so an alias keeps
	// meaning what the file says even if --set replaces its anchor's use.
	if body != nil {
		for _, n := range ast.Filter(ast.AnchorType, body) {
			if a, ok := n.(*ast.AnchorNode); ok {
				name := tokenText(a.Name)
				d.anchors[name] = append(d.anchors[name], a)
			}
		}
		for _, as := range d.anchors {
			slices.SortStableFunc(as, func(a, b *ast.AnchorNode) int { return yamlerr.Offset(a) - yamlerr.Offset(b) })
		}
	}
	body = d.applySets(body, sets)

	s := &Scenario{src: d.src, budget: opt.Budget, ctx: opt.Context}
	d.decode(body, reflect.ValueOf(s).Elem(), "", origin{line: max(yamlerr.Line(body), 1)})
	if d.expanded {
		// Decoding stopped part way: whatever else would be reported is
		// an artefact of that.
		return nil, Problems{d.probs[len(d.probs)-1]}
	}
	if _, written := d.src.at["replications"]; written && s.Replications == 0 {
		// Defaulting a written 0 to 1 would hide the mistake.
		d.add("replications", d.src.at["replications"], "must be >= 1, got 0")
	}
	if _, written := d.src.at["month"]; written && s.Month == 0 {
		d.add("month", d.src.at["month"], "must be a positive duration, 720h or 730h, got 0s")
	}
	s.ApplyDefaults()
	opt.synths.share(s) // before the problems, which generate the population
	probs := d.probs
	// A value that failed to decode is left zero; validating it would only
	// repeat the decode problem in other words. When the whole document is
	// not a mapping, that is the one thing to say.
	if !d.rootFailed {
		probs = append(probs, s.problems(d.probs, opt)...)
	}
	if err := s.interrupted(); err != nil {
		return nil, err // a population generated in part: not a problem of the file
	}
	if len(probs) > 0 {
		sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
		return nil, probs
	}
	return s, nil
}

// ApplyDefaults fills the generic defaults, the ones that do not depend on
// a preset: replications 1; month 720h (30 days); platform kind faas;
// keep_alive fixed with a 10m TTL when no policy is given (a TTL alone
// implies fixed); on_limit reject; idle_choice mru. Zero integers (memory_mb, per_instance,
// account_limit, ...) are left zero: the runner reads them as "the preset's
// default". Load calls it; a Scenario built in Go should call it before
// Validate.
func (s *Scenario) ApplyDefaults() {
	if s.Replications == 0 {
		s.Replications = 1
	}
	if s.Month == 0 {
		s.Month = Duration(pricing.DefaultMonth.Duration())
	}
	for i := range s.Platforms {
		p := &s.Platforms[i]
		if p.Kind == "" {
			p.Kind = "faas"
		}
		if p.Kind != "faas" {
			continue // the FaaS defaults below mean nothing to a container
		}
		if p.KeepAlive.Policy == "" {
			p.KeepAlive.Policy = "fixed"
			if p.KeepAlive.TTL == 0 {
				p.KeepAlive.TTL = Duration(10 * time.Minute)
			}
		}
		if p.OnLimit == "" {
			p.OnLimit = "reject"
		}
		if p.IdleChoice == "" {
			p.IdleChoice = "mru"
		}
	}
}

// decoder decodes the YAML tree into the scenario types by reflection on
// their yaml tags. It is written here rather than using yaml.NodeToValue so
// that it can report every problem at once, each with its YAML path and
// line, and record which fields the file wrote.
type decoder struct {
	src *source
	// anchors are the anchors of each name, in document order, so an
	// alias finds its anchor by binary search: 50,000 aliases cost 50,000
	// lookups, not 50,000 scans of every anchor.
	anchors map[string][]*ast.AnchorNode
	fromSet map[ast.Node]string // nodes inserted by --set, to their key
	budget  limits.Budget       // the size and depth caps of --set values
	// values counts the values decoded, aliases expanded: a small file
	// whose aliases point at aliases of long lists would otherwise expand
	// to billions of values ("billion laughs").
	values   int
	expanded bool // values went over maxValues: decoding stopped
	// rootFailed is set when the document is not a mapping at all.
	rootFailed bool
	probs      Problems
}

func (d *decoder) add(path string, o origin, format string, args ...any) {
	d.probs = append(d.probs, d.src.problem(path, o, fmt.Sprintf(format, args...)))
}

var durationType = reflect.TypeFor[Duration]()

// maxValues bounds the values a scenario decodes to, aliases expanded: a
// 1 MB file written out holds at most about 330,000 ("1s,1s,..."), and
// each decoded value costs some 200 bytes while the file is checked.
// Aliases may repeat a part of a file, but not without bound.
const maxValues = 500_000

// decode stores node n into v. The recursion follows the Go type, which is
// finite, so an alias cannot make it loop.
func (d *decoder) decode(n ast.Node, v reflect.Value, path string, o origin) {
	if d.values++; d.values > maxValues {
		if !d.expanded {
			d.expanded = true
			d.add(path, o, "the file's aliases expand it to more than %s values: write the repeated parts out, or repeat less", limits.FormatCount(maxValues))
		}
		return
	}
	if key, ok := d.fromSet[n]; ok {
		o = origin{set: key}
	}
	n, err := d.resolve(n)
	if err != nil {
		d.add(path, o, "%v", err)
		return
	}
	d.src.at[path] = o
	if _, null := n.(*ast.NullNode); n == nil || null {
		return // an empty value is the same as no value
	}
	typ := v.Type()
	if typ == dayListType {
		d.dayList(n, v, path, o)
		return
	}
	if typ == durationType {
		text, ok := scalarText(n)
		if !ok {
			d.add(path, o, "want a duration such as 10m, 250ms or 7d, got %s", kindOf(n))
			return
		}
		dur, err := parseDuration(text)
		if err != nil {
			d.add(path, o, "%v", err)
			return
		}
		v.SetInt(int64(dur))
		return
	}
	switch typ.Kind() {
	case reflect.Pointer:
		elem := reflect.New(typ.Elem())
		d.decode(n, elem.Elem(), path, o)
		v.Set(elem)
	case reflect.String:
		text, ok := scalarText(n)
		if !ok {
			d.add(path, o, "want a string, got %s", kindOf(n))
			return
		}
		v.SetString(text)
	case reflect.Int, reflect.Uint64:
		d.integer(n, v, path, o)
	case reflect.Float64:
		switch t := n.(type) {
		case *ast.FloatNode:
			v.SetFloat(t.Value)
		case *ast.IntegerNode:
			f, ok := intValue(t)
			if !ok {
				d.add(path, o, "number %s is out of range", t.GetToken().Value)
				return
			}
			v.SetFloat(f)
		case *ast.InfinityNode:
			v.SetFloat(t.Value)
		case *ast.NanNode:
			v.SetFloat(math.NaN())
		case *ast.StringNode:
			// YAML 1.2 reads 3e9 as a float; the parser leaves it a string.
			f, err := strconv.ParseFloat(t.Value, 64)
			if err != nil {
				d.add(path, o, "want a number, got %s", kindOf(n))
				return
			}
			v.SetFloat(f)
		default:
			d.add(path, o, "want a number, got %s", kindOf(n))
		}
	case reflect.Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.add(path, o, "want true or false, got %s", kindOf(n))
			return
		}
		v.SetBool(b.Value)
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.add(path, o, "want a list, got %s", kindOf(n))
			return
		}
		v.Set(reflect.MakeSlice(typ, len(seq.Values), len(seq.Values)))
		for i, e := range seq.Values {
			eo := o
			if eo.set == "" {
				eo.line = yamlerr.Line(e)
			}
			d.decode(e, v.Index(i), fmt.Sprintf("%s[%d]", path, i), eo)
		}
	case reflect.Struct:
		d.mapping(n, v, path, o)
	default:
		// Unreachable for the scenario types; a new field type must be
		// added above.
		d.add(path, o, "internal: cannot decode into %s", typ)
	}
}

// integer stores an integer node into an int or uint64 field, rejecting
// fractions and values out of the field's range.
func (d *decoder) integer(n ast.Node, v reflect.Value, path string, o origin) {
	in, ok := n.(*ast.IntegerNode)
	if !ok {
		d.add(path, o, "want an integer, got %s", kindOf(n))
		return
	}
	text := in.GetToken().Value
	switch x := in.Value.(type) {
	case int64:
		if v.Kind() == reflect.Uint64 {
			if x < 0 {
				d.add(path, o, "want a non-negative integer, got %s", text)
				return
			}
			v.SetUint(uint64(x))
			return
		}
		if v.OverflowInt(x) {
			break
		}
		v.SetInt(x)
		return
	case uint64:
		if v.Kind() == reflect.Uint64 {
			v.SetUint(x)
			return
		}
		if x <= math.MaxInt64 && !v.OverflowInt(int64(x)) {
			v.SetInt(int64(x))
			return
		}
	}
	d.add(path, o, "integer %s is out of range", text)
}

// mapping decodes a YAML mapping into struct v, field by yaml tag.
func (d *decoder) mapping(n ast.Node, v reflect.Value, path string, o origin) {
	var entries []*ast.MappingValueNode
	switch t := n.(type) {
	case *ast.MappingNode:
		entries = t.Values
	case *ast.MappingValueNode:
		entries = []*ast.MappingValueNode{t}
	default:
		d.add(path, o, "want a mapping (keys %s), got %s", strings.Join(fieldNames(v.Type()), ", "), kindOf(n))
		d.rootFailed = d.rootFailed || path == ""
		return
	}
	// Duplicate keys need no check here: the parser rejects them.
	for _, e := range entries {
		if e == nil || e.Key == nil {
			continue
		}
		ko := o
		if key, ok := d.fromSet[e.Value]; ok {
			ko = origin{set: key} // a key that --set added has no line
		} else if ko.set == "" {
			ko.line = yamlerr.Line(e.Key)
		}
		if e.Key.IsMergeKey() {
			d.add(path, ko, "merge keys (<<) are not supported: write the fields out")
			continue
		}
		key, err := d.resolve(e.Key)
		name, ok := scalarText(key)
		if err != nil || !ok {
			d.add(path, ko, "a key must be a plain string")
			continue
		}
		child := name
		if path != "" {
			child = path + "." + name
		}
		i := fieldIndex(v.Type(), name)
		if i == nil {
			d.add(child, ko, "unknown field %q (valid: %s)", name, strings.Join(fieldNames(v.Type()), ", "))
			continue
		}
		d.decode(e.Value, v.FieldByIndex(i), child, ko)
	}
}

// resolve looks through tags, anchors and aliases to the node they stand
// for. The loop bound stops an alias chain that refers to itself.
func (d *decoder) resolve(n ast.Node) (ast.Node, error) {
	for range 64 {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.AnchorNode:
			n = t.Value
		case *ast.AliasNode:
			a := d.anchorFor(t)
			if a == nil {
				return nil, fmt.Errorf("alias *%s has no anchor &%s before it", tokenText(t.Value), tokenText(t.Value))
			}
			n = a.Value
		default:
			return n, nil
		}
	}
	return nil, fmt.Errorf("alias refers to itself")
}

// anchorFor returns the last anchor of the alias's name defined before it,
// which is what YAML means when a name is reused.
func (d *decoder) anchorFor(al *ast.AliasNode) *ast.AnchorNode {
	as := d.anchors[tokenText(al.Value)]
	at := yamlerr.Offset(al)
	// The first anchor at or after the alias; the one before it is the one.
	i, _ := slices.BinarySearchFunc(as, at, func(a *ast.AnchorNode, at int) int { return yamlerr.Offset(a) - at })
	if i == 0 {
		return nil
	}
	return as[i-1]
}

// fieldIndex returns the index path of the exported field of t whose yaml
// tag is name, looking into ",inline" struct fields, or nil.
func fieldIndex(t reflect.Type, name string) []int {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if inline(f) {
			if sub := fieldIndex(f.Type, name); sub != nil {
				return append([]int{i}, sub...)
			}
			continue
		}
		if yamlName(f) == name {
			return []int{i}
		}
	}
	return nil
}

// fieldNames lists the yaml keys of t in declaration order, for messages.
func fieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		switch f := t.Field(i); {
		case !f.IsExported():
		case inline(f):
			names = append(names, fieldNames(f.Type)...)
		default:
			names = append(names, yamlName(f))
		}
	}
	return names
}

// inline reports a struct field whose keys sit in its parent's mapping.
func inline(f reflect.StructField) bool {
	_, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return opts == "inline" && f.Type.Kind() == reflect.Struct
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}
