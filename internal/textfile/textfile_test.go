package textfile

import (
	"strings"
	"testing"
)

func TestLongLine(t *testing.T) {
	const maxLine = 8
	for _, c := range []struct {
		name, content string
		want          int // the first line over the cap, 0 for none
	}{
		{"empty", "", 0},
		{"line at the cap", "12345678\nab\n", 0},
		{"line at the cap with CRLF", "12345678\r\nab\r\n", 0},
		{"last line at the cap, no newline", "a\n12345678", 0},
		{"line one byte over", "a\n123456789\n", 2},
		{"last line one byte over, no newline", "a\nb\n123456789", 3},
		{"first line far over", strings.Repeat("x", 60), 1},
	} {
		if got := LongLine([]byte(c.content), maxLine); got != c.want {
			t.Errorf("%s: line %d, want %d", c.name, got, c.want)
		}
	}
	err := &LineError{File: "f.txt", Line: 2, Max: maxLine}
	if err.Error() != "f.txt:2: line longer than 8 bytes" {
		t.Errorf("message %q", err)
	}
}
