package reports

import (
	"slices"
	"testing"

	"faassim/models/metrics"
)

func TestDecisionLines(t *testing.T) {
	r := metrics.Results{Platforms: []metrics.Platform{
		{Name: "fixed"},
		{Name: "hybrid", KeepAliveDecisions: &metrics.KeepAliveDecisions{Trusted: 3, Prewarmed: 1, FewIdleTimes: 1}},
		{Name: "idle-free", KeepAliveDecisions: &metrics.KeepAliveDecisions{}},
	}}
	want := []string{
		"hybrid: 4 keep-alive windows: 3 (75.00%) from the histogram, 1 of them pre-warmed (the last idle instance of an app or function unloaded, a fresh one loaded later); " +
			"1 (25.00%) kept the instance for the whole range: 1 with too few idle times yet, 0 with most idle times beyond the range, 0 too spread out to trust",
		"idle-free: no idle instance in the window, so no keep-alive decision",
	}
	if got := decisionLines(r); !slices.Equal(got, want) {
		t.Errorf("decision lines:\n%q\nwant\n%q", got, want)
	}
	if got := decisionLines(metrics.Results{Platforms: []metrics.Platform{{Name: "fixed"}}}); got != nil {
		t.Errorf("lines for a run without a hybrid policy: %q", got)
	}
}
