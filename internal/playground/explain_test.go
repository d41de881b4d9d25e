package playground

import (
	"math"
	"strings"
	"testing"
)

// binomialSE is the standard error of a proportion p estimated from n
// independent trials.
func binomialSE(p float64, n int64) float64 { return math.Sqrt(p * (1 - p) / float64(n)) }

// TestIssueExample is the issue's own example: one request every 100 s,
// the TTL moved from 10 minutes to one.
func TestIssueExample(t *testing.T) {
	base := []string{"horizon=100h", "workload.synthetic.functions.0.arrival.rate_per_s=0.01"}
	prev := snap(t, "cold-starts-101", append(base, "platforms.2.keep_alive.ttl=10m")...)
	cur := snap(t, "cold-starts-101", append(base, "platforms.2.keep_alive.ttl=1m")...)
	e, fs := Explain(&prev, cur)
	want := math.Exp(-0.01 * 60)
	for _, part := range []string{"TTL on ttl-10m 10m to 1m", "cold starts on ttl-10m", "one request every 100 s",
		"a gap longer than 1m", "e^(-0.6) = 55%"} {
		if !strings.Contains(e.ColdStarts, part) {
			t.Errorf("cold starts %q lacks %q", e.ColdStarts, part)
		}
	}
	var got *Formula
	for i := range fs {
		if fs[i].ID == FormulaFixedTTL && fs[i].Platform == "ttl-10m" {
			got = &fs[i]
		}
	}
	if got == nil {
		t.Fatalf("no fixed-ttl formula on ttl-10m in %+v", fs)
	}
	if math.Abs(got.Value-want) > 1e-12 {
		t.Errorf("fixed-ttl value %v, want e^(-0.6) = %v", got.Value, want)
	}
	p := cur.Results.Platforms[2]
	n := p.Requests - p.Rejected
	// Each request is cold on its own gap (independent exponential gaps),
	// so the simulated ratio is binomial around the formula plus the
	// overlaps (about λS = 0.1%): within four standard errors of it.
	if d, se := p.ColdStartRatio-want, binomialSE(want, n); d < -4*se || d > 4*se+0.002 {
		t.Errorf("simulated %v against e^(-0.6) = %v: %v off, se %v over %d requests", p.ColdStartRatio, want, d, se, n)
	}
	if !strings.Contains(e.ColdStarts, pct(prev.Results.Platforms[2].ColdStartRatio)+" to "+pct(p.ColdStartRatio)) {
		t.Errorf("cold starts %q does not give the simulated move", e.ColdStarts)
	}
}

// TestExplanations moves each kind of setting and checks that the words
// name the change, its old and new values, the numbers that moved (read
// from the results, formatted as the page shows them) and the reason.
func TestExplanations(t *testing.T) {
	type chart = func(Explanations) string
	cold := func(e Explanations) string { return e.ColdStarts }
	lat := func(e Explanations) string { return e.Latency }
	inst := func(e Explanations) string { return e.Instances }
	cost := func(e Explanations) string { return e.Cost }
	table := func(e Explanations) string { return e.Table }
	rej := func(s Snapshot, name string) string {
		p := resultOf(s.Results, name)
		return pct(float64(p.Rejected) / float64(p.Requests))
	}
	cases := []struct {
		name            string
		prevEx, example string
		prev, cur       []string
		chart           chart
		// want lists the phrases the chart's words must hold, given the
		// two snapshots (so they quote the simulated numbers).
		want func(prev, cur Snapshot) []string
	}{{
		name: "no previous state", example: "cold-starts-101", cur: []string{"horizon=50h"}, chart: cold,
		want: func(_, c Snapshot) []string {
			return []string{"Cold starts: ttl-1m " + pct(c.Results.Platforms[0].ColdStartRatio), "at one request every 2m a gap longer than 1m happens e^(-0.5) = 61% of the time"}
		},
	}, {
		name: "nothing changed", example: "cold-starts-101", prev: []string{"horizon=50h"}, cur: []string{"horizon=50h"}, chart: cold,
		want: func(_, c Snapshot) []string {
			return []string{"Cold starts: ttl-1m " + pct(c.Results.Platforms[0].ColdStartRatio)}
		},
	}, {
		name: "override removed", example: "cold-starts-101", prev: []string{"horizon=50h", "platforms.3.keep_alive.ttl=2m"}, cur: []string{"horizon=50h"}, chart: cold,
		want: func(p, c Snapshot) []string {
			a, b := pctPair(p.Results.Platforms[3].ColdStartRatio, c.Results.Platforms[3].ColdStartRatio)
			return []string{"TTL on ttl-30m 2m to 30m", "cold starts on ttl-30m " + a + " to " + b}
		},
	}, {
		// Nothing moves on ttl-30m, nor anywhere else: the words are about
		// the platform the student changed, not the first one.
		name: "a change that makes no difference", example: "cold-starts-101",
		prev: []string{"horizon=50h"}, cur: []string{"horizon=50h", "platforms.3.keep_alive.ttl=1h"}, chart: cold,
		want: func(_, c Snapshot) []string {
			return []string{"TTL on ttl-30m 30m to 1h: cold starts on ttl-30m stays " + pct(c.Results.Platforms[3].ColdStartRatio), "e^(-30)"}
		},
	}, {
		// A bill's make-up is no cause of its move: stated beside it.
		name: "cost make-up", example: "cold-starts-101",
		prev: []string{"horizon=50h"}, cur: []string{"horizon=50h", "platforms.3.keep_alive.ttl=1h"}, chart: cost,
		want: func(_, c Snapshot) []string {
			return []string{"monthly cost on ttl-30m stays " + money(c.Results.Platforms[3].MonthlyCostUSD) + "; it is compute"}
		},
	}, {
		// Erlang B's loss system is saturated by its losses alone: the
		// requests it serves do not fall behind.
		name: "a loss system", example: "erlang-b", cur: []string{"horizon=2000s", "warmup=100s"}, chart: table,
		want: func(_, c Snapshot) []string {
			return []string{"Saturated: erlang-b-20 turned away more than 1% of the requests; the latency shown is that of the requests served"}
		},
	}, {
		name: "rate and TTL at once", example: "cold-starts-101",
		prev: []string{"horizon=50h"}, cur: []string{"horizon=50h", "workload.synthetic.functions.0.arrival.rate_per_s=0.002", "platforms.1.keep_alive.ttl=10m"}, chart: cold,
		want: func(_, c Snapshot) []string {
			return []string{"Rate of report 0.00833/s to 0.002/s and TTL on ttl-5m 5m to 10m", "one request every 8m20s",
				"a gap longer than 10m happens e^(-1.2) = 30% of the time"}
		},
	}, {
		name: "burstiness", example: "cold-starts-101",
		prev: []string{"horizon=100h", "workload.synthetic.functions.0.arrival.process=gamma", "workload.synthetic.functions.0.arrival.cv=1"},
		cur:  []string{"horizon=100h", "workload.synthetic.functions.0.arrival.process=gamma", "workload.synthetic.functions.0.arrival.cv=3"}, chart: cold,
		want: func(_, c Snapshot) []string {
			return []string{"Burstiness (cv) of report 1 to 3", "with gaps of cv 3", "gamma survival", "overlaps (a request arriving while the only warm instance is busy), frequent with gaps this bursty, come on top"}
		},
	}, {
		name: "memory", example: "power-tuning", prev: []string{"horizon=1h"}, cur: []string{"horizon=1h", "platforms.0.memory_mb=2048"}, chart: lat,
		want: func(p, c Snapshot) []string {
			return []string{"Memory on lambda 1024 MB to 2048 MB", "p50 " + millis(p.Results.Platforms[0].LatencyMS.P50) + " to " + millis(c.Results.Platforms[0].LatencyMS.P50),
				"1 vCPU, capped at 1 for single-threaded code", "median 400 ms × 0.62 = 248 ms"}
		},
	}, {
		name: "duration", example: "power-tuning", prev: []string{"horizon=1h"}, cur: []string{"horizon=1h", "workload.synthetic.functions.0.duration.median=200ms"}, chart: inst,
		want: func(p, c Snapshot) []string {
			return []string{"Median duration of resize 400ms to 200ms", "mean instances on lambda " + num(p.Results.Platforms[0].Instances.Mean) + " to " + num(c.Results.Platforms[0].Instances.Mean), "Little's law"}
		},
	}, {
		name: "account limit", example: "burst-throttling", prev: []string{"horizon=1h"}, cur: []string{"horizon=1h", "platforms.0.concurrency.account_limit=1500"}, chart: table,
		want: func(p, c Snapshot) []string {
			return []string{"Account limit on reject 1000 to 1500", "rejected on reject " + rej(p, "reject") + " to " + rej(c, "reject"), "against 1,500 allowed at once", "Erlang B"}
		},
	}, {
		name: "burst rate", example: "burst-throttling", prev: []string{"horizon=1h"}, cur: []string{"horizon=1h", "workload.synthetic.functions.0.arrival.burst_rate_per_s=1500"}, chart: table,
		want: func(p, c Snapshot) []string {
			return []string{"Burst rate of ingest 2,000/s to 1,500/s", "during bursts of 1,500 requests/s"}
		},
	}, {
		name: "provisioned", example: "cold-starts-101", prev: []string{"horizon=50h"}, cur: []string{"horizon=50h", "platforms.0.provisioned=1"}, chart: cold,
		want: func(p, c Snapshot) []string {
			return []string{"Provisioned instances on ttl-1m 0 to 1", "1 provisioned instance stays warm"}
		},
	}, {
		name: "keep-alive policy", example: "keep-alive-tradeoff", prev: []string{"horizon=8h"}, cur: []string{"horizon=8h", "platforms.2.keep_alive.policy=infinite"}, chart: inst,
		want: func(p, c Snapshot) []string {
			return []string{"Policy on hybrid hybrid to infinite", "mean instances on hybrid"}
		},
	}, {
		name: "per-instance concurrency", example: "keep-alive-tradeoff", prev: []string{"horizon=8h"}, cur: []string{"horizon=8h", "platforms.1.concurrency.per_instance=1"}, chart: inst,
		want: func(p, c Snapshot) []string {
			return []string{"Per-instance concurrency on cloud-run-instance-billed 80 to 1"}
		},
	}, {
		name: "replicas", example: "serverless-vs-containers", prev: []string{"horizon=2h"}, cur: []string{"horizon=2h", "platforms.1.scaling.replicas=4"}, chart: cost,
		want: func(p, c Snapshot) []string {
			f := resultOf(c.Results, "fargate")
			return []string{"Replicas on fargate 2 to 4", "monthly cost on fargate " + money(resultOf(p.Results, "fargate").MonthlyCostUSD) + " to " + money(f.MonthlyCostUSD),
				"they cost the same at"}
		},
	}, {
		name: "autoscaling target", example: "serverless-vs-containers", prev: []string{"horizon=2h"}, cur: []string{"horizon=2h", "platforms.2.scaling.target=0.05"}, chart: inst,
		want: func(p, c Snapshot) []string {
			return []string{"Autoscaling target on kubernetes 60% to 5%", "the fleet is target concurrency 5%"}
		},
	}, {
		name: "another example", prevEx: "cold-starts-101", example: "erlang-b", prev: []string{"horizon=10h"}, cur: []string{"horizon=2000s", "warmup=100s"}, chart: table,
		want: func(_, c Snapshot) []string {
			return []string{"Rejected on erlang-b-20: " + rej(c, "erlang-b-20") + " of requests", "B(20, 18) = 11%"}
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cur := snap(t, c.example, c.cur...)
			var prev *Snapshot
			if c.prev != nil {
				ex := c.prevEx
				if ex == "" {
					ex = c.example
				}
				p := snap(t, ex, c.prev...)
				prev = &p
			}
			e, _ := Explain(prev, cur)
			var p Snapshot
			if prev != nil {
				p = *prev
			}
			got := c.chart(e)
			for _, w := range c.want(p, cur) {
				if !strings.Contains(got, w) {
					t.Errorf("%q\nlacks %q", got, w)
				}
			}
			if c.prevEx != "" && strings.Contains(got, " to ") {
				t.Errorf("another example is no change, yet %q", got)
			}
		})
	}
}

// TestDeterministic: the same inputs give the same words, and so does the
// same state simulated again.
func TestDeterministic(t *testing.T) {
	a := snap(t, "serverless-vs-containers", "horizon=2h")
	b := snap(t, "serverless-vs-containers", "horizon=2h", "workload.synthetic.functions.0.arrival.rate_per_s=20")
	b2 := snap(t, "serverless-vs-containers", "horizon=2h", "workload.synthetic.functions.0.arrival.rate_per_s=20")
	e1, f1 := Explain(&a, b)
	e2, f2 := Explain(&a, b2)
	if e1 != e2 {
		t.Errorf("explanations differ:\n%+v\n%+v", e1, e2)
	}
	if len(f1) != len(f2) {
		t.Fatalf("%d formulas, then %d", len(f1), len(f2))
	}
	for i := range f1 {
		if f1[i] != f2[i] {
			t.Errorf("formula %d differs:\n%+v\n%+v", i, f1[i], f2[i])
		}
	}
	for _, s := range []string{e1.Latency, e1.Instances, e1.ColdStarts, e1.Cost, e1.Table} {
		if s == "" || !strings.HasPrefix(s, "Rate of api 10/s to 20/s: ") {
			t.Errorf("explanation %q does not open with the change", s)
		}
	}
}

// TestPlatformsCameOrWent: when the two states' platforms differ, the
// words say which and describe only the current ones.
func TestPlatformsCameOrWent(t *testing.T) {
	cur := snap(t, "serverless-vs-containers", "horizon=2h")
	prev := cur
	prev.Results.Platforms = cur.Results.Platforms[:1]
	e, _ := Explain(&prev, cur)
	for _, s := range []string{e.Latency, e.Instances, e.Cost, e.Table} {
		if !strings.HasPrefix(s, "Fargate and kubernetes added; what follows describes the platforms now. ") {
			t.Errorf("%q does not say which platforms came", s)
		}
	}
	if !strings.Contains(e.Cost, "monthly cost: lambda "+money(cur.Results.Platforms[0].MonthlyCostUSD)) {
		t.Errorf("cost %q does not describe the current state", e.Cost)
	}
}

// TestNothingToExplain: an empty snapshot (nothing ran) gives no words
// and no formulas, without a panic.
func TestNothingToExplain(t *testing.T) {
	e, fs := Explain(&Snapshot{}, Snapshot{})
	if e != (Explanations{}) || fs != nil {
		t.Errorf("got %+v, %+v", e, fs)
	}
}

// TestLatencyCauseOnAQueue: where requests queue at the limit, the wait
// for capacity (seconds) makes the latency, not the few cold starts: the
// words must name the wait, whether or not the cold-start share moved.
func TestLatencyCauseOnAQueue(t *testing.T) {
	prev := snap(t, "burst-throttling", "horizon=1h")
	for _, c := range []struct {
		name string
		prev *Snapshot
		sets []string
	}{
		{"no previous state", nil, nil},
		{"burst rate raised", &prev, []string{"workload.synthetic.functions.0.arrival.burst_rate_per_s=3000"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cur := snap(t, "burst-throttling", append([]string{"horizon=1h"}, c.sets...)...)
			// Make queue the platform the words are about, the one whose
			// p99 is the largest or moved the most.
			q := resultOf(cur.Results, "queue")
			if q.WaitMS.Mean < 10*q.ColdStartRatio*1000 {
				t.Fatalf("queue waits %v ms with %v cold: not a queueing state", q.WaitMS.Mean, q.ColdStartRatio)
			}
			if c.prev != nil {
				// The cold-start share moved too: the words must still
				// name the wait.
				if d := math.Abs(q.ColdStartRatio - resultOf(c.prev.Results, "queue").ColdStartRatio); d < 0.002 {
					t.Fatalf("cold-start share moved only %v", d)
				}
			}
			e, _ := Explain(c.prev, cur)
			if !strings.Contains(e.Latency, "queue") || !strings.Contains(e.Latency, millis(q.WaitMS.Mean)+" on average") {
				t.Errorf("latency %q does not name the queue's wait of %s", e.Latency, millis(q.WaitMS.Mean))
			}
			if strings.Contains(e.Latency, "wait for a cold start") {
				t.Errorf("latency %q blames cold starts for a queue's wait", e.Latency)
			}
		})
	}
}
