package faas

import (
	"slices"
	"strings"
	"testing"

	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Exact event logs of platforms started from a given state (Config.Initial):
// initial instances are neither cold starts nor requests; idle ones expire
// at their expiry unless reused, and reuse hands them to the keep-alive
// policy; busy ones run from time 0 and then go idle under the policy.
func TestInitialEventLogs(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	cold := dist.Deterministic{Value: 100 * ms}
	idle := func(n int, exp sim.Time) InitialGroup { return InitialGroup{Count: n, ExpiresIn: exp} }
	busy := func(n int, d sim.Time) InitialGroup {
		return InitialGroup{Count: n, Busy: true, Duration: dist.Deterministic{Value: d}}
	}
	tests := []struct {
		name    string
		initial []InitialGroup
		keep    keepalive.Policy
		invs    []workload.Invocation
		want    string
	}{
		{
			name:    "5 idle expire at 10s; a request at 25s starts cold",
			initial: []InitialGroup{idle(5, 10*s)},
			keep:    keepalive.FixedTTL{TTL: 10 * s},
			invs:    []workload.Invocation{{Arrival: 25 * s, Duration: 1 * s}},
			want: `0s initial f0 i1|0s initial f0 i2|0s initial f0 i3|0s initial f0 i4|0s initial f0 i5|` +
				`10s expire f0 i1|10s expire f0 i2|10s expire f0 i3|10s expire f0 i4|10s expire f0 i5|` +
				`25s arrive f0|25s cold-start f0 i6|25s start f0 i6|25.1s ready f0 i6|26.1s finish f0 i6|36.1s expire f0 i6`,
		},
		{
			name:    "reuse cancels the expiry: the TTL (20s) applies from the end of the request",
			initial: []InitialGroup{idle(2, 10*s)},
			keep:    keepalive.FixedTTL{TTL: 20 * s},
			invs:    []workload.Invocation{{Arrival: 3 * s, Duration: 1 * s}},
			want:    `0s initial f0 i1|0s initial f0 i2|3s arrive f0|3s start f0 i2|4s finish f0 i2|10s expire f0 i1|24s expire f0 i2`,
		},
		{
			name:    "reuse with a TTL (2s) shorter than the expiry left: it expires sooner",
			initial: []InitialGroup{idle(1, 10*s)},
			keep:    keepalive.FixedTTL{TTL: 2 * s},
			invs:    []workload.Invocation{{Arrival: 3 * s, Duration: 1 * s}},
			want:    `0s initial f0 i1|3s arrive f0|3s start f0 i1|4s finish f0 i1|6s expire f0 i1`,
		},
		{
			name:    "a busy instance runs from 0, then its keep-alive starts",
			initial: []InitialGroup{busy(1, 2*s)},
			keep:    keepalive.FixedTTL{TTL: 5 * s},
			want:    `0s initial f0 i1|0s start f0 i1|2s finish f0 i1|7s expire f0 i1`,
		},
		{
			name:    "a request finding the only instance busy starts another, cold",
			initial: []InitialGroup{busy(1, 2*s), idle(1, 1*s)},
			keep:    keepalive.FixedTTL{TTL: 5 * s},
			invs:    []workload.Invocation{{Arrival: 1500 * ms, Duration: 1 * s}},
			want: `0s initial f0 i1|0s start f0 i1|0s initial f0 i2|1s expire f0 i2|` +
				`1.5s arrive f0|1.5s cold-start f0 i3|1.5s start f0 i3|1.6s ready f0 i3|2s finish f0 i1|2.6s finish f0 i3|7s expire f0 i1|7.6s expire f0 i3`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			eng := sim.NewEngine()
			p, err := New(eng, Config{Horizon: 60 * s, Initial: tt.initial}, []Function{fn("f", cold)}, tt.keep, 1)
			if err != nil {
				t.Fatal(err)
			}
			p.SetLog(func(e Event) { got = append(got, e.String()) })
			workload.Feed(eng, &workload.Replay{Invocations: tt.invs}, 60*s, p.Arrive)
			eng.Run(60 * s)
			if want := strings.Split(tt.want, "|"); !slices.Equal(got, want) {
				t.Errorf("event log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// The check: 5 idle instances expiring in 10 s and no arrivals for
// 20 s. Live instances are 5 until 10 s, then 0: 50 instance-seconds
// exactly, no cold start, no request; the timeline says the same per second.
func TestInitialIdleExpireTogether(t *testing.T) {
	s := sim.Second
	rec, err := metrics.NewRecorder(0, 20*s, s)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Horizon: 20 * s, Timeline: rec, Initial: []InitialGroup{{Count: 5, ExpiresIn: 10 * s}}}
	_, r := run(t, cfg, []Function{fn("f", dist.Deterministic{})}, keepalive.FixedTTL{TTL: 10 * s}, &workload.Replay{}, 1)
	if r.InstanceSeconds != 50 || r.ColdStarts != 0 || r.Requests != 0 || r.BusySeconds != 0 || r.PeakInstances != 5 {
		t.Errorf("instance-seconds %v, cold starts %d, requests %d, busy %v, peak %v; want 50, 0, 0, 0, 5",
			r.InstanceSeconds, r.ColdStarts, r.Requests, r.BusySeconds, r.PeakInstances)
	}
	for k, v := range r.Timeline.Instances {
		if want := map[bool]float64{true: 5, false: 0}[k < 10]; v != want {
			t.Errorf("instances in second %d: %v, want %v", k, v, want)
		}
	}
}

// A busy initial instance's execution is measured and billed like an
// execution (its part inside the window) but is not a request: no latency,
// no request fee, no in-system time.
func TestInitialBusyIsBilledNotCounted(t *testing.T) {
	s := sim.Second
	m := &recordingMeter{}
	cfg := Config{Warmup: 1 * s, Horizon: 10 * s, Billing: Billing{Meter: m, Executions: true},
		Initial: []InitialGroup{{Count: 1, Busy: true, Duration: dist.Deterministic{Value: 3 * s}}}}
	_, r := run(t, cfg, []Function{fn("f", dist.Deterministic{})}, keepalive.FixedTTL{TTL: 2 * s}, &workload.Replay{}, 1)
	if r.Requests != 0 || r.Completed != 0 || r.Latency.Count() != 0 || r.InSystemSeconds != 0 {
		t.Errorf("requests %d, completed %d, latencies %d, in system %v: want none", r.Requests, r.Completed, r.Latency.Count(), r.InSystemSeconds)
	}
	// Window [1 s, 10 s): running 1-3 s, live 1-5 s.
	if r.RunningSeconds != 2 || r.BusySeconds != 2 || r.InstanceSeconds != 4 {
		t.Errorf("running %v, busy %v, instance-seconds %v; want 2, 2, 4", r.RunningSeconds, r.BusySeconds, r.InstanceSeconds)
	}
	if want := []string{"execution 0s-3s 0MB provisioned=false"}; !slices.Equal(m.calls, want) {
		t.Errorf("meter calls %q, want %q", m.calls, want)
	}
}

// Busy durations come from the stream "initial/NAME", so the initial state
// changes no other stream: the same seed gives the same durations whatever
// the workload, and another seed others.
func TestInitialBusyStream(t *testing.T) {
	s := sim.Second
	// ends gives the end of each initial execution (the first finish of
	// instances 1 to 3), with the given requests arriving meanwhile.
	ends := func(seed uint64, invs ...workload.Invocation) []sim.Time {
		var out []sim.Time
		seen := map[uint64]bool{}
		eng := sim.NewEngine()
		cfg := Config{Horizon: 100 * s, Initial: []InitialGroup{{Count: 3, Busy: true, Duration: exponential(t, 5*s)}}}
		p, err := New(eng, cfg, []Function{fn("f", dist.Deterministic{})}, keepalive.Infinite{}, seed)
		if err != nil {
			t.Fatal(err)
		}
		p.SetLog(func(e Event) {
			if e.Kind == Finished && e.Instance <= 3 && !seen[e.Instance] {
				seen[e.Instance] = true
				out = append(out, e.At)
			}
		})
		workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, p.Arrive)
		eng.Run(100 * s)
		return out
	}
	// The stream by its name, not through InitialStream: the test holds
	// the platform to the name other streams are kept apart from.
	rng := sim.NewStream(7, "initial/f")
	d := exponential(t, 5*s)
	want := []sim.Time{d.Sample(rng), d.Sample(rng), d.Sample(rng)}
	slices.Sort(want)
	if got := ends(7); !slices.Equal(got, want) {
		t.Errorf("seed 7: ends %v, want %v (the stream initial/f)", got, want)
	}
	if slices.Equal(ends(7), ends(8)) {
		t.Error("seeds 7 and 8 gave the same durations")
	}
	// Requests arriving while all three run start other instances and
	// draw from their own stream: the initial durations stay.
	busy := []workload.Invocation{{Arrival: 100 * sim.Millisecond, Duration: 30 * s}, {Arrival: 200 * sim.Millisecond, Duration: s}}
	if got := ends(7, busy...); !slices.Equal(got, want) {
		t.Errorf("seed 7 with requests: ends %v, want %v as without", got, want)
	}
}

// Initial instances that the limits cannot hold are refused before any
// exists.
func TestInitialRefused(t *testing.T) {
	s := sim.Second
	bz := func(n int) InitialGroup {
		return InitialGroup{Count: n, Busy: true, Duration: dist.Deterministic{Value: s}}
	}
	for _, tt := range []struct {
		name string
		cfg  Config
		fn   Function
		want string
	}{
		{"no count", Config{Initial: []InitialGroup{{Count: 0, ExpiresIn: s}}}, Function{}, "need at least 1"},
		{"unknown function", Config{Initial: []InitialGroup{{Function: 1, Count: 1, ExpiresIn: s}}}, Function{}, "there are 1 functions"},
		{"idle without expiry", Config{Initial: []InitialGroup{{Count: 1}}}, Function{}, "positive expiry"},
		{"busy with expiry", Config{Initial: []InitialGroup{{Count: 1, Busy: true, ExpiresIn: s, Duration: dist.Deterministic{}}}}, Function{}, "take no expiry"},
		{"busy without duration", Config{Initial: []InitialGroup{{Count: 1, Busy: true}}}, Function{}, "need a duration"},
		{"max instances", Config{MaxInstances: 10, Initial: []InitialGroup{{Count: 6, ExpiresIn: s}, bz(5)}}, Function{}, "11 initial and 0 provisioned instances exceed max instances 10"},
		{"max instances with provisioned", Config{MaxInstances: 10, Provisioned: 4, Initial: []InitialGroup{bz(7)}}, Function{}, "7 initial and 4 provisioned"},
		{"account limit", Config{AccountLimit: 1000, Initial: []InitialGroup{bz(1_000_000)}}, Function{}, "exceed the account's unreserved concurrency 1000"},
		{"reserved", Config{Initial: []InitialGroup{bz(3)}}, Function{Reserved: 2}, "exceed its reserved concurrency 2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Horizon = 10 * s
			f := fn("f", dist.Deterministic{})
			f.Reserved = tt.fn.Reserved
			_, err := New(sim.NewEngine(), tt.cfg, []Function{f}, keepalive.Infinite{}, 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
