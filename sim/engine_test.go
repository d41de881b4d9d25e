package sim

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

type logEntry struct {
	at   Time
	data uint64
}

type recorder struct{ log []logEntry }

func (r *recorder) Handle(now Time, data uint64) { r.log = append(r.log, logEntry{now, data}) }

func TestEngineOrderAndTies(t *testing.T) {
	tests := []struct {
		name     string
		schedule []logEntry // (at, data) in scheduling order
		want     []logEntry
	}{
		{"empty", nil, nil},
		{"time order", []logEntry{{3, 1}, {1, 2}, {2, 3}}, []logEntry{{1, 2}, {2, 3}, {3, 1}}},
		{"ties run FIFO", []logEntry{{5, 1}, {5, 2}, {1, 3}, {5, 4}}, []logEntry{{1, 3}, {5, 1}, {5, 2}, {5, 4}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEngine()
			r := &recorder{}
			for _, s := range tt.schedule {
				e.Schedule(s.at, r, s.data)
			}
			e.Run(Never)
			if !slices.Equal(r.log, tt.want) {
				t.Fatalf("log = %v, want %v", r.log, tt.want)
			}
		})
	}
}

func TestRunUntilStopsAndAdvancesClock(t *testing.T) {
	e := NewEngine()
	r := &recorder{}
	e.Schedule(10, r, 1)
	e.Schedule(20, r, 2)
	if n := e.Run(15); n != 1 {
		t.Fatalf("Run(15) handled %d events, want 1", n)
	}
	if e.Now() != 15 {
		t.Fatalf("Now() = %v after Run(15), want 15", e.Now())
	}
	if e.Pending() != 1 {
		t.Fatalf("Pending() = %d, want 1", e.Pending())
	}
	e.Run(Never)
	if e.Now() != 20 || len(r.log) != 2 {
		t.Fatalf("after Run(Never): now %v, log %v", e.Now(), r.log)
	}
}

func TestCancel(t *testing.T) {
	e := NewEngine()
	r := &recorder{}
	a := e.Schedule(1, r, 1)
	b := e.Schedule(2, r, 2)
	c := e.Schedule(3, r, 3)
	if !e.Cancel(b) {
		t.Fatal("Cancel(pending) = false")
	}
	if e.Cancel(b) {
		t.Fatal("second Cancel of the same event = true")
	}
	if e.Cancel(EventID{}) {
		t.Fatal("Cancel(zero ID) = true")
	}
	e.Run(Never)
	if e.Cancel(a) || e.Cancel(c) {
		t.Fatal("Cancel of a fired event = true")
	}
	want := []logEntry{{1, 1}, {3, 3}}
	if !slices.Equal(r.log, want) {
		t.Fatalf("log = %v, want %v", r.log, want)
	}
	// A stale ID must not cancel the event that later reuses its slot.
	d := e.Schedule(10, r, 4)
	if e.Cancel(a) {
		t.Fatal("stale ID cancelled a newer event")
	}
	if !e.Cancel(d) {
		t.Fatal("Cancel(d) = false")
	}
}

// TestAgainstSort schedules and cancels at random and checks that the engine
// runs exactly the surviving events in (time, scheduling order).
func TestAgainstSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		e := NewEngine()
		r := &recorder{}
		type sched struct {
			at    Time
			seq   uint64
			id    EventID
			alive bool
		}
		var all []sched
		for i := 0; i < 500; i++ {
			at := Time(rng.IntN(100))
			all = append(all, sched{at: at, seq: uint64(i), id: e.Schedule(at, r, uint64(i)), alive: true})
			if rng.IntN(3) == 0 {
				k := rng.IntN(len(all))
				if got := e.Cancel(all[k].id); got != all[k].alive {
					t.Fatalf("Cancel(%d) = %v, want %v", k, got, all[k].alive)
				}
				all[k].alive = false
			}
		}
		var want []logEntry
		alive := slices.DeleteFunc(slices.Clone(all), func(s sched) bool { return !s.alive })
		slices.SortStableFunc(alive, func(a, b sched) int { return int(a.at - b.at) })
		for _, s := range alive {
			want = append(want, logEntry{s.at, s.seq})
		}
		e.Run(Never)
		if !slices.Equal(r.log, want) {
			t.Fatalf("round %d: engine order differs from sorted order", round)
		}
	}
}

func TestScheduleInThePastPanics(t *testing.T) {
	e := NewEngine()
	e.Schedule(10, HandlerFunc(func(Time, uint64) {}), 0)
	e.Run(Never)
	defer func() {
		if recover() == nil {
			t.Fatal("Schedule in the past did not panic")
		}
	}()
	e.Schedule(5, HandlerFunc(func(Time, uint64) {}), 0)
}

func TestStop(t *testing.T) {
	e := NewEngine()
	var n int
	h := HandlerFunc(func(Time, uint64) {
		n++
		if n == 2 {
			e.Stop()
		}
	})
	for i := 1; i <= 4; i++ {
		e.Schedule(Time(i), h, 0)
	}
	e.Run(Never)
	if n != 2 || e.Now() != 2 {
		t.Fatalf("after Stop: handled %d, now %v; want 2, 2", n, e.Now())
	}
}

func TestHotPathAllocationFree(t *testing.T) {
	e := NewEngine()
	var h Handler
	h = HandlerFunc(func(now Time, data uint64) {
		id := e.Schedule(now+10, h, data)
		if data%2 == 0 {
			e.Cancel(id)
			e.Schedule(now+5, h, data+1)
		}
	})
	for i := 0; i < 100; i++ {
		e.Schedule(Time(i), h, uint64(i))
	}
	checks := 0
	e.SetCheck(func(Time) error { checks++; return nil }) // as the runner sets one
	e.Run(1000)                                           // grow the heap and slot table first
	allocs := testing.AllocsPerRun(100, func() { e.Run(e.Now() + 100) })
	if allocs != 0 {
		t.Fatalf("allocations per Run = %v, want 0", allocs)
	}
	if checks == 0 {
		t.Fatal("the check never ran: the test did not cover it")
	}
}

func TestStreamsAreNamedAndSeeded(t *testing.T) {
	a1 := NewStream(42, "arrivals/api").Uint64()
	a2 := NewStream(42, "arrivals/api").Uint64()
	b := NewStream(42, "durations/api").Uint64()
	c := NewStream(43, "arrivals/api").Uint64()
	if a1 != a2 {
		t.Fatal("same seed and name gave different streams")
	}
	if a1 == b || a1 == c {
		t.Fatal("different names or seeds gave the same first number")
	}
	if DeriveSeed(7, 0) != 7 || DeriveSeed(7, 1) == DeriveSeed(7, 2) {
		t.Fatal("DeriveSeed: replication 0 must be the seed, others distinct")
	}
}

// listStream fires the listed times in order.
type listStream struct {
	at  []Time
	log *recorder
}

func (s *listStream) Next() (Time, bool) {
	if len(s.at) == 0 {
		return 0, false
	}
	return s.at[0], true
}

func (s *listStream) Fire(now Time) {
	s.log.Handle(now, 1000+uint64(now))
	s.at = s.at[1:]
}

// A stream's events interleave with the heap's in (time, scheduling order):
// the stream's next event counts as scheduled when its previous one
// finished firing, and respects Run's bound.
func TestStreamInterleaves(t *testing.T) {
	e := NewEngine()
	r := &recorder{}
	e.Schedule(3, r, 3) // scheduled before the stream was set: runs first at 3
	e.SetStream(&listStream{at: []Time{1, 3, 3, 9}, log: r})
	e.Schedule(2, r, 2)
	e.Run(5)
	want := []logEntry{{1, 1001}, {2, 2}, {3, 3}, {3, 1003}, {3, 1003}}
	if !slices.Equal(r.log, want) {
		t.Fatalf("log %v, want %v", r.log, want)
	}
	e.Run(Never)
	if last := r.log[len(r.log)-1]; last != (logEntry{9, 1009}) || e.Now() != 9 {
		t.Fatalf("after Run(Never): last %v, now %v", last, e.Now())
	}
}

// An event a stream event schedules for the instant of the stream's next
// event runs first, as it would have in the heap.
func TestStreamTieFollowsSchedulingOrder(t *testing.T) {
	e := NewEngine()
	r := &recorder{}
	var s *scheduleOnFire
	s = &scheduleOnFire{at: []Time{1, 2}, e: e, log: r}
	e.SetStream(s)
	e.Run(Never)
	want := []logEntry{{1, 1001}, {2, 7}, {2, 1002}, {3, 7}}
	if !slices.Equal(r.log, want) {
		t.Fatalf("log %v, want %v", r.log, want)
	}
}

// scheduleOnFire schedules a heap event one unit after each stream event.
type scheduleOnFire struct {
	at  []Time
	e   *Engine
	log *recorder
}

func (s *scheduleOnFire) Next() (Time, bool) {
	if len(s.at) == 0 {
		return 0, false
	}
	return s.at[0], true
}

func (s *scheduleOnFire) Fire(now Time) {
	s.log.Handle(now, 1000+uint64(now))
	s.at = s.at[1:]
	s.e.Schedule(now+1, s.log, 7)
}

// FromSeconds rounds as math.Round does, halves away from zero, on both
// sides of its fast path.
func TestFromSecondsRoundsLikeMathRound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	cases := []float64{0, 0.5e-9, 1.5e-9, 2.5e-9, 0.49999999999999994e-9, -0.5e-9, -1.5e-9, 9007199.254740992, 9007199.254740993, 1e12, -7.3, math.MaxFloat64 / 1e10}
	for range 100000 {
		cases = append(cases, r.Float64()*1e4, float64(r.IntN(1<<20))/2e9)
	}
	for _, s := range cases {
		want := math.Round(s * float64(Second))
		if want >= math.MaxInt64 || want <= math.MinInt64 {
			continue
		}
		if got := FromSeconds(s); got != Time(want) {
			t.Fatalf("FromSeconds(%v) = %d, math.Round gives %v", s, got, want)
		}
	}
}

// A check runs every 65,536 events and its error stops Run where it is:
// how a cancelled run or a memory bound ends a simulation.
func TestSetCheckStopsRun(t *testing.T) {
	e := NewEngine()
	var tick HandlerFunc
	tick = func(now Time, _ uint64) { e.Schedule(now+1, tick, 0) } // forever
	e.Schedule(0, tick, 0)
	calls := 0
	stop := errors.New("stop")
	e.SetCheck(func(now Time) error {
		if calls++; calls == 3 {
			return stop
		}
		return nil
	})
	n := e.Run(Never)
	if n != 3*checkEvery || !errors.Is(e.Err(), stop) || e.Now() != Time(n-1) {
		t.Errorf("ran %d events to %v with error %v; want %d events and the check's error", n, e.Now(), e.Err(), 3*checkEvery)
	}
	e.SetCheck(nil)
	if n := e.Run(Time(4 * checkEvery)); e.Now() != Time(4*checkEvery) || n == 0 {
		t.Errorf("without a check the run goes on: %d events, now %v", n, e.Now())
	}
}

// Times past the int64 range saturate instead of wrapping into the past.
func TestTimesSaturate(t *testing.T) {
	for _, c := range []struct {
		s    float64
		want Time
	}{{1e10, Never}, {math.Inf(1), Never}, {math.NaN(), Never}, {-1e10, math.MinInt64}, {9.3e9, Never}, {9.1e9, Time(9.1e18)}} {
		if got := FromSeconds(c.s); got != c.want {
			t.Errorf("FromSeconds(%v) = %d, want %d", c.s, got, c.want)
		}
	}
	if got := Time(Never - 5).Add(10); got != Never {
		t.Errorf("Never-5 + 10 = %d, want Never", got)
	}
	if got := Time(5).Add(10); got != 15 {
		t.Errorf("5 + 10 = %d", got)
	}
}
