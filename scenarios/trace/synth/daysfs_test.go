package synth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"

	"faassim/models/workload"
	"faassim/scenarios/trace"
	"faassim/sim"
)

// DaysFS's files are byte for byte Generate's, for weekdays and weekend
// days, in any order of listing and reading, and reopening a day no
// longer held generates it again, identically.
func TestDaysFSIsGenerate(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, Config{Functions: 150, Days: 9, Seed: 42}); err != nil {
		t.Fatal(err)
	}
	for _, days := range [][]int{{1, 2, 3, 4, 5, 6, 7, 8, 9}, {9, 6, 2}, {7}} {
		fsys, err := DaysFS(context.Background(), Config{Functions: 150, Seed: 42, Days: 1}, days)
		if err != nil {
			t.Fatal(err)
		}
		check := func(day int) {
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
					t.Errorf("days %v: %s differs from Generate's (%d bytes, want %d)", days, name, len(got), len(want))
				}
			}
		}
		for _, day := range days {
			check(day)
		}
		d := fsys.(*Days)
		if g := d.Generations(); g != len(days) {
			t.Errorf("days %v read in order: %d generations, want %d", days, g, len(days))
		}
		check(days[0])
		if want := len(days) + min(1, len(days)-1); d.Generations() != want {
			t.Errorf("days %v, first day reopened: %d generations, want %d", days, d.Generations(), want)
		}
		if _, err := fsys.Open(trace.Azure2019Names(days[0]%9 + 10)[0]); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("days %v: a day not listed opens: %v", days, err)
		}
	}
}

// The FS is a well-formed fs.FS: its root lists every listed day's files
// and each opens with the size its entry says.
func TestDaysFSIsAnFS(t *testing.T) {
	fsys, err := DaysFS(context.Background(), Config{Functions: 20, Seed: 1}, []int{2, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	one, two := trace.Azure2019Names(1), trace.Azure2019Names(2)
	names := append(one[:], two[:]...)
	if err := fstest.TestFS(fsys, names...); err != nil {
		t.Error(err)
	}
}

// The trace reader opens a day from the FS as it opens the files Generate
// writes.
func TestDaysFSOpensAsATrace(t *testing.T) {
	fsys, err := DaysFS(context.Background(), Config{Functions: 80, Seed: 3}, []int{6, 7})
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []int{6, 7} {
		tr, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, FS: fsys, Dir: ".", Day: day}, 1)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Day(context.Background(), Config{Functions: 80, Seed: 3}, day)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Functions) != 80 || tr.Invocations != files.Invocations {
			t.Errorf("day %d: %d functions, %d invocations; want 80 and %d", day, len(tr.Functions), tr.Invocations, files.Invocations)
		}
	}
}

// A multi-day replay generates each day it reads once a pass: once to
// count, once to replay (listing the FS says which days exist without
// opening, hence generating, a file), once more per further seed's
// Source; a day past the horizon is never generated, and a single day
// read is counted and replayed from one generation.
func TestDaysFSGenerationsOfAReplay(t *testing.T) {
	for _, c := range []struct {
		name    string
		horizon sim.Time
		seeds   int
		want    int
	}{
		{"3 days", 0, 1, 6},
		{"3 days, two seeds", 0, 2, 9},
		{"3 days, horizon 1d", 24 * sim.Hour, 1, 1},
	} {
		fsys, err := DaysFS(context.Background(), Config{Functions: 30, Seed: 3}, []int{1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, FS: fsys, Dir: ".", Days: []int{1, 2, 3}, Horizon: c.horizon}, 1)
		if err != nil {
			t.Fatal(err)
		}
		srcs := []workload.Source{tr.Source}
		for seed := 2; seed <= c.seeds; seed++ {
			src, ok := tr.SourceFor(uint64(seed))
			if !ok {
				t.Fatal("SourceFor refused")
			}
			srcs = append(srcs, src)
		}
		for _, src := range srcs {
			var inv workload.Invocation
			for src.Next(&inv) {
			}
			if err := src.Err(); err != nil {
				t.Fatal(err)
			}
		}
		if g := fsys.(*Days).Generations(); g != c.want {
			t.Errorf("%s: %d days generated, want %d", c.name, g, c.want)
		}
	}
}

// Memory is flat in days: reading 14 days one after the other, the live
// heap (after a collection) never holds more than the population and one
// day (DayBytes) above what it held before; 14 days held at once would
// be about 14 times a day's files.
func TestDaysFSMemoryFlat(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's instrumentation allocates beside the program")
	}
	const n = 500
	days := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
	base := liveHeap()
	fsys, err := DaysFS(context.Background(), Config{Functions: n, Seed: 1}, days)
	if err != nil {
		t.Fatal(err)
	}
	d := fsys.(*Days)
	var dayHeld, peak int64
	for _, day := range days {
		for _, name := range trace.Azure2019Names(day) {
			f, err := fsys.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, f); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		dayHeld = max(dayHeld, d.Held())
		peak = max(peak, liveHeap()-base)
	}
	runtime.KeepAlive(fsys)
	t.Logf("14 days of %d functions: a day's files %d bytes, live heap at most %d bytes above the start (bound %.0f)", n, dayHeld, peak, DayBytes(n))
	if float64(dayHeld) > DayBytes(n) || float64(peak) > DayBytes(n) {
		t.Errorf("a day holds %d bytes and the heap grew by %d, above DayBytes %.0f", dayHeld, peak, DayBytes(n))
	}
	if peak > 3*dayHeld {
		t.Errorf("the heap grew by %d bytes over 14 days, %.1f days' files: more than one day is held", peak, float64(peak)/float64(dayHeld))
	}
}

func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// A cancelled context stops the FS: an open before the first day, or one
// cancelled while its day is generated, fails with the context's error
// and holds nothing; bad arguments are refused.
func TestDaysFSCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cfg := Config{Functions: 200, Seed: 1}
	cfg.Progress = func(done, total int) {
		if done == 3 {
			cancel() // while the day is generated
		}
	}
	fsys, err := DaysFS(ctx, cfg, []int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	name := trace.Azure2019Names(1)[0]
	if _, err := fsys.Open(name); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while generating: %v, want context.Canceled", err)
	}
	if _, err := fsys.Open(trace.Azure2019Names(2)[1]); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before the open: %v, want context.Canceled", err)
	}
	if d := fsys.(*Days); d.Held() != 0 || d.Generations() != 0 {
		t.Errorf("a cancelled FS holds %d bytes after %d generations", d.Held(), d.Generations())
	}
	for _, c := range []struct {
		n    int
		days []int
	}{{0, []int{1}}, {10, nil}, {10, []int{0}}, {10, []int{1, 100}}} {
		if _, err := DaysFS(context.Background(), Config{Functions: c.n}, c.days); err == nil {
			t.Errorf("%d functions, days %v: no error", c.n, c.days)
		}
	}
}

// BenchmarkDaysFSHeld reads 1, 7 and 14 days of 500 functions day by day
// from DaysFS and reports the bytes its generated day holds (held-B, the
// largest over the days) and the live heap above the start after each day
// (heap-B, the largest): both flat in the days. One op reads every day.
func BenchmarkDaysFSHeld(b *testing.B) {
	for _, days := range []int{1, 7, 14} {
		b.Run(fmt.Sprintf("%ddays", days), func(b *testing.B) {
			list := make([]int, days)
			for i := range list {
				list[i] = i + 1
			}
			var held, heap int64
			for range b.N {
				base := liveHeap()
				fsys, err := DaysFS(context.Background(), Config{Functions: 500, Seed: 1}, list)
				if err != nil {
					b.Fatal(err)
				}
				for _, day := range list {
					for _, name := range trace.Azure2019Names(day) {
						f, err := fsys.Open(name)
						if err != nil {
							b.Fatal(err)
						}
						io.Copy(io.Discard, f)
						f.Close()
					}
					held = max(held, fsys.(*Days).Held())
					b.StopTimer()
					heap = max(heap, liveHeap()-base)
					b.StartTimer()
				}
				runtime.KeepAlive(fsys)
			}
			b.ReportMetric(float64(held), "held-B")
			b.ReportMetric(float64(heap), "heap-B")
		})
	}
}

// Readers opening two days at once get each day's bytes: generation is
// serialised and a file keeps its day after the FS moves on.
func TestDaysFSConcurrent(t *testing.T) {
	cfg := Config{Functions: 60, Seed: 8}
	want := map[string]string{}
	for _, day := range []int{6, 8} {
		files, err := Day(context.Background(), cfg, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range trace.Azure2019Names(day) {
			b, _ := fs.ReadFile(files, name)
			want[name] = string(b)
		}
	}
	fsys, err := DaysFS(context.Background(), cfg, []int{6, 8})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for i := range 6 {
				day := []int{6, 8}[(g+i)%2]
				for _, name := range trace.Azure2019Names(day) {
					b, err := fs.ReadFile(fsys, name)
					if err != nil {
						errs <- err
						return
					}
					if string(b) != want[name] {
						errs <- fmt.Errorf("%s differs from Day's", name)
						return
					}
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
