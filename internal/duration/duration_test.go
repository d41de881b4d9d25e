package duration

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
	}{
		{"7d", 7 * Day},
		{"14d", 14 * Day},
		{"1d12h", 36 * time.Hour},
		{"1.5d", 36 * time.Hour},
		{"0.5d", 12 * time.Hour},
		{".5d", 12 * time.Hour},
		{"2h1d", 26 * time.Hour}, // units in any order, as Go's
		{"1d1d", 2 * Day},
		{"-1d", -Day},
		{"+3d", 3 * Day},
		{"0", 0},
		{"0d", 0},
		{"10m", 10 * time.Minute},
		{"250ms", 250 * time.Millisecond},
		{"1h30m", 90 * time.Minute},
		{"106751d", 106751 * Day},
		{"1µs", time.Microsecond},
		{"1μs", time.Microsecond},
	} {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"d", "(use a Go duration such as 10m or 250ms, or days such as 7d)"},
		{"7", "or days such as 7d"},
		{"", "or days such as 7d"},
		{"-", "or days such as 7d"},
		{"7days", "or days such as 7d"},
		{"7 d", "or days such as 7d"},
		{"1.d.", "or days such as 7d"},
		{".d", "or days such as 7d"},
		{"1w", "or days such as 7d"},
		{"106752d", "longer than the longest duration, 106751d"},
		{"99999999999999999999d", "longer than the longest duration"},
		{"106751d23h48m", "longer than the longest duration"},
	} {
		_, err := Parse(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "invalid duration") {
			t.Errorf("Parse(%q) = %v; want an error containing %q", c.in, err, c.want)
		}
	}
}

// The most negative duration parses, as Go's does, and one past it not.
func TestParseBounds(t *testing.T) {
	if d, err := Parse("-9223372036854775808ns"); err != nil || d != -Max-1 {
		t.Errorf("the most negative duration: %v, %v", d, err)
	}
	if _, err := Parse("9223372036854775808ns"); err == nil {
		t.Error("one past the longest duration parsed")
	}
}

func TestValue(t *testing.T) {
	for _, c := range []struct {
		args []string
		want time.Duration
		err  string
	}{
		{nil, 30 * time.Second, ""},
		{[]string{"-timeout", "2d"}, 2 * Day, ""},
		{[]string{"-timeout=1d6h"}, 30 * time.Hour, ""},
		{[]string{"-timeout", "d"}, 0, `invalid duration "d"`},
	} {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		d := 30 * time.Second
		fs.Var((*Value)(&d), "timeout", "budget")
		err := fs.Parse(c.args)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: error %v, want %q", c.args, err, c.err)
			}
			continue
		}
		if err != nil || d != c.want {
			t.Errorf("%v: %v, %v; want %v", c.args, d, err, c.want)
		}
	}
}

// Help shows a default as flag.Duration's does, and none for 0.
func TestValueHelp(t *testing.T) {
	var b strings.Builder
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(&b)
	timeout, from := 30*time.Second, time.Duration(0)
	fs.Var((*Value)(&timeout), "timeout", "budget (`D`)")
	fs.Var((*Value)(&from), "from", "start (`D`)")
	fs.PrintDefaults()
	want := "  -from D\n    \tstart (D)\n  -timeout D\n    \tbudget (D) (default 30s)\n"
	if b.String() != want {
		t.Errorf("help:\n%s\nwant:\n%s", b.String(), want)
	}
}

// FuzzParse holds Parse to Go's parser on every text without a day, and
// to reading back what it printed on every text it accepts.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"7d", "1d12h", "1.5d", "d", "10m", "-1.5h", "0", ".5s", "1e3s", "106751d23h47m16.854775807s", "9223372036854775807ns"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if !strings.Contains(s, "d") {
			want, werr := time.ParseDuration(s)
			if (err == nil) != (werr == nil) || got != want {
				t.Fatalf("Parse(%q) = %v, %v; time.ParseDuration: %v, %v", s, got, err, want, werr)
			}
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "invalid duration ") {
				t.Fatalf("Parse(%q): message %q", s, err)
			}
			return
		}
		back, err := Parse(got.String())
		if err != nil || back != got {
			t.Fatalf("Parse(%q) = %v, which reads back as %v, %v", s, got, back, err)
		}
	})
}
