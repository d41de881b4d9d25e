package printable

import (
	"testing"
)

func TestEscape(t *testing.T) {
	cases := []struct{ in, want, paragraph string }{
		{"api", "api", "api"},
		{"café 東京 🚀", "café 東京 🚀", "café 東京 🚀"},
		{"a\nb", `a\nb`, "a\nb"},
		{"tab\there", `tab\there`, `tab\there`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`, `\x1b[31mred\x1b[0m`},
		{"bell\a", `bell\a`, `bell\a`},
		{"cr\rover", `cr\rover`, `cr\rover`},
		{"del\x7f", `del\x7f`, `del\x7f`},
		{"c1\u0085next", `c1\u0085next`, `c1\u0085next`},
		{"rlo\u202eevil", `rlo\u202eevil`, `rlo\u202eevil`},
		{"isolate\u2066x\u2069", `isolate\u2066x\u2069`, `isolate\u2066x\u2069`},
		{"line\u2028sep", `line\u2028sep`, `line\u2028sep`},
		{"bad\xffutf8", `bad\xffutf8`, `bad\xffutf8`},
		{"nul\x00", `nul\x00`, `nul\x00`},
		{`back\slash`, `back\slash`, `back\slash`},
	}
	for _, c := range cases {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Paragraph(c.in); got != c.paragraph {
			t.Errorf("Paragraph(%q) = %q, want %q", c.in, got, c.paragraph)
		}
	}
}

type inner struct {
	Name   string
	Values []float64
}

type outer struct {
	Title  string
	Inners []inner
	Ptr    *inner
	Tags   map[string][2]float64
	Arr    [2]string
	N      int
	hidden string
	Self   *outer
}

func TestAll(t *testing.T) {
	vals := []float64{1, 2, 3}
	in := outer{Title: "t\n", Inners: []inner{{"a\x1b", vals}}, Ptr: &inner{Name: "p\t"},
		Tags: map[string][2]float64{"k\n": {1, 2}}, Arr: [2]string{"x\r", "y"}, N: 3, hidden: "h\n",
		Self: &outer{Title: "self\n"}}
	out := All(in)
	if out.Title != `t\n` || out.Inners[0].Name != `a\x1b` || out.Ptr.Name != `p\t` || out.Arr[0] != `x\r` ||
		out.N != 3 || out.hidden != "h\n" || out.Self.Title != `self\n` {
		t.Errorf("%+v", out)
	}
	if _, ok := out.Tags[`k\n`]; !ok {
		t.Errorf("map key not escaped: %v", out.Tags)
	}
	// The input is untouched; numbers are shared, not copied.
	if in.Title != "t\n" || in.Inners[0].Name != "a\x1b" || in.Ptr.Name != "p\t" || in.Self.Title != "self\n" {
		t.Errorf("input changed: %+v", in)
	}
	if &out.Inners[0].Values[0] != &vals[0] {
		t.Errorf("a slice of numbers was copied")
	}
}
