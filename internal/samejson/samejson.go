package samejson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// BoundWarning starts the warning a merge gives when instances.max is an
// upper bound rather than the true peak.
const BoundWarning = "instances.max is an upper bound"

// Rules say how strictly numbers must agree.
type Rules struct {
	// Exact reports whether the number under key (the last element of its
	// path) must be equal; want is its text in the wanted document. Nil:
	// numbers written without a fraction or an exponent are counts.
	Exact func(key, want string) bool
	// Bounded allows instances.max above the wanted one, with its warning,
	// and instances without their distributions: function shards merged
	// give none (that of a sum of levels is not the parts').
	Bounded bool
}

// Compare reports every difference between got and want through t and
// returns how many numbers differed within 12 significant digits.
func Compare(t testing.TB, got, want []byte, r Rules) (differ int) {
	t.Helper()
	if r.Exact == nil {
		r.Exact = func(_, want string) bool { return !strings.ContainsAny(want, ".eE") }
	}
	var g, w any
	for _, d := range []struct {
		b []byte
		v *any
	}{{got, &g}, {want, &w}} {
		dec := json.NewDecoder(bytes.NewReader(d.b))
		dec.UseNumber()
		if err := dec.Decode(d.v); err != nil {
			t.Fatalf("decoding results: %v", err)
		}
	}
	notBound := func(x any) bool { s, _ := x.(string); return !strings.HasPrefix(s, BoundWarning) }
	var walk func(path string, g, w any)
	walk = func(path string, g, w any) {
		switch w := w.(type) {
		case map[string]any:
			gm, ok := g.(map[string]any)
			if !ok {
				t.Errorf("%s: %v, want an object", path, g)
				return
			}
			if gw, isList := gm["warnings"].([]any); isList && r.Bounded && w["warnings"] == nil {
				if rest := slices.DeleteFunc(slices.Clone(gw), func(x any) bool { return !notBound(x) }); len(rest) == 0 {
					gm = cloneWithout(gm, "warnings")
				}
			}
			if r.Bounded && strings.HasSuffix(path, ".instances") && gm["distribution"] == nil {
				w = cloneWithout(cloneWithout(w, "distribution"), "running_distribution")
			}
			if len(gm) != len(w) {
				t.Errorf("%s: keys %v, want %v", path, keys(gm), keys(w))
				return
			}
			for k, v := range w {
				walk(path+"."+k, gm[k], v)
			}
		case []any:
			gl, ok := g.([]any)
			if r.Bounded && strings.HasSuffix(path, ".warnings") {
				gl = slices.DeleteFunc(slices.Clone(gl), func(x any) bool { return !notBound(x) })
			}
			if !ok || len(gl) != len(w) {
				t.Errorf("%s: %d items, want %d", path, len(gl), len(w))
				return
			}
			for i := range w {
				walk(fmt.Sprintf("%s[%d]", path, i), gl[i], w[i])
			}
		case json.Number:
			gn, _ := g.(json.Number)
			if gn == w {
				return
			}
			key := path[strings.LastIndex(path, ".")+1:]
			a, _ := strconv.ParseFloat(string(gn), 64)
			b, _ := strconv.ParseFloat(string(w), 64)
			switch {
			case r.Bounded && strings.HasSuffix(path, "instances.max"):
				if a < b {
					t.Errorf("%s: %v, below the true peak %v", path, a, b)
				}
			case r.Exact(key, string(w)):
				t.Errorf("%s: %s, want exactly %s", path, gn, w)
			case math.Abs(a-b) > 1e-12*math.Max(math.Abs(a), math.Abs(b)):
				t.Errorf("%s: %s, want %s to 12 significant digits", path, gn, w)
			default:
				differ++
			}
		default:
			if fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("%s: %v, want %v", path, g, w)
			}
		}
	}
	walk("$", g, w)
	return differ
}

func cloneWithout(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
