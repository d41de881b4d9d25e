package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// checkOutcome asserts the exit status, the exact first line of stderr,
// that no message shows a temporary name, and that dir holds exactly left.
func checkOutcome(t *testing.T, dir, stderr string, code, wantCode int, first string, left []string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit %d, want %d; stderr %q", code, wantCode, stderr)
	}
	if got, _, _ := strings.Cut(stderr, "\n"); got != first {
		t.Errorf("first line %q\nwant       %q", got, first)
	}
	if strings.Contains(stderr, ".tmp") {
		t.Errorf("a message shows a temporary name: %q", stderr)
	}
	if got := entries(t, dir); strings.Join(got, " ") != strings.Join(left, " ") {
		t.Errorf("left %q, want %q", got, left)
	}
}

// entries lists every file and directory under dir, sorted, relative.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && path != dir {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// drain reads the FIFO at path to its end and sends what it read.
func drain(t *testing.T, path string, got chan<- string) {
	f, err := os.Open(path)
	if err != nil {
		got <- err.Error()
		return
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	got <- string(data)
}

func writeFile(name, text string, mode fs.FileMode) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, name)
		mustDo(t, os.MkdirAll(filepath.Dir(path), 0o755))
		mustDo(t, os.WriteFile(path, []byte(text), mode))
		mustDo(t, os.Chmod(path, mode)) // whatever the umask
	}
}

func mkdir(name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) { mustDo(t, os.Mkdir(filepath.Join(dir, name), 0o755)) }
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantMode(t *testing.T, path string, mode fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
	} else if fi.Mode().Perm() != mode {
		t.Errorf("%s: mode %v, want %v", path, fi.Mode().Perm(), mode)
	}
}

func wantType(t *testing.T, path string, typ fs.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
	} else if fi.Mode().Type() != typ {
		t.Errorf("%s: type %v, want %v", path, fi.Mode().Type(), typ)
	}
}

func wantContent(t *testing.T, path, part string) {
	t.Helper()
	if data, err := os.ReadFile(path); err != nil || !strings.Contains(string(data), part) {
		t.Errorf("%s: %v; holds %.80q, want %q in it", path, err, data, part)
	}
}
