package pricing

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// Model names a billing model: which usage a product bills and how. The
// rules themselves are code (Meter and Bill); a sheet only says which apply.
type Model string

// The billing models.
const (
	// PerInvocation bills each execution's rounded duration x memory, plus
	// a fee per request (AWS Lambda, Azure Functions Consumption, Google
	// Cloud Functions 1st gen).
	PerInvocation Model = "per-invocation"
	// RequestBased bills instance time with at least one request in flight,
	// overlapping requests counted once (Cloud Run request-based billing).
	RequestBased Model = "request-based"
	// InstanceBased bills every instance's whole lifetime (Cloud Run
	// instance-based billing).
	InstanceBased Model = "instance-based"
	// Flex bills on-demand instances while they execute and always-ready
	// instances all the time (Azure Functions Flex Consumption).
	Flex Model = "flex"
	// Fargate bills each task's vCPU and memory for its lifetime.
	Fargate Model = "fargate"
	// EC2 bills each node (virtual machine) for its lifetime.
	EC2 Model = "ec2"
	// ControlPlane bills a managed Kubernetes cluster's control plane per
	// cluster-hour, whatever runs on it (Amazon EKS).
	ControlPlane Model = "control-plane"
)

var models = []Model{PerInvocation, RequestBased, InstanceBased, Flex, Fargate, EC2, ControlPlane}

// Sheet is one product's published prices in one region. All prices are in
// US dollars; "GB" is 1,024 MB throughout, as AWS, Azure and Google all bill
// it (Google calls it GiB).
type Sheet struct {
	Name      string `yaml:"name" json:"name"` // unique id, e.g. aws-lambda-x86-us-east-1
	Provider  string `yaml:"provider" json:"provider"`
	Product   string `yaml:"product" json:"product"`
	Region    string `yaml:"region" json:"region"`
	Currency  string `yaml:"currency" json:"currency"`   // USD: the results contract is in dollars
	Effective string `yaml:"effective" json:"effective"` // YYYY-MM-DD
	Source    string `yaml:"source" json:"source"`       // URL the figures come from
	Notes     string `yaml:"notes,omitempty" json:"notes,omitempty"`
	Model     Model  `yaml:"model" json:"model"`

	// BillsInit: a cold start's initialisation is billed as part of the
	// execution that triggered it (AWS Lambda since 1 August 2025, "AWS
	// Lambda standardizes billing for INIT Phase", AWS Compute Blog).
	BillsInit bool `yaml:"bills_init,omitempty" json:"bills_init,omitempty"`

	// Granularity is how billed time is rounded (per execution, busy period
	// or instance lifetime, as the model says).
	Granularity Granularity `yaml:"rounding" json:"rounding"`

	// DurationTiers price on-demand GB-seconds; the volume boundaries are
	// per month.
	DurationTiers []Tier `yaml:"duration_tiers,omitempty" json:"duration_tiers,omitempty"`
	// USDPerGHzS prices CPU clock-seconds (Cloud Functions 1st gen), with
	// CPUGHz giving each memory size's clock.
	USDPerGHzS float64     `yaml:"usd_per_ghz_s,omitempty" json:"usd_per_ghz_s,omitempty"`
	CPUGHz     []MemoryGHz `yaml:"cpu_ghz,omitempty" json:"cpu_ghz,omitempty"`
	// USDPerMillionRequests is the request (invocation, execution) fee.
	USDPerMillionRequests float64 `yaml:"usd_per_million_requests,omitempty" json:"usd_per_million_requests,omitempty"`

	// USDPerProvisionedGBS prices configured capacity (AWS provisioned
	// concurrency; Azure Flex always-ready baseline) and
	// USDPerProvisionedExecGBS the executions on it.
	USDPerProvisionedGBS     float64 `yaml:"usd_per_provisioned_gb_s,omitempty" json:"usd_per_provisioned_gb_s,omitempty"`
	USDPerProvisionedExecGBS float64 `yaml:"usd_per_provisioned_exec_gb_s,omitempty" json:"usd_per_provisioned_exec_gb_s,omitempty"`
	// ProvisionedStepS rounds each configured span up (AWS: 5 minutes).
	ProvisionedStepS int `yaml:"provisioned_step_s,omitempty" json:"provisioned_step_s,omitempty"`

	// USDPerStorageGBS prices ephemeral storage above FreeStorageMB per
	// GB-second of execution (AWS Lambda); USDPerStorageGBHour per GB-hour
	// of task lifetime (Fargate), as each provider publishes it.
	USDPerStorageGBS    float64 `yaml:"usd_per_storage_gb_s,omitempty" json:"usd_per_storage_gb_s,omitempty"`
	USDPerStorageGBHour float64 `yaml:"usd_per_storage_gb_hour,omitempty" json:"usd_per_storage_gb_hour,omitempty"`
	FreeStorageMB       int     `yaml:"free_storage_mb,omitempty" json:"free_storage_mb,omitempty"`

	// Per-second resource prices (Cloud Run) and per-hour ones (Fargate),
	// as each provider publishes them.
	USDPerVCPUS    float64 `yaml:"usd_per_vcpu_s,omitempty" json:"usd_per_vcpu_s,omitempty"`
	USDPerGBS      float64 `yaml:"usd_per_gb_s,omitempty" json:"usd_per_gb_s,omitempty"`
	USDPerVCPUHour float64 `yaml:"usd_per_vcpu_hour,omitempty" json:"usd_per_vcpu_hour,omitempty"`
	USDPerGBHour   float64 `yaml:"usd_per_gb_hour,omitempty" json:"usd_per_gb_hour,omitempty"`

	// Instance is the machine an ec2 sheet prices.
	Instance *Instance `yaml:"instance,omitempty" json:"instance,omitempty"`

	// USDPerClusterHour is a control-plane sheet's fee per cluster-hour.
	USDPerClusterHour float64 `yaml:"usd_per_cluster_hour,omitempty" json:"usd_per_cluster_hour,omitempty"`

	// FreeTier holds the monthly allowances, used only when the free tier
	// is switched on.
	FreeTier FreeTier `yaml:"free_tier,omitempty" json:"free_tier,omitempty"`
}

// Tier is one monthly volume tier: UpToGBS is the cumulative monthly
// boundary in GB-seconds (0 on the last tier: no bound).
type Tier struct {
	UpToGBS   float64 `yaml:"up_to_gb_s,omitempty" json:"up_to_gb_s,omitempty"`
	USDPerGBS float64 `yaml:"usd_per_gb_s" json:"usd_per_gb_s"`
}

// MemoryGHz maps a memory size to the CPU clock that comes with it; a
// function's memory is rounded up to the next listed size.
type MemoryGHz struct {
	MemoryMB int     `yaml:"memory_mb" json:"memory_mb"`
	GHz      float64 `yaml:"ghz" json:"ghz"`
}

// Granularity is the YAML form of Rounding, in whole milliseconds.
type Granularity struct {
	StepMS       int64 `yaml:"step_ms" json:"step_ms"`
	MinimumMS    int64 `yaml:"minimum_ms,omitempty" json:"minimum_ms,omitempty"`
	MemoryStepMB int   `yaml:"memory_step_mb,omitempty" json:"memory_step_mb,omitempty"`
	MemoryMinMB  int   `yaml:"memory_min_mb,omitempty" json:"memory_min_mb,omitempty"`
}

// Instance is a virtual machine type.
type Instance struct {
	Type       string  `yaml:"type" json:"type"`
	VCPU       float64 `yaml:"vcpu" json:"vcpu"`
	MemoryGiB  float64 `yaml:"memory_gib" json:"memory_gib"`
	USDPerHour float64 `yaml:"usd_per_hour" json:"usd_per_hour"`
}

// FreeTier is a product's monthly free allowance.
type FreeTier struct {
	Requests    float64 `yaml:"requests,omitempty" json:"requests,omitempty"`
	GBSeconds   float64 `yaml:"gb_s,omitempty" json:"gb_s,omitempty"`
	GHzSeconds  float64 `yaml:"ghz_s,omitempty" json:"ghz_s,omitempty"`
	VCPUSeconds float64 `yaml:"vcpu_s,omitempty" json:"vcpu_s,omitempty"`
}

//go:embed sheets/*.yaml
var embedded embed.FS

var catalog = sync.OnceValue(func() []Sheet {
	var all []Sheet
	files, err := fs.Glob(embedded, "sheets/*.yaml")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		data, err := embedded.ReadFile(f)
		if err != nil {
			panic(err)
		}
		sheets, err := Parse(f, data)
		if err != nil {
			// The embedded sheets are part of the build; TestEmbedded
			// keeps this from ever happening in a release.
			panic(fmt.Sprintf("pricing: embedded sheet: %v", err))
		}
		all = append(all, sheets...)
	}
	slices.SortFunc(all, func(a, b Sheet) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(all); i++ {
		if all[i].Name == all[i-1].Name {
			panic("pricing: embedded sheet name used twice: " + all[i].Name)
		}
	}
	return all
})

// Sheets returns the embedded price sheets sorted by name. The slice is a
// copy; the sheets' tier and table slices are shared and must not be
// modified.
func Sheets() []Sheet { return slices.Clone(catalog()) }

// Names returns the embedded sheets' names, sorted.
func Names() []string {
	var names []string
	for _, s := range catalog() {
		names = append(names, s.Name)
	}
	return names
}

// Lookup returns the embedded sheet with this name, or an error listing
// the known names.
func Lookup(name string) (Sheet, error) {
	all := catalog()
	i, ok := slices.BinarySearchFunc(all, name, func(s Sheet, n string) int { return strings.Compare(s.Name, n) })
	if !ok {
		return Sheet{}, fmt.Errorf("unknown price sheet %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return all[i], nil
}
