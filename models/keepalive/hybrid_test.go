package keepalive

import (
	"math"
	"testing"

	"faassim/sim"
)

// feed runs n cycles of an app that ends an execution, then is invoked
// again after the given idle time.
func feed(h *Hybrid, app int32, n int, idle func(k int) sim.Time) sim.Time {
	var t sim.Time
	for k := 0; k < n; k++ {
		h.Windows(Idle{Now: t, Group: app, GroupIdle: true})
		t += idle(k)
		h.Invoked(t, 0, app, false)
		t += sim.Second // the execution
	}
	return t
}

func TestHybridWindows(t *testing.T) {
	m := sim.Minute
	tests := []struct {
		name             string
		n                int
		idle             func(k int) sim.Time
		prewarm, keepAlv sim.Time
	}{
		// Every idle time 9m59s, in the bin [9 min, 10 min): head 9 min
		// less 10% = 8.1 min, whole minutes: 8 min; tail 10 min plus 10%
		// = 11 min, so 3 min loaded after the pre-warm (Shahrad et al.,
		// section 4.2: 5th and 99th percentiles with 10% margins).
		{"a timer every 10 min", 50, func(int) sim.Time { return 9*m + 59*sim.Second }, 8 * m, 3 * m},
		// Too few idle times to trust: the 4-hour fallback.
		{"still learning", 5, func(int) sim.Time { return 10 * m }, 0, 4 * sim.Hour},
		// Idle times spread evenly over the range: a flat histogram, CV
		// well below 2: the fallback.
		{"spread out", 480, func(k int) sim.Time { return sim.Time(k%240) * m }, 0, 4 * sim.Hour},
		// Mostly beyond the range (ARIMA in the paper): the fallback.
		{"out of range", 50, func(int) sim.Time { return 5 * sim.Hour }, 0, 4 * sim.Hour},
		// Short idle times: the head is bin 0, so no pre-warm; the tail is
		// the end of bin 1 (2 min) plus 10%.
		{"busy app", 100, func(k int) sim.Time { return sim.Time(30+k%60) * sim.Second }, 0, 132 * sim.Second},
	}
	for _, tt := range tests {
		h, err := NewHybrid(HybridConfig{})
		if err != nil {
			t.Fatal(err)
		}
		end := feed(h, 3, tt.n, tt.idle)
		pw, ka := h.Windows(Idle{Now: end, Group: 3, GroupIdle: true})
		if pw != tt.prewarm || ka != tt.keepAlv {
			t.Errorf("%s: windows %v and %v, want %v and %v", tt.name, pw, ka, tt.prewarm, tt.keepAlv)
		}
		if got := h.KeepAlive(Idle{Now: end, Group: 3, GroupIdle: true}); got != tt.prewarm+tt.keepAlv {
			t.Errorf("%s: KeepAlive %v, want the sum %v", tt.name, got, tt.prewarm+tt.keepAlv)
		}
	}
}

// Groups learn apart: one group's idle times say nothing of another's.
func TestHybridIsPerApp(t *testing.T) {
	h, _ := NewHybrid(HybridConfig{})
	feed(h, 1, 50, func(int) sim.Time { return 30 * sim.Minute })
	if pw, ka := h.Windows(Idle{Group: 2, GroupIdle: true}); pw != 0 || ka != 4*sim.Hour {
		t.Errorf("a new app got %v and %v, want the fallback", pw, ka)
	}
}

func TestHybridConfigErrors(t *testing.T) {
	for _, c := range []HybridConfig{
		{Bin: sim.Hour, Range: sim.Minute},
		{PrewarmPct: 99, KeepPct: 5},
		{Margin: 1.5},
		{Bin: sim.Millisecond, Range: 24 * sim.Hour},
		{CVThreshold: math.NaN()},
		{CVThreshold: math.Inf(1)},
	} {
		if _, err := NewHybrid(c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

// An idle time runs from the end of the group's last execution to its next
// invocation (Shahrad et al., ATC 2020, section 4.2): an instance going
// idle while others of its group still run starts none, and an invocation
// arriving while the group runs ends one of 0 (DSLab's hybrid_histogram.rs
// clamps the overlap to 0). A busy app that never goes idle as a whole
// thus learns short windows: bin 0, whose end (1 min) plus 10% is 66 s.
// Before the overlap counted, it learnt nothing and every instance it
// scaled out to stayed the 4-hour fallback; had the instance's own idle
// time counted, the 10-minute gaps would pre-warm at 8 min.
func TestHybridOverlapIsIdleTimeZero(t *testing.T) {
	h, _ := NewHybrid(HybridConfig{})
	var now sim.Time
	for k := 0; k < 50; k++ {
		h.Windows(Idle{Now: now, Group: 1, GroupIdle: false}) // one of two instances
		h.Invoked(now+10*sim.Minute, 0, 1, true)              // the other still runs: idle time 0
		now += 10 * sim.Minute
	}
	if pw, ka := h.Windows(Idle{Now: now, Group: 1, GroupIdle: false}); pw != 0 || ka != 66*sim.Second {
		t.Errorf("windows %v and %v, want 0 and 66s (idle times of 0)", pw, ka)
	}
	// The first invocation of a group ends no idle time.
	h2, _ := NewHybrid(HybridConfig{MinSamples: 1})
	h2.Invoked(0, 0, 1, false)
	if d := h2.apps[1].total; d != 0 {
		t.Errorf("a first invocation recorded %d idle times", d)
	}
}

// Decisions counts each window by what decided it, from CountFrom on.
// feed asks for n windows (one before each idle time); the first
// MinSamples (10) of them, which see fewer than 10 idle times, are the
// fallback's for too few idle times; the rest are decided by what the
// histogram then holds.
func TestHybridDecisions(t *testing.T) {
	m := sim.Minute
	tests := []struct {
		name string
		n    int
		idle func(k int) sim.Time
		from sim.Time
		want Decisions
	}{
		{"a timer every 10 min", 50, func(int) sim.Time { return 9*m + 59*sim.Second }, 0,
			Decisions{FewIdleTimes: 10, Trusted: 40, Prewarmed: 40}},
		{"counted from the 21st window on", 50, func(int) sim.Time { return 9*m + 59*sim.Second }, 20 * (10*m + 0),
			Decisions{Trusted: 30, Prewarmed: 30}},
		// k idle times in k different bins have a CV of sqrt(240/k - 1),
		// at least 2 up to k = 48: the histogram is trusted with 10 to
		// 47 of them (38 windows), then too spread out. Its 5th
		// percentile, rank ceil(k/20), reaches bin 2 at k = 41, the first
		// head whose 10% less is a whole minute: 7 pre-warmed windows.
		{"spread out", 480, func(k int) sim.Time { return sim.Time(k%240) * m }, 0,
			Decisions{FewIdleTimes: 10, Trusted: 38, Prewarmed: 7, SpreadOut: 432}},
		// The first window has seen no idle time; every later one has
		// seen only idle times beyond the 4-hour range.
		{"out of range", 50, func(int) sim.Time { return 5 * sim.Hour }, 0,
			Decisions{FewIdleTimes: 1, BeyondRange: 49}},
		{"busy app, short idle times", 100, func(k int) sim.Time { return sim.Time(30+k%60) * sim.Second }, 0,
			Decisions{FewIdleTimes: 10, Trusted: 90}},
	}
	for _, tt := range tests {
		h, err := NewHybrid(HybridConfig{})
		if err != nil {
			t.Fatal(err)
		}
		h.CountFrom(tt.from)
		feed(h, 3, tt.n, tt.idle)
		if got := h.Decisions(); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// What each invocation adds to its group's histogram: every invocation
// arriving while the group runs adds one idle time of 0, not only the
// first of a burst (DSLab adds one idle time per invocation); an idle
// group's next invocation adds the time since its last execution ended;
// and one whose end the policy did not see (the last request was
// rejected, or ended on a provisioned instance) adds nothing, where a
// policy that took every unseen end for a running group added a false 0.
func TestHybridIdleTimesPerInvocation(t *testing.T) {
	m := sim.Minute
	type call struct {
		idleAt  sim.Time // Windows with GroupIdle at this time first (-1: none)
		at      sim.Time
		running bool
	}
	tests := []struct {
		name       string
		calls      []call
		zeros, all int
	}{
		{"a burst of four on a running group", []call{{-1, 0, false}, {-1, m, true}, {-1, m, true}, {-1, m, true}}, 3, 3},
		{"end to start", []call{{-1, 0, false}, {10 * m, 15 * m, false}}, 0, 1},
		{"a rejected request, then another", []call{{-1, 0, false}, {10 * m, 15 * m, false}, {-1, 25 * m, false}}, 0, 1},
	}
	for _, tt := range tests {
		h, _ := NewHybrid(HybridConfig{})
		for _, c := range tt.calls {
			if c.idleAt >= 0 {
				h.Windows(Idle{Now: c.idleAt, Group: 1, GroupIdle: true})
			}
			h.Invoked(c.at, 0, 1, c.running)
		}
		s := h.app(1)
		if int(s.counts[0]) != tt.zeros || s.total != tt.all {
			t.Errorf("%s: %d idle times of 0 of %d, want %d of %d", tt.name, s.counts[0], s.total, tt.zeros, tt.all)
		}
	}
}
