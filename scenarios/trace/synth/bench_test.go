package synth

import (
	"os"
	"testing"

	"faassim/models/workload"
	"faassim/scenarios/trace"
)

// BenchmarkReplayAzure2019 replays a synthetic Azure-format day of 10,000
// functions (about 218 million invocations with seed 1) through
// Source.Next: reading the three files, spreading every minute's counts
// and sampling every duration. One op is one invocation; the opening of
// the day (parsing 14.4 million counts) is included, amortised over the
// invocations replayed before the source is reopened.
func BenchmarkReplayAzure2019(b *testing.B) {
	for _, spread := range []string{trace.SpreadUniform, trace.SpreadEquidistant, trace.SpreadPoisson} {
		b.Run(spread, func(b *testing.B) { benchReplay(b, spread) })
	}
}

var benchDir string

func benchReplay(b *testing.B, spread string) {
	if benchDir == "" {
		// Shared by the sub-benchmarks (b.TempDir would vanish with the
		// first); TestMain removes it.
		benchDir = mustDay(b)
	}
	open := func() *trace.Trace {
		tr, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, Dir: benchDir, Day: 1, Spread: spread}, 1)
		if err != nil {
			b.Fatal(err)
		}
		return tr
	}
	b.ReportAllocs()
	b.ResetTimer()
	tr := open()
	var inv workload.Invocation
	for i := 0; i < b.N; i++ {
		if !tr.Source.Next(&inv) {
			if err := tr.Source.Err(); err != nil {
				b.Fatal(err)
			}
			tr = open()
			i--
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "invocations/s")
}

// BenchmarkOpenAzure2019 opens the 10,000-function day: reading and
// checking its 14.4 million per-minute counts and the duration and memory
// tables, before any invocation is replayed. One op is one open.
func BenchmarkOpenAzure2019(b *testing.B) {
	if benchDir == "" {
		benchDir = mustDay(b)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := trace.Open(trace.Spec{Format: trace.FormatAzure2019, Dir: benchDir, Day: 1}, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func mustDay(b *testing.B) string {
	dir, err := mkdirTemp()
	if err != nil {
		b.Fatal(err)
	}
	if err := Generate(dir, Config{Functions: 10000, Days: 1, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

func mkdirTemp() (string, error) { return os.MkdirTemp("", "faassim-bench-") }

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
