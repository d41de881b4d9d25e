package playground

import (
	"context"
	"testing"
	"time"

	"faassim/scenarios"
	"faassim/sim"
)

// snap runs an embedded example with overrides, as the server does, and
// returns the snapshot Explain compares.
func snap(t testing.TB, example string, sets ...string) Snapshot {
	t.Helper()
	s, err := scenarios.OpenWith("example:"+example, sets, scenarios.Options{})
	if err != nil {
		t.Fatalf("open %s %v: %v", example, sets, err)
	}
	r, err := scenarios.Run(context.Background(), s, scenarios.Options{Timeline: sim.FromDuration(10 * time.Minute)})
	if err != nil {
		t.Fatalf("run %s %v: %v", example, sets, err)
	}
	return Snapshot{State: State{Example: example, Sets: sets}, Scenario: s, Results: r}
}

// offered returns the manifest's entry for an example, nil if not offered.
func (m *manifest) offered(name string) *Offered {
	for i := range m.Examples {
		if m.Examples[i].Name == name {
			return &m.Examples[i]
		}
	}
	return nil
}
