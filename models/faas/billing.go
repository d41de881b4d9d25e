package faas

import "faassim/sim"

// Meter receives billable usage while a platform runs; a price sheet turns
// it into dollars afterwards (pricing.Meter implements it). Usage comes as
// intervals of simulated time with the statistics window [from, to); the
// meter bills each for its part inside the window, pro rata at both edges
// (see pricing.Meter.ExecutionWindowed). An interval still open at the
// horizon, whose end is not known, ends at sim.Never.
type Meter interface {
	// Request is one billable request: an invocation that arrived in the
	// window and was dispatched to an instance (throttled requests are not
	// billed).
	Request()
	// ExecutionWindowed is one invocation's billed interval [start, end)
	// at its function's memMB (per-invocation products, which bill the
	// function's configured memory even on an instance shared per app):
	// its run, preceded by the INIT phase it triggered where the product
	// bills INIT. provisioned marks a provisioned instance.
	ExecutionWindowed(start, end, from, to sim.Time, memMB int, provisioned bool)
	// BusyWindowed is one instance's period with at least one request in
	// flight (Cloud Run request-based, Azure Flex); provisioned marks an
	// always-ready instance.
	BusyWindowed(start, end, from, to sim.Time, memMB int, vcpu float64, provisioned bool)
	// InstanceWindowed is an instance's lifetime [born, died).
	InstanceWindowed(born, died, from, to sim.Time, memMB int, vcpu float64)
	// ProvisionedWindowed is count instances of memMB kept warm over
	// [start, end).
	ProvisionedWindowed(start, end, from, to sim.Time, memMB int, count int)
	// StorageWindowed is ephemeral storage of ephemeralMB held over one
	// execution's billed interval.
	StorageWindowed(start, end, from, to sim.Time, ephemeralMB int)
}

// Billing says which usage a platform reports to its Meter: what the
// product bills (from the price sheet's model). The zero value bills nothing.
type Billing struct {
	Meter       Meter
	Executions  bool // per invocation (Lambda, Azure Consumption, Cloud Functions)
	BusyPeriods bool // per instance while serving (Cloud Run request-based, Azure Flex)
	Lifetimes   bool // per instance while alive (Cloud Run instance-based)
	// Init bills the INIT part of a cold start (not the platform's overhead
	// before it, see coldstart.PhaseSampler) as part of the execution that
	// triggered it (AWS Lambda since 1 August 2025).
	Init bool
	// Storage bills ephemeral storage for each execution's time.
	Storage bool
}

// execStart is when req's billed interval begins: its start, or the start
// of the INIT phase it triggered where INIT is billed.
func (p *Platform) execStart(req *request) sim.Time {
	if p.cfg.Billing.Init {
		return req.start - req.init
	}
	return req.start
}

// billExecution bills req's interval, which ends at end.
func (p *Platform) billExecution(req *request, end sim.Time) {
	b := &p.cfg.Billing
	if !b.Executions {
		return
	}
	f := &p.fns[req.fn]
	start, from, to := p.execStart(req), p.cfg.Warmup, p.cfg.Horizon
	b.Meter.ExecutionWindowed(start, end, from, to, f.MemoryMB, p.insts.At(req.inst).provisioned)
	if b.Storage && f.EphemeralStorageMB > 0 {
		b.Meter.StorageWindowed(start, end, from, to, f.EphemeralStorageMB)
	}
}

// billBusy bills in's busy period ending at end (sim.Never: still busy).
func (p *Platform) billBusy(end sim.Time, in *instance) {
	if b := &p.cfg.Billing; b.BusyPeriods {
		pl := &p.pools[in.pool]
		b.Meter.BusyWindowed(in.busySince, end, p.cfg.Warmup, p.cfg.Horizon, pl.memMB, pl.vcpu, in.provisioned)
	}
}

// billLifetime bills in's lifetime ending at end (sim.Never: still live).
func (p *Platform) billLifetime(end sim.Time, in *instance) {
	if b := &p.cfg.Billing; b.Lifetimes && !in.provisioned {
		pl := &p.pools[in.pool]
		b.Meter.InstanceWindowed(in.born, end, p.cfg.Warmup, p.cfg.Horizon, pl.memMB, pl.vcpu)
	}
}

// billOpen reports, at the horizon, what is still running: executions
// (their ends are known: they were scheduled), busy periods and lifetimes
// not yet ended, and the provisioned instances.
func (p *Platform) billOpen() {
	b := &p.cfg.Billing
	if b.Meter == nil {
		return
	}
	p.insts.Each(func(i int32) {
		in := p.insts.At(i)
		if in.active > 0 {
			p.billBusy(sim.Never, in)
		}
		p.billLifetime(sim.Never, in)
	})
	if b.Executions {
		p.reqs.Each(func(r int32) {
			req := p.reqs.At(r)
			p.billExecution(req, req.end)
		})
	}
	for k := range p.pools {
		if n := p.pools[k].provisioned; n > 0 {
			b.Meter.ProvisionedWindowed(p.began, sim.Never, p.cfg.Warmup, p.cfg.Horizon, p.pools[k].memMB, n)
		}
	}
}
