package metrics

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// DefaultMonthS is the month results are projected to unless the scenario
// says otherwise, and the month of files written before month_s: 30 days.
const DefaultMonthS = 30 * 24 * 3600

// MonthSeconds is the month of results from their month_s (0: DefaultMonthS).
func MonthSeconds(monthS float64) float64 {
	if monthS > 0 {
		return monthS
	}
	return DefaultMonthS
}

// MonthName says which month results were projected to, from their
// month_s: "30-day month" (also for files older than month_s, which were
// projected to 30 days), or the hours of any other ("730-hour month").
func MonthName(monthS float64) string {
	if monthS = MonthSeconds(monthS); monthS == DefaultMonthS {
		return "30-day month"
	}
	return strconv.FormatFloat(monthS/3600, 'f', -1, 64) + "-hour month"
}

// Settings is a platform as it was simulated: every value decided from the
// scenario, its preset and its price sheet, after defaults and overrides.
// Reports state these, never the scenario file's own words, so that what a
// report says is what ran.
type Settings struct {
	Preset      string `json:"preset"`
	Description string `json:"description,omitempty"` // the preset's, in a line
	// PriceSheet names the sheet that priced the platform ("" if none);
	// Billing says in words what it bills.
	PriceSheet string `json:"price_sheet,omitempty"`
	Billing    string `json:"billing,omitempty"`
	FreeTier   bool   `json:"free_tier"`

	// FaaS platforms.
	KeepAlive    string  `json:"keep_alive,omitempty"`
	PerInstance  int     `json:"per_instance,omitempty"`      // requests an instance serves at once
	InstancesPer string  `json:"instances_per,omitempty"`     // function | app: what shares an instance
	AccountLimit int     `json:"account_limit,omitempty"`     // in-flight requests, 0: none
	MaxInstances int     `json:"max_instances,omitempty"`     // per function or app, 0: none
	ScaleRate    string  `json:"scale_rate,omitempty"`        // new instances per period, "": unlimited
	OnLimit      string  `json:"on_limit,omitempty"`          // reject | queue
	MaxWaitS     float64 `json:"max_wait_s,omitempty"`        // queue: 0 waits as long as the run
	IdleChoice   string  `json:"idle_choice,omitempty"`       // mru | lru | newest
	Provisioned  int     `json:"provisioned,omitempty"`       // always-warm instances per function or app
	Architecture string  `json:"architecture,omitempty"`      // x86_64 | arm64 where the preset says
	ColdStart    string  `json:"cold_start,omitempty"`        // the platform-wide override, if any
	InitBilled   bool    `json:"init_billed,omitempty"`       // a cold start's INIT is billed
	MaxTimeoutS  float64 `json:"max_timeout_s,omitempty"`     // the product's execution limit
	RequestTimeS float64 `json:"request_timeout_s,omitempty"` // containers: wait + run bound
	// InitialInstances says what the run started from (initial_instances),
	// "" for an empty start: "3 busy, 5 idle expiring in 5m per function"
	// on FaaS, "4 ready replicas" on a container platform.
	InitialInstances string `json:"initial_instances,omitempty"`

	// Container platforms.
	Replica    *ReplicaSettings `json:"replica,omitempty"`
	Scaling    string           `json:"scaling,omitempty"`
	QueueLimit int              `json:"queue_limit,omitempty"` // 0: unbounded
	Node       string           `json:"node,omitempty"`        // Kubernetes node type
	PerNode    int              `json:"replicas_per_node,omitempty"`
	// BillingExtras are what the platform is billed beyond its replicas'
	// vCPU and memory (ephemeral storage, a cluster's control plane).
	BillingExtras []string `json:"billing_extras,omitempty"`

	// Functions lists each function as this platform runs it, up to
	// MaxListedFunctions; FunctionsTotal counts them all.
	Functions      []FunctionSettings `json:"functions"`
	FunctionsTotal int                `json:"functions_total"`
}

// MaxListedFunctions bounds Settings.Functions: a trace of 10,000 functions
// would otherwise repeat them in every platform's settings.
const MaxListedFunctions = 50

// ReplicaSettings is a container replica as simulated.
type ReplicaSettings struct {
	VCPU     float64 `json:"vcpu"`
	MemoryGB float64 `json:"memory_gb"`
	Slots    int     `json:"slots"`
	StartupS float64 `json:"startup_s"`
	// EphemeralStorageGB is a task's ephemeral storage (Fargate), 0 when
	// the product has no such setting.
	EphemeralStorageGB int `json:"ephemeral_storage_gb,omitempty"`
}

// FunctionSettings is one function as a platform runs it.
type FunctionSettings struct {
	Name string `json:"name"`
	// MeasuredMB is the memory the workload's durations were measured at
	// (0: not stated; durations are then used as given).
	MeasuredMB int `json:"measured_at_mb"`
	// MemoryMB is the memory configured on this platform (FaaS); 0 for a
	// container, whose replica has its own.
	MemoryMB int     `json:"memory_mb,omitempty"`
	VCPU     float64 `json:"vcpu"`
	// SpeedFactor multiplies every duration on this platform: the CPU
	// share of the platform against the one the durations were measured
	// with, on the CPU-bound fraction of the duration.
	SpeedFactor      float64 `json:"speed_factor"`
	CPUBoundFraction float64 `json:"cpu_bound_fraction"`
	ColdStart        string  `json:"cold_start,omitempty"`
	TimeoutS         float64 `json:"timeout_s,omitempty"`
	Reserved         int     `json:"reserved,omitempty"`
	// Provisioned is the function's own provisioned instances (0: the
	// platform's); SnapStart that its cold starts restore a snapshot.
	Provisioned int  `json:"provisioned,omitempty"`
	SnapStart   bool `json:"snap_start,omitempty"`
}

// ShortDuration formats seconds as a Go duration without zero tails ("24h", "1h30m",
// "90ms"), the way scenario files write durations; reports and settings use
// it for every duration they print.
func ShortDuration(seconds float64) string {
	s := time.Duration(math.Round(seconds * float64(time.Second))).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
