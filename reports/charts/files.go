package charts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Temps tracks the temporary files WriteFilesWith creates, so that a
// program stopped by a signal can remove them and never rename one into
// place after it (the CLI's interrupt registry implements it).
type Temps interface {
	// Add registers path; an error (after an interrupt) means stop: the
	// caller removes path itself.
	Add(path string) error
	// Commit runs install (the rename into place) and forgets path, unless
	// an interrupt came first: then it returns an error and installs
	// nothing.
	Commit(path string, install func() error) error
	// Drop removes path and forgets it.
	Drop(path string)
}

// noTemps is Temps for a caller that handles no signal.
type noTemps struct{}

func (noTemps) Add(string) error                            { return nil }
func (noTemps) Commit(_ string, install func() error) error { return install() }
func (noTemps) Drop(path string)                            { os.Remove(path) }

// WriteFiles writes each chart to dir as NAME.svg or NAME.png, creating dir
// if needed. Each file is written to a temporary file in dir and renamed
// into place, so a reader (a browser reloading a report) never sees half an
// image and a failed run leaves the previous file intact.
func WriteFiles(dir string, charts []Chart, f Format) error {
	return WriteFilesWith(dir, charts, f, noTemps{})
}

// WriteFilesWith is WriteFiles with each temporary file registered in t.
// Errors name the chart's file as the caller gave dir ("write
// ch/instances.svg: no space left on device"), never the temporary name.
func WriteFilesWith(dir string, charts []Chart, f Format, t Temps) error {
	if f != SVG && f != PNG {
		return fmt.Errorf("charts: unknown image format %v", f)
	}
	seen := make(map[string]bool, len(charts))
	for _, c := range charts {
		if c.Name == "" || c.Name != filepath.Base(c.Name) || c.Name == "." || c.Name == ".." || strings.ContainsAny(c.Name, `/\`) {
			return fmt.Errorf("charts: chart name %q is not a plain file stem", c.Name)
		}
		if seen[c.Name] {
			return fmt.Errorf("charts: two charts named %q", c.Name)
		}
		seen[c.Name] = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, cause(err))
	}
	for _, c := range charts {
		if err := writeAtomic(filepath.Join(dir, c.Name+"."+f.String()), c.Data, t); err != nil {
			return err
		}
	}
	return nil
}

// writeData writes a chart's bytes; a variable so that a test can fill
// the disk.
var writeData = (*os.File).Write

func writeAtomic(path string, data []byte, t Temps) (err error) {
	fail := func(err error) error { return fmt.Errorf("write %s: %w", path, cause(err)) }
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fail(err)
	}
	if err := t.Add(tmp.Name()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			t.Drop(tmp.Name())
		}
	}()
	if _, err = writeData(tmp, data); err != nil {
		return fail(err)
	}
	// CreateTemp makes the file private (0600); charts are meant to be
	// shared like any other output file.
	if err = tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err = tmp.Close(); err != nil {
		return fail(err)
	}
	if err = t.Commit(tmp.Name(), func() error { return os.Rename(tmp.Name(), path) }); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			return fail(err)
		}
		return err // interrupted: the caller's own error
	}
	return nil
}

// cause strips the path from an os error (it may be the temporary file's
// name): the message names the chart file instead.
func cause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
