package metrics

// Schemas of the JSON documents beside faassim/results/v1: a sweep and a
// break-even search. Like Results, fields may be added, never renamed.
const (
	SweepSchema     = "faassim/sweep/v1"
	BreakEvenSchema = "faassim/breakeven/v1"
)

// Sweep is a grid of runs of one scenario, one point per combination of
// parameter values.
type Sweep struct {
	Schema   string       `json:"schema"`
	Scenario string       `json:"scenario"`
	Params   []string     `json:"params"` // YAML paths, e.g. platforms.0.memory_mb
	Points   []SweepPoint `json:"points"`
}

// SweepPoint is one combination of parameter values and its results.
type SweepPoint struct {
	// Values are the values as given, one per parameter ("512", "5m").
	Values []string `json:"values"`
	// Numeric are the same values as numbers, for plotting: numbers as they
	// are, durations in seconds.
	Numeric []float64 `json:"numeric"`
	Results Results   `json:"results"`
}

// BreakEvenPoint is two platforms' results at one request rate.
type BreakEvenPoint struct {
	Scale       float64  `json:"scale"`      // multiple of the scenario's own rates
	RatePerS    float64  `json:"rate_per_s"` // mean offered requests per second
	A           Platform `json:"a"`
	B           Platform `json:"b"`
	BCheaper    bool     `json:"b_cheaper"`
	MonthlyDiff float64  `json:"monthly_diff_usd"` // B's monthly cost minus A's
	// ASaturated and BSaturated flag a platform that cannot serve this
	// load: a cheaper platform there is no bargain (see Saturated).
	ASaturated bool `json:"a_saturated"`
	BSaturated bool `json:"b_saturated"`
}

// BreakEven is a cost-versus-rate table of two platforms and, when the
// cheaper one changes within the range, the crossing.
type BreakEven struct {
	Schema   string           `json:"schema"`
	Scenario string           `json:"scenario"`
	A        string           `json:"a"`
	B        string           `json:"b"`
	Points   []BreakEvenPoint `json:"points"` // by rate
	// MonthS is the month monthly costs are projected to, in seconds, as
	// in Results; absent in files older than it (30 days).
	MonthS   float64        `json:"month_s,omitempty"`
	Found    bool           `json:"found"`
	Crossing BreakEvenPoint `json:"crossing"`
	// Direction is "B cheaper above" or "B cheaper below" the crossing.
	Direction string `json:"direction,omitempty"`
}

// Saturated reports whether a platform fails to serve its load over a
// measured window of windowS seconds: more than 1% of requests rejected or
// timed out, or a backlog at the horizon that a stable system would not
// have. By Little's law a stable system has about throughput x mean
// latency requests in flight at any time; a queue growing without bound
// ends with about twice that (its last requests wait twice as long as the
// average one), so the rule flags a backlog above 1.5 times Little's count
// and above 1% of the requests. Utilization is no guide: an instance
// serving 80 requests at once is busy all the time and fine.
func Saturated(p Platform, windowS float64) bool {
	if p.Requests == 0 || windowS <= 0 {
		return false
	}
	n := float64(p.Requests)
	if float64(p.Rejected+p.TimedOut)/n > 0.01 {
		return true
	}
	backlog := float64(p.Requests - p.Completed - p.Rejected - p.TimedOut)
	little := float64(p.Completed) / windowS * p.LatencyMS.Mean / 1000
	return backlog > 0.01*n && backlog > 1.5*little
}
