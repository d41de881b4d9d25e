package pricing

import (
	"fmt"

	"faassim/models/metrics"
	"faassim/sim"
)

// Bill prices usage metered over a window of simulated time. Volume tiers
// and free allowances are monthly, so the window's usage is first projected
// to a month (x month / window), priced there (free tier when freeTier is
// on, then the tiers), and the month's cost scaled back to the window.
// monthly is that projection; window is what the window itself costs.
// Below the first tier boundary and without a free tier the two are
// proportional. month is normally DefaultMonth (30 days) or Month730Hours;
// any positive span is priced.
//
// Cost lines, so that Compute + Requests + Provisioned + Idle + Storage +
// ControlPlane = Total:
//   - Compute: on-demand execution (per-invocation duration and GHz-s,
//     request-based and flex on-demand busy time) and, for instance models,
//     the share of instance cost with a request in flight.
//   - Requests: request fees.
//   - Provisioned: executions on provisioned / always-ready instances, plus
//     the configured-capacity charge for the part of it that was busy.
//   - Idle: the configured-capacity charge for the part of it that was not
//     busy (provisioned concurrency, always ready), and the instance cost
//     with no request in flight (instance-based, fargate, ec2) when the
//     Usage has busy time (BusyTracked); otherwise 0 and all of it is
//     Compute.
//   - Storage: ephemeral storage above the free size (Lambda per GB-s of
//     execution, Fargate per GB-hour of task lifetime).
//   - ControlPlane: a managed cluster's fee per cluster-hour (Amazon EKS).
//
// The free tier applies to on-demand duration and requests only, never to
// provisioned capacity: the third worked example of the AWS Lambda pricing
// page (aws.amazon.com/lambda/pricing: provisioned concurrency 100 for 8 h
// at 1,536 MB with 3 M requests, $19.96) takes 1 M free requests from all
// requests and 400,000 free GB-s from the on-demand duration. Free GB-s come
// off the first tier.
func (s Sheet) Bill(u Usage, window, month sim.Time, freeTier bool) (windowCost, monthly metrics.Cost) {
	if window <= 0 || month <= 0 {
		panic(fmt.Sprintf("pricing: Bill over a window of %v projected to a month of %v", window, month))
	}
	f := float64(month) / float64(window)
	var free FreeTier
	if freeTier {
		free = s.FreeTier
	}
	above := func(used, allowance float64) float64 { return max(0, used*f-allowance) }

	var c metrics.Cost
	c.Requests = above(float64(u.Requests), free.Requests) * s.USDPerMillionRequests / 1e6
	c.Storage = u.StorageGBSeconds * f * (s.USDPerStorageGBS + s.USDPerStorageGBHour/3600)
	c.ControlPlane = u.ClusterSeconds * f * s.USDPerClusterHour / 3600

	// Configured capacity: the busy part is Provisioned, the rest Idle.
	prov, exec := u.ProvisionedGBSeconds*f, u.ProvisionedExecGBSeconds*f
	busyProv := min(prov, exec)
	c.Provisioned = exec*s.USDPerProvisionedExecGBS + busyProv*s.USDPerProvisionedGBS
	c.Idle = (prov - busyProv) * s.USDPerProvisionedGBS

	switch s.Model {
	case PerInvocation, Flex:
		c.Compute = tiered(above(u.GBSeconds, free.GBSeconds), s.DurationTiers) +
			above(u.GHzSeconds, free.GHzSeconds)*s.USDPerGHzS
	case RequestBased:
		c.Compute = above(u.VCPUSeconds, free.VCPUSeconds)*s.USDPerVCPUS +
			above(u.GBSeconds, free.GBSeconds)*s.USDPerGBS
	case InstanceBased, Fargate, EC2:
		var cost, full, busy float64
		switch s.Model {
		case InstanceBased:
			cost = above(u.VCPUSeconds, free.VCPUSeconds)*s.USDPerVCPUS + above(u.GBSeconds, free.GBSeconds)*s.USDPerGBS
			full = u.VCPUSeconds*s.USDPerVCPUS + u.GBSeconds*s.USDPerGBS
			busy = u.BusyVCPUSeconds*s.USDPerVCPUS + u.BusyGBSeconds*s.USDPerGBS
		case Fargate:
			cost = (u.VCPUSeconds*s.USDPerVCPUHour + u.GBSeconds*s.USDPerGBHour) / 3600 * f
			full, busy = cost, (u.BusyVCPUSeconds*s.USDPerVCPUHour+u.BusyGBSeconds*s.USDPerGBHour)/3600*f
		case EC2:
			cost = u.InstanceSeconds * f * s.Instance.USDPerHour / 3600
			full, busy = u.InstanceSeconds, u.BusyInstanceSeconds
		}
		// The free allowance (if any) is shared in proportion: a split by
		// busy share of the undiscounted cost.
		share := 1.0
		if u.BusyTracked {
			share = 0
			if full > 0 {
				share = min(1, busy/full)
			}
		}
		c.Compute = cost * share
		c.Idle += cost - c.Compute
	}
	monthly = withTotal(c)
	windowCost = withTotal(metrics.Cost{
		Compute: c.Compute / f, Requests: c.Requests / f, Provisioned: c.Provisioned / f,
		Idle: c.Idle / f, Storage: c.Storage / f, ControlPlane: c.ControlPlane / f,
	})
	return windowCost, monthly
}

func withTotal(c metrics.Cost) metrics.Cost {
	c.Total = c.Compute + c.Requests + c.Provisioned + c.Idle + c.Storage + c.ControlPlane
	return c
}

// tiered prices gbs GB-seconds in a month through the volume tiers: each
// tier's rate applies only to the GB-seconds between its lower and upper
// bound (AWS Lambda: the first 6 B GB-s at tier 1, the next 9 B at tier 2,
// the rest at tier 3).
func tiered(gbs float64, tiers []Tier) float64 {
	cost, lower := 0.0, 0.0
	for _, t := range tiers {
		if t.UpToGBS == 0 || gbs <= t.UpToGBS {
			return cost + (gbs-lower)*t.USDPerGBS
		}
		cost += (t.UpToGBS - lower) * t.USDPerGBS
		lower = t.UpToGBS
	}
	return cost
}
