package scenarios

import (
	"strings"
	"testing"
	"time"

	"faassim/models/dist"
	"faassim/sim"
)

// A percentiles table may add p90 and p95; they are read, checked in
// order, refused on other distributions, and interpolated through.
func TestPercentilesWithP90P95(t *testing.T) {
	const base = `name: p
horizon: 1m
workload:
  synthetic:
    functions:
      - name: f
        runtime: python
        arrival: {process: poisson, rate_per_s: 1}
        duration: DIST
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`
	cases := []struct {
		dist, problem string
	}{
		{"{dist: percentiles, p0: 1ms, p1: 2ms, p25: 5ms, p50: 10ms, p75: 20ms, p90: 40ms, p95: 60ms, p99: 100ms, p100: 200ms}", ""},
		{"{dist: percentiles, p0: 1ms, p1: 2ms, p25: 5ms, p50: 10ms, p75: 20ms, p95: 60ms, p99: 100ms, p100: 200ms}", ""},
		{"{dist: percentiles, p0: 1ms, p1: 2ms, p25: 5ms, p50: 10ms, p75: 20ms, p90: 10ms, p99: 100ms, p100: 200ms}", "p.yaml:9: workload.synthetic.functions[0].duration.p90: percentiles must not decrease: p90 10ms < p75 20ms"},
		{"{dist: percentiles, p0: 1ms, p1: 2ms, p25: 5ms, p50: 10ms, p75: 20ms, p90: 50ms, p95: 40ms, p99: 100ms, p100: 200ms}", "duration.p95: percentiles must not decrease: p95 40ms < p90 50ms"},
		{"{dist: lognormal, median: 10ms, p99: 100ms, p90: 40ms}", "duration.p90: does not apply to dist lognormal"},
	}
	for _, c := range cases {
		s, err := Load("p.yaml", []byte(strings.Replace(base, "DIST", c.dist, 1)), nil)
		switch {
		case c.problem == "" && err != nil:
			t.Errorf("%s: %v", c.dist, err)
		case c.problem != "" && (err == nil || !strings.Contains(err.Error(), c.problem)):
			t.Errorf("%s: got %v, want %q", c.dist, err, c.problem)
		case c.problem == "":
			back, err := Marshal(s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if again, err := Load("back.yaml", back, nil); err != nil || (again.Workload.Synthetic.Functions[0].Duration.P95 == nil) {
				t.Errorf("%s: does not round-trip: %v\n%s", c.dist, err, back)
			}
		}
	}
	// The 92.5th percentile lies halfway between p90 and p95 (40 and
	// 60 ms), where a table without them would put it between p75 and p99:
	// 20 + (0.925 - 0.75) / (0.99 - 0.75) x 80 = 78.3 ms.
	with := Dist{Dist: "percentiles", P0: msDur(1), P1: msDur(2), P25: msDur(5), P50: msDur(10), P75: msDur(20), P90: msDurPtr(40), P95: msDurPtr(60), P99: msDur(100), P100: msDur(200)}
	m, err := with.Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := m.(dist.Percentiles).Quantile(0.925); got != 50*sim.Millisecond {
		t.Errorf("q(0.925) = %v, want 50ms", got)
	}
}

func msDur(ms int) Duration     { return Duration(time.Duration(ms) * time.Millisecond) }
func msDurPtr(ms int) *Duration { v := msDur(ms); return &v }
