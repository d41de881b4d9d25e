package trace

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

// writeSynthDays writes days 1..n of a synthetic Azure 2019 trace of fns
// functions with the package's writer: function i is called about
// 2^(i mod 12) / 512 times a minute (a spread of busy and rare ones), each
// day with its own counts; every seventh day has no memory file.
func writeSynthDays(b *testing.B, dir string, n, fns int) {
	r := rand.New(rand.NewPCG(1, 2))
	counts := make([]uint32, minutesPerDay)
	for day := 1; day <= n; day++ {
		w, err := NewAzure2019Writer(dir, day, day%7 != 0)
		if err != nil {
			b.Fatal(err)
		}
		for i := range fns {
			rate := float64(uint(1)<<(i%12)) / 512
			for m := range counts {
				counts[m] = uint32(rate + r.Float64()*rate) // below 1 a minute: zeros and ones
			}
			ms := float64(10 + i%100)
			name := fmt.Sprintf("f%04d", i)
			if err := w.Function(AzureFunctionRow{Owner: "o", App: "app" + name, Function: name, Trigger: "http", Counts: counts,
				AverageMS: ms, PercentilesMS: [7]float64{ms / 2, ms / 2, ms, ms, ms, 2 * ms, 3 * ms}}); err != nil {
				b.Fatal(err)
			}
			if day%7 != 0 {
				if err := w.App(AzureAppRow{Owner: "o", App: "app" + name, SampleCount: 1, AverageMB: 128}); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDaysMemory replays 1, 7 and 14 synthetic days of 500
// functions (about 530,000 invocations a day) and reports the most
// heap held during the replay (sampled after a GC at every hour of trace
// time, minus the heap before Open), the bytes allocated per day, and the
// replay's speed. Held must not grow with the number of days: one day is
// held at a time. (Peak RSS of a whole run in a child process is
// scenarios' benchmark.)
func BenchmarkDaysMemory(b *testing.B) {
	const fns = 500
	dir := b.TempDir()
	writeSynthDays(b, dir, 14, fns)
	for _, n := range []int{1, 7, 14} {
		days := make([]int, n)
		for i := range days {
			days[i] = i + 1
		}
		b.Run(fmt.Sprintf("days=%d", n), func(b *testing.B) {
			var held, alloc, invs float64
			for range b.N {
				var ms runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&ms)
				base, total := ms.HeapAlloc, ms.TotalAlloc
				tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: days}, 1)
				if err != nil {
					b.Fatal(err)
				}
				var peak uint64
				var inv workload.Invocation
				next := sim.Hour
				var count int64
				for tr.Source.Next(&inv) {
					count++
					if inv.Arrival >= next {
						next += sim.Hour
						runtime.GC()
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
					}
				}
				if err := tr.Source.Err(); err != nil {
					b.Fatal(err)
				}
				runtime.ReadMemStats(&ms)
				held = max(held, float64(peak))
				alloc += float64(ms.TotalAlloc-total) / float64(n)
				invs += float64(count)
				runtime.KeepAlive(tr)
			}
			b.ReportMetric(held, "held-B")
			b.ReportMetric(alloc/float64(b.N), "alloc-B/day")
			b.ReportMetric(invs/float64(b.N)/float64(n), "invocations/day")
			b.ReportMetric(invs/b.Elapsed().Seconds(), "invocations/s")
		})
	}
}

// BenchmarkDaysRead is the reading speed of a 7-day replay of the same
// population, without BenchmarkDaysMemory's heap sampling: both passes,
// parsing and spreading (uniform), per invocation.
func BenchmarkDaysRead(b *testing.B) {
	dir := b.TempDir()
	writeSynthDays(b, dir, 7, 500)
	var invs float64
	for range b.N {
		tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: []int{1, 2, 3, 4, 5, 6, 7}}, 1)
		if err != nil {
			b.Fatal(err)
		}
		var inv workload.Invocation
		for tr.Source.Next(&inv) {
			invs++
		}
		if err := tr.Source.Err(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(invs/b.Elapsed().Seconds(), "invocations/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/7, "s/day")
}
