package faas

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"faassim/models/workload"
	"faassim/sim"
)

// Preset is a platform's published defaults: limits, memory range, the
// provider whose cold-start figures apply and the price sheet. A scenario
// can override any of them.
type Preset struct {
	Name        string
	Provider    string // cold-start figures: aws, gcp, azure
	Description string
	Source      string // where the limits come from
	Config      Config // limits only; the window and keep-alive come from the scenario
	// MemoryMB is the default memory; MinMemoryMB..MaxMemoryMB the range.
	MemoryMB, MinMemoryMB, MaxMemoryMB int
	// MemorySizes, when set, are the only sizes offered (Azure Flex).
	MemorySizes []int
	// MinStorageMB..MaxStorageMB is the configurable ephemeral storage;
	// 0 when the product has no such setting.
	MinStorageMB, MaxStorageMB int
	// Architecture is the instruction set the preset runs on, and Family
	// groups the presets of one product built for different ones, so that
	// a scenario's architecture picks the sibling ("" for neither).
	Architecture, Family string
	// MaxPerInstance bounds the concurrency setting (Cloud Run: 1,000).
	MaxPerInstance int
	// VCPU is a fixed vCPU allocation per instance; 0 means proportional to
	// memory as on Lambda (1,769 MB = 1 vCPU).
	VCPU float64
	// MinVCPU raises VCPU for large instances: memory above AboveMB needs
	// at least VCPU vCPUs (Cloud Run), in increasing order.
	MinVCPU []VCPUStep
	// Sheet names the default price sheet (models/pricing).
	Sheet string
	// MaxWait is how long a queued request waits by default (on_limit:
	// queue). Lambda keeps throttled asynchronous events and retries them
	// for up to 6 hours, its default maximum event age
	// (docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
	MaxWait sim.Time
}

var presets = map[string]Preset{
	"generic": {
		Name: "generic", Provider: "aws", Architecture: "x86_64",
		Description: "no limits and no prices: a platform for textbook experiments (set the limits you want)",
		Config:      Config{PerInstance: 1},
		MemoryMB:    128, MinMemoryMB: 1, MaxMemoryMB: 1 << 20,
	},
	// AWS Lambda quotas (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html,
	// lambda-concurrency.html, scaling-behavior.html): 1,000 concurrent
	// executions per region; each function scales by 1,000 execution
	// environments every 10 s; one request per environment; 128-10,240 MB,
	// default 128 MB; 900 s timeout.
	"aws-lambda-x86": lambda("aws-lambda-x86", "x86_64", "AWS Lambda on x86_64", "aws-lambda-x86-us-east-1"),
	"aws-lambda-arm": lambda("aws-lambda-arm", "arm64", "AWS Lambda on Arm (Graviton), same limits as x86_64", "aws-lambda-arm-us-east-1"),
	// Cloud Run services (cloud.google.com/run/docs/about-concurrency,
	// configuring/services/memory-limits): up to 80 concurrent requests per
	// instance by default (max 1,000), 1 vCPU and 512 MiB by default, 60 min
	// request timeout. Maximum instances: Cloud Run's default is no longer a
	// fixed 100 but the lowest of the region's CPU and memory quotas divided
	// by the service's CPU and memory (configuring/max-instances-limits),
	// which depends on the project; 100, the former default, is kept as a
	// stated assumption (set concurrency.max_instances to match a project). A service's instances serve all its endpoints: the functions
	// of an app (PerApp). Billed per instance-time with requests in flight, startup
	// included (request-based billing).
	"gcp-cloud-run": {
		Name: "gcp-cloud-run", Provider: "gcp",
		Description: "Google Cloud Run service, request-based billing: 80 requests per instance, 1 vCPU (2 to 8 above 4 GiB, as Cloud Run requires), 100 instances (assumed: Cloud Run's default now derives from regional quotas)",
		Source:      "cloud.google.com/run/docs/about-concurrency",
		Config:      Config{PerInstance: 80, MaxInstances: 100, MaxTimeout: 3600 * sim.Second, PerApp: true},
		MemoryMB:    512, MinMemoryMB: 128, MaxMemoryMB: 32768, MaxPerInstance: 1000, VCPU: 1,
		// Minimum CPUs for memory (cloud.google.com/run/docs/configuring/
		// services/memory-limits): above 4 GiB 2, 8 GiB 4, 16 GiB 6, 24 GiB 8.
		MinVCPU: []VCPUStep{{4096, 2}, {8192, 4}, {16384, 6}, {24576, 8}},
		Sheet:   "gcp-cloud-run-request-tier1",
	},
	// Cloud Functions 1st gen (cloud.google.com/functions/docs/configuring/max-instances,
	// quotas): one request per instance, 256 MB default, 128-8,192 MB,
	// 540 s timeout, up to 3,000 instances per function.
	"gcp-cloud-functions-gen1": {
		Name: "gcp-cloud-functions-gen1", Provider: "gcp",
		Description: "Google Cloud Functions 1st gen: one request per instance, billed per invocation in 100 ms steps",
		Source:      "cloud.google.com/functions/quotas",
		Config:      Config{PerInstance: 1, MaxInstances: 3000, MaxTimeout: 540 * sim.Second},
		MemoryMB:    256, MinMemoryMB: 128, MaxMemoryMB: 8192, MaxPerInstance: 1,
		Sheet: "gcp-cloud-functions-gen1-tier1",
	},
	// Azure Functions Consumption plan (learn.microsoft.com/azure/azure-functions/
	// consumption-plan, functions-scale, event-driven-scaling): up to 200
	// instances (Windows), 1.5 GB per instance, new HTTP instances at most
	// once per second, 5 min default timeout (10 min max); the HTTP host
	// runs up to 100 concurrent requests per instance (maxConcurrentRequests).
	// A function app scales as a whole: its functions share instances.
	"azure-consumption": {
		Name: "azure-consumption", Provider: "azure",
		Description: "Azure Functions Consumption plan: 200 instances, 100 concurrent HTTP requests each, +1 instance per second",
		Source:      "learn.microsoft.com/azure/azure-functions/event-driven-scaling",
		Config:      Config{PerInstance: 100, MaxInstances: 200, ScaleBurst: 1, ScalePer: sim.Second, MaxTimeout: 600 * sim.Second, PerApp: true},
		MemoryMB:    128, MinMemoryMB: 128, MaxMemoryMB: 1536, MaxPerInstance: 1000,
		Sheet: "azure-functions-consumption-eastus",
	},
	// Azure Functions Flex Consumption (learn.microsoft.com/azure/azure-functions/
	// flex-consumption-plan): instance memory 512, 2,048 or 4,096 MB, default
	// 2,048 MB with 16 concurrent HTTP executions per instance, 100 instances
	// by default (up to 1,000), always-ready instances optional.
	"azure-flex": {
		Name: "azure-flex", Provider: "azure",
		Description: "Azure Functions Flex Consumption, on demand: 2,048 MB instances, 16 HTTP executions each, 100 instances",
		Source:      "learn.microsoft.com/azure/azure-functions/flex-consumption-plan",
		Config:      Config{PerInstance: 16, MaxInstances: 100, PerApp: true},
		MemoryMB:    2048, MinMemoryMB: 512, MaxMemoryMB: 4096, MaxPerInstance: 1000,
		MemorySizes: []int{512, 2048, 4096},
		Sheet:       "azure-functions-flex",
	},
}

func lambda(name, arch, desc, sheet string) Preset {
	return Preset{
		Name: name, Provider: "aws", Architecture: arch, Family: "aws-lambda",
		// Ephemeral storage (/tmp) 512-10,240 MB (AWS Lambda docs,
		// "Configure ephemeral storage").
		MinStorageMB: 512, MaxStorageMB: 10240, Description: desc + ": 1,000 concurrent executions, +1,000 environments per 10 s per function",
		Source: "docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
		Config: Config{
			PerInstance: 1, AccountLimit: 1000, ScaleBurst: 1000, ScalePer: 10 * sim.Second,
			MaxTimeout: 900 * sim.Second,
		},
		MemoryMB: 128, MinMemoryMB: 128, MaxMemoryMB: 10240, MaxPerInstance: 1,
		Sheet: sheet, MaxWait: 6 * sim.Hour,
	}
}

// VCPUStep is one row of a product's minimum-CPU table.
type VCPUStep struct {
	AboveMB int
	VCPU    float64
}

// VCPUFor is the vCPU allocation of an instance of memMB: the preset's
// fixed one (raised by MinVCPU for large instances), or memMB / 1,769 MB as
// on Lambda.
func (p Preset) VCPUFor(memMB int) float64 {
	if p.VCPU == 0 {
		return float64(memMB) / workload.LambdaMBPerVCPU
	}
	vcpu := p.VCPU
	for _, st := range p.MinVCPU {
		if memMB > st.AboveMB {
			vcpu = max(vcpu, st.VCPU)
		}
	}
	return vcpu
}

// LookupPreset returns the named preset, or an error listing the known ones.
func LookupPreset(name string) (Preset, error) {
	p, ok := presets[name]
	if !ok {
		return Preset{}, fmt.Errorf("unknown FaaS preset %q (known: %s)", name, strings.Join(PresetNames(), ", "))
	}
	return p, nil
}

// For returns the preset of p's family built for arch (x86_64 or arm64); ""
// or p's own architecture is p itself.
func (p Preset) For(arch string) (Preset, error) {
	if arch == "" || arch == p.Architecture {
		return p, nil
	}
	for _, name := range PresetNames() {
		if q := presets[name]; p.Family != "" && q.Family == p.Family && q.Architecture == arch {
			return q, nil
		}
	}
	return Preset{}, fmt.Errorf("preset %s offers no choice of architecture (%s only)", p.Name, cmp.Or(p.Architecture, "its own"))
}

// PresetNames lists the presets, sorted.
func PresetNames() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
