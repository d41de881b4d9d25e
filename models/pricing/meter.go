package pricing

import (
	"fmt"

	"faassim/sim"
)

// Meter accumulates a platform run's billable usage as the simulation runs.
// It counts in exact integers so that totals do not drift over a long run:
// memory-time in MB x ms, CPU in milli-vCPU x ms or MHz x ms, time in ms.
// int64 MB x ms holds 9.2e18: 100 M invocations x 10,240 MB x 900 s is
// 9.2e17, ten times below it.
//
// The simulator calls the methods that fit the sheet's model:
//
//	per-invocation:  Request, Execution (or Executions), Provisioned, Storage
//	request-based:   Request, Busy
//	flex:            Request, Busy (provisioned: on an always-ready instance), Provisioned
//
// (each also as its Windowed form, which bills an interval's part inside a
// window: see window.go)
//
//	instance-based,
//	fargate, ec2:    Request, Instance, and Busy to split compute from idle
//	fargate:         also StorageWindowed (ephemeral storage above the free size)
//	control-plane:   Cluster
//
// Any other call is a programming error and panics. A Meter is not safe for
// concurrent use; each platform run has its own.
type Meter struct {
	name      string
	model     Model
	round     Rounding
	provStep  sim.Time
	freeMB    int
	ghz       []MemoryGHz
	provOK    bool
	usesGHz   bool
	requests  int64
	mbMS      int64 // billed on-demand memory x time
	mhzMS     int64 // billed CPU clock x time (Cloud Functions 1st gen)
	mvcpuMS   int64 // billed milli-vCPU x time
	instMS    int64 // billed instance lifetime
	busy      bool  // Busy was called on an instance model
	busyMBMS  int64
	busyMVMS  int64
	busyMS    int64
	provMBMS  int64 // configured provisioned / always-ready capacity
	provXMBMS int64 // executions on it
	storMBMS  int64 // ephemeral storage above the free size
	clusterMS int64 // cluster lifetime (control plane)
	// Raw usage: the time of the billed intervals inside the window before
	// rounding and minimums, for checking the bill against measured usage.
	// Floats: raw time is in nanoseconds, which int64 MB x ns would overflow.
	raw rawUsage
}

// rawUsage accumulates the raw seconds and GB-seconds of what was metered.
type rawUsage struct {
	gbS, execS, busyS, instS, provGBS float64
}

// NewMeter returns a Meter for the sheet, which should be valid (Lookup and
// Parse only return valid sheets).
func NewMeter(s Sheet) *Meter {
	return &Meter{
		name: s.Name, model: s.Model, round: s.Rounding(),
		provStep: sim.Time(s.ProvisionedStepS) * sim.Second,
		freeMB:   s.FreeStorageMB, ghz: s.CPUGHz, usesGHz: s.USDPerGHzS > 0,
		provOK: s.USDPerProvisionedGBS > 0 || s.USDPerProvisionedExecGBS > 0,
	}
}

func (m *Meter) misuse(call string) {
	panic(fmt.Sprintf("pricing: %s does not fit sheet %s (model %s)", call, m.name, m.model))
}

func ms(t sim.Time) int64 { return int64(RoundUp(t, sim.Millisecond) / sim.Millisecond) }

func milliVCPU(vcpu float64) int64 { return int64(vcpu*1000 + 0.5) }

func checkArgs(t sim.Time, memMB int) {
	if t < 0 || memMB < 0 {
		panic(fmt.Sprintf("pricing: negative duration %v or memory %d MB", t, memMB))
	}
}

// Request counts one billable request (invocation, execution).
func (m *Meter) Request() { m.requests++ }

// Requests counts n billable requests.
func (m *Meter) Requests(n int64) { m.requests += n }

// Execution meters one execution of a per-invocation product that ran for
// run with memMB configured, rounded per the sheet. provisioned says it ran
// on a provisioned-concurrency instance (billed at the lower rate).
func (m *Meter) Execution(run sim.Time, memMB int, provisioned bool) {
	m.Executions(1, run, memMB, provisioned)
}

// Executions meters n identical executions (see Execution).
func (m *Meter) Executions(n int64, run sim.Time, memMB int, provisioned bool) {
	m.checkExecution(provisioned)
	checkArgs(run, memMB)
	m.addExecutions(n, ms(m.round.Duration(run)), run, memMB, provisioned)
}

func (m *Meter) checkExecution(provisioned bool) {
	if m.model != PerInvocation || (provisioned && !m.provOK) {
		m.misuse("Execution")
	}
}

// addExecutions meters n executions billed t ms each, raw long each.
func (m *Meter) addExecutions(n, t int64, raw sim.Time, memMB int, provisioned bool) {
	m.raw.execS += float64(n) * raw.Seconds()
	if !provisioned {
		m.raw.gbS += float64(n) * raw.Seconds() * float64(memMB) / 1024
	}
	mem := int64(m.round.MemoryMB(memMB))
	if provisioned {
		m.provXMBMS += n * mem * t
		return
	}
	m.mbMS += n * mem * t
	if m.usesGHz {
		m.mhzMS += n * m.mhz(memMB) * t
	}
}

// mhz returns the clock of the smallest listed memory size >= memMB (the
// largest listed, above the table).
func (m *Meter) mhz(memMB int) int64 {
	for _, g := range m.ghz {
		if memMB <= g.MemoryMB {
			return int64(g.GHz*1000 + 0.5)
		}
	}
	return int64(m.ghz[len(m.ghz)-1].GHz*1000 + 0.5)
}

// Busy meters one busy period (at least one request in flight, overlapping
// requests counted once) of one instance with memMB and vcpu.
// Request-based and flex: billed, rounded per the sheet; on flex,
// provisioned says the instance is always ready. Instance-based, fargate
// and ec2: not billed (Instance bills the lifetime), only recorded to split
// Compute from Idle; pass provisioned false. Busy periods of always-ready
// Flex instances are rounded like on-demand ones: the pages read say
// nothing else.
func (m *Meter) Busy(period sim.Time, memMB int, vcpu float64, provisioned bool) {
	m.checkBusy(provisioned)
	checkArgs(period, memMB)
	m.addBusy(ms(m.busyLength(period)), period, memMB, vcpu, provisioned)
}

// checkBusy panics unless Busy fits the sheet's model.
func (m *Meter) checkBusy(provisioned bool) {
	switch m.model {
	case RequestBased, Flex:
		if provisioned && (m.model != Flex || !m.provOK) {
			m.misuse("Busy(provisioned)")
		}
	case InstanceBased, Fargate, EC2:
		if provisioned {
			m.misuse("Busy(provisioned)")
		}
	default:
		m.misuse("Busy")
	}
}

// busyLength is the billed length of a busy period: rounded per the sheet
// where busy time is billed, as it is where it only splits compute from idle.
func (m *Meter) busyLength(period sim.Time) sim.Time {
	if m.model == RequestBased || m.model == Flex {
		return m.round.Duration(period)
	}
	return period
}

// addBusy meters a busy period billed t ms, raw long.
func (m *Meter) addBusy(t int64, raw sim.Time, memMB int, vcpu float64, provisioned bool) {
	m.raw.busyS += raw.Seconds()
	switch m.model {
	case RequestBased, Flex:
		if provisioned {
			m.provXMBMS += int64(memMB) * t
			return
		}
		m.raw.gbS += raw.Seconds() * float64(memMB) / 1024
		m.mbMS += int64(memMB) * t
		if m.model == RequestBased { // Flex bills memory only
			m.mvcpuMS += milliVCPU(vcpu) * t
		}
	default:
		m.busy = true
		m.busyMBMS += int64(memMB) * t
		m.busyMVMS += milliVCPU(vcpu) * t
		m.busyMS += t
	}
}

// Instance meters one instance's (task's, node's) whole lifetime, raised to
// the sheet's minimum and rounded. On ec2 memMB and vcpu are ignored: the
// sheet's instance type is billed.
func (m *Meter) Instance(lifetime sim.Time, memMB int, vcpu float64) {
	m.checkInstance("Instance")
	checkArgs(lifetime, memMB)
	m.addInstance(ms(m.round.Duration(lifetime)), lifetime, memMB, vcpu)
}

func (m *Meter) checkInstance(call string) {
	if m.model != InstanceBased && m.model != Fargate && m.model != EC2 {
		m.misuse(call)
	}
}

// addInstance meters an instance lifetime billed t ms, raw long.
func (m *Meter) addInstance(t int64, raw sim.Time, memMB int, vcpu float64) {
	m.raw.instS += raw.Seconds()
	m.raw.gbS += raw.Seconds() * float64(memMB) / 1024
	m.instMS += t
	m.mbMS += int64(memMB) * t
	m.mvcpuMS += milliVCPU(vcpu) * t
}

// Provisioned meters count instances of memMB kept provisioned (AWS
// provisioned concurrency, Azure Flex always ready) for span, rounded up
// to the sheet's provisioned step (AWS: 5 minutes).
func (m *Meter) Provisioned(span sim.Time, memMB int, count int) {
	m.checkProvisioned(span, memMB, count)
	m.addProvisioned(ms(RoundUp(span, m.provStep)), span, memMB, count)
}

func (m *Meter) checkProvisioned(span sim.Time, memMB, count int) {
	if !m.provOK || (m.model != PerInvocation && m.model != Flex) {
		m.misuse("Provisioned")
	}
	checkArgs(span, memMB)
	if count < 0 {
		panic(fmt.Sprintf("pricing: negative provisioned count %d", count))
	}
}

func (m *Meter) addProvisioned(t int64, raw sim.Time, memMB, count int) {
	m.raw.provGBS += float64(count) * raw.Seconds() * float64(memMB) / 1024
	m.provMBMS += int64(count) * int64(memMB) * t
}

// Storage meters ephemeral storage of ephemeralMB for one execution's
// run (rounded like the execution); only the part above the sheet's free
// size (AWS: 512 MB) is billed.
func (m *Meter) Storage(run sim.Time, ephemeralMB int) {
	m.checkStorage()
	checkArgs(run, ephemeralMB)
	m.addStorage(ms(m.round.Duration(run)), ephemeralMB)
}

// checkStorage panics unless the model bills ephemeral storage: per
// execution (Lambda) or per task lifetime (Fargate, per second with the
// task's 1-minute minimum, aws.amazon.com/fargate/pricing).
func (m *Meter) checkStorage() {
	if m.model != PerInvocation && m.model != Fargate {
		m.misuse("Storage")
	}
}

// Cluster meters count managed clusters (their control planes) running
// for span, rounded up to the sheet's step. A cluster outlives any window
// measured here, so the window's length is what it is billed for.
func (m *Meter) Cluster(span sim.Time, count int) {
	if m.model != ControlPlane {
		m.misuse("Cluster")
	}
	checkArgs(span, 0)
	if count < 0 {
		panic(fmt.Sprintf("pricing: negative cluster count %d", count))
	}
	m.clusterMS += int64(count) * ms(m.round.Duration(span))
}

func (m *Meter) addStorage(t int64, ephemeralMB int) {
	if extra := ephemeralMB - m.freeMB; extra > 0 {
		m.storMBMS += int64(extra) * t
	}
}

// Usage is a run's billable totals, converted from the Meter's exact
// integers. GB is 1,024 MB; seconds are billed (rounded) seconds.
type Usage struct {
	Requests int64
	// GBSeconds is on-demand memory-time: executions (per-invocation), busy
	// periods (request-based, flex on demand), lifetimes (instance-based,
	// fargate, ec2).
	GBSeconds   float64
	GHzSeconds  float64 // CPU clock-time (Cloud Functions 1st gen)
	VCPUSeconds float64 // like GBSeconds, for vCPU
	// InstanceSeconds is the billed lifetime of all instances.
	InstanceSeconds float64
	// BusyTracked says the Busy* fields were metered (instance models);
	// without it Bill puts everything in Compute and nothing in Idle.
	BusyTracked         bool
	BusyGBSeconds       float64
	BusyVCPUSeconds     float64
	BusyInstanceSeconds float64
	// ProvisionedGBSeconds is configured capacity (provisioned concurrency,
	// always ready); ProvisionedExecGBSeconds the executions on it.
	ProvisionedGBSeconds     float64
	ProvisionedExecGBSeconds float64
	StorageGBSeconds         float64 // above the free size
	// ClusterSeconds is the billed time of managed clusters (control plane).
	ClusterSeconds float64

	// Raw usage is the same time before rounding and minimums: what the
	// billed intervals cover inside the window (see ExecutionWindowed), so
	// that a bill can be checked against the usage a simulation measured.
	// RawGBSeconds is on-demand memory-time at the configured memory, like
	// GBSeconds; RawExecutionSeconds the executions (INIT included where
	// billed; provisioned ones too); RawBusySeconds the busy periods;
	// RawInstanceSeconds the lifetimes; RawProvisionedGBSeconds the
	// configured capacity.
	RawGBSeconds, RawExecutionSeconds, RawBusySeconds, RawInstanceSeconds float64
	RawProvisionedGBSeconds                                               float64
}

const mbMSPerGBS = 1024 * 1000

// Usage returns the totals so far.
func (m *Meter) Usage() Usage {
	gbs := func(v int64) float64 { return float64(v) / mbMSPerGBS }
	perS := func(v int64) float64 { return float64(v) / 1e6 } // milli-unit x ms -> unit-seconds
	return Usage{
		Requests:                 m.requests,
		GBSeconds:                gbs(m.mbMS),
		GHzSeconds:               perS(m.mhzMS),
		VCPUSeconds:              perS(m.mvcpuMS),
		InstanceSeconds:          float64(m.instMS) / 1000,
		BusyTracked:              m.busy,
		BusyGBSeconds:            gbs(m.busyMBMS),
		BusyVCPUSeconds:          perS(m.busyMVMS),
		BusyInstanceSeconds:      float64(m.busyMS) / 1000,
		ProvisionedGBSeconds:     gbs(m.provMBMS),
		ProvisionedExecGBSeconds: gbs(m.provXMBMS),
		StorageGBSeconds:         gbs(m.storMBMS),
		ClusterSeconds:           float64(m.clusterMS) / 1000,
		RawGBSeconds:             m.raw.gbS,
		RawExecutionSeconds:      m.raw.execS,
		RawBusySeconds:           m.raw.busyS,
		RawInstanceSeconds:       m.raw.instS,
		RawProvisionedGBSeconds:  m.raw.provGBS,
	}
}
