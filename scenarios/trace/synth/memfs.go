package synth

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"time"

	"faassim/scenarios/trace"
)

// Day generates day (1-99) of cfg's population in memory: the three files
// of the Azure Functions 2019 layout under their release names, byte for
// byte those GenerateContext writes for that day whatever cfg.Days (the
// population depends on Functions and Seed only, and a day's arrivals on
// the day and the app). It stops with ctx's error once ctx is cancelled.
// DayBytes bounds what it holds.
func Day(ctx context.Context, cfg Config, day int) (*Files, error) {
	if cfg.Functions < 1 || day < 1 || day > 99 {
		return nil, fmt.Errorf("synth: want at least 1 function and a day of 1-99, got %d and %d", cfg.Functions, day)
	}
	return generateDay(ctx, population(cfg.Functions, cfg.Seed), cfg, day)
}

// generateDay writes day of apps into memory; cfg.Progress hears of each
// app of the day.
func generateDay(ctx context.Context, apps []app, cfg Config, day int) (*Files, error) {
	names := trace.Azure2019Names(day)
	files := &Files{files: make(map[string]*chunks, len(names))}
	var out [3]*chunks
	for i, name := range names {
		out[i] = &chunks{}
		files.files[name] = out[i]
	}
	w := trace.NewAzure2019WriterTo(out[0], out[1], out[2])
	progress := func(done int) {
		if cfg.Progress != nil {
			cfg.Progress(done, len(apps))
		}
	}
	d := newDayState()
	if err := d.write(ctx, w, apps, day, cfg.Seed, progress); err != nil {
		return nil, err
	}
	files.Apps, files.Invocations = len(apps), d.invocations
	return files, nil
}

// dayFileBytes is a function's line in the invocations and durations
// files beyond its counts, and its app's memory line (names, trigger,
// percentiles: measured about 200 bytes), rounded up.
const dayFileBytes = 256

// DayBytes bounds what Day holds for n functions: the files in memory
// (BytesPerCount a count, plus the names and percentiles of each line,
// one chunk of slack a file) and the population while it is drawn.
func DayBytes(n int) float64 {
	f := float64(max(n, 0))
	_, population := Cost(Config{Functions: n, Days: 1})
	return f*(minutes*BytesPerCount+dayFileBytes) + 3*chunkBytes + population
}

// chunkBytes is the largest chunk of an in-memory file: appending never
// copies what is written (a bytes.Buffer doubling would hold up to twice a
// file while it grows), and a file wastes at most one chunk.
const chunkBytes = 1 << 20

// chunks is an in-memory file written once, then read any number of times.
type chunks struct {
	parts [][]byte
	size  int64
}

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.parts) == 0 || len(c.parts[len(c.parts)-1]) == cap(c.parts[len(c.parts)-1]) {
			// Chunks grow with the file (64 KiB, then as large as what
			// is written, up to chunkBytes): a small file stays small.
			c.parts = append(c.parts, make([]byte, 0, min(chunkBytes, max(64<<10, c.size))))
		}
		last := &c.parts[len(c.parts)-1]
		k := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	c.size += int64(n)
	return n, nil
}

// Files are a generated day's files in memory, an fs.FS whose directory
// is ".", with what the day holds.
type Files struct {
	files map[string]*chunks
	// Apps and Invocations are the population's apps and the day's
	// invocations.
	Apps        int
	Invocations int64
}

// Held is the memory the files hold: their chunks.
func (m *Files) Held() int64 {
	var n int64
	for _, c := range m.files {
		for _, p := range c.parts {
			n += int64(cap(p))
		}
	}
	return n
}

// Open opens a file by name (fs.FS).
func (m *Files) Open(name string) (fs.File, error) {
	c, ok := m.files[name]
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	rs := make([]io.Reader, len(c.parts))
	for i, p := range c.parts {
		rs[i] = bytes.NewReader(p)
	}
	return &memFile{Reader: io.MultiReader(rs...), info: memInfo{name: name, size: c.size}}, nil
}

type memFile struct {
	io.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
