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
	Scale    float64  `json:"scale"`      // multiple of the scenario's own rates
	RatePerS float64  `json:"rate_per_s"` // mean offered requests per second
	A        Platform `json:"a"`
	B        Platform `json:"b"`
	// BCheaper: B costs less a month than A and is not saturated. A
	// saturated platform is never called cheaper: its cost is that of a
	// platform falling behind its load, not serving it.
	BCheaper    bool    `json:"b_cheaper"`
	MonthlyDiff float64 `json:"monthly_diff_usd"` // B's monthly cost minus A's
	// ASaturated and BSaturated copy the platforms' Saturated.
	ASaturated bool `json:"a_saturated"`
	BSaturated bool `json:"b_saturated"`
	// Cheaper names the platform to pick on cost at this rate: the less
	// costly of those not saturated (the only one, if the other is), ""
	// when both are saturated.
	Cheaper string `json:"cheaper"`
}

// NewBreakEvenPoint compares a and b at one rate.
func NewBreakEvenPoint(scale, ratePerS float64, a, b Platform) BreakEvenPoint {
	pt := BreakEvenPoint{Scale: scale, RatePerS: ratePerS, A: a, B: b,
		MonthlyDiff: b.MonthlyCostUSD - a.MonthlyCostUSD, ASaturated: a.Saturated, BSaturated: b.Saturated}
	pt.BCheaper = pt.CostBCheaper() && !b.Saturated
	pt.Cheaper = pt.CheaperOf(a.Name, b.Name)
	return pt
}

// CheaperOf returns the platform to pick on cost, named a or b as the
// caller calls A and B: the less costly of those not saturated, "" when
// both are. Renderers use it rather than Cheaper, which files saved before
// it existed lack.
func (p BreakEvenPoint) CheaperOf(a, b string) string {
	switch {
	case p.ASaturated && p.BSaturated:
		return ""
	case p.BSaturated:
		return a
	case p.ASaturated || p.CostBCheaper():
		return b
	}
	return a
}

// CostBCheaper reports whether B costs less a month than A, saturated or
// not: the side of the cost crossing this rate is on.
func (p BreakEvenPoint) CostBCheaper() bool { return p.MonthlyDiff < 0 }

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
	MonthS float64 `json:"month_s,omitempty"`
	// Found says the monthly costs cross within the range; Crossing is
	// where (saturated or not: see its ASaturated and BSaturated).
	Found    bool           `json:"found"`
	Crossing BreakEvenPoint `json:"crossing"`
	// Direction is "B cheaper above" or "B cheaper below" the crossing, by
	// cost alone.
	Direction string `json:"direction,omitempty"`
}
