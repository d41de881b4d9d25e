package faas

import (
	"slices"
	"strings"
	"testing"

	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/workload"
	"faassim/sim"
)

// Exact event logs for tiny scenarios: what a reader of the package
// documentation would write down by hand. Cold starts are a deterministic 100 ms.
func TestEventLogs(t *testing.T) {
	s := sim.Second
	ms := sim.Millisecond
	cold := dist.Deterministic{Value: 100 * ms}
	inv := func(at, d sim.Time) workload.Invocation {
		return workload.Invocation{Arrival: at, Duration: d}
	}
	tests := []struct {
		name string
		cfg  Config
		keep keepalive.Policy
		invs []workload.Invocation
		want string
	}{
		{
			name: "cold start then warm reuse",
			cfg:  Config{Horizon: 60 * s},
			keep: keepalive.FixedTTL{TTL: 10 * s},
			invs: []workload.Invocation{inv(1*s, 500*ms), inv(3*s, 200*ms)},
			want: `
1s arrive f0
1s cold-start f0 i1
1s start f0 i1
1.1s ready f0 i1
1.6s finish f0 i1
3s arrive f0
3s start f0 i1
3.2s finish f0 i1
13.2s expire f0 i1`,
		},
		{
			name: "expiry makes the next request cold",
			cfg:  Config{Horizon: 60 * s},
			keep: keepalive.FixedTTL{TTL: 2 * s},
			invs: []workload.Invocation{inv(1*s, 500*ms), inv(4*s, 500*ms)},
			want: `
1s arrive f0
1s cold-start f0 i1
1s start f0 i1
1.1s ready f0 i1
1.6s finish f0 i1
3.6s expire f0 i1
4s arrive f0
4s cold-start f0 i2
4s start f0 i2
4.1s ready f0 i2
4.6s finish f0 i2
6.6s expire f0 i2`,
		},
		{
			name: "account limit 1 throttles the overlapping request",
			cfg:  Config{Horizon: 60 * s, AccountLimit: 1},
			keep: keepalive.Infinite{},
			invs: []workload.Invocation{inv(1*s, 1*s), inv(1500*ms, 1*s), inv(3*s, 1*s)},
			want: `
1s arrive f0
1s cold-start f0 i1
1s start f0 i1
1.1s ready f0 i1
1.5s arrive f0
1.5s reject f0
2.1s finish f0 i1
3s arrive f0
3s start f0 i1
4s finish f0 i1`,
		},
		{
			name: "queued request waits for the busy instance, then runs warm",
			cfg:  Config{Horizon: 60 * s, AccountLimit: 1, OnLimit: Queue, MaxWait: 5 * s},
			keep: keepalive.Infinite{},
			invs: []workload.Invocation{inv(1*s, 1*s), inv(1500*ms, 1*s)},
			want: `
1s arrive f0
1s cold-start f0 i1
1s start f0 i1
1.1s ready f0 i1
1.5s arrive f0
1.5s queue f0
2.1s finish f0 i1
2.1s start f0 i1
3.1s finish f0 i1`,
		},
		{
			name: "scaling rate 1 per 10s: the second new instance waits for a token",
			cfg:  Config{Horizon: 60 * s, ScaleBurst: 1, ScalePer: 10 * s, OnLimit: Queue},
			keep: keepalive.Infinite{},
			invs: []workload.Invocation{inv(1*s, 30*s), inv(2*s, 1*s)},
			want: `
1s arrive f0
1s cold-start f0 i1
1s start f0 i1
1.1s ready f0 i1
2s arrive f0
2s queue f0
11s cold-start f0 i2
11s start f0 i2
11.1s ready f0 i2
12.1s finish f0 i2
31.1s finish f0 i1`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			eng := sim.NewEngine()
			p, err := New(eng, tt.cfg, []Function{fn("f", cold)}, tt.keep, 1)
			if err != nil {
				t.Fatal(err)
			}
			p.SetLog(func(e Event) { got = append(got, e.String()) })
			workload.Feed(eng, &workload.Replay{Invocations: tt.invs}, tt.cfg.Horizon, p.Arrive)
			eng.Run(tt.cfg.Horizon)
			want := strings.Split(strings.TrimSpace(tt.want), "\n")
			if !slices.Equal(got, want) {
				t.Errorf("event log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// With PerApp, functions of one app share instances (a Cloud Run service,
// an Azure function app): a request for g reuses the instance f started,
// warm; without it, g starts its own.
func TestPerAppSharesInstances(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	cold := dist.Deterministic{Value: 100 * ms}
	invs := []workload.Invocation{
		{Arrival: 1 * s, Function: 0, Duration: 200 * ms},
		{Arrival: 2 * s, Function: 1, Duration: 200 * ms},
	}
	for _, tt := range []struct {
		perApp bool
		want   string
	}{
		{true, "1s arrive f0|1s cold-start f0 i1|1s start f0 i1|1.1s ready f0 i1|1.3s finish f0 i1|2s arrive f1|2s start f1 i1|2.2s finish f1 i1"},
		{false, "1s arrive f0|1s cold-start f0 i1|1s start f0 i1|1.1s ready f0 i1|1.3s finish f0 i1|2s arrive f1|2s cold-start f1 i2|2s start f1 i2|2.1s ready f1 i2|2.3s finish f1 i2"},
	} {
		var got []string
		eng := sim.NewEngine()
		fns := []Function{fn("f", cold), fn("g", cold)}
		fns[0].App, fns[1].App = 0, 0
		p, err := New(eng, Config{Horizon: 10 * s, PerApp: tt.perApp}, fns, keepalive.Infinite{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		p.SetLog(func(e Event) { got = append(got, e.String()) })
		workload.Feed(eng, &workload.Replay{Invocations: invs}, 10*s, p.Arrive)
		eng.Run(10 * s)
		if strings.Join(got, "|") != tt.want {
			t.Errorf("PerApp %v:\n%s\nwant\n%s", tt.perApp, strings.Join(got, "\n"), strings.ReplaceAll(tt.want, "|", "\n"))
		}
	}
}

// A request that finishes at the very instant the next one arrives frees
// its slot first: the finish was scheduled when the request started, before
// the next arrival was read. With one slot and back-to-back deterministic
// requests, none is throttled.
func TestFinishAtAnArrivalFreesTheSlotFirst(t *testing.T) {
	s := sim.Second
	var invs []workload.Invocation
	for k := 1; k <= 10; k++ {
		invs = append(invs, workload.Invocation{Arrival: sim.Time(k) * s, Duration: s})
	}
	_, r := run(t, Config{AccountLimit: 1, Horizon: 20 * s}, []Function{fn("f", dist.Deterministic{})},
		keepalive.Infinite{}, &workload.Replay{Invocations: invs}, 1)
	if r.Rejected != 0 || r.ColdStarts != 1 {
		t.Errorf("%d rejected, %d cold starts; want 0 and 1", r.Rejected, r.ColdStarts)
	}
}

// A scaling rate near the int64 limit of the token bucket still admits:
// refilling must not overflow on the way to capacity.
func TestHugeScaleRateDoesNotOverflow(t *testing.T) {
	s := sim.Second
	invs := []workload.Invocation{{Arrival: s, Duration: s}, {Arrival: 3 * s, Duration: 5 * s}, {Arrival: 4 * s, Duration: s}}
	_, r := run(t, Config{ScaleBurst: 1_000_000_000, ScalePer: 9 * s, Horizon: 20 * s}, []Function{fn("f", dist.Deterministic{})},
		keepalive.None{}, &workload.Replay{Invocations: invs}, 1)
	if r.Rejected != 0 || r.Completed != 3 {
		t.Errorf("%d rejected, %d completed; want 0 and 3", r.Rejected, r.Completed)
	}
}

// The hybrid policy on a timer that fires every 10 minutes and runs 1 s:
// while it learns, the 4-hour fallback keeps the instance warm; once the
// idle times (9m59s) are known, each idle instance is unloaded at once and
// a fresh one loaded 8 minutes later, kept 3 minutes (hybrid_test.go), so
// the timer keeps meeting a warm instance while an instance is loaded only
// about 2 minutes in 10 instead of all the time.
func TestHybridPrewarmsATimer(t *testing.T) {
	m := sim.Minute
	var invs []workload.Invocation
	for k := 1; k <= 144; k++ { // 24 hours
		invs = append(invs, workload.Invocation{Arrival: sim.Time(k) * 10 * m, Duration: sim.Second})
	}
	hybrid, err := keepalive.NewHybrid(keepalive.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Horizon: 25 * sim.Hour, Warmup: 4 * sim.Hour}
	var prewarms int
	eng := sim.NewEngine()
	p, err := New(eng, cfg, []Function{fn("timer", dist.Deterministic{Value: 500 * sim.Millisecond})}, hybrid, 1)
	if err != nil {
		t.Fatal(err)
	}
	p.SetLog(func(e Event) {
		if e.Kind == Prewarmed {
			prewarms++
		}
	})
	workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	r := p.Result()
	if r.ColdStarts != 0 {
		t.Errorf("%d cold starts after the warm-up, want 0", r.ColdStarts)
	}
	if prewarms < 100 {
		t.Errorf("%d pre-warms, want one a cycle once learnt", prewarms)
	}
	// Loaded from 8 min after an execution ends to the next one's end:
	// 1m59s + 1 s of every 10 minutes.
	if mean := r.InstanceSeconds / r.WindowS; mean < 0.19 || mean > 0.22 {
		t.Errorf("%.3f instances on average, want about 0.20 (2 min of every 10)", mean)
	}
}

// The hybrid policy beside the cases that broke it in review: two
// functions of one app on per-function instances (each learns its own idle
// times), a provisioned instance (the pre-warm still comes for the extra
// one a burst needs) and bursts of two (the instance that finishes first is
// not unloaded while its sibling still runs). After the 4-hour warm-up
// every case must meet no cold start, as a fixed 15-minute TTL does.
func TestHybridAgainstFixedTTL(t *testing.T) {
	m := sim.Minute
	burst := func(fnIdx int32, offset sim.Time, n int) []workload.Invocation {
		var invs []workload.Invocation
		for k := 1; k <= 144; k++ {
			for j := 0; j < n; j++ {
				invs = append(invs, workload.Invocation{Arrival: sim.Time(k)*10*m + offset, Function: fnIdx, Duration: sim.Second})
			}
		}
		return invs
	}
	merge := func(a, b []workload.Invocation) []workload.Invocation {
		out := append(append([]workload.Invocation(nil), a...), b...)
		slices.SortStableFunc(out, func(x, y workload.Invocation) int { return int(x.Arrival - y.Arrival) })
		return out
	}
	cases := []struct {
		name string
		fns  int
		prov int
		invs []workload.Invocation
	}{
		{"two functions of one app, per-function instances", 2, 0, merge(burst(0, 0, 1), burst(1, 5*m, 1))},
		{"a provisioned instance and bursts of two", 1, 1, burst(0, 0, 2)},
		{"bursts of two", 1, 0, burst(0, 0, 2)},
	}
	for _, tc := range cases {
		for _, policy := range []string{"hybrid", "fixed 15m"} {
			var keep keepalive.Policy = keepalive.FixedTTL{TTL: 15 * m}
			if policy == "hybrid" {
				h, err := keepalive.NewHybrid(keepalive.HybridConfig{})
				if err != nil {
					t.Fatal(err)
				}
				keep = h
			}
			fns := []Function{fn("a", dist.Deterministic{Value: 500 * sim.Millisecond}), fn("b", dist.Deterministic{Value: 500 * sim.Millisecond})}[:tc.fns]
			cfg := Config{Horizon: 25 * sim.Hour, Warmup: 4 * sim.Hour, Provisioned: tc.prov}
			_, r := run(t, cfg, fns, keep, &workload.Replay{Invocations: tc.invs}, 1)
			if r.ColdStarts != 0 {
				t.Errorf("%s, %s: %d cold starts after the warm-up, want 0", tc.name, policy, r.ColdStarts)
			}
		}
	}
}

// A rejected request teaches the hybrid policy no false idle time of 0.
// Function a runs 1 s every 10 minutes; each hour, b holds the account's
// only slot (account limit 1) as a's request arrives, which is rejected.
// a's idle times are all about 10 minutes, so once learnt its instance is
// unloaded after each run and pre-warmed 8 minutes later, about five times
// an hour. The platform says whether a's group runs as a request arrives;
// when the policy guessed it instead (an arrival after one that started no
// execution taken for an overlap), the request after each rejection added
// a 0, one idle time in six, the 5th percentile fell in bin 0, and a was
// never pre-warmed, its instance kept loaded all along.
func TestHybridRejectedRequestIsNoOverlap(t *testing.T) {
	m := sim.Minute
	var invs []workload.Invocation
	for k := 1; k <= 144; k++ { // 24 hours
		if k%6 == 0 {
			invs = append(invs, workload.Invocation{Arrival: sim.Time(k)*10*m - 500*sim.Millisecond, Function: 1, Duration: 2 * sim.Second})
		}
		invs = append(invs, workload.Invocation{Arrival: sim.Time(k) * 10 * m, Function: 0, Duration: sim.Second})
	}
	hybrid, err := keepalive.NewHybrid(keepalive.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Horizon: 25 * sim.Hour, Warmup: 4 * sim.Hour, AccountLimit: 1}
	eng := sim.NewEngine()
	cold := dist.Deterministic{Value: 100 * sim.Millisecond}
	p, err := New(eng, cfg, []Function{fn("a", cold), fn("b", cold)}, hybrid, 1)
	if err != nil {
		t.Fatal(err)
	}
	var prewarmsOfA int
	p.SetLog(func(e Event) {
		if e.Kind == Prewarmed && e.Function == 0 && e.At >= cfg.Warmup {
			prewarmsOfA++
		}
	})
	workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	if r := p.Result(); r.Rejected < 19 {
		t.Fatalf("%d requests rejected after the warm-up, want one an hour", r.Rejected)
	}
	if prewarmsOfA < 80 { // 20 hours, five pre-warms an hour
		t.Errorf("a pre-warmed %d times after the warm-up, want about 100", prewarmsOfA)
	}
}
