package keepalive

import (
	"testing"

	"faassim/sim"
)

func TestPolicies(t *testing.T) {
	idle := Idle{Now: 5 * sim.Minute, Function: 3, App: 1}
	tests := []struct {
		name   string
		policy Policy
		want   sim.Time
	}{
		{"fixed 10m", FixedTTL{TTL: 10 * sim.Minute}, 10 * sim.Minute},
		{"none", None{}, 0},
		{"infinite", Infinite{}, sim.Never},
		{"func per app", PolicyFunc(func(i Idle) sim.Time { return sim.Time(i.App) * sim.Minute }), sim.Minute},
	}
	for _, tt := range tests {
		if got := tt.policy.KeepAlive(idle); got != tt.want {
			t.Errorf("%s: KeepAlive = %v, want %v", tt.name, got, tt.want)
		}
	}
}
