package workload

import (
	"math"

	"faassim/sim"
)

// Function is a deployable unit of code. Its index in the workload's
// function list is its ID; invocations carry the ID, not the name.
type Function struct {
	Name    string
	App     string // functions of one app share keep-alive state in app-level policies
	Runtime string // python, nodejs, go, java, container, ...
	Trigger string // http, queue, event, timer, ...
	// MemoryMB is the configured memory at which durations were measured.
	MemoryMB           int
	EphemeralStorageMB int
	PackageMB          float64
	// Timeout cuts executions; 0 means the platform's maximum.
	Timeout sim.Time
	// CPUBoundFraction is the share of the duration that scales with CPU
	// speed when memory changes (see SpeedFactor); 1 = fully CPU-bound.
	CPUBoundFraction float64
	// Parallelism is how many vCPUs the code can use at once (default 1).
	Parallelism float64
	// SpeedByArch multiplies the durations on an instance of that
	// architecture ("x86_64", "arm64"): 0.9 is 10% faster. An architecture
	// not listed runs at 1, as measured.
	SpeedByArch map[string]float64
}

// ArchFactor is fn's duration multiplier on architecture arch (1 when not
// listed).
func (fn Function) ArchFactor(arch string) float64 {
	if x, ok := fn.SpeedByArch[arch]; ok {
		return x
	}
	return 1
}

// Invocation is one request to a function.
type Invocation struct {
	Arrival  sim.Time
	Function int32
	// Duration is the execution time at the function's configured memory,
	// excluding any cold start.
	Duration sim.Time
	// MemoryMB is the memory used, when the trace records it (0 otherwise).
	MemoryMB int32
}

// Source yields invocations in non-decreasing arrival order, one at a time,
// so that a run never holds the whole workload in memory.
type Source interface {
	// Next fills inv with the next invocation and reports whether there was
	// one. After it returns false, Err tells whether the source ended or failed.
	Next(inv *Invocation) bool
	Err() error
}

// LambdaMBPerVCPU is the memory at which AWS Lambda allocates one full vCPU
// (AWS Lambda docs, "Configure Lambda function memory").
const LambdaMBPerVCPU = 1769

// SpeedFactor returns how much a duration measured at fromMB stretches (>1)
// or shrinks (<1) at toMB: d(m) = d_io + d_cpu * cpu(from)/cpu(m), with
// cpu(m) = min(m/1769, parallelism), since Lambda allocates CPU in
// proportion to memory, 1,769 MB being one vCPU (AWS Lambda docs,
// "Configuring function memory"; the I/O share does not scale).
func SpeedFactor(fn Function, fromMB, toMB int) float64 {
	if fromMB == toMB || fromMB <= 0 || toMB <= 0 {
		return 1
	}
	par := fn.Parallelism
	if par <= 0 {
		par = 1
	}
	cpu := func(mb int) float64 { return math.Min(float64(mb)/LambdaMBPerVCPU, par) }
	f := fn.CPUBoundFraction
	return (1 - f) + f*cpu(fromMB)/cpu(toMB)
}
