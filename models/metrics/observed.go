package metrics

// ObservedComparison is a run's predictions next to what production logs
// observed (faassim run --compare-observed), one block per FaaS platform
// compared. It is added to Results as "observed"; its fields may be added
// to, never renamed.
type ObservedComparison struct {
	// Sources are the logs read.
	Sources []string `json:"sources"`
	// Reports and ColdStarts are counted in the logs; WindowS is from the
	// first arrival to the last end, the length the observed bill covers.
	Reports    int64   `json:"reports"`
	ColdStarts int64   `json:"cold_starts"`
	WindowS    float64 `json:"window_s"`
	// Notes say how each figure was obtained.
	Notes     []string           `json:"notes,omitempty"`
	Platforms []ObservedPlatform `json:"platforms"`
}

// ObservedPlatform compares one platform's results with the logs.
type ObservedPlatform struct {
	Platform   string        `json:"platform"`
	PriceSheet string        `json:"price_sheet,omitempty"`
	Rows       []ObservedRow `json:"rows"`
}

// ObservedRow is one figure, predicted and observed. RelativeError is
// (predicted - observed) / observed, absent when observed is 0 or a side
// is missing.
type ObservedRow struct {
	// Metric is cold_start_ratio, duration_p50_ms, duration_p99_ms,
	// billed_gb_s or cost_usd.
	Metric        string   `json:"metric"`
	Predicted     *float64 `json:"predicted"`
	Observed      float64  `json:"observed"`
	RelativeError *float64 `json:"relative_error,omitempty"`
}
