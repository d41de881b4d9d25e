package scenarios

import (
	"context"
	"testing"
)

// BenchmarkSimFaaSReadme times the SimFaaS README example (about 900,000
// requests over 10^6 simulated seconds; SimFaaS needs 12.1 s for it).
func BenchmarkSimFaaSReadme(b *testing.B) {
	benchExample(b, "simfaas-readme", nil)
}

// BenchmarkSimFaaSThrottled is the same model at 1,000 requests/s against a
// concurrency limit of 1,000 for 1,000 s: one million requests, about half
// rejected (Erlang B). SimFaaS needs 262 s.
func BenchmarkSimFaaSThrottled(b *testing.B) {
	benchExample(b, "simfaas-readme", []string{
		"workload.synthetic.functions.0.arrival.rate_per_s=1000",
		"workload.synthetic.functions.0.duration.mean=2.016s",
		"platforms.0.cold_start.mean=147ms",
		"horizon=1000s",
	})
}

func benchExample(b *testing.B, name string, sets []string) {
	s, err := Open("example:"+name, sets)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var requests int64
	for i := 0; i < b.N; i++ {
		res, err := Run(context.Background(), s, Options{})
		if err != nil {
			b.Fatal(err)
		}
		requests = res.Platforms[0].Requests
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(requests), "ns/request")
	b.ReportMetric(float64(requests), "requests")
}
