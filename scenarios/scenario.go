package scenarios

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"faassim/internal/duration"
	"faassim/internal/limits"
)

// Duration is a time.Duration written in YAML as a Go duration string
// ("10m", "250ms", "1.991s") or in days ("7d", "1d12h", "1.5d"). It is a distinct type so that the decoder can
// reject bare numbers: "ttl: 600" would otherwise be 600 ns, a silent and
// expensive mistake.
type Duration time.Duration

// String formats d as a Go duration ("10m0s").
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText writes d as a Go duration string without zero tails ("25h",
// "1h30m", "6m", "250ms"), so scenarios round-trip through YAML and JSON
// encoders and read as a person would write them.
func (d Duration) MarshalText() ([]byte, error) { return []byte(shortDuration(time.Duration(d))), nil }

// shortDuration is d.String() without the "0m0s" and "0s" that follow a
// whole number of hours or minutes.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// UnmarshalText parses a Go duration string. Load does not need it (it
// decodes from the YAML tree itself) but other encoders do.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := parseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// parseDuration reads Go's syntax or days ("7d", "1d12h"): the parser of
// every duration faassim reads (internal/duration).
func parseDuration(s string) (Duration, error) {
	v, err := duration.Parse(s)
	return Duration(v), err
}

// Scenario is one scenario file: a workload offered to every platform, each
// platform simulated on its own engine with the same random streams.
//
// Integer fields throughout use zero for "not set": the runner then takes
// the value from the platform's preset. Load fills only the generic defaults
// listed in ApplyDefaults.
type Scenario struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Seed        uint64 `yaml:"seed"`
	// Horizon is the simulated time, warm-up included.
	Horizon Duration `yaml:"horizon"`
	// Warmup is excluded from every statistic.
	Warmup Duration `yaml:"warmup"`
	// Month is what monthly costs, free tiers and volume tiers are
	// projected to: 720h (30 days, the default) or 730h (the AWS Pricing
	// Calculator's month); any month of 28 to 31 days is accepted.
	Month Duration `yaml:"month"`
	// Start is the calendar instant the run starts at, RFC 3339 ("" is
	// DefaultStart, 2026-01-01T00:00:00Z): cron arrivals fire at its
	// calendar's times, in UTC.
	Start        string     `yaml:"start"`
	Replications int        `yaml:"replications"`
	Workload     Workload   `yaml:"workload"`
	Platforms    []Platform `yaml:"platforms"`

	// src maps YAML paths to where they were written; nil for a Scenario
	// built in Go, whose problems then carry no file and line.
	src *source
	// budget is the memory and work bound it was loaded with, which also
	// bounds the trace it reads.
	budget limits.Budget
	// cache holds what opening a trace workload found (its functions).
	cache *traceCache
	// gen holds a workload.synth population once generated; ctx is the
	// loading's (Options.Context), which stops generating it.
	gen *synthCache
	ctx context.Context
	// from holds the functions_from file once read.
	from *fromFile
}

// Workload is synthetic functions, a trace or a generated population
// (exactly one).
type Workload struct {
	Synthetic *Synthetic `yaml:"synthetic"`
	// Trace is decoded so that files written for trace replay parse, but
	// Validate rejects it until trace replay exists.
	Trace *TraceSpec `yaml:"trace"`
	// Synth is an Azure-calibrated population generated in memory and
	// replayed as a per-minute azure2019 trace (see synthspec.go).
	Synth *SynthSpec `yaml:"synth"`
	// FunctionsFrom is a serverless.yml, SAM or CloudFormation template
	// (relative to the scenario file) whose functions give the workload's
	// functions of the same name their configuration.
	FunctionsFrom string `yaml:"functions_from"`
}

// Synthetic is a workload generated from per-function arrival processes and
// duration distributions.
type Synthetic struct {
	Functions []Function `yaml:"functions"`
}

// TraceSpec names a trace to replay and what to take from it. Relative
// paths are relative to the scenario file's directory.
type TraceSpec struct {
	Format string `yaml:"format"` // azure2019 | azure2021 | huawei2023 | csv | lambda-report
	Dir    string `yaml:"dir"`    // azure2019, huawei2023: the release's directory
	Path   string `yaml:"path"`   // a single file (csv, azure2021, lambda-report, or one day's counts file)
	// Paths are lambda-report's files or globs (one file per function, say),
	// replayed together; Function names the function of records whose
	// export does not (default: each file's base name).
	Paths    []string `yaml:"paths"`
	Function string   `yaml:"function"`
	Day      int      `yaml:"day"` // azure2019: 1-14; huawei2023: the day_NNN number
	// Days, instead of Day, replays several days as one continuous run
	// (azure2019, huawei2023): "1-14" or [1, 3, 5], in the order given.
	Days   DayList `yaml:"days"`
	Spread string  `yaml:"spread"` // per-minute formats: uniform (default) | equidistant | poisson
	// From and To select a window of trace time; To 0 is the end.
	From Duration `yaml:"from"`
	To   Duration `yaml:"to"`
	// Top keeps the busiest N functions, Sample N at random (seeded), Apps
	// the functions of the listed apps.
	Top    int      `yaml:"top"`
	Sample int      `yaml:"sample"`
	Apps   []string `yaml:"apps"`
	// RateScale thins (< 1) or replicates (> 1) arrivals, keeping the
	// bursts; 0 means 1.
	RateScale float64 `yaml:"rate_scale"`
	// Runtime is every trace function's runtime, for cold-start figures:
	// traces do not record it. Default python.
	Runtime string `yaml:"runtime"`
}

// Function is one synthetic function.
type Function struct {
	Name    string `yaml:"name"`
	App     string `yaml:"app"`
	Runtime string `yaml:"runtime"`
	Trigger string `yaml:"trigger"`
	// MemoryMB is the configured memory; 0 means the preset's default.
	MemoryMB int `yaml:"memory_mb"`
	// EphemeralStorageMB is /tmp size; 0 means the preset's default.
	EphemeralStorageMB int     `yaml:"ephemeral_storage_mb"`
	PackageMB          float64 `yaml:"package_mb"`
	// Timeout cuts executions; 0 means the FaaS product's maximum (none
	// on a container platform).
	Timeout  Duration `yaml:"timeout"`
	Arrival  Arrival  `yaml:"arrival"`
	Duration Dist     `yaml:"duration"`
	// CPUBoundFraction is the share of the duration that scales with the
	// CPU the function gets (on Lambda, in proportion to memory: 1,769 MB is
	// one vCPU, AWS Lambda docs, "Configuring function memory"); nil means
	// fully CPU-bound.
	CPUBoundFraction *float64 `yaml:"cpu_bound_fraction"`
	// Payloads, instead of Duration, are classes of requests with weights
	// and a duration distribution each (see payloads.go).
	Payloads []Payload `yaml:"payloads"`
	// SpeedByArchitecture multiplies durations on each architecture; nil
	// or a missing architecture is 1.
	SpeedByArchitecture *ArchSpeed `yaml:"speed_by_architecture"`
	// Per-function settings of a FaaS platform, as AWS Lambda has them:
	// reserved concurrency (nil: none; it overrides the platform's
	// concurrency.reserved), provisioned instances (0: the platform's
	// provisioned) and SnapStart (a restore from a snapshot replaces INIT).
	ReservedConcurrency *int `yaml:"reserved_concurrency"`
	Provisioned         int  `yaml:"provisioned"`
	SnapStart           bool `yaml:"snap_start"`
}

// Arrival is a function's arrival process:
//
//	{process: poisson, rate_per_s: X}
//	{process: deterministic, rate_per_s: X}
//	{process: diurnal, rate_per_s: MEAN, amplitude: A, period: 24h, peak: 14h}
//	{process: mmpp, rate_per_s: QUIET, burst_rate_per_s: X, quiet_mean: D, burst_mean: D}
//	{process: replay, at: [D, ...]}
//	{process: cron, expression: "0 12 * * ? *"}
type Arrival struct {
	Process  string  `yaml:"process"` // poisson | deterministic | gamma | diurnal | mmpp | replay | cron
	RatePerS float64 `yaml:"rate_per_s"`
	// Gamma: the inter-arrival times' coefficient of variation (sd over
	// mean; 1 is Poisson, below 1 more regular).
	CV float64 `yaml:"cv"`
	// Diurnal: the rate swings by +-Amplitude (0..1) of its mean over
	// Period (default 24h), highest at Peak after the start.
	Amplitude float64  `yaml:"amplitude"`
	Period    Duration `yaml:"period"`
	Peak      Duration `yaml:"peak"`
	// MMPP: bursts at BurstRatePerS lasting BurstMean on average, between
	// quiet spells at RatePerS lasting QuietMean on average.
	BurstRatePerS float64  `yaml:"burst_rate_per_s"`
	BurstMean     Duration `yaml:"burst_mean"`
	QuietMean     Duration `yaml:"quiet_mean"`
	// At lists arrival offsets from the start of the run for process
	// replay: exact, hand-written arrivals for small tests.
	At []Duration `yaml:"at"`
	// Expression is an AWS EventBridge cron expression for process cron
	// (six fields, UTC, from the scenario's start; see ParseCron).
	Expression string `yaml:"expression"`
}

// Dist is a distribution of durations, one of
//
//	{dist: deterministic, value: D}
//	{dist: exponential, mean: D}
//	{dist: lognormal, median: D, p99: D}
//	{dist: percentiles, p0: D, p1: D, p25: D, p50: D, p75: D, p99: D, p100: D}
//	                    (optionally p90: D and p95: D too)
//
// A parameter not written is zero. Load also remembers which parameters
// the file wrote, so that a missing "value: 0s" is reported as missing.
type Dist struct {
	Dist   string   `yaml:"dist"`
	Value  Duration `yaml:"value"`
	Mean   Duration `yaml:"mean"`
	Median Duration `yaml:"median"`
	P99    Duration `yaml:"p99"`
	P0     Duration `yaml:"p0"`
	P1     Duration `yaml:"p1"`
	P25    Duration `yaml:"p25"`
	P50    Duration `yaml:"p50"`
	P75    Duration `yaml:"p75"`
	P100   Duration `yaml:"p100"`
	// P90 and P95, optional for percentiles, are points of the table
	// between p75 and p99 (nil: not written): the interpolation between
	// p75 and p99 alone overstates a right-skewed tail.
	P90 *Duration `yaml:"p90"`
	P95 *Duration `yaml:"p95"`
}

// ColdStart is a platform's cold-start latency, one of
//
//	DIST                            the end-to-end total, split into platform
//	                                overhead and INIT by the runtime's INIT share
//	{overhead: DIST, init: DIST}    the two parts, drawn independently
//
// Overhead (sandbox set-up, code download) is never billed; INIT (runtime
// start and the function's initialisation code) is billed where the price
// sheet says so (AWS Lambda since 1 August 2025).
type ColdStart struct {
	Dist     `yaml:",inline"`
	Overhead *Dist `yaml:"overhead"`
	Init     *Dist `yaml:"init"`
}

// Platform is one FaaS platform or container baseline to simulate.
type Platform struct {
	Name string `yaml:"name"`
	// Kind is faas (the default) or container.
	Kind   string `yaml:"kind"`
	Preset string `yaml:"preset"`
	// MemoryMB overrides every function's memory; 0 keeps theirs.
	MemoryMB     int       `yaml:"memory_mb"`
	Architecture string    `yaml:"architecture"` // x86_64 | arm64 | "" (preset's)
	KeepAlive    KeepAlive `yaml:"keep_alive"`
	// ColdStart replaces the preset's per-runtime cold-start latency.
	ColdStart   *ColdStart  `yaml:"cold_start"`
	Concurrency Concurrency `yaml:"concurrency"`
	// OnLimit is what a throttled request meets: reject (synchronous
	// calls: HTTP 429) or queue (asynchronous calls: Lambda's event queue,
	// retried until capacity frees up or max_wait passes).
	OnLimit string `yaml:"on_limit"` // reject | queue
	// MaxWait bounds the queueing time with on_limit: queue; 0 means the
	// preset's default.
	MaxWait    Duration `yaml:"max_wait"`
	IdleChoice string   `yaml:"idle_choice"` // mru | lru | newest
	// Provisioned instances are kept warm for the whole run.
	Provisioned int `yaml:"provisioned"`
	// InstancesPer says what shares an instance: "function" (AWS Lambda,
	// Cloud Functions) or "app" (a Cloud Run service, an Azure function
	// app); "" is the preset's.
	InstancesPer string `yaml:"instances_per"`
	FreeTier     bool   `yaml:"free_tier"`
	Prices       string `yaml:"prices"` // price sheet name; "" is the preset's

	// Container fields (kind: container).
	Replica    *Replica `yaml:"replica"`
	Scaling    *Scaling `yaml:"scaling"`
	QueueLimit int      `yaml:"queue_limit"`
	Node       string   `yaml:"node"`
	// RequestTimeout is a load balancer's timeout on a container platform:
	// it bounds wait plus execution, and a request past it is timed out
	// (its replica finishes the work). 0, the default, means none.
	RequestTimeout Duration `yaml:"request_timeout"`

	// InitialInstances is the state the run starts from (transient
	// analysis): FaaS instances busy or idle at time 0, a container
	// service's ready replicas (see initial.go).
	InitialInstances []InitialInstances `yaml:"initial_instances"`
}

// KeepAlive says how long an idle instance stays warm.
type KeepAlive struct {
	Policy string   `yaml:"policy"` // fixed | none | infinite | hybrid
	TTL    Duration `yaml:"ttl"`    // fixed only
	// Hybrid histogram policy (Shahrad et al., ATC'20); 0 is the paper's
	// setting: a 4h range in 1m bins, the 5th and 99th percentiles with
	// a 10% margin, trusted when the bin counts' CV is at least 2.
	Range               Duration `yaml:"range"`
	Bin                 Duration `yaml:"bin"`
	PrewarmPercentile   float64  `yaml:"prewarm_percentile"`
	KeepAlivePercentile float64  `yaml:"keep_alive_percentile"`
	Margin              float64  `yaml:"margin"`
	CVThreshold         float64  `yaml:"cv_threshold"`
	// MinSamples is faassim's own guard, not the paper's: the idle times
	// an app needs before its histogram is trusted at all (0: 10). The
	// paper, and DSLab's implementation of it, trust the CV test alone,
	// which min_samples 1 reproduces.
	MinSamples int `yaml:"min_samples"`
}

// Concurrency holds a platform's limits. Zero means the preset's default.
type Concurrency struct {
	PerInstance  int `yaml:"per_instance"`
	AccountLimit int `yaml:"account_limit"`
	Reserved     int `yaml:"reserved"`
	MaxInstances int `yaml:"max_instances"`
	// ScaleRate is "N/D": N new instances per D, e.g. "1000/10s"; see
	// ParseScaleRate. "" is the preset's.
	ScaleRate string `yaml:"scale_rate"`
}

// Replica is a container replica (kind: container).
type Replica struct {
	VCPU     float64  `yaml:"vcpu"`
	MemoryGB float64  `yaml:"memory_gb"`
	Slots    int      `yaml:"slots"`
	Startup  Duration `yaml:"startup"`
	// EphemeralStorageGB is a Fargate task's ephemeral storage in GiB:
	// 20 (included in the price) to 200; 0 means 20.
	EphemeralStorageGB int `yaml:"ephemeral_storage_gb"`
}

// Scaling is a container service's scaling policy (kind: container).
type Scaling struct {
	Policy                 string   `yaml:"policy"` // fixed | target
	Replicas               int      `yaml:"replicas"`
	Metric                 string   `yaml:"metric"` // concurrency | cpu
	Target                 float64  `yaml:"target"`
	Min                    int      `yaml:"min"`
	Max                    int      `yaml:"max"`
	Sync                   Duration `yaml:"sync"`
	ScaleDownStabilization Duration `yaml:"scale_down_stabilization"`
}

// ParseScaleRate parses a scaling rate "N/D": N new instances per duration
// D ("1000/10s"). A bare unit counts as one of it: "50/s" is 50 per second.
func ParseScaleRate(s string) (n int, per time.Duration, err error) {
	num, den, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, fmt.Errorf("invalid scale rate %q (want N/D, e.g. 1000/10s)", s)
	}
	n, err = strconv.Atoi(strings.TrimSpace(num))
	if err != nil || n <= 0 {
		return 0, 0, fmt.Errorf("invalid scale rate %q: N must be a positive integer (want N/D, e.g. 1000/10s)", s)
	}
	den = strings.TrimSpace(den)
	if den != "" && (den[0] < '0' || den[0] > '9') && den[0] != '.' {
		den = "1" + den
	}
	per, err = duration.Parse(den)
	if err != nil || per <= 0 {
		return 0, 0, fmt.Errorf("invalid scale rate %q: D must be a positive duration such as 10s or 1d (want N/D, e.g. 1000/10s)", s)
	}
	// The token bucket counts in N x D nanoseconds, which must fit an int64.
	if int64(n) > math.MaxInt64/int64(per) {
		return 0, 0, fmt.Errorf("invalid scale rate %q: N x D is too large (keep N x D under 292 years, e.g. 1000/10s)", s)
	}
	return n, per, nil
}

// Problem is one thing wrong with a scenario: where it was written and what
// is wrong. File is the scenario file, or "--set KEY" for a value given on
// the command line; Line is 0 when unknown. Path is the YAML path in the
// form platforms[0].keep_alive.ttl.
type Problem struct {
	File   string
	Line   int
	Path   string
	Reason string
}

// String formats p as "FILE:LINE: path: reason", leaving out what is unknown.
func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.File != "" && p.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", p.File, p.Line)
	case p.File != "":
		b.WriteString(p.File + ": ")
	}
	// "--set seed: seed: ..." would say the path twice.
	if key, ok := strings.CutPrefix(p.File, "--set "); p.Path != "" && !(ok && setPath(key) == p.Path) {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// Problems is every problem found in a scenario. As an error it prints one
// problem a line, so a user fixes them all in one pass: the first
// MaxShownProblems of them, then how many more there are (a generated file
// with 50,000 mistakes needs its generator fixed, not 50,000 lines).
type Problems []Problem

// MaxShownProblems is how many problems Problems.Error prints.
const MaxShownProblems = 20

func (ps Problems) Error() string {
	lines := make([]string, 0, min(len(ps), MaxShownProblems)+1)
	for _, p := range ps[:min(len(ps), MaxShownProblems)] {
		lines = append(lines, p.String())
	}
	if more := len(ps) - MaxShownProblems; more > 0 {
		lines = append(lines, fmt.Sprintf("and %s more", limits.FormatCount(float64(more))))
	}
	return strings.Join(lines, "\n")
}

// origin is where a value was written: a line of the file, or a --set key.
type origin struct {
	line int
	set  string
}

// source remembers, for a loaded scenario, where each YAML path was written.
// It gives problems their lines and tells "written as 0" from "not written".
type source struct {
	file     string
	at       map[string]origin
	embedded bool // an example: file is a name, not a path
	size     int  // bytes of YAML, for the memory estimate
}

// problem places a problem at path, or at its nearest written ancestor when
// the path itself is missing (a missing field is reported at its parent).
func (s *source) problem(path string, o origin, reason string) Problem {
	p := Problem{File: s.file, Line: o.line, Path: path, Reason: reason}
	if o.set != "" {
		p.File, p.Line = "--set "+shorten(o.set), 0
	}
	return p
}

// locate finds where path, or its nearest written ancestor, came from.
func (s *source) locate(path string) origin {
	for p := path; ; p = parentPath(p) {
		if o, ok := s.at[p]; ok {
			return o
		}
		if p == "" {
			return origin{}
		}
	}
}

// parentPath drops the last element: "a.b[2]" -> "a.b" -> "a" -> "".
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// keepPlatforms is the source of a scenario cut down to the platforms
// from[k] of this one, renumbered k: a platform's fields keep their lines
// and the others' are forgotten.
func (s *source) keepPlatforms(from []int) *source {
	c := *s
	c.at = make(map[string]origin, len(s.at))
	for path, o := range s.at {
		rest, ok := strings.CutPrefix(path, "platforms[")
		if !ok {
			c.at[path] = o
			continue
		}
		num, tail, _ := strings.Cut(rest, "]")
		i, err := strconv.Atoi(num)
		if k := slices.Index(from, i); err == nil && k >= 0 {
			c.at[fmt.Sprintf("platforms[%d]%s", k, tail)] = o
		}
	}
	return &c
}
