package metrics

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"faassim/sim"
)

// The time at each value: counted by hand over the window [10 s, 20 s),
// with changes before the window (carried in), several at one instant
// (each state lasts no time) and after it (tracked, not counted).
func TestLevelTimes(t *testing.T) {
	s := sim.FromSeconds
	tests := []struct {
		name  string
		steps []step
		close float64
		want  CountTimes // seconds at each value
	}{
		{"never changes: 0 the whole window", nil, 30, CountTimes{10}},
		// 3 from 2 s, 2 from 5 s (carried in to 12 s); at 12 s: 4, 1,
		// then 2 (until 15 s); 3 from 15 s; 8 from 25 s, after the window.
		{"before, at one instant, after", []step{{2, +3}, {5, -1}, {12, +2}, {12, -3}, {12, +1}, {15, +1}, {25, +5}}, 30,
			CountTimes{0, 0, 2 + 3, 5}},
		{"change exactly at from and at to", []step{{10, +1}, {20, +4}}, 30, CountTimes{0, 10}},
		{"closed inside the window", []step{{11, +2}}, 16, CountTimes{1, 0, 5}},
		{"closed before the window", []step{{1, +2}}, 8, nil},
		{"back down to 0", []step{{12, +1}, {13, +1}, {14, -2}}, 30, CountTimes{2 + 6, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLevel(s(10), s(20))
			l.RecordTimes()
			for _, st := range tt.steps {
				l.Add(s(st.at), st.delta)
			}
			l.Close(s(tt.close))
			var want CountTimes
			for _, x := range tt.want {
				want = append(want, int64(s(float64(x))))
			}
			got := l.Times()
			if !slices.Equal(got, want) {
				t.Fatalf("Times() = %v, want %v", got, want)
			}
			// sum k t_k is the integral, exactly in nanoseconds.
			var area int64
			for k, ns := range got {
				area += int64(k) * ns
			}
			if float64(area) != l.Integral()*float64(sim.Second) {
				t.Errorf("sum k t_k = %d ns, Integral() = %v s", area, l.Integral())
			}
		})
	}
}

// Without RecordTimes a level keeps no times.
func TestLevelTimesOff(t *testing.T) {
	l := NewLevel(0, sim.Hour)
	l.Add(sim.Second, 2)
	l.Close(sim.Hour)
	if l.Times() != nil {
		t.Fatalf("Times() = %v without RecordTimes", l.Times())
	}
}

// Once the level has reached its peak, recording times allocates nothing.
func TestLevelTimesDoNotAllocate(t *testing.T) {
	l := NewLevel(0, sim.Hour)
	l.RecordTimes()
	now := sim.Time(0)
	for range 3 {
		now += sim.Millisecond
		l.Add(now, 1)
	}
	l.Add(now+1, -3)
	now++
	allocs := testing.AllocsPerRun(1000, func() {
		now += sim.Millisecond
		l.Add(now, 2)
		now += sim.Millisecond
		l.Add(now, -2)
	})
	if allocs != 0 {
		t.Errorf("Add allocates %v times per call, want 0", allocs)
	}
}

// tallyRun records a level's changes through a tally over [0, 10 s): the
// live and busy levels get the same steps, busy at half (rounded down).
func tallyRun(steps []step) Run {
	s := sim.FromSeconds
	tl := NewTally(0, s(10), nil)
	var busy int64
	for _, st := range steps {
		tl.Live.Add(s(st.at), st.delta)
		b := tl.Live.Value() / 2
		tl.Busy.Add(s(st.at), b-busy)
		busy = b
	}
	tl.Close()
	return tl.Run()
}

// Two runs written to records and read back pool to the same times as the
// runs themselves: the sum at each count, in whole nanoseconds.
func TestTimesMergeThroughRecords(t *testing.T) {
	a := tallyRun([]step{{1, +2}, {4, +1}, {6, -3}})
	b := tallyRun([]step{{2, +5}, {7, -4}})
	sec := int64(sim.Second)
	// a: 0 for 1+4 s, 2 for 3 s, 3 for 2 s; b: 0 for 2 s, 5 for 5 s, 1 for 3 s.
	wantLive := CountTimes{7 * sec, 3 * sec, 3 * sec, 2 * sec, 0, 5 * sec}
	var direct, read countPool
	for _, r := range []Run{a, b} {
		direct.add(r)
		data, err := json.Marshal(r.Record(false))
		if err != nil {
			t.Fatal(err)
		}
		var rec RunRecord
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatal(err)
		}
		back, err := RunFromRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(back.LiveTimes, r.LiveTimes) || !slices.Equal(back.BusyTimes, r.BusyTimes) {
			t.Fatalf("read back %v / %v, wrote %v / %v", back.LiveTimes, back.BusyTimes, r.LiveTimes, r.BusyTimes)
		}
		read.add(back)
	}
	if !slices.Equal(direct.live, wantLive) || !slices.Equal(read.live, wantLive) || !slices.Equal(read.busy, direct.busy) {
		t.Fatalf("pooled %v and %v from records, want %v", direct.live, read.live, wantLive)
	}
	var in Instances
	read.fill(&in)
	if in.Distribution[0] != (CountFraction{0, 0.35}) || len(in.Distribution) != 5 {
		t.Fatalf("distribution %v", in.Distribution)
	}
}

// Summarize gives the pooled distributions, whose means are
// instances.mean and the busy instance-seconds over the window, and none
// when a run kept no times.
func TestSummarizeDistributions(t *testing.T) {
	runs := []Run{tallyRun([]step{{1, +2}, {4, +1}, {6, -3}}), tallyRun([]step{{2, +5}, {7, -4}})}
	p := Summarize("p", "faas", runs, sim.Hour)
	mean := func(d []CountFraction) (m, sum float64) {
		for _, x := range d {
			m += float64(x.Count) * x.Fraction
			sum += x.Fraction
		}
		return m, sum
	}
	if m, sum := mean(p.Instances.Distribution); math.Abs(m-p.Instances.Mean) > 1e-12 || math.Abs(sum-1) > 1e-12 {
		t.Errorf("distribution %v: mean %v, sum %v; instances.mean %v", p.Instances.Distribution, m, sum, p.Instances.Mean)
	}
	if m, _ := mean(p.Instances.RunningDistribution); math.Abs(m-p.InstanceSeconds.Busy/10) > 1e-12 {
		t.Errorf("running distribution %v: mean %v, busy %v s over 10 s", p.Instances.RunningDistribution, m, p.InstanceSeconds.Busy)
	}
	// By hand: live 2 x 3 s + 3 x 2 s and 5 x 5 s + 1 x 3 s, 40
	// instance-seconds over 2 x 10 s, a mean of 2; busy (half, rounded
	// down) 1 x 5 s and 2 x 5 s, 15 over 20 s, 0.75.
	if m, _ := mean(p.Instances.Distribution); math.Abs(m-2) > 1e-12 || math.Abs(p.Instances.Mean-2) > 1e-12 {
		t.Errorf("distribution mean %v, instances.mean %v; want 2 by hand", m, p.Instances.Mean)
	}
	if m, _ := mean(p.Instances.RunningDistribution); math.Abs(m-0.75) > 1e-12 {
		t.Errorf("running distribution mean %v, want 0.75 by hand", m)
	}
	runs[1].LiveTimes, runs[1].BusyTimes = nil, nil
	if p := Summarize("p", "faas", runs, sim.Hour); p.Instances.Distribution != nil || p.Instances.RunningDistribution != nil {
		t.Errorf("a run without times still gave %v", p.Instances.Distribution)
	}
}

// Function shards combined give no distribution: that of a sum of levels
// is not a function of the parts' distributions. Here two parts, each at
// one instance half the window, sum to 1 instance always in one case and
// to 0 or 2 in the other; their per-part times are identical.
func TestCombinePartsDropsDistributions(t *testing.T) {
	together := []Run{tallyRun([]step{{0, +1}, {5, -1}}), tallyRun([]step{{5, +1}})}
	apart := []Run{tallyRun([]step{{0, +1}, {5, -1}}), tallyRun([]step{{0, +1}, {5, -1}})}
	for _, parts := range [][]Run{together, apart} {
		if !slices.Equal(parts[0].LiveTimes, parts[1].LiveTimes) {
			t.Fatalf("parts' times %v and %v differ", parts[0].LiveTimes, parts[1].LiveTimes)
		}
		run, _, err := CombineParts(parts)
		if err != nil {
			t.Fatal(err)
		}
		if run.LiveTimes != nil || run.BusyTimes != nil {
			t.Errorf("combined parts carry times %v / %v", run.LiveTimes, run.BusyTimes)
		}
		if p := Summarize("p", "faas", []Run{run}, sim.Hour); p.Instances.Distribution != nil {
			t.Errorf("merged results give a distribution %v", p.Instances.Distribution)
		}
	}
	one, _, err := CombineParts(together[:1])
	if err != nil || !slices.Equal(one.LiveTimes, together[0].LiveTimes) {
		t.Errorf("one part: times %v (%v), want the part's %v", one.LiveTimes, err, together[0].LiveTimes)
	}
}

// Time records no run could have written are refused before they are
// expanded: a file's few bytes must not ask for gigabytes.
func TestTimesRecordRefusesWhatNoRunWrites(t *testing.T) {
	ok := tallyRun([]step{{1, +2}, {4, +1}, {6, -3}}).Record(false)
	if _, err := RunFromRecord(ok); err != nil {
		t.Fatalf("a valid record refused: %v", err)
	}
	cases := []struct {
		name string
		mut  func(*RunRecord)
		want string
	}{
		{"busy missing", func(r *RunRecord) { r.BusyTimes = nil }, "go together"},
		{"out of order", func(r *RunRecord) { r.LiveTimes[0], r.LiveTimes[1] = r.LiveTimes[1], r.LiveTimes[0] }, "ascending"},
		{"above the peak", func(r *RunRecord) { r.LiveTimes[2][0] = 4 }, "peak of 3"},
		{"huge count", func(r *RunRecord) { r.PeakInstances = math.MaxInt64; r.LiveTimes[2][0] = 1 << 40 }, "16777216"},
		{"negative count", func(r *RunRecord) { r.LiveTimes[0][0] = -1 }, "ascending"},
		{"zero time", func(r *RunRecord) { r.BusyTimes[0][1] = 0 }, "positive time"},
		{"times short of the window", func(r *RunRecord) { r.LiveTimes[0][1] -= 1000 }, "the window is 10 s"},
		{"overflowing times", func(r *RunRecord) { r.LiveTimes[0][1], r.LiveTimes[1][1] = math.MaxInt64, math.MaxInt64 }, "the window"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := ok
			rec.LiveTimes = slices.Clone(ok.LiveTimes)
			rec.BusyTimes = slices.Clone(ok.BusyTimes)
			tc.mut(&rec)
			if _, err := RunFromRecord(rec); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
