package scenarios

import (
	"fmt"

	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/sim"
)

// Issue 8, item 4: what a container platform is billed beyond its replicas'
// vCPU and memory. The resolver is to take these over.

// Fargate task ephemeral storage: 20 GiB by default and included in the
// price, configurable up to 200 GiB (AWS, "Fargate task storage",
// docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html).
const (
	fargateStorageIncludedGB = 20
	fargateStorageMaxGB      = 200
)

// eksSheet is the control-plane sheet of preset k8s-ec2: an EKS cluster in
// standard support.
const eksSheet = "aws-eks-us-east-1"

// ephemeralStorageGB resolves replica.ephemeral_storage_gb: on Fargate
// 20 GiB unless set, within 20..200; elsewhere it may not be set, since
// no price sheet of ours bills a node's disk.
func (s *Scenario) ephemeralStorageGB(path string, r *Replica, fargate bool) (int, Problems) {
	field := path + ".replica.ephemeral_storage_gb"
	gb := r.EphemeralStorageGB
	switch {
	case !fargate && s.wrote(field):
		return 0, Problems{s.problemAt(field, "applies to the Fargate presets only (a Kubernetes node's disk is not priced)")}
	case !fargate:
		return 0, nil
	case gb == 0 && !s.wrote(field):
		return fargateStorageIncludedGB, nil
	case gb < fargateStorageIncludedGB || gb > fargateStorageMaxGB:
		return 0, Problems{s.problemAt(field, "Fargate allows %d to %d GiB (%d included), got %d",
			fargateStorageIncludedGB, fargateStorageMaxGB, fargateStorageIncludedGB, gb)}
	}
	return gb, nil
}

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

// billingLine says, for a container platform's assumptions, what it is
// billed beyond vCPU and memory.
func billingLine(storageGB int, sheet, cp *pricing.Sheet) string {
	var line string
	switch {
	case storageGB > fargateStorageIncludedGB && sheet != nil:
		line += fmt.Sprintf("; %d GiB of ephemeral storage per task, the %d above the %d included billed at $%g per GB-hour of task lifetime",
			storageGB, storageGB-fargateStorageIncludedGB, fargateStorageIncludedGB, sheet.USDPerStorageGBHour)
	case storageGB > 0:
		line += fmt.Sprintf("; %d GiB of ephemeral storage per task, included in the price", storageGB)
	}
	if cp != nil {
		line += fmt.Sprintf("; one cluster's control plane billed for the whole window, $%g per cluster-hour (%s), as if the cluster ran this service alone",
			cp.USDPerClusterHour, cp.Name)
	}
	return line
}
