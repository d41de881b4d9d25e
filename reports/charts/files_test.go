package charts

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fakeTemps records what WriteFilesWith registers; interruptAt makes the
// n-th Add or Commit (from 1) fail as after a signal.
type fakeTemps struct {
	live        map[string]bool
	calls       int
	interruptAt int
}

var errStop = errors.New("interrupted")

func (f *fakeTemps) stop() bool { f.calls++; return f.calls == f.interruptAt }

func (f *fakeTemps) Add(p string) error {
	if f.stop() {
		return errStop
	}
	f.live[p] = true
	return nil
}

func (f *fakeTemps) Commit(p string, install func() error) error {
	if f.stop() {
		return errStop
	}
	if err := install(); err != nil {
		return err
	}
	delete(f.live, p)
	return nil
}

func (f *fakeTemps) Drop(p string) { os.Remove(p); delete(f.live, p) }

// Item 3 of the review: a chart that cannot be written is named as the
// user's file, never by its temporary name; an interrupt (Add or Commit
// refused) leaves no temporary file and renames nothing; every temporary
// file is registered and forgotten.
func TestWriteFilesFailures(t *testing.T) {
	full := func(*os.File, []byte) (int, error) {
		return 0, &fs.PathError{Op: "write", Path: "/x/.instances.svg.123.tmp", Err: syscall.ENOSPC}
	}
	tests := []struct {
		name        string
		setup       func(t *testing.T, dir string)
		write       func(*os.File, []byte) (int, error)
		interruptAt int
		want        string // the error, with DIR for the chart directory
		left        []string
	}{
		{name: "disk full", write: full, want: "write DIR/instances.svg: no space left on device", left: nil},
		{name: "a directory in the chart's place", setup: func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, "instances.svg", "x"), 0o755)
		}, want: "write DIR/instances.svg: file exists", left: []string{"instances.svg", "instances.svg/x"}},
		{name: "interrupted before the temporary file is registered", interruptAt: 1, want: "interrupted"},
		{name: "interrupted before the rename", interruptAt: 2, want: "interrupted"},
		{name: "interrupted before the second chart", interruptAt: 3, want: "interrupted", left: []string{"instances.svg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			if tt.write != nil {
				writeData = tt.write
				defer func() { writeData = (*os.File).Write }()
			}
			temps := &fakeTemps{live: map[string]bool{}, interruptAt: tt.interruptAt}
			cs := []Chart{{Name: "instances", Data: []byte("<svg/>")}, {Name: "requests", Data: []byte("<svg/>")}}
			err := WriteFilesWith(dir, cs, SVG, temps)
			got := ""
			if err != nil {
				got = strings.ReplaceAll(err.Error(), dir, "DIR")
			}
			if got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
			var left []string
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && p != dir {
					rel, _ := filepath.Rel(dir, p)
					left = append(left, rel)
				}
				return nil
			})
			if strings.Join(left, " ") != strings.Join(tt.left, " ") {
				t.Errorf("left %q, want %q", left, tt.left)
			}
			if len(temps.live) != 0 {
				t.Errorf("still registered: %v", temps.live)
			}
		})
	}
}
