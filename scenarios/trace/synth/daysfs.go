package synth

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"faassim/scenarios/trace"
)

// Days is the fs.FS DaysFS returns: the listed days of one population,
// generated one at a time.
type Days struct {
	ctx  context.Context
	cfg  Config
	apps []app          // the population, drawn once: the same every day
	day  map[string]int // file name -> its day, the listed days' files
	days []int          // the listed days, sorted, without repeats

	mu          sync.Mutex
	current     int    // the day held, 0 for none
	files       *Files // its files
	generations int
}

// DaysFS returns an fs.FS holding the Azure Functions 2019 files (dNN) of
// the listed days of cfg's population (cfg.Days is ignored). A day is
// generated when one of its files is opened and it is not the day held:
// the FS holds at most one generated day (memory is the population and
// one day, whatever the number of days; DayBytes bounds it), so a reader
// that reads day after day generates each day once, and reopening an
// earlier day generates it again, byte for byte the same (its arrivals
// depend on the seed, the day and the app alone). Each day is byte for
// byte what Generate writes for it. A file stays readable after another
// day is opened, but then keeps its day in memory until it is closed and
// dropped.
//
// Opening a file once ctx is cancelled, or while a day is generated,
// fails with ctx's error. The FS is safe for concurrent use (generation
// is serialised); cfg.Progress hears of each app of each day generated.
// Its root "." lists the files, their sizes generating their days.
func DaysFS(ctx context.Context, cfg Config, days []int) (fs.FS, error) {
	if cfg.Functions < 1 || len(days) == 0 {
		return nil, fmt.Errorf("synth: want at least 1 function and 1 day, got %d and %d", cfg.Functions, len(days))
	}
	d := &Days{ctx: ctx, cfg: cfg, day: map[string]int{}}
	for _, day := range days {
		if day < 1 || day > 99 {
			return nil, fmt.Errorf("synth: day %d: want days of 1-99", day)
		}
		for _, name := range trace.Azure2019Names(day) {
			d.day[name] = day
		}
		d.days = append(d.days, day)
	}
	slices.Sort(d.days)
	d.days = slices.Compact(d.days)
	d.apps = population(cfg.Functions, cfg.Seed)
	return d, nil
}

// Open opens a listed day's file, generating the day unless it is held
// (fs.FS), or "." for the listing.
func (d *Days) Open(name string) (fs.File, error) {
	if name == "." {
		return &daysDir{d: d}, nil
	}
	day, ok := d.day[name]
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	files, err := d.hold(day)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return files.Open(name)
}

// hold returns day's files, generating them unless they are held.
func (d *Days) hold(day int) (*Files, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.ctx.Err(); err != nil {
		return nil, err
	}
	if d.current == day {
		return d.files, nil
	}
	// Dropped before the next day is drawn: never two days at once.
	d.current, d.files = 0, nil
	files, err := generateDay(d.ctx, d.apps, d.cfg, day)
	if err != nil {
		return nil, err
	}
	d.current, d.files = day, files
	d.generations++
	return files, nil
}

// Held is the memory the generated day's files hold (0 before the first
// open): one day's, whatever the number of days listed.
func (d *Days) Held() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.files == nil {
		return 0
	}
	return d.files.Held()
}

// Generations is how many days were generated so far: one per day read
// in order, one more per reopening of a day no longer held.
func (d *Days) Generations() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.generations
}

// daysDir is the root directory: the listed days' files in name order.
type daysDir struct {
	d    *Days
	read int
}

func (r *daysDir) Stat() (fs.FileInfo, error) { return dirInfo{}, nil }
func (r *daysDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: fs.ErrInvalid}
}
func (r *daysDir) Close() error { return nil }

// ReadDir lists the files; an entry's Info generates its day for the
// size.
func (r *daysDir) ReadDir(n int) ([]fs.DirEntry, error) {
	var all []fs.DirEntry
	for _, day := range r.d.days {
		for _, name := range trace.Azure2019Names(day) {
			all = append(all, dayEntry{d: r.d, name: name})
		}
	}
	slices.SortFunc(all, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	rest := all[r.read:]
	if n > 0 {
		if len(rest) == 0 {
			return nil, io.EOF
		}
		rest = rest[:min(n, len(rest))]
	}
	r.read += len(rest)
	return rest, nil
}

type dayEntry struct {
	d    *Days
	name string
}

func (e dayEntry) Name() string      { return e.name }
func (e dayEntry) IsDir() bool       { return false }
func (e dayEntry) Type() fs.FileMode { return 0 }
func (e dayEntry) Info() (fs.FileInfo, error) {
	f, err := e.d.Open(e.name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

type dirInfo struct{}

func (dirInfo) Name() string       { return "." }
func (dirInfo) Size() int64        { return 0 }
func (dirInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o555 }
func (dirInfo) ModTime() time.Time { return time.Time{} }
func (dirInfo) IsDir() bool        { return true }
func (dirInfo) Sys() any           { return nil }
