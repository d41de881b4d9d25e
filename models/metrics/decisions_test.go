package metrics

import (
	"encoding/json"
	"reflect"
	"testing"

	"faassim/sim"
)

// A hybrid keep-alive's decisions are the per-replication mean, each count
// rounded, under stable keys; a run of another policy has none.
func TestKeepAliveDecisionsSummary(t *testing.T) {
	runs := []Run{
		{WindowS: 1, KeepAliveDecisions: &KeepAliveDecisions{Trusted: 10, Prewarmed: 3, FewIdleTimes: 1, BeyondRange: 2, SpreadOut: 5}},
		{WindowS: 1, KeepAliveDecisions: &KeepAliveDecisions{Trusted: 13, Prewarmed: 4, FewIdleTimes: 0, BeyondRange: 2, SpreadOut: 6}},
	}
	p := Summarize("hybrid", "faas", runs, 30*24*sim.Hour)
	want := KeepAliveDecisions{Trusted: 12, Prewarmed: 4, FewIdleTimes: 1, BeyondRange: 2, SpreadOut: 6} // 11.5, 3.5, 0.5, 2, 5.5 rounded half away from zero
	if p.KeepAliveDecisions == nil || *p.KeepAliveDecisions != want {
		t.Errorf("summary %+v, want %+v", p.KeepAliveDecisions, want)
	}
	if got := want.Fallbacks(); got != 9 {
		t.Errorf("fallbacks %d, want 1 + 2 + 6 = 9", got)
	}
	if p := Summarize("fixed", "faas", []Run{{WindowS: 1}}, 30*24*sim.Hour); p.KeepAliveDecisions != nil {
		t.Errorf("a run without decisions summarises to %+v", p.KeepAliveDecisions)
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if got := keysOf(t, m); !reflect.DeepEqual(got, []string{"beyond_range", "few_idle_times", "prewarmed", "spread_out", "trusted"}) {
		t.Errorf("keys %v", got)
	}
}
