package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A large results file is checked in memory that does not grow with its
// numbers: the check walks tokens (the earlier decode into `any` held
// about 40 bytes a number, 2.5 GB for a 63 MB file). Each case is a file of
// 16 MB of numbers (8 million "0,"), refused or rendered with a peak heap
// under 6 times the file (measured: 5.2): the file held whole, the read's
// buffer growth, and the collector's headroom (GOGC=100 lets garbage reach
// the live heap) over the walk's short-lived tokens. The old check
// needed 40 times.
func TestReportMemory(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "r.json")
	if _, stderr, code := call("run", writeScenario(t, tiny), "--format", "json", "-o", saved); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	good, err := os.ReadFile(saved)
	mustDo(t, err)
	const numbers = 8_000_000
	// extra adds a field unknown to this build (ignored when rendered,
	// walked by the check) holding numbers, the last one being last.
	extra := func(last string) string {
		head := strings.TrimSuffix(strings.TrimSpace(string(good)), "}")
		return head + `, "extra": [` + strings.Repeat("0,", numbers) + last + "]}\n"
	}
	negative := strings.Replace(string(good), `"rejected": 0`, `"rejected": -1`, 1)
	negative = strings.TrimSuffix(strings.TrimSpace(negative), "}") + `, "extra": [` + strings.Repeat("0,", numbers) + "0]}\n"
	tests := []struct {
		name, text string
		code       int
		first      string
	}{
		{"many numbers, all good", extra("0"), 0, ""},
		{"many numbers, the last out of range", extra("1e999"), 2, "faassim: IN/r.json: extra.8000000: 1e999 is not a finite number"},
		{"many numbers after a negative count", negative, 2, `faassim: IN/r.json: platforms.0 (platform "lambda"): rejected -1: want a whole number >= 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, out := t.TempDir(), t.TempDir()
			path := filepath.Join(in, "r.json")
			mustDo(t, os.WriteFile(path, []byte(tt.text), 0o644))
			var stderr string
			var code int
			peak := peakHeap(func() { _, stderr, code = call("report", path, "-o", filepath.Join(out, "r.txt")) })
			wantFiles := []string(nil)
			if tt.code == 0 {
				wantFiles = []string{"r.txt"}
			}
			checkOutcome(t, out, strings.ReplaceAll(stderr, in, "IN"), code, tt.code, tt.first, wantFiles)
			if left := entries(t, in); len(left) != 1 {
				t.Errorf("left beside the input: %v", left)
			}
			if bound := 6 * float64(len(tt.text)); peak > bound {
				t.Errorf("peak heap %.0f MB for a %.0f MB file; want under %.0f MB", peak/1e6, float64(len(tt.text))/1e6, bound/1e6)
			}
			t.Logf("peak heap %.0f MB for a %.0f MB file", peak/1e6, float64(len(tt.text))/1e6)
		})
	}
}

// The walk alone keeps only the path and one object's counts: 2 million
// numbers streamed through it (never held) leave a peak heap under 8 MB,
// the collector's smallest goal (4 MB) twice over.
func TestReportCheckStreams(t *testing.T) {
	tests := []struct {
		name, head, tail string
		want             string
	}{
		{"a long list of numbers", `{"extra": [`, `0]}`, ""},
		{"a long list, then a bad count", `{"extra": [`, `0], "platforms": [{"name": "p", "requests": -1}]}`,
			`platforms.0 (platform "p"): requests -1: want a whole number >= 0`},
		{"a long list, then a number out of range", `{"extra": [`, `1e999]}`, "extra.2000000: 1e999 is not a finite number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := io.MultiReader(strings.NewReader(tt.head), &repeat{text: []byte("0,"), n: 2_000_000}, strings.NewReader(tt.tail))
			var err error
			peak := peakHeap(func() { err = walkResults(r) })
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if peak > 8e6 {
				t.Errorf("peak heap %.1f MB; want under 8 MB whatever the length", peak/1e6)
			}
		})
	}
}

// repeat reads text n times without holding more than one copy.
type repeat struct {
	text []byte
	n    int
	off  int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	done := 0
	for done < len(p) && r.n > 0 {
		c := copy(p[done:], r.text[r.off:])
		done += c
		r.off += c
		if r.off == len(r.text) {
			r.off = 0
			r.n--
		}
	}
	return done, nil
}
