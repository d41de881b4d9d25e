package validation

import (
	"testing"
	"time"

	"faassim/scenarios"
)

// A horizon cut for the fates case keeps only the listed days it reaches,
// in their order: reading the others is work the cut run never uses.
func TestCoveredDays(t *testing.T) {
	synth := func(days ...int) *scenarios.Scenario {
		return &scenarios.Scenario{Workload: scenarios.Workload{Synth: &scenarios.SynthSpec{Days: days}}}
	}
	trace := func(days ...int) *scenarios.Scenario {
		return &scenarios.Scenario{Workload: scenarios.Workload{Trace: &scenarios.TraceSpec{Days: days}}}
	}
	tests := []struct {
		name string
		s    *scenarios.Scenario
		h    time.Duration
		want string
	}{
		{"11h of 14 days", synth(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), 11 * time.Hour, "workload.synth.days=[1]"},
		{"exactly a day", synth(1, 2, 3), 24 * time.Hour, "workload.synth.days=[1]"},
		{"a day and a second", synth(1, 2, 3), 24*time.Hour + time.Second, "workload.synth.days=[1, 2]"},
		{"more than listed", synth(5, 3), 100 * time.Hour, "workload.synth.days=[5, 3]"},
		{"trace days in their order", trace(13, 14, 1), 30 * time.Hour, "workload.trace.days=[13, 14]"},
		{"one day: nothing to cut", synth(4), time.Hour, ""},
		{"no days", &scenarios.Scenario{}, time.Hour, ""},
	}
	for _, tt := range tests {
		if got := coveredDays(tt.s, tt.h); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
