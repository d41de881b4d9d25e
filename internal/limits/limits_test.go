package limits

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseBytes(t *testing.T) {
	cases := []struct {
		in   string
		want Bytes
		err  bool
	}{
		{"1GB", 1e9, false},
		{"1 gb", 1e9, false},
		{"4GiB", 4 << 30, false},
		{"512MiB", 512 << 20, false},
		{"1.5G", 1.5e9, false},
		{"2e9", 2e9, false},
		{"100", 100, false},
		{"0", 0, true}, // no memory, or no bound? unlimited says the second
		{"0GB", 0, true},
		{"unlimited", Unlimited, false},
		{"off", Unlimited, false},
		{"", 0, true},
		{"-1GB", 0, true},
		{"NaN", 0, true},
		{"inf", 0, true},
		{"1e30", 0, true},
		{"12 parsecs", 0, true},
	}
	for _, c := range cases {
		got, err := ParseBytes(c.in)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("ParseBytes(%q) = %v, %v; want %v (error %v)", c.in, got, err, c.want, c.err)
		}
	}
}

func TestBytesString(t *testing.T) {
	for b, want := range map[Bytes]string{1e9: "1GB", 4 << 30: "4GiB", 1.5e9: "1.5GB", 512 << 20: "512MiB", Unlimited: "unlimited", 900: "900B"} {
		if got := b.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int64(b), got, want)
		}
		if b > 0 {
			if back, err := ParseBytes(b.String()); err != nil || back != b {
				t.Errorf("ParseBytes(%q) = %v, %v: does not read back %d", b.String(), back, err, int64(b))
			}
		}
	}
}

func TestParseEvents(t *testing.T) {
	for in, want := range map[string]float64{"1e10": 1e10, "7_200_000_000": 7.2e9, "unlimited": Unlimited} {
		if got, err := ParseEvents(in); err != nil || got != want {
			t.Errorf("ParseEvents(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "0e0", "-5", "0.5", "NaN", "+Inf", "many"} {
		if _, err := ParseEvents(in); err == nil {
			t.Errorf("ParseEvents(%q) accepted", in)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for x, want := range map[float64]string{48000: "48,000", 7.2e9: "7.2e9", 1e12: "1e12", 3.6e12: "3.6e12", math.Inf(1): "unlimited"} {
		if got := FormatCount(x); got != want {
			t.Errorf("FormatCount(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestBudgetDefaults(t *testing.T) {
	var b Budget
	if b.Memory() != 1e9 || b.Events() != 7.2e9 {
		t.Errorf("defaults %v bytes, %v events; want 1e9 and 7.2e9 (an hour at 2e6 a second)", b.Memory(), b.Events())
	}
	b = Budget{MaxMemory: Unlimited, MaxEvents: Unlimited}
	if !math.IsInf(b.Memory(), 1) || !math.IsInf(b.Events(), 1) {
		t.Errorf("unlimited budget gives %v and %v", b.Memory(), b.Events())
	}
}

func TestReadFileCap(t *testing.T) {
	in := YAMLInput("scenario file", Budget{})
	if in.MaxBytes != 1_000_000 {
		t.Fatalf("the default YAML cap is %d, want 1,000,000", in.MaxBytes)
	}
	dir := t.TempDir()
	at := filepath.Join(dir, "at.yaml")
	over := filepath.Join(dir, "over.yaml")
	if err := os.WriteFile(at, make([]byte, in.MaxBytes), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(over, make([]byte, in.MaxBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := in.ReadFile(at); err != nil || int64(len(data)) != in.MaxBytes {
		t.Errorf("a file at the cap: %d bytes, %v", len(data), err)
	}
	_, err := in.ReadFile(over)
	want := "over.yaml: 1,000,001 bytes is more than the 1,000,000 bytes a scenario file may be"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--max-memory") {
		t.Errorf("a file one byte over the cap: %v; want %q naming --max-memory", err, want)
	}
	// The cap follows the bound.
	if big := YAMLInput("scenario file", Budget{MaxMemory: 4e9}); big.MaxBytes != 4e6 {
		t.Errorf("--max-memory 4GB gives a cap of %d, want 4e6", big.MaxBytes)
	}
	if none := YAMLInput("scenario file", Budget{MaxMemory: Unlimited}); none.MaxBytes >= 0 {
		t.Errorf("an unlimited bound still caps at %d", none.MaxBytes)
	}
}

func TestCheckJSON(t *testing.T) {
	in := JSONInput("results file", Budget{})
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	if err := in.CheckJSON([]byte(deep)); err == nil || !strings.Contains(err.Msg, "nested more than 100 deep") {
		t.Errorf("JSON nested 101 deep: %v", err)
	}
	ok := `{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"["}`
	if err := in.CheckJSON([]byte(ok)); err != nil {
		t.Errorf("brackets inside a string counted: %v", err)
	}
}

// A control character, which YAML does not allow and the parser can read
// as structure, is refused before parsing, at its line.
func TestControlCharactersRefused(t *testing.T) {
	in := YAMLInput("scenario file", Budget{})
	for _, c := range []struct {
		doc  string
		line int
	}{{"-\x00\n- -", 1}, {"a: 1\nb: \x1b[2J\n", 2}, {"a: 1\r\nb:\t2\n", 0}} {
		err := in.CheckYAML([]byte(c.doc))
		switch {
		case c.line == 0 && err != nil:
			t.Errorf("%q refused: %v", c.doc, err)
		case c.line > 0 && (err == nil || err.Line != c.line || !strings.Contains(err.Msg, "control character")):
			t.Errorf("%q: %v, want a control character at line %d", c.doc, err, c.line)
		}
	}
}
