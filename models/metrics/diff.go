package metrics

import (
	"fmt"
	"math"
)

// DiffSchema names the JSON document `faassim diff --format json` writes
// (see Diff). Like Results, fields may be added under it, never renamed.
const DiffSchema = "faassim/diff/v1"

// Diff compares two scenarios, BASE and NEW, platform by platform (matched
// by name). Both ran the same number of replications with common random
// numbers: replication r of both used the seed sim.DeriveSeed(Seed, r), so
// they met the same arrivals and durations wherever their workloads agree,
// and each change is a mean of per-replication differences whose interval
// is narrow because the noise they share cancels.
type Diff struct {
	Schema string   `json:"schema"`
	Base   DiffSide `json:"base"`
	New    DiffSide `json:"new"`
	// Seed is BASE's seed, used by both (NEW's own is replaced: pairing
	// needs the same streams).
	Seed         uint64         `json:"seed"`
	Replications int            `json:"replications"`
	Platforms    []PlatformDiff `json:"platforms"`
	// OnlyInBase and OnlyInNew name the platforms without a partner of the
	// same name, which are not compared.
	OnlyInBase []string `json:"only_in_base"`
	OnlyInNew  []string `json:"only_in_new"`
	// Notes say what the reader must know to trust the numbers: a seed
	// replaced, a single replication (no interval).
	Notes []string `json:"notes,omitempty"`
}

// DiffSide describes one of the two scenarios.
type DiffSide struct {
	Scenario string `json:"scenario"`
	// Ref is the scenario as given on the command line (a file or
	// example:NAME); Sets the --set changes applied to it.
	Ref  string   `json:"ref,omitempty"`
	Sets []string `json:"sets,omitempty"`
	// HorizonS, WarmupS and MonthS are as in Results.
	HorizonS float64 `json:"horizon_s"`
	WarmupS  float64 `json:"warmup_s"`
	MonthS   float64 `json:"month_s"`
}

// PlatformDiff is one platform's change from BASE to NEW. Each Change's
// Base and New are means of per-replication values (so New - Base is the
// change); a percentile is each replication's own, not pooled as in
// Results, because the pairing is per replication.
type PlatformDiff struct {
	Name string `json:"name"`
	// Kind is NEW's kind ("faas" or "container"); BaseKind is set only when
	// BASE's differs.
	Kind           string `json:"kind"`
	BaseKind       string `json:"base_kind,omitempty"`
	MonthlyCostUSD Change `json:"monthly_cost_usd"`
	LatencyP50MS   Change `json:"latency_p50_ms"`
	LatencyP99MS   Change `json:"latency_p99_ms"`
	ColdStartRatio Change `json:"cold_start_ratio"`
	// RejectedRatio is rejected / requests; Rejected the count of the
	// measured window.
	RejectedRatio Change `json:"rejected_ratio"`
	Rejected      Change `json:"rejected"`
	// BaseSaturated and NewSaturated copy Platform.Saturated: a saturated
	// side's figures are those of a platform falling behind its load.
	BaseSaturated bool `json:"base_saturated"`
	NewSaturated  bool `json:"new_saturated"`
}

// Change is one metric in BASE and NEW and the paired difference.
type Change struct {
	Base float64 `json:"base"`
	New  float64 `json:"new"`
	// Delta is the mean of the per-replication differences NEW - BASE.
	Delta float64 `json:"delta"`
	// Relative is Delta / Base; absent when Base is 0.
	Relative *float64 `json:"relative,omitempty"`
	// CI95 is the paired Student-t 95% interval of Delta: mean ± t(0.975,
	// n-1) s/√n over the n per-replication differences; absent with one
	// replication (no spread to estimate).
	CI95 *[2]float64 `json:"ci95,omitempty"`
	// Significant: CI95 excludes 0.
	Significant bool `json:"significant"`
}

// Metric units, which say how renderers print a Change.
const (
	UnitUSDMonth = "usd_per_month"
	UnitMS       = "ms"
	UnitRatio    = "ratio"
	UnitCount    = "count"
)

// NamedChange is a Change with what it measures, for renderers.
type NamedChange struct {
	Key   string // the JSON field
	Label string // as a table names it
	Unit  string // one of the Unit constants
	Change
}

// diffMetric is one metric a diff compares: its JSON field, label and
// unit, its value in one run, and where PlatformDiff keeps its Change. The
// table is the one place that lists them, in the order reports show them.
type diffMetric struct {
	key, label, unit string
	value            func(r Run, monthS float64) float64
	field            func(p *PlatformDiff) *Change
}

var diffMetricTable = []diffMetric{
	{"monthly_cost_usd", "monthly cost", UnitUSDMonth, monthly, func(p *PlatformDiff) *Change { return &p.MonthlyCostUSD }},
	{"latency_p50_ms", "p50 latency", UnitMS, func(r Run, _ float64) float64 { return latencyQuantile(r, 0.5) }, func(p *PlatformDiff) *Change { return &p.LatencyP50MS }},
	{"latency_p99_ms", "p99 latency", UnitMS, func(r Run, _ float64) float64 { return latencyQuantile(r, 0.99) }, func(p *PlatformDiff) *Change { return &p.LatencyP99MS }},
	{"cold_start_ratio", "cold starts", UnitRatio, func(r Run, _ float64) float64 { return coldRatio(r) }, func(p *PlatformDiff) *Change { return &p.ColdStartRatio }},
	{"rejected_ratio", "rejected", UnitRatio, func(r Run, _ float64) float64 { return ratio(float64(r.Rejected), float64(r.Requests)) }, func(p *PlatformDiff) *Change { return &p.RejectedRatio }},
	{"rejected", "rejected (count)", UnitCount, func(r Run, _ float64) float64 { return float64(r.Rejected) }, func(p *PlatformDiff) *Change { return &p.Rejected }},
}

// latencyQuantile is a run's end-to-end latency quantile, 0 with none.
func latencyQuantile(r Run, q float64) float64 {
	if r.Latency == nil {
		return (&Sketch{}).Quantile(q)
	}
	return r.Latency.Quantile(q)
}

// Changes lists the platform's metrics in the order reports show them.
func (p PlatformDiff) Changes() []NamedChange {
	out := make([]NamedChange, len(diffMetricTable))
	for i, m := range diffMetricTable {
		out[i] = NamedChange{m.key, m.label, m.unit, *m.field(&p)}
	}
	return out
}

// NewPlatformDiff pairs run r of base with run r of next (they must have
// the same length, at least 1: replication r of both used the same seed)
// and computes every Change; baseMonthS and newMonthS are the months each
// side projects its cost to.
func NewPlatformDiff(name, kind string, base, next []Run, baseMonthS, newMonthS float64) PlatformDiff {
	if len(base) != len(next) || len(base) == 0 {
		panic(fmt.Sprintf("metrics: NewPlatformDiff with %d and %d runs", len(base), len(next)))
	}
	p := PlatformDiff{Name: name, Kind: kind}
	b, nw := make([]float64, len(base)), make([]float64, len(base))
	for _, m := range diffMetricTable {
		for r := range base {
			b[r], nw[r] = m.value(base[r], baseMonthS), m.value(next[r], newMonthS)
		}
		*m.field(&p) = pairedChange(b, nw)
	}
	p.BaseSaturated, _, _ = saturation(base)
	p.NewSaturated, _, _ = saturation(next)
	return p
}

// pairedChange is the Change of paired samples base[r], next[r]. A value
// paired with itself gives exactly 0 and [0, 0]: every difference is 0,
// and so are their mean and spread.
func pairedChange(base, next []float64) Change {
	d := make([]float64, len(base))
	for r := range base {
		d[r] = next[r] - base[r]
	}
	c := Change{Base: mean(base), New: mean(next), Delta: mean(d)}
	if c.Base != 0 {
		rel := c.Delta / c.Base
		c.Relative = &rel
	}
	if len(d) > 1 {
		lo, hi := StudentT95(d)
		if math.IsNaN(lo) || math.IsNaN(hi) {
			lo, hi = c.Delta, c.Delta // cannot happen with finite inputs; JSON has no NaN
		}
		c.CI95 = &[2]float64{lo, hi}
		c.Significant = lo > 0 || hi < 0
	}
	return c
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
