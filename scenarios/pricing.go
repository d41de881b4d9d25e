package scenarios

import (
	"fmt"

	"faassim/models/faas"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/sim"
)

// lookupSheet finds a price sheet by name among the user's sheets (given
// with --prices, which take precedence so that a user can update a price)
// and then the embedded ones.
func lookupSheet(name string, user []pricing.Sheet) (pricing.Sheet, error) {
	for _, sh := range user {
		if sh.Name == name {
			return sh, nil
		}
	}
	return pricing.Lookup(name)
}

// faasBilling says which usage a FaaS platform reports for a sheet's model.
func faasBilling(sh pricing.Sheet) (faas.Billing, error) {
	b := faas.Billing{Init: sh.BillsInit}
	switch sh.Model {
	case pricing.PerInvocation:
		b.Executions = true
		b.Storage = sh.USDPerStorageGBS > 0
	case pricing.RequestBased, pricing.Flex:
		b.BusyPeriods = true
	case pricing.InstanceBased:
		b.Lifetimes, b.BusyPeriods = true, true // busy time splits compute from idle
	default:
		return b, fmt.Errorf("price sheet %s bills %s, not a FaaS platform (use it on a kind: container platform)", sh.Name, sh.Model)
	}
	return b, nil
}

// billed prices one run's metered usage over the statistics window, with
// monthly allowances and tiers applied to month.
func billed(run metrics.Run, sh *pricing.Sheet, m *pricing.Meter, window, month sim.Time, freeTier bool) metrics.Run {
	if sh != nil {
		u := m.Usage()
		run.Cost, _ = sh.Bill(u, window, month, freeTier)
		run.BilledGBSeconds = u.GBSeconds
	}
	return run
}
