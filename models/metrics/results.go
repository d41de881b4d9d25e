package metrics

import (
	"bytes"
	"encoding/json"
)

// Schema names the JSON result format written by `faassim run --format
// json` (see Results). Fields may be added under it; renaming or removing
// one needs a new version.
const Schema = "faassim/results/v1"

// Results is what `faassim run --format json` prints: one object per run of a
// scenario, every platform summarized over all replications.
type Results struct {
	Schema   string `json:"schema"`
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	// HorizonS is the simulated time in seconds, warm-up included; every
	// statistic covers the HorizonS - WarmupS seconds after the warm-up.
	HorizonS float64 `json:"horizon_s"`
	WarmupS  float64 `json:"warmup_s"`
	// MonthS is the month monthly costs are projected to, in seconds:
	// 2,592,000 (30 days) by default, 2,628,000 (730 hours) when the
	// scenario chose the AWS Pricing Calculator's month. Absent in files
	// written before it existed, whose month is 30 days
	// (pricing.MonthOf reads it).
	MonthS float64 `json:"month_s,omitempty"`
	// DayOffsetS is where simulated time 0 falls in the replayed trace's
	// days: the seconds from the start of the first replayed day (00:00 of
	// a per-minute trace's day) to the start of the run, the trace window's
	// "from". The trace's midnights fall at k x 86,400 - DayOffsetS seconds
	// of simulated time, and charts mark them there. Absent when 0 (no
	// window start, or a workload with no days), so results written before
	// it existed read the same.
	DayOffsetS   float64    `json:"day_offset_s,omitempty"`
	Replications int        `json:"replications"`
	Platforms    []Platform `json:"platforms"`
	// What a report needs to stand alone, filled by the runner: the
	// scenario's description, one line per workload function, the
	// assumptions behind the numbers, and the price sheets used.
	Description string     `json:"description,omitempty"`
	Workload    []string   `json:"workload,omitempty"`
	Assumptions []string   `json:"assumptions,omitempty"`
	PriceSheets []SheetRef `json:"price_sheets,omitempty"`
	// Warnings concern the scenario as a whole, not one platform: the
	// workload functions a functions_from file does not define, and the
	// file's functions the workload does not use.
	Warnings []string `json:"warnings,omitempty"`
	// Observed compares the run with production logs when asked (faassim
	// run --compare-observed).
	Observed *ObservedComparison `json:"observed,omitempty"`
}

// SheetRef names a price sheet a result used, with its date and source.
type SheetRef struct {
	Name      string `json:"name"`
	Provider  string `json:"provider"`
	Product   string `json:"product"`
	Region    string `json:"region"`
	Effective string `json:"effective"`
	Source    string `json:"source"`
}

// MarshalJSON writes Platforms as [] rather than null when there are none,
// so readers of the contract always find an array. It leaves "&", "<" and
// ">" unescaped, so that an encoder with SetEscapeHTML(false) prints names
// as they are (json.Marshal still escapes them, as it does everywhere).
func (r Results) MarshalJSON() ([]byte, error) {
	type plain Results // drops the method, avoiding recursion
	if r.Platforms == nil {
		r.Platforms = []Platform{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(plain(r)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Platform is one platform's results. Counts are per replication (see
// Summarize); every field covers the measured window after the warm-up.
type Platform struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"` // "faas" or "container"
	Requests  int64  `json:"requests"`
	Completed int64  `json:"completed"`
	Rejected  int64  `json:"rejected"`
	TimedOut  int64  `json:"timed_out"`
	// InFlight is the requests of the window still waiting or running at
	// its end: Requests = Completed + Rejected + TimedOut + InFlight.
	InFlight   int64 `json:"in_flight"`
	ColdStarts int64 `json:"cold_starts"`
	// ColdStartRatio is cold starts among requests not rejected (0 if none).
	ColdStartRatio float64 `json:"cold_start_ratio"`
	// LatencyMS is end to end: wait + cold start + run.
	LatencyMS Latency `json:"latency_ms"`
	// WaitMS is the time before running: queueing plus cold-start wait.
	WaitMS Latency `json:"wait_ms"`
	// Execution is present only when the run recorded it (faassim run
	// --compare-observed).
	Execution       *Execution      `json:"execution,omitempty"`
	Instances       Instances       `json:"instances"`
	InstanceSeconds InstanceSeconds `json:"instance_seconds"`
	// Utilization is busy / (busy + idle) instance-seconds (0 if none).
	Utilization float64 `json:"utilization"`
	CostUSD     Cost    `json:"cost_usd"`
	// CostPerMillionRequestsUSD is CostUSD.Total per million requests (0 if
	// there were none).
	CostPerMillionRequestsUSD float64 `json:"cost_per_million_requests_usd"`
	// MonthlyCostUSD projects CostUSD.Total from the measured window to the
	// month of Results.MonthS.
	MonthlyCostUSD float64 `json:"monthly_cost_usd"`
	// Saturated marks a platform that did not serve its load: in some
	// bucket of at most 5 minutes its queue grew beyond a stable queue's
	// fluctuations, or it lost (rejected, timed out) more than 1% of the
	// requests, or more than 1% were still waiting at the horizon; with
	// replications, in any of them. Its latency and cost are then those of
	// a platform falling behind, not of one serving the load.
	Saturated bool `json:"saturated"`
	// SaturatedAtS is when the first overloaded bucket starts, in seconds
	// from the start of the run (warm-up included); absent when not
	// saturated.
	SaturatedAtS *float64 `json:"saturated_at_s,omitempty"`
	// Warnings say, in words, which test found the platform saturated and
	// what it saw.
	Warnings []string `json:"warnings,omitempty"`
	// LatencyCDF is the end-to-end latency distribution as (ms, quantile)
	// points from the merged sketch, for plotting a CDF from saved results.
	LatencyCDF [][2]float64 `json:"latency_cdf_ms,omitempty"`
	// Timeline holds per-bucket series when the run recorded them.
	Timeline *Timeline `json:"timeline,omitempty"`
	// CI95 maps a metric's JSON path ("latency_ms.p99") to the Student-t 95%
	// confidence interval [lo, hi] of its per-replication mean; present only
	// when there is more than one replication.
	CI95 map[string][2]float64 `json:"ci95,omitempty"`
	// Settings is the platform as simulated (see Settings).
	Settings *Settings `json:"settings,omitempty"`
	// MeanExecutionMS is the mean execution time (AWS Lambda's REPORT
	// Duration: INIT and waiting apart) of the window's executions, pooled
	// over replications: execution time in the window over the executions
	// that completed or reached their timeout (an execution crossing an edge
	// of the window adds only its part inside: a bias of at most a duration
	// over the window). In memory only, for tune; not part of the contract.
	MeanExecutionMS float64 `json:"-"`
	// Apps is the per-application statistics of a FaaS platform when the
	// run recorded them (faassim run --per-app); absent otherwise, and
	// always on container platforms, where requests share replicas and no
	// instance belongs to an application.
	Apps *Apps `json:"apps,omitempty"`
	// KeepAliveDecisions counts, on a platform with the hybrid keep-alive,
	// the windows the policy gave idle instances in the measured window,
	// by what decided them (per replication, rounded); absent otherwise.
	KeepAliveDecisions *KeepAliveDecisions `json:"keep_alive_decisions,omitempty"`
	// ColdStartByInstances is the cold-start ratio of requests grouped by
	// the number of instances of their function that existed when they
	// arrived, ascending (see ByInstances); absent from models that keep
	// no such record.
	ColdStartByInstances []StateColdStarts `json:"cold_start_by_instances,omitempty"`
}

// KeepAliveDecisions says why a learning keep-alive policy kept what it
// kept: the windows given by a trusted histogram (of which pre-warmed: the
// group's last instance unloaded and a fresh one loaded later), and those
// that fell back to keeping the instance for the whole range because the
// histogram had too few idle times, most of them beyond its range, or bin
// counts too spread out to trust.
type KeepAliveDecisions struct {
	Trusted      int64 `json:"trusted"`
	Prewarmed    int64 `json:"prewarmed"`
	FewIdleTimes int64 `json:"few_idle_times"`
	BeyondRange  int64 `json:"beyond_range"`
	SpreadOut    int64 `json:"spread_out"`
}

// Fallbacks is the windows that kept an instance for the whole range.
func (d KeepAliveDecisions) Fallbacks() int64 { return d.FewIdleTimes + d.BeyondRange + d.SpreadOut }

// Latency summarizes a latency distribution in milliseconds. Mean and Max are
// exact; the percentiles are within 1% (see Sketch).
type Latency struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
}

// Instances is the time-averaged and the peak number of live instances,
// and their time-average distributions.
type Instances struct {
	Mean float64 `json:"mean"`
	Max  int64   `json:"max"`
	// Distribution is the share of the window during which exactly Count
	// instances existed, ascending by count, pooled over replications (the
	// times at each count added); RunningDistribution the same for running
	// (busy) instances. Their means are Mean and the mean busy instances.
	Distribution        []CountFraction `json:"distribution,omitempty"`
	RunningDistribution []CountFraction `json:"running_distribution,omitempty"`
}

// InstanceSeconds splits live instance time into busy time (as the platform
// model defines it, e.g. at least one request in flight) and the rest, idle.
type InstanceSeconds struct {
	Busy float64 `json:"busy"`
	Idle float64 `json:"idle"`
}

// Cost is in US dollars, each billing line apart; Total is their sum as the
// billing model computed it.
type Cost struct {
	Total       float64 `json:"total"`
	Compute     float64 `json:"compute"`
	Requests    float64 `json:"requests"`
	Provisioned float64 `json:"provisioned"`
	Idle        float64 `json:"idle"`
	Storage     float64 `json:"storage"`
	// ControlPlane is a managed cluster's fee (Amazon EKS, per
	// cluster-hour); 0 on every other platform.
	ControlPlane float64 `json:"control_plane"`
}

// Execution is what a FaaS platform executed: the executions' lengths
// (AWS Lambda's logged Duration: INIT excluded) and the on-demand
// GB-seconds billed, per replication.
type Execution struct {
	DurationMS      Latency `json:"duration_ms"`
	BilledGBSeconds float64 `json:"billed_gb_s"`
}
