package scenarios

import (
	"faassim/models/container"
	"faassim/models/faas"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// simulate runs one FaaS platform for one replication and bills what its
// meter recorded over the window.
func (pl *faasPlan) simulate(src workload.Source, seed uint64, rec *metrics.Recorder, check func(sim.Time) error) (metrics.Run, error) {
	run, _, err := pl.simulatePeaks(src, seed, rec, check, nil, nil)
	return run, err
}

// simulatePeaks is simulate also recording, when not nil, the per-second
// maxima of in-flight requests and live instances (function shards), and
// returning the billable usage (zero when not priced).
func (pl *faasPlan) simulatePeaks(src workload.Source, seed uint64, rec *metrics.Recorder, check func(sim.Time) error,
	inflight, live *metrics.Peaks) (metrics.Run, pricing.Usage, error) {
	eng := sim.NewEngine()
	eng.SetCheck(check)
	cfg := pl.cfg
	cfg.Timeline = rec
	cfg.InFlightPeaks, cfg.LivePeaks = inflight, live
	var meter *pricing.Meter
	if pl.sheet != nil {
		meter = pricing.NewMeter(*pl.sheet)
		cfg.Billing.Meter = meter
	}
	p, err := faas.New(eng, cfg, pl.fns, pl.keep.newPolicy(), seed)
	if err != nil {
		return metrics.Run{}, pricing.Usage{}, err
	}
	feed := workload.Feed(eng, src, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	if err := eng.Err(); err != nil {
		return metrics.Run{}, pricing.Usage{}, err // interrupted, or over the memory bound
	}
	if err := feed.Err(); err != nil {
		return metrics.Run{}, pricing.Usage{}, err
	}
	run := billed(p.Result(), pl.sheet, meter, cfg.Horizon-cfg.Warmup, pl.month, pl.freeTier)
	var u pricing.Usage
	if meter != nil {
		u = meter.Usage()
	}
	return run, u, nil
}

// simulate runs one container platform for one replication and bills it:
// Fargate per task lifetime (the sheet's 1-minute minimum applied from
// launch, then cut to the window); Kubernetes per node-second of the nodes the
// replicas need (bin-packed, nodes assumed to follow the replica count).
func (pl *containerPlan) simulate(src workload.Source, _ uint64, rec *metrics.Recorder, check func(sim.Time) error) (metrics.Run, error) {
	eng := sim.NewEngine()
	eng.SetCheck(check)
	cfg := pl.cfg
	cfg.Timeline = rec
	svc, err := container.New(eng, cfg, pl.fns)
	if err != nil {
		return metrics.Run{}, err
	}
	meter := pricing.NewMeter(*pl.sheet)
	r := pl.cfg.Replica
	memMB := int(r.MemoryGB*1024 + 0.5)
	if pl.node == nil {
		svc.SetLifetimeHook(func(start, end sim.Time) {
			meter.InstanceWindowed(start, end, pl.cfg.Warmup, pl.cfg.Horizon, memMB, r.VCPU)
			if r.EphemeralStorageGB > 0 {
				meter.StorageWindowed(start, end, pl.cfg.Warmup, pl.cfg.Horizon, r.EphemeralStorageGB*1024)
			}
		})
	}
	feed := workload.Feed(eng, src, pl.cfg.Horizon, svc.Arrive)
	eng.Run(pl.cfg.Horizon)
	if err := eng.Err(); err != nil {
		return metrics.Run{}, err
	}
	if err := feed.Err(); err != nil {
		return metrics.Run{}, err
	}
	run := svc.Result()
	if pl.node != nil {
		nodeS := svc.NodeSeconds(pl.perNode)
		if nodeS > 0 {
			meter.Instance(sim.FromSeconds(nodeS), int(pl.node.MemoryGiB*1024), pl.node.VCPU)
			// The busy share of the replicas is the busy share of the nodes.
			if run.InstanceSeconds > 0 {
				meter.Busy(sim.FromSeconds(nodeS*run.BusySeconds/run.InstanceSeconds), int(pl.node.MemoryGiB*1024), pl.node.VCPU, false)
			}
		}
	} else if run.BusySeconds > 0 {
		meter.Busy(sim.FromSeconds(run.BusySeconds), memMB, r.VCPU, false)
	}
	window := pl.cfg.Horizon - pl.cfg.Warmup
	return withControlPlane(billed(run, pl.sheet, meter, window, pl.month, false), pl.controlPlane, window, pl.month), nil
}
