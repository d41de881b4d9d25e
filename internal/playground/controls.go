package playground

import "faassim/scenarios"

// CONTRACT STUB (part "lessons" replaces this file).

// Controls lists the controls that apply to cur (the scenario with every
// override applied), with their values in cur and their Base values in
// base (the scenario with only the playground's own overrides).
func Controls(cur, base *scenarios.Scenario) []Control { return nil }
