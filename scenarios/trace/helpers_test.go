package trace

import (
	"os"
	"path/filepath"
	"testing"

	"faassim/models/workload"
)

// drain reads a whole source, failing the test on a source error.
func drain(t testing.TB, tr *Trace) []workload.Invocation {
	t.Helper()
	var out []workload.Invocation
	var inv workload.Invocation
	for tr.Source.Next(&inv) {
		out = append(out, inv)
	}
	if err := tr.Source.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// writeFile writes content to dir/name, creating directories.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// azureDay writes a one-day Azure 2019 trace with the given functions
// (each with one duration table of 100 ms everywhere) and returns its dir.
func azureDay(t testing.TB, counts ...[]uint32) string {
	t.Helper()
	dir := t.TempDir()
	w, err := NewAzure2019Writer(dir, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range counts {
		full := make([]uint32, minutesPerDay)
		copy(full, c)
		name := string(rune('a' + i))
		if err := w.Function(AzureFunctionRow{Owner: "o", App: "app" + name, Function: "f" + name, Trigger: "http",
			Counts: full, AverageMS: 100, PercentilesMS: [7]float64{100, 100, 100, 100, 100, 100, 100}}); err != nil {
			t.Fatal(err)
		}
		if err := w.App(AzureAppRow{Owner: "o", App: "app" + name, SampleCount: 1, AverageMB: 128}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkSorted fails unless arrivals never go back in time.
func checkSorted(t testing.TB, invs []workload.Invocation) {
	t.Helper()
	for i := 1; i < len(invs); i++ {
		if invs[i].Arrival < invs[i-1].Arrival {
			t.Fatalf("invocation %d arrives at %v, before %v", i, invs[i].Arrival, invs[i-1].Arrival)
		}
	}
}
