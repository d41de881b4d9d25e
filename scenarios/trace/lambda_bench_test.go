package trace

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLambdaPlain reads a generated `aws logs tail` file of 1M lines
// (START, END and REPORT for each of 333,334 invocations, every tenth a
// cold start) and reports REPORT records per second.
func BenchmarkLambdaPlain(b *testing.B) {
	p := filepath.Join(b.TempDir(), "fn.log")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	const lines = 1_000_000
	for i := 0; i < lines/3+1; i++ {
		s := 1714564800 + int64(i)
		ts := fmt.Sprintf("2024-05-01T%02d:%02d:%02d.%06d+00:00 2024/05/01/[$LATEST]a1b2c3", (s/3600)%24, (s/60)%60, s%60, i%1000000)
		id := fmt.Sprintf("11111111-aaaa-4bbb-8ccc-%012d", i)
		init := ""
		if i%10 == 0 {
			init = "Init Duration: 312.40 ms\t"
		}
		fmt.Fprintf(w, "%s START RequestId: %s Version: $LATEST\n%s END RequestId: %s\n%s REPORT RequestId: %s\tDuration: %d.%02d ms\tBilled Duration: %d ms\tMemory Size: 512 MB\tMax Memory Used: 88 MB\t%s\n",
			ts, id, ts, id, ts, id, 20+i%300, i%100, 21+i%300, init)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	var reports int
	for b.Loop() {
		st, err := ReadLambdaReports(LambdaOptions{Paths: []string{p}}, func(*LambdaReport) error { return nil })
		if err != nil || st.Malformed != 0 {
			b.Fatal(err, st.MalformedAt)
		}
		reports += st.Reports
	}
	b.ReportMetric(float64(reports)/b.Elapsed().Seconds(), "reports/s")
}
