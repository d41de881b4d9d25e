package textfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	const maxBytes, maxLine = 64, 8
	cases := []struct {
		name, content, want string // want: the error, "" to accept
	}{
		{"empty", "", ""},
		{"line at the cap", "12345678\nab\n", ""},
		{"line at the cap with CRLF", "12345678\r\nab\r\n", ""},
		{"last line at the cap, no newline", "a\n12345678", ""},
		{"line one byte over", "a\n123456789\n", "f.txt:2: line longer than 8 bytes"},
		{"last line one byte over, no newline", "a\nb\n123456789", "f.txt:3: line longer than 8 bytes"},
		{"first line far over", strings.Repeat("x", 60), "f.txt:1: line longer than 8 bytes"},
		{"file at the cap", strings.Repeat("1234567\n", 8), ""},
		{"file one byte over", strings.Repeat("1234567\n", 8) + "x", "f.txt: larger than 64 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f.txt")
			if err := os.WriteFile(p, []byte(c.content), 0o644); err != nil {
				t.Fatal(err)
			}
			data, err := Read(p, maxBytes, maxLine)
			got := ""
			if err != nil {
				got = strings.TrimPrefix(err.Error(), filepath.Dir(p)+string(filepath.Separator))
			}
			if got != c.want {
				t.Fatalf("error %q, want %q", got, c.want)
			}
			if err == nil && string(data) != c.content {
				t.Errorf("read %q", data)
			}
		})
	}
}

// A stream of unknown size (a pipe) is read up to the cap and no further.
func TestReadFromStream(t *testing.T) {
	r := strings.NewReader(strings.Repeat("1234567\n", 100))
	if _, err := ReadFrom("pipe", r, 64, 8); err == nil || err.Error() != "pipe: larger than 64 bytes" {
		t.Fatalf("error %v", err)
	}
	if left := r.Len(); left != 800-65 {
		t.Errorf("read %d bytes, want 65", 800-left)
	}
	data, err := ReadFrom("pipe", strings.NewReader("a\nb\n"), 64, 8)
	if err != nil || string(data) != "a\nb\n" {
		t.Errorf("%q %v", data, err)
	}
}
