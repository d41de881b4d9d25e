package scenarios

import (
	"fmt"

	"faassim/models/container"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/sim"
)

// withControlPlane adds the bill of one managed cluster running for the
// whole window (its control-plane fee) to a run's cost.
func withControlPlane(run metrics.Run, sh *pricing.Sheet, window, month sim.Time) metrics.Run {
	if sh == nil {
		return run
	}
	m := pricing.NewMeter(*sh)
	m.Cluster(window, 1)
	cost, _ := sh.Bill(m.Usage(), window, month, false)
	run.Cost = run.Cost.Plus(cost)
	return run
}

// billingExtras say, for a container platform's assumptions, what it is
// billed beyond its replicas' vCPU and memory.
func billingExtras(storageGB int, preset container.Preset, sheet, cp *pricing.Sheet) []string {
	var extras []string
	switch included := preset.IncludedStorageGB; {
	case storageGB > included && sheet != nil:
		extras = append(extras, fmt.Sprintf("%d GiB of ephemeral storage per task, the %d above the %d included billed at $%g per GB-hour of task lifetime",
			storageGB, storageGB-included, included, sheet.USDPerStorageGBHour))
	case storageGB > 0:
		extras = append(extras, fmt.Sprintf("%d GiB of ephemeral storage per task, included in the price", storageGB))
	}
	if cp != nil {
		extras = append(extras, fmt.Sprintf("one cluster's control plane billed for the whole window, $%g per cluster-hour (%s), as if the cluster ran this service alone",
			cp.USDPerClusterHour, cp.Name))
	}
	return extras
}
