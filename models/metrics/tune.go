package metrics

// TuneSchema names the JSON form of a power tuning (`faassim tune --format
// json`). Fields may be added under it; renaming or removing one needs a new
// version.
const TuneSchema = "faassim/tune/v1"

// Tune is a power tuning: one function simulated at every (memory,
// architecture) point of a grid on one FaaS platform, and the point each
// strategy of AWS Lambda Power Tuning recommends
// (github.com/alexcasalboni/aws-lambda-power-tuning, lambda/analyzer.js).
type Tune struct {
	Schema   string `json:"schema"`
	Scenario string `json:"scenario"`
	Function string `json:"function"`
	// Platform is the scenario's platform tuned; every point is it with
	// another memory size and the preset of another architecture.
	Platform string `json:"platform"`
	// Strategy is cost, speed or balanced: the one Recommended follows.
	Strategy string `json:"strategy"`
	// BalancedWeight is w of the balanced score (0.5 unless chosen).
	BalancedWeight float64 `json:"balanced_weight"`
	Seed           uint64  `json:"seed"`
	HorizonS       float64 `json:"horizon_s"`
	WarmupS        float64 `json:"warmup_s"`
	Replications   int     `json:"replications"`
	// SpeedByArchitecture is the duration multiplier of each architecture
	// tuned, 1 where the function sets none.
	SpeedByArchitecture map[string]float64 `json:"speed_by_architecture"`
	Points              []TunePoint        `json:"points"`
	// Recommended is the index in Points of the point Strategy picks; -1
	// when no point can be recommended (every one saturated).
	Recommended int `json:"recommended"`
	// Best is the point each strategy picks, by strategy name.
	Best map[string]int `json:"best"`
	// Notes say, in words, how the figures were obtained and what differs
	// from measuring on a real account.
	Notes       []string   `json:"notes"`
	PriceSheets []SheetRef `json:"price_sheets,omitempty"`
}

// TunePoint is one (memory, architecture) point of a tuning.
type TunePoint struct {
	MemoryMB     int    `json:"memory_mb"`
	Architecture string `json:"architecture"`
	Preset       string `json:"preset"`
	// Requests are the window's requests, per replication.
	Requests int64 `json:"requests"`
	// MeanDurationMS is the mean execution time (Lambda's REPORT Duration:
	// INIT apart): Power Tuning's speed.
	MeanDurationMS float64 `json:"mean_duration_ms"`
	// MeanLatencyMS is end to end: waiting, cold starts and execution.
	MeanLatencyMS float64 `json:"mean_latency_ms"`
	// CostPerInvocationUSD is everything billed in the window (compute with
	// billed INIT, request fees, storage, provisioned capacity) per request,
	// without any free tier: Power Tuning's cost.
	CostPerInvocationUSD float64 `json:"cost_per_invocation_usd"`
	CostPerMillionUSD    float64 `json:"cost_per_million_usd"`
	// CostWithoutRequestFeeUSD is CostPerInvocationUSD less the request
	// fee: the cost the strategies compare. Power Tuning's averagePrice is
	// the duration charge alone (lambda/utils.js, computePrice); the fee is
	// the same at every point, so it cannot tell them apart, but counted it
	// would shrink cost/max(cost) towards 1 and tilt the balanced score to
	// speed (for a 10 ms function at 128 MB the fee is ten times the
	// duration charge).
	CostWithoutRequestFeeUSD float64 `json:"cost_without_request_fee_usd"`
	ColdStartRatio           float64 `json:"cold_start_ratio"`
	// BalancedScore is w * cost / max(cost) + (1 - w) * duration /
	// max(duration), cost being CostWithoutRequestFeeUSD, over the points
	// that may be recommended (0 for the others); lower is better.
	BalancedScore float64 `json:"balanced_score"`
	// SpeedFactor is what durations as measured were multiplied by here:
	// the memory-speed rule times the architecture's factor.
	SpeedFactor float64 `json:"speed_factor"`
	// Classes are the payload classes' mean durations at this point, by
	// the speed model (the class mean times SpeedFactor), when the function
	// has payload classes.
	Classes []TuneClass `json:"payload_classes,omitempty"`
	// Saturated points did not serve their load (see Platform.Saturated)
	// and are never recommended.
	Saturated bool     `json:"saturated"`
	Warnings  []string `json:"warnings,omitempty"`
}

// TuneClass is one payload class at one point.
type TuneClass struct {
	Name string `json:"name"`
	// Share is the class's share of the invocations (its weight over the
	// sum of weights).
	Share          float64 `json:"share"`
	MeanDurationMS float64 `json:"mean_duration_ms"`
}

// TuneStrategies are the strategies of AWS Lambda Power Tuning, in its
// order.
var TuneStrategies = []string{"cost", "speed", "balanced"}
