package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"faassim/sim"
)

// AppCount is one application's record in one replication, over the
// statistics window: the requests of the window placed on an instance
// (admitted: neither rejected nor dropped from a queue, nor still queued at
// the horizon), those of them that met a cold start, and the memory-time
// of the app's instances while they served no request.
type AppCount struct {
	Name                 string
	Requests, ColdStarts int64
	// idleMBNS is idle instance memory-time in MB x nanoseconds: exact
	// integers as long as it stays under 2^53, which hand-checked tests do.
	idleMBNS float64
}

// WastedGBSeconds is the app's idle instance memory-time in GB-seconds (a
// GB being 1,024 MB, as the price sheets count it).
func (a AppCount) WastedGBSeconds() float64 { return a.idleMBNS / 1024 / float64(sim.Second) }

// NewAppCounts returns one empty record per application, named names.
func NewAppCounts(names []string) []AppCount {
	out := make([]AppCount, len(names))
	for i, n := range names {
		out[i].Name = n
	}
	return out
}

// AddIdle adds to a the part inside the window [from, to) of an idle
// period [start, end) of an instance of memMB.
func (a *AppCount) AddIdle(start, end, from, to sim.Time, memMB int) {
	if lo, hi := max(start, from), min(end, to); hi > lo {
		a.idleMBNS += float64(hi-lo) * float64(memMB)
	}
}

// MinAppRequests is the fewest requests per replication an application
// needs to count in the per-app cold-start distribution: its first request
// is always cold, so an app invoked once would read 100% whatever the
// keep-alive policy (Shahrad et al., "Serverless in the Wild", USENIX ATC
// 2020, count only apps with at least two invocations).
const MinAppRequests = 2

// MaxTopApps bounds Apps.Top: a longer list is a dump, not a summary.
const MaxTopApps = 10_000

// Apps is a FaaS platform's per-application statistics (faassim run
// --per-app), pooled over replications.
type Apps struct {
	// Count is the applications with at least MinAppRequests requests per
	// replication (pooled: 2 x replications over all of them); the
	// percentiles are over those. Apps with fewer are left out of both.
	Count int `json:"count"`
	// ColdStartPct is the distribution over apps of the percentage (0 to
	// 100) of an app's requests that met a cold start (see AppPercentiles).
	ColdStartPct AppPercentiles `json:"cold_start_pct"`
	// WastedMemoryGBS is idle instance memory-time summed over every app
	// (whatever its requests), in GB-seconds per replication: the time an
	// instance lived without serving a request, times its memory, within
	// the window. Provisioned instances count too.
	WastedMemoryGBS float64 `json:"wasted_memory_gb_s"`
	// Top lists the applications with the most requests, most first, ties
	// by name (faassim run --per-app N); absent otherwise.
	Top []TopApp `json:"top,omitempty"`
}

// AppPercentiles are nearest-rank percentiles of per-app cold-start
// percentages: with the n values sorted ascending, the p-th percentile is
// the value of rank ceil(p/100 x n) (1-based), so it is always one app's
// own percentage; all are 0 when n is 0.
type AppPercentiles struct {
	P25 float64 `json:"p25"`
	P50 float64 `json:"p50"`
	P75 float64 `json:"p75"`
	P90 float64 `json:"p90"`
}

// TopApp is one of the busiest applications: requests, cold starts and
// wasted memory per replication (counts rounded to the nearest integer),
// the percentage pooled over replications.
type TopApp struct {
	App             string  `json:"app"`
	Requests        int64   `json:"requests"`
	ColdStarts      int64   `json:"cold_starts"`
	ColdStartPct    float64 `json:"cold_start_pct"`
	WastedMemoryGBS float64 `json:"wasted_memory_gb_s"`
}

// NearestRank returns the p-th percentile (0 < p <= 100) of sorted, an
// ascending slice, by the nearest-rank rule: the value of rank
// ceil(p/100 x n). An empty slice gives 0.
func NearestRank(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	// The rank is computed on p x n / 100 in that order, and nudged down by
	// a rounding error's worth, so that 25% of 4 is rank 1, not 2.
	rank := int(math.Ceil(p*float64(n)/100 - 1e-9))
	return sorted[min(max(rank, 1), n)-1]
}

// poolApps adds the runs' per-app records app by app; nil when no run has
// one. Every run of a platform lists the same apps in the same order.
func poolApps(runs []Run) []AppCount {
	var sum []AppCount
	for _, r := range runs {
		sum = addApps(sum, r.Apps)
	}
	return sum
}

// addApps adds one run's per-app record to sum (nil: none yet) and returns
// it; a run without one leaves sum as it is.
func addApps(sum, apps []AppCount) []AppCount {
	if apps == nil {
		return sum
	}
	if sum == nil {
		sum = make([]AppCount, len(apps))
		for i, a := range apps {
			sum[i].Name = a.Name
		}
	}
	if len(apps) != len(sum) {
		panic(fmt.Sprintf("metrics: runs list %d and %d apps", len(sum), len(apps)))
	}
	for i, a := range apps {
		sum[i].Requests += a.Requests
		sum[i].ColdStarts += a.ColdStarts
		sum[i].idleMBNS += a.idleMBNS
	}
	return sum
}

// pct is cold starts as a percentage of requests (0 when none).
func (a AppCount) pct() float64 { return 100 * ratio(float64(a.ColdStarts), float64(a.Requests)) }

// appsOf summarizes the per-app records pooled over reps runs (nil when
// none had one): counts and memory-time are added over replications, then
// percentages computed; an app counts in the distribution with at least
// MinAppRequests x reps pooled requests.
func appsOf(sum []AppCount, reps int) *Apps {
	if sum == nil {
		return nil
	}
	n := float64(reps)
	out := &Apps{}
	var pcts []float64
	var idle float64
	for _, a := range sum {
		idle += a.idleMBNS
		if a.Requests >= MinAppRequests*int64(reps) {
			pcts = append(pcts, a.pct())
		}
	}
	slices.Sort(pcts)
	out.Count = len(pcts)
	out.ColdStartPct = AppPercentiles{P25: NearestRank(pcts, 25), P50: NearestRank(pcts, 50), P75: NearestRank(pcts, 75), P90: NearestRank(pcts, 90)}
	out.WastedMemoryGBS = AppCount{idleMBNS: idle}.WastedGBSeconds() / n
	return out
}

// TopApps returns the top applications of a platform's runs (see Apps.Top):
// the n with the most requests pooled over replications, ties by name;
// nil when the runs carry no per-app record or n is not positive.
func TopApps(runs []Run, n int) []TopApp { return topApps(poolApps(runs), len(runs), n) }

// topApps is TopApps of the pooled record sum of runs runs; it sorts a
// copy, leaving sum as it is.
func topApps(sum []AppCount, runs, n int) []TopApp {
	if sum == nil || n <= 0 {
		return nil
	}
	sum = slices.Clone(sum)
	slices.SortFunc(sum, func(a, b AppCount) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Name, b.Name))
	})
	reps := float64(runs)
	out := make([]TopApp, 0, min(n, len(sum)))
	for _, a := range sum[:min(n, len(sum))] {
		out = append(out, TopApp{App: a.Name, Requests: int64(math.Round(float64(a.Requests) / reps)),
			ColdStarts: int64(math.Round(float64(a.ColdStarts) / reps)), ColdStartPct: a.pct(), WastedMemoryGBS: a.WastedGBSeconds() / reps})
	}
	return out
}
