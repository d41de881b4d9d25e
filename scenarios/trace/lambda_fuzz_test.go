package trace

import (
	"os"
	"path/filepath"
	"testing"
)

// Each lambda-report form, fed arbitrary bytes, returns records or an
// error and never panics; its stats agree with what it returned, and what
// it replays is in arrival order.

func fuzzLambda(t *testing.T, name, data string) {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	n, bare := 0, 0
	st, err := ReadLambdaReports(LambdaOptions{Paths: []string{p}}, func(r *LambdaReport) error {
		n++
		if !r.HasTime {
			bare++
		}
		if r.Duration < 0 || r.Init < 0 || r.Restore < 0 || r.Line < 1 || r.Function == "" {
			t.Fatalf("record %+v", r)
		}
		return nil
	})
	if err == nil && (st.Reports != n || st.Bare != bare || len(st.MalformedAt) > MaxMalformedListed ||
		len(st.MalformedAt) != min(st.Malformed, MaxMalformedListed)) {
		t.Fatalf("stats %+v after %d records (%d bare)", st, n, bare)
	}
	tr, err := Open(Spec{Format: FormatLambdaReport, Path: p}, 1)
	if err != nil {
		return
	}
	checkSorted(t, drainAny(tr))
}

func seedLambda(f *testing.F, names ...string) {
	for _, n := range names {
		seedFile(f, "testdata/lambda/"+n)
	}
}

func FuzzLambdaPlain(f *testing.F) {
	seedLambda(f, "orders.log", "ledger.log", "bare.log")
	f.Add("REPORT RequestId: a Duration: 1 ms Billed Duration: 1 ms Memory Size: 1 MB Max Memory Used: 1 MB Init Duration: 1. ms\n")
	f.Fuzz(func(t *testing.T, data string) { fuzzLambda(t, "f.log", data) })
}

func FuzzLambdaJSON(f *testing.F) {
	seedLambda(f, "checkout.json", "worker.json")
	f.Add(`{"time":"2024-05-01T12:00:02Z","type":"platform.report","record":{"requestId":"r","metrics":{"durationMs":5,"billedDurationMs":5,"memorySizeMB":128,"maxMemoryUsedMB":40}}}` + "\n" + `[{"events":[]}]`)
	f.Fuzz(func(t *testing.T, data string) { fuzzLambda(t, "f.json", data) })
}

func FuzzLambdaInsights(f *testing.F) {
	seedLambda(f, "insights.csv")
	f.Add("@timestamp,@type,@message\n2024-05-01 12:00:00,REPORT,\"REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 1 MB\tMax Memory Used: 1 MB\"\n")
	f.Fuzz(func(t *testing.T, data string) { fuzzLambda(t, "f.csv", data) })
}
