package faas

import (
	"math"
	"slices"
	"testing"

	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// levelTimes integrates, over the window [from, to), the time a level
// spends at each value, from its value read after every event: an
// independent record of the time-average distribution of instances.
type levelTimes struct {
	from, to, last sim.Time
	value          int
	times          []int64 // ns at each value
}

func (l *levelTimes) observe(now sim.Time, v int) {
	if start, end := max(l.last, l.from), min(now, l.to); end > start {
		for len(l.times) <= l.value {
			l.times = append(l.times, 0)
		}
		l.times[l.value] += int64(end - start)
	}
	l.last, l.value = now, v
}

// PASTA (Wolff 1982, "Poisson Arrivals See Time Averages", Operations
// Research 30(2):223-231): with Poisson arrivals, the share of requests
// that find k instances equals the share of time with k instances. At
// SimFaaS's README point (0.9/s, exponential warm 1.991 s and cold
// 2.244 s, 600 s expiration) the states are 6 to 12 instances.
//
// Tolerance: Wolff's proof rests on N_k(t) - λ T_k(t) being a martingale
// (N_k arrivals finding k, T_k time at k) of variance λ E[T_k]; so the
// request share N_k/N minus the time share p_k = T_k/T has standard error
// sqrt(p_k (1 - p_k) / N), the binomial one, whatever the correlation of
// the states in time. Each k is held to 4 of them. The time shares are
// the model's own (Run.LiveTimes, instances.distribution), checked first
// against the times an event log of the run gives.
func TestByInstancesSeeTimeAverages(t *testing.T) {
	s := sim.Second
	horizon := 200_000 * s // 180,000 requests
	if testing.Short() {
		horizon = 50_000 * s
	}
	cfg := Config{Warmup: 1000 * s, Horizon: horizon}
	eng := sim.NewEngine()
	p, err := New(eng, cfg, []Function{fn("f", exponential(t, 2244*sim.Millisecond))}, keepalive.FixedTTL{TTL: 600 * s}, 1)
	if err != nil {
		t.Fatal(err)
	}
	lt := levelTimes{from: cfg.Warmup, to: cfg.Horizon}
	p.SetLog(func(e Event) { lt.observe(e.At, p.pools[0].live) })
	workload.Feed(eng, poisson(t, 7, 0.9, exponential(t, 1991*sim.Millisecond)), cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	r := p.Result()
	lt.observe(cfg.Horizon, lt.value)
	// The model's own time-average record (instances.distribution) is
	// the event log's, to the nanosecond.
	if !slices.Equal([]int64(r.LiveTimes), lt.times) {
		t.Errorf("LiveTimes %v, the event log gives %v", r.LiveTimes, lt.times)
	}
	checkPASTA(t, r.ByInstances, r.LiveTimes)
}

// checkPASTA holds the request share of each state to its time share,
// within 4 binomial standard errors (see TestByInstancesSeeTimeAverages).
func checkPASTA(t *testing.T, b metrics.ByInstances, times []int64) {
	t.Helper()
	var n, total float64
	for _, st := range b {
		n += float64(st.Requests)
	}
	for _, x := range times {
		total += float64(x)
	}
	if n < 10_000 || total <= 0 {
		t.Fatalf("%v requests over %v ns: too few to judge", n, total)
	}
	for k := range max(len(b), len(times)) {
		var req, tm float64
		if k < len(b) {
			req = float64(b[k].Requests) / n
		}
		if k < len(times) {
			tm = float64(times[k]) / total
		}
		tol := 4 * math.Sqrt(max(tm*(1-tm), 1/n)/n)
		if math.Abs(req-tm) > tol {
			t.Errorf("%d instances: %.5f of requests, %.5f of the time (tolerance %.5f)", k, req, tm, tol)
		} else if tm > 0.01 {
			t.Logf("%d instances: %.5f of requests, %.5f of the time (tolerance %.5f)", k, req, tm, tol)
		}
	}
}
