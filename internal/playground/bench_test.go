package playground

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"
)

// teachingExamples are the examples the lessons teach with: the benchmark
// runs them with no overrides when the manifest offers none.
var teachingExamples = []string{"cold-starts-101", "keep-alive-tradeoff", "burst-throttling", "power-tuning", "serverless-vs-containers"}

// BenchmarkUpdate is the page's update: POST /api/run through the handler
// on each offered teaching example, the first function's request rate
// alternating between its value and 10% more so that every iteration
// truly reruns, the previous state sent for the explanations. It reports
// the 50th and 95th percentiles of the answer time (the aim: p95 under
// 300 ms on two cores).
//
//	go test ./internal/playground -run '^$' -bench Update -benchtime 20x
func BenchmarkUpdate(b *testing.B) {
	man, err := loadManifest()
	if err != nil {
		b.Fatal(err)
	}
	if len(man.Examples) == 0 {
		for _, name := range teachingExamples {
			man.Examples = append(man.Examples, Offered{Name: name})
		}
	}
	s, err := newServer(Config{Addr: testAddr, Timeout: time.Minute, MaxConcurrent: 1}, man)
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, off := range man.Examples {
		if !slices.Contains(teachingExamples, off.Name) {
			continue
		}
		o := s.offers[off.Name]
		if o.base.Workload.Synthetic == nil || len(o.base.Workload.Synthetic.Functions) == 0 {
			continue
		}
		rate := o.base.Workload.Synthetic.Functions[0].Arrival.RatePerS
		b.Run(off.Name, func(b *testing.B) {
			var times []float64
			var prev *State
			b.ResetTimer()
			for i := range b.N {
				r := rate * (1 + 0.1*float64(i%2))
				st := State{Example: off.Name, Sets: []string{"workload.synthetic.functions.0.arrival.rate_per_s=" + strconv.FormatFloat(r, 'g', -1, 64)}}
				body, _ := json.Marshal(RunRequest{State: st, Page: "bench", Previous: prev})
				start := time.Now()
				w := call(h, "POST", PathRun, string(body))
				times = append(times, float64(time.Since(start).Microseconds())/1000)
				if w.Code != 200 {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
				prev = &st
			}
			slices.Sort(times)
			b.ReportMetric(quantile(times, 0.5), "p50-ms")
			b.ReportMetric(quantile(times, 0.95), "p95-ms")
		})
	}
}

// quantile is the nearest-rank q-quantile of sorted xs.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
