package playground

import "faassim/models/metrics"

// MetricValue is a lesson metric (one of the Metric* names) of a platform's
// results: the same value the page computes from the results JSON
// (cold_start_ratio, rejected / requests, latency_ms.p50 and .p99,
// monthly_cost_usd, instances.mean). It reports false for an unknown name,
// and for the rejected ratio of a platform that had no requests (the page's
// 0/0).
func MetricValue(p metrics.Platform, metric string) (float64, bool) {
	switch metric {
	case MetricColdStartRatio:
		return p.ColdStartRatio, true
	case MetricRejectedRatio:
		if p.Requests == 0 {
			return 0, false
		}
		return float64(p.Rejected) / float64(p.Requests), true
	case MetricP50MS:
		return p.LatencyMS.P50, true
	case MetricP99MS:
		return p.LatencyMS.P99, true
	case MetricMonthlyCost:
		return p.MonthlyCostUSD, true
	case MetricMeanInstances:
		return p.Instances.Mean, true
	}
	return 0, false
}

// metricNames are the Metric* names, for the manifest's checks.
var metricNames = []string{MetricColdStartRatio, MetricRejectedRatio, MetricP50MS, MetricP99MS, MetricMonthlyCost, MetricMeanInstances}

// formulaIDs are the Formula* IDs, for the manifest's checks.
var formulaIDs = []string{FormulaFixedTTL, FormulaErlangB, FormulaLittle, FormulaCPUShare, FormulaBreakEven, FormulaFleetLoad}
