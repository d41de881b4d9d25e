package synth

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"faassim/scenarios/trace"
)

// Day in memory is byte for byte the day GenerateContext writes, for any
// day of a multi-day run: a scenario's workload.synth replays exactly what
// faassim trace synth writes.
func TestDayIsTheWrittenDay(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Functions: 120, Days: 3, Seed: 42}
	if err := Generate(dir, cfg); err != nil {
		t.Fatal(err)
	}
	for _, day := range []int{1, 3} {
		fsys, err := Day(context.Background(), Config{Functions: 120, Seed: 42}, day)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, Dir: dir, Day: day}, 1)
		if err != nil {
			t.Fatal(err)
		}
		apps := map[string]bool{}
		for _, f := range tr.Functions {
			apps[f.App] = true
		}
		if fsys.Invocations != tr.Invocations || fsys.Apps != len(apps) {
			t.Errorf("day %d: Day says %d invocations in %d apps, the written day has %d in %d", day, fsys.Invocations, fsys.Apps, tr.Invocations, len(apps))
		}
		for _, name := range trace.Azure2019Names(day) {
			want, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := fs.ReadFile(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("day %d: %s differs from the written file (%d bytes, want %d)", day, name, len(got), len(want))
			}
			fi, err := fs.Stat(fsys, name)
			if err != nil || fi.Size() != int64(len(want)) {
				t.Errorf("day %d: %s: stat size %v, %v; want %d", day, name, fi, err, len(want))
			}
		}
	}
}

// Reading a file past the first chunk crosses chunk boundaries intact, and
// an unknown or invalid name is fs.ErrNotExist.
func TestMemFS(t *testing.T) {
	c := &chunks{}
	want := make([]byte, 2*chunkBytes+17)
	for i := range want {
		want[i] = byte(i % 251)
	}
	for p := want; len(p) > 0; { // uneven writes, as a bufio.Writer's
		k := min(len(p), 65_537)
		c.Write(p[:k])
		p = p[k:]
	}
	fsys := &Files{files: map[string]*chunks{"a.csv": c}}
	got, err := fs.ReadFile(fsys, "a.csv")
	if err != nil || string(got) != string(want) {
		t.Errorf("read %d bytes (%v), want %d identical", len(got), err, len(want))
	}
	// 64 KiB, 64 KiB, 128 KiB, ... 1 MiB, 1 MiB: never more than a chunk
	// beyond what is written.
	if h := fsys.Held(); h < int64(len(want)) || h > int64(len(want))+chunkBytes {
		t.Errorf("%d chunks hold %d bytes for %d written", len(c.parts), h, len(want))
	}
	for _, name := range []string{"b.csv", "../a.csv", "/a.csv"} {
		if _, err := fsys.Open(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("open %q: %v, want fs.ErrNotExist", name, err)
		}
	}
}

// A cancelled Day stops with the context's error; bad sizes are refused.
func TestDayRefuses(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Day(ctx, Config{Functions: 50, Seed: 1}, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
	for _, c := range []struct{ n, day int }{{0, 1}, {-3, 1}, {10, 0}, {10, 100}} {
		if _, err := Day(context.Background(), Config{Functions: c.n}, c.day); err == nil {
			t.Errorf("%d functions, day %d: no error", c.n, c.day)
		}
	}
}

// DayBytes bounds what Day allocates (the files and the population, the
// garbage of their growth included).
func TestDayBytesBoundsDay(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates beside the program")
	}
	for _, n := range []int{500, 5000} {
		runtime.GC()
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		fsys, err := Day(context.Background(), Config{Functions: n, Seed: 3}, 1)
		runtime.ReadMemStats(&b)
		if err != nil {
			t.Fatal(err)
		}
		runtime.KeepAlive(fsys)
		if got, est := float64(b.TotalAlloc-a.TotalAlloc), DayBytes(n); got > est {
			t.Errorf("%d functions allocate %.0f bytes, above the estimate %.0f", n, got, est)
		}
	}
}
