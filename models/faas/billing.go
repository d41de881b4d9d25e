package faas

import "faassim/sim"

// Meter receives billable usage while a platform runs; a price sheet turns
// it into dollars afterwards (pricing.Meter implements it). Only usage
// inside the statistics window is reported: requests and executions of
// invocations that arrived after the warm-up, and the parts of busy periods
// and instance lifetimes that fall inside [Warmup, Horizon).
type Meter interface {
	// Request is one billable request: dispatched to an instance
	// (throttled requests are not billed).
	Request()
	// Execution is one invocation's billed time at its function's memMB
	// (per-invocation products, which bill the function's configured
	// memory even on an instance shared per app); provisioned marks a
	// provisioned instance.
	Execution(run sim.Time, memMB int, provisioned bool)
	// Busy is one instance's period with at least one request in flight
	// (Cloud Run request-based, Azure Flex); provisioned marks an
	// always-ready instance.
	Busy(period sim.Time, memMB int, vcpu float64, provisioned bool)
	// InstanceWindowed is an instance's lifetime [born, died), of which
	// the part inside the window [from, to) is billed (after the product's
	// minimum lifetime is applied from launch).
	InstanceWindowed(born, died, from, to sim.Time, memMB int, vcpu float64)
	// Provisioned is count instances of memMB kept warm for span.
	Provisioned(span sim.Time, memMB int, count int)
	// Storage is ephemeral storage of ephemeralMB held for span.
	Storage(span sim.Time, ephemeralMB int)
}

// Billing says which usage a platform reports to its Meter: what the
// product bills (from the price sheet's model). The zero value bills nothing.
type Billing struct {
	Meter       Meter
	Executions  bool // per invocation (Lambda, Azure Consumption, Cloud Functions)
	BusyPeriods bool // per instance while serving (Cloud Run request-based, Azure Flex)
	Lifetimes   bool // per instance while alive (Cloud Run instance-based)
	// Init bills a cold start's initialisation as part of the execution
	// that triggered it (AWS Lambda since 1 August 2025).
	Init bool
	// Storage bills ephemeral storage for each execution's time.
	Storage bool
}

func (p *Platform) inWindow(t sim.Time) bool { return t >= p.cfg.Warmup }

// span returns the part of [from, to) inside the statistics window.
func (p *Platform) span(from, to sim.Time) sim.Time {
	from, to = max(from, p.cfg.Warmup), min(to, p.cfg.Horizon)
	return max(0, to-from)
}

func (p *Platform) billExecution(now sim.Time, req *request, f *fnState, in *instance) {
	b := &p.cfg.Billing
	if !b.Executions || !p.inWindow(req.arrival) {
		return
	}
	run := now - req.start
	if b.Init {
		run += req.init
	}
	b.Meter.Execution(run, f.MemoryMB, in.provisioned)
	if b.Storage && f.EphemeralStorageMB > 0 {
		b.Meter.Storage(run, f.EphemeralStorageMB)
	}
}

func (p *Platform) billBusy(now sim.Time, in *instance) {
	if b := &p.cfg.Billing; b.BusyPeriods {
		if d := p.span(in.busySince, now); d > 0 {
			pl := &p.pools[in.pool]
			b.Meter.Busy(d, pl.memMB, pl.vcpu, in.provisioned)
		}
	}
}

func (p *Platform) billLifetime(now sim.Time, in *instance) {
	if b := &p.cfg.Billing; b.Lifetimes && !in.provisioned {
		pl := &p.pools[in.pool]
		b.Meter.InstanceWindowed(in.born, now, p.cfg.Warmup, p.cfg.Horizon, pl.memMB, pl.vcpu)
	}
}

// billOpen reports, at the horizon, what is still running: executions,
// busy periods and lifetimes not yet ended, and the provisioned instances.
func (p *Platform) billOpen() {
	b := &p.cfg.Billing
	if b.Meter == nil {
		return
	}
	end := p.cfg.Horizon
	free := make(map[int32]bool, len(p.freeInst))
	for _, i := range p.freeInst {
		free[i] = true
	}
	for i := range p.insts {
		if free[int32(i)] {
			continue
		}
		in := &p.insts[i]
		if in.active > 0 {
			p.billBusy(end, in)
		}
		p.billLifetime(end, in)
	}
	// Executions still running are billed up to the horizon, like the
	// busy periods above, so that no model is favoured by a short window.
	if b.Executions {
		p.reqs.Each(func(r int32) {
			if req := p.reqs.At(r); req.start < end {
				p.billExecution(end, req, &p.fns[req.fn], &p.insts[req.inst])
			}
		})
	}
	if p.cfg.Provisioned > 0 {
		for k := range p.pools {
			b.Meter.Provisioned(p.span(0, end), p.pools[k].memMB, p.cfg.Provisioned)
		}
	}
}
