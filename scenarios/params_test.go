package scenarios

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseParams(t *testing.T) {
	cases := []struct {
		name        string
		specs, sets []string
		want        string // the error; "" to accept
	}{
		{"two paths", []string{"a.b=1,2", "a.c=3:4:2"}, nil, ""},
		{"one path twice", []string{"a.b=1,2", "a.b=3"}, nil, "--param a.b: the path is swept twice (also --param a.b): give it once, with all its values"},
		{"one path twice, other spelling", []string{"p.0.m=1,2", " p.00.m =3"}, nil, "--param p.00.m: the path is swept twice (also --param p.0.m): give it once, with all its values"},
		{"swept and set", []string{"a.b=1,2"}, []string{"x=1", " a.b =3"}, "--param a.b: the path is also given by --set a.b, which the sweep would override: drop one"},
		{"set elsewhere", []string{"a.b=1,2"}, []string{"a.c=3"}, ""},
		{"nan start", []string{"m=nan:1:3"}, nil, `--param m: range "nan:1:3": nan is not a finite number`},
		{"NaN end", []string{"m=1:NaN:3"}, nil, `--param m: range "1:NaN:3": NaN is not a finite number`},
		{"infinite end", []string{"m=1:-inf:3"}, nil, `--param m: range "1:-inf:3": -inf is not a finite number`},
		{"overflowing end", []string{"m=1:1e999:3"}, nil, `--param m: range "1:1e999:3": 1e999 is not a finite number`},
		{"repeated once rounded", []string{"m=1:2:5"}, nil, `--param m: range "1:2:5": 5 steps repeat values once rounded ([1 1 2 2 2]): use fewer steps or non-integer ends`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseParams(c.specs, c.sets)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("error %q\nwant  %q", got, c.want)
			}
		})
	}
}

// ParseParam, fed anything, returns a usable parameter or an error, never
// a panic; a range's values are finite, distinct and as many as its steps.
func FuzzParseParam(f *testing.F) {
	for _, s := range []string{"platforms.0.memory_mb=128:3008:20:log", "platforms.0.keep_alive.ttl=1m,5m,10m",
		"x=1m:30m:8", "x=nan:1:3", "x=1:inf:3", "x=0.5:2:4", "=1", "x=", "x=1:2", "x=1:2:3:lin", "x=,,", "x=1e308:-1e308:3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, spec, _ := strings.Cut(s, "=")
		parts := strings.Split(spec, ":")
		if len(parts) >= 3 {
			// ParseParam lists every value of a range: bounding how many is
			// the sweep's work estimate, not this parser's job.
			if n, err := strconv.Atoi(parts[2]); err == nil && n > 10_000 {
				t.Skip()
			}
		}
		p, err := ParseParam(s)
		if err != nil {
			return
		}
		if p.Path == "" || p.Path != strings.TrimSpace(p.Path) || len(p.Values) == 0 {
			t.Fatalf("%q: path %q, %d values", s, p.Path, len(p.Values))
		}
		seen := map[string]bool{}
		for _, v := range p.Values {
			if v == "" {
				t.Fatalf("%q: an empty value in %q", s, p.Values)
			}
			if !strings.Contains(spec, ":") {
				continue
			}
			if seen[v] {
				t.Fatalf("%q: value %s twice in %q", s, v, p.Values)
			}
			seen[v] = true
			if _, ok := numeric(v); !ok { // numeric refuses NaN and ±Inf
				t.Fatalf("%q: value %q of a range is not a finite number or duration", s, v)
			}
		}
		if _, err := ParseParams([]string{s, s}, nil); err == nil {
			t.Fatalf("%q twice accepted", s)
		}
	})
}
