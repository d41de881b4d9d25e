package charts

import (
	"strconv"

	"faassim/models/metrics"
)

// Hand-made results: small, exact, and shaped like the real thing (three
// platforms, one with a 0 ms CDF point and a bucket without requests).

func platform(name, kind string, p99, monthly, coldRatio, idleS float64) metrics.Platform {
	total := monthly / 30 // a one-day window: monthly is 30 times the total
	return metrics.Platform{
		Name: name, Kind: kind,
		Requests: 1000, Completed: 1000, ColdStarts: int64(coldRatio * 1000), ColdStartRatio: coldRatio,
		LatencyMS:       metrics.Latency{Mean: p99 / 4, P50: p99 / 5, P90: p99 / 2, P95: p99 / 1.5, P99: p99, P999: p99 * 2, Max: p99 * 3},
		InstanceSeconds: metrics.InstanceSeconds{Busy: 1000, Idle: idleS},
		CostUSD:         metrics.Cost{Total: total, Compute: total * 0.7, Requests: total * 0.3},
		MonthlyCostUSD:  monthly,
		LatencyCDF:      [][2]float64{{2, 0}, {10, 0.5}, {p99, 0.99}, {p99 * 3, 1}},
	}
}

func timeline(instances, requests, cold []float64) *metrics.Timeline {
	return &metrics.Timeline{
		StartS: 3600, StepS: 600,
		Instances: instances, BusyInstances: instances,
		Requests: requests, ColdStarts: cold, Rejected: make([]float64, len(requests)),
	}
}

func fixtureResults() metrics.Results {
	a := platform("lambda", "faas", 400, 21.5, 0.02, 5000)
	a.LatencyCDF = append([][2]float64{{0, 0}}, a.LatencyCDF...) // one point a log axis cannot take
	a.Timeline = timeline([]float64{2, 5, 3, 1}, []float64{100, 300, 0, 50}, []float64{5, 6, 0, 2})
	b := platform("cloud-run", "faas", 300, 47, 0, 0)
	b.Timeline = timeline([]float64{3, 3, 3, 3}, []float64{100, 300, 0, 50}, []float64{0, 0, 0, 0})
	c := platform("fargate-fixed", "container", 250, 53, 0, 80000)
	c.CostUSD = metrics.Cost{Total: 53.0 / 30, Compute: 10.0 / 30, Idle: 43.0 / 30}
	c.Timeline = timeline([]float64{3, 3, 3, 3}, []float64{100, 300, 0, 50}, []float64{0, 0, 0, 0})
	return metrics.Results{Schema: metrics.Schema, Scenario: "fixture", Seed: 1, HorizonS: 90000, WarmupS: 3600,
		Replications: 1, Platforms: []metrics.Platform{a, b, c}}
}

func sweepOf(param string, values []string, numeric []float64, point func(i int) metrics.Results) metrics.Sweep {
	s := metrics.Sweep{Schema: metrics.SweepSchema, Scenario: "fixture", Params: []string{param}}
	for i := range values {
		s.Points = append(s.Points, metrics.SweepPoint{Values: []string{values[i]}, Numeric: []float64{numeric[i]}, Results: point(i)})
	}
	return s
}

// fixtureMemorySweep: more memory, faster and (past 512 MB) dearer, on the
// first of two platforms.
func fixtureMemorySweep() metrics.Sweep {
	mem := []float64{128, 256, 512, 1024, 2048}
	vals := make([]string, len(mem))
	for i, m := range mem {
		vals[i] = strconv.Itoa(int(m))
	}
	return sweepOf("platforms.0.memory_mb", vals, mem, func(i int) metrics.Results {
		p99 := 2000 / (1 + float64(i))
		cost := []float64{12, 11, 10.5, 18, 33}[i]
		return metrics.Results{Platforms: []metrics.Platform{
			platform("lambda", "faas", p99, cost, 0.01, 3000),
			platform("fargate-fixed", "container", 250, 53, 0, 80000),
		}}
	})
}

// fixtureTTLSweep: a longer TTL, fewer cold starts, more idle time.
func fixtureTTLSweep() metrics.Sweep {
	ttl := []float64{60, 300, 600, 1800}
	return sweepOf("platforms.0.keep_alive.ttl", []string{"1m", "5m", "10m", "30m"}, ttl, func(i int) metrics.Results {
		return metrics.Results{Platforms: []metrics.Platform{
			platform("lambda", "faas", 500, 20+float64(i), 0.05/(1+float64(i)), 1000*ttl[i]/60),
			platform("cloud-run", "faas", 300, 47, 0, 0),
		}}
	})
}

func fixtureBreakEven() metrics.BreakEven {
	be := metrics.BreakEven{Schema: metrics.BreakEvenSchema, Scenario: "fixture", A: "lambda", B: "fargate-fixed",
		Found: true, Direction: "B cheaper above"}
	for _, rate := range []float64{0.5, 1, 2, 5, 10, 20, 50} {
		be.Points = append(be.Points, metrics.BreakEvenPoint{RatePerS: rate,
			A: metrics.Platform{MonthlyCostUSD: 3.8 * rate}, B: metrics.Platform{MonthlyCostUSD: 53}})
	}
	be.Crossing = metrics.BreakEvenPoint{RatePerS: 14, A: metrics.Platform{MonthlyCostUSD: 53.2}, B: metrics.Platform{MonthlyCostUSD: 53}}
	return be
}
