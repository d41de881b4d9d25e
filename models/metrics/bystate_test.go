package metrics

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// Summary pools the states over replications: requests per replication
// rounded like the headline counts, the ratio cold / (requests -
// rejected) pooled like cold_start_ratio, states without requests left
// out.
func TestByInstancesSummary(t *testing.T) {
	b := ByInstances{
		{Requests: 8, ColdStarts: 8},
		{}, // no request: left out
		{Requests: 5, Rejected: 1, ColdStarts: 1}, // 1 of 4 admitted
		{Requests: 1, Rejected: 1},                // none admitted: 0
		{Requests: 3},
	}
	tests := []struct {
		reps int
		want []StateColdStarts
	}{
		{1, []StateColdStarts{{0, 8, 1}, {2, 5, 0.25}, {3, 1, 0}, {4, 3, 0}}},
		// 5/2 rounds half away from zero like math.Round; 1/2 too.
		{2, []StateColdStarts{{0, 4, 1}, {2, 3, 0.25}, {3, 1, 0}, {4, 2, 0}}},
		{4, []StateColdStarts{{0, 2, 1}, {2, 1, 0.25}, {3, 0, 0}, {4, 1, 0}}},
		{0, nil},
	}
	for _, tt := range tests {
		if got := b.Summary(tt.reps); !slices.Equal(got, tt.want) {
			t.Errorf("Summary(%d) = %v, want %v", tt.reps, got, tt.want)
		}
	}
	if got := ByInstances(nil).Summary(3); got != nil {
		t.Errorf("Summary of nothing = %v, want nil", got)
	}
}

// The tally's calls grow the dense record only at a new highest count.
func TestTallyArriveIn(t *testing.T) {
	var tl Tally
	tl.ArriveIn(2)
	tl.ArriveIn(0)
	tl.ColdIn(0)
	tl.ArriveIn(2)
	tl.RejectIn(2)
	want := ByInstances{{Requests: 1, ColdStarts: 1}, {}, {Requests: 2, Rejected: 1}}
	if !slices.Equal(tl.ByInstances, want) {
		t.Errorf("%v, want %v", tl.ByInstances, want)
	}
	if n := testing.AllocsPerRun(100, func() { tl.ArriveIn(1); tl.ColdIn(1) }); n != 0 {
		t.Errorf("ArriveIn at a known count allocates %v times", n)
	}
}

// A run's states written to a record (nonzero states only) and read back
// are the run's, so replication shards merge exactly.
func TestByInstancesRecordRoundTrip(t *testing.T) {
	r := Run{Requests: 9, Completed: 6, Rejected: 2, InFlight: 1, ColdStarts: 3, WindowS: 60, PeakInstances: 3,
		ByInstances: ByInstances{{Requests: 3, ColdStarts: 3}, {}, {}, {Requests: 6, Rejected: 2}}}
	rec := r.Record(false)
	if want := [][4]int64{{0, 3, 0, 3}, {3, 6, 2, 0}}; !reflect.DeepEqual(rec.ByInstances, want) {
		t.Fatalf("record %v, want %v", rec.ByInstances, want)
	}
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var back RunRecord
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	got, err := RunFromRecord(back)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.ByInstances, r.ByInstances) {
		t.Errorf("read back %v, want %v", got.ByInstances, r.ByInstances)
	}
	// A run without states (an older record) stays without.
	r.ByInstances = nil
	if got, err := RunFromRecord(r.Record(false)); err != nil || got.ByInstances != nil {
		t.Errorf("no states: %v, %v", got.ByInstances, err)
	}
}

// What no run writes is refused: a record read from a file must not make
// the merge allocate without bound or report states that do not add up.
func TestByInstancesRecordRefuses(t *testing.T) {
	ok := RunRecord{Requests: 4, Completed: 3, Rejected: 1, ColdStarts: 1, WindowS: 60, PeakInstances: 2,
		ByInstances: [][4]int64{{0, 1, 0, 1}, {2, 3, 1, 0}}}
	if _, err := RunFromRecord(ok); err != nil {
		t.Fatalf("a valid record refused: %v", err)
	}
	for name, states := range map[string][][4]int64{
		"out of order":          {{2, 3, 1, 0}, {0, 1, 0, 1}},
		"repeated":              {{0, 1, 0, 1}, {0, 3, 1, 0}},
		"negative instances":    {{-1, 1, 0, 1}, {2, 3, 1, 0}},
		"too many instances":    {{0, 1, 0, 1}, {MaxStateInstances, 3, 1, 0}},
		"above the run's peak":  {{0, 1, 0, 1}, {3, 3, 1, 0}},
		"empty state":           {{0, 1, 0, 1}, {1, 0, 0, 0}, {2, 3, 1, 0}},
		"more fates than state": {{0, 1, 1, 1}, {2, 3, 0, 0}},
		"negative cold":         {{0, 1, 0, -1}, {2, 3, 1, 2}},
		"not the run's total":   {{0, 1, 0, 1}, {2, 2, 1, 0}},
		"overflowing sums":      {{0, 1 << 62, 0, 0}, {1, 1 << 62, 0, 0}, {2, 1 << 62, 0, 0}},
	} {
		rec := ok
		rec.ByInstances = states
		if _, err := RunFromRecord(rec); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Function parts add their states: a request's state counts the instances
// of its own function's pool, which one part holds whole, so the sum is
// the whole run's record.
func TestCombinePartsAddsStates(t *testing.T) {
	part := func(b ByInstances) Run {
		var r Run
		for _, s := range b {
			r.Requests += s.Requests
			r.ColdStarts += s.ColdStarts
		}
		r.Completed, r.WindowS, r.ByInstances, r.Backlog = r.Requests, 60, b, &Backlog{}
		return r
	}
	a := part(ByInstances{{Requests: 2, ColdStarts: 2}, {Requests: 5}})
	b := part(ByInstances{{Requests: 1, ColdStarts: 1}, {Requests: 1, ColdStarts: 1}, {Requests: 4}})
	run, _, err := CombineParts([]Run{a, b, part(nil)})
	if err != nil {
		t.Fatal(err)
	}
	want := ByInstances{{Requests: 3, ColdStarts: 3}, {Requests: 6, ColdStarts: 1}, {Requests: 4}}
	if !slices.Equal(run.ByInstances, want) {
		t.Errorf("combined %v, want %v", run.ByInstances, want)
	}
	if a.ByInstances[0].Requests != 2 {
		t.Error("CombineParts changed a part's record")
	}
}
