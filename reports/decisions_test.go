package reports

import (
	"bytes"
	"slices"
	"strings"
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

// A run with a learning keep-alive and no per-application statistics
// says, in text, where the policy's measure is (--per-app); one with them,
// or with fixed keep-alives only, does not.
func TestPerAppHint(t *testing.T) {
	hybrid := metrics.Platform{Name: "hybrid", Kind: "faas", KeepAliveDecisions: &metrics.KeepAliveDecisions{Trusted: 1}}
	fixed := metrics.Platform{Name: "fixed", Kind: "faas"}
	withApps := hybrid
	withApps.Apps = &metrics.Apps{}
	tests := []struct {
		name      string
		platforms []metrics.Platform
		hint      bool
	}{
		{"hybrid, no per-app", []metrics.Platform{fixed, hybrid}, true},
		{"hybrid with per-app", []metrics.Platform{fixed, withApps}, false},
		{"fixed only", []metrics.Platform{fixed}, false},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		r := metrics.Results{Schema: metrics.Schema, HorizonS: 3600, Replications: 1, Platforms: tc.platforms}
		if err := Text(&buf, r); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), "run with --per-app"); got != tc.hint {
			t.Errorf("%s: hint %v, want %v:\n%s", tc.name, got, tc.hint, buf.String())
		}
	}
}
