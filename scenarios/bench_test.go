package scenarios

import (
	"context"
	"fmt"
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

// BenchmarkShortReplications is 1,000 replications of the SimFaaS README
// example cut to 300 s (about 270 requests each), on one worker: what a
// transient study repeats, where the cost of setting up and summarizing a
// replication counts as much as its requests.
func BenchmarkShortReplications(b *testing.B) {
	s, err := Open("example:simfaas-readme", []string{"horizon=300s", "replications=1000"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), s, Options{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "us/replication")
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

// BenchmarkBreakEvenDefault is `faassim breakeven example:default
// --platform lambda --vs fargate-fixed` with the CLI's defaults (issue
// figure: under 10 s on 2 cores).
func BenchmarkBreakEvenDefault(b *testing.B) {
	s, err := Open("example:default", nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		be, err := FindBreakEven(context.Background(), s, "lambda", "fargate-fixed",
			BreakEvenOptions{Low: 0.1, High: 10, Points: 7, Bisections: 5, Tolerance: 0.02})
		if err != nil || !be.Found {
			b.Fatalf("found %v, %v", be != nil && be.Found, err)
		}
	}
}

// BenchmarkSweepPowerTuning is the 20-point memory sweep of the
// power-tuning example with 1 and with 2 workers (issue figure: under 5 s,
// and at least 1.7x faster with 2).
func BenchmarkSweepPowerTuning(b *testing.B) {
	p, err := ParseParam("platforms.0.memory_mb=128:3008:20:log")
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Sweep(context.Background(), "example:power-tuning", nil, []Param{p},
					SweepOptions{Options: Options{Workers: workers}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
