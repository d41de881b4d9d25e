package trace

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Percentiles of a distribution, by name: p0 is the minimum, p100 the
// maximum.
type Percentiles struct {
	P0   float64 `json:"p0"`
	P1   float64 `json:"p1"`
	P25  float64 `json:"p25"`
	P50  float64 `json:"p50"`
	P75  float64 `json:"p75"`
	P99  float64 `json:"p99"`
	P100 float64 `json:"p100"`
}

// TriggerShare is a trigger's share of functions and of invocations.
type TriggerShare struct {
	FunctionsPct   float64 `json:"functions_pct"`
	InvocationsPct float64 `json:"invocations_pct"`
}

// Summary is what Inspect measures; the JSON names are stable.
type Summary struct {
	Invocations      int64   `json:"invocations"`
	Functions        int     `json:"functions"`
	FunctionsInvoked int     `json:"functions_invoked"`
	Apps             int     `json:"apps"`
	AppsInvoked      int     `json:"apps_invoked"`
	SpanS            float64 `json:"span_s"`
	// FunctionRatePerS: each function's invocations / span, across functions.
	FunctionRatePerS Percentiles `json:"function_rate_per_s"`
	// Apps invoked at most once per minute (hour) on average over the span:
	// Shahrad et al., ATC'20, Fig. 5 (for a day: at most 1,440 (24) invocations).
	AppsAtMostOncePerMinutePct float64 `json:"apps_at_most_once_per_minute_pct"`
	AppsAtMostOncePerHourPct   float64 `json:"apps_at_most_once_per_hour_pct"`
	// TopAppsShareOfInvocationsPct: the share of invocations made by the
	// busiest 18.6% of apps (ATC'20: 99.6%).
	TopAppsShareOfInvocationsPct float64 `json:"top_apps_share_of_invocations_pct"`
	// TopApps is how many apps that busiest 18.6% is: rounded up, so a small
	// trace's share is of at least one app.
	TopApps int `json:"top_apps"`
	// AppsIATCVAbove1Pct: the share of apps whose inter-arrival times have a
	// coefficient of variation above 1, among the AppsWithCV apps with at
	// least MinCVInvocations invocations.
	AppsIATCVAbove1Pct float64     `json:"apps_iat_cv_above_1_pct"`
	AppsWithCV         int         `json:"apps_with_cv"`
	AppIATCV           Percentiles `json:"app_iat_cv"`
	// DurationMS over invocations; FunctionAvgDurationMS over invoked
	// functions' mean durations, with the lognormal fit of the latter in
	// seconds (mean and sd of ln).
	DurationMS              Percentiles             `json:"duration_ms"`
	FunctionAvgDurationMS   Percentiles             `json:"function_avg_duration_ms"`
	FunctionAvgDurationLnMu float64                 `json:"function_avg_duration_ln_s_mean"`
	FunctionAvgDurationLnSd float64                 `json:"function_avg_duration_ln_s_sd"`
	FunctionsAvgUnder1sPct  float64                 `json:"functions_avg_under_1s_pct"`
	MemoryMB                Percentiles             `json:"memory_mb"` // over apps with a known memory
	SingleFunctionAppsPct   float64                 `json:"single_function_apps_pct"`
	AppsUpTo10FunctionsPct  float64                 `json:"apps_at_most_10_functions_pct"`
	Triggers                map[string]TriggerShare `json:"triggers"`
	PerMinute               bool                    `json:"per_minute_counts"`
	Warnings                []string                `json:"warnings,omitempty"`
	// Days are the invocations of each listed day (per-minute formats),
	// as replayed (after rate scaling); the weekday/weekend ratio is set
	// by SetWeekdays. See days.go.
	Days                []DayCount `json:"days,omitempty"`
	WeekdayWeekendRatio *float64   `json:"weekday_weekend_ratio,omitempty"`
	WeekendDays         []int      `json:"weekend_days,omitempty"`
	WeekNote            string     `json:"weekday_weekend_note,omitempty"`
}

// MinCVInvocations is the fewest invocations an app needs for its
// inter-arrival CV to count: with a handful of gaps the CV is mostly noise
// (two gaps can never have a population CV above 1).
const MinCVInvocations = 10

// TopAppsFraction is the busiest-apps fraction of ATC'20 (18.6%).
const TopAppsFraction = 0.186

type appAcc struct {
	n         int64
	last      sim.Time
	gaps      int64
	mean, m2  float64 // Welford over gaps in seconds
	functions int
	memoryMB  int
}

// Inspect reads t's source to the end and summarises it in O(functions +
// apps) memory. The inter-arrival CV is measured on the stream as given:
// for per-minute formats the caller chooses the spreading, and faassim
// trace inspect uses equidistant, so the CV measures how bursty the minute
// counts are, not the random placement inside minutes.
func Inspect(t *Trace) (*Summary, error) {
	s := &Summary{Functions: len(t.Functions), PerMinute: t.PerMinute, Warnings: t.Warnings}
	appOf := make([]int, len(t.Functions))
	appIdx := map[string]int{}
	var apps []appAcc
	for i, f := range t.Functions {
		a, ok := appIdx[f.App]
		if !ok {
			a = len(apps)
			appIdx[f.App] = a
			apps = append(apps, appAcc{})
		}
		appOf[i] = a
		apps[a].functions++
		apps[a].memoryMB = max(apps[a].memoryMB, f.MemoryMB)
	}
	perFn := make([]int64, len(t.Functions))
	durSum := make([]float64, len(t.Functions))
	sk := metrics.NewSketch()
	var inv workload.Invocation
	var first, last sim.Time
	perDay := make([]int64, len(t.dayNumbers))
	for t.Source.Next(&inv) {
		if k := int((inv.Arrival + t.from) / DayLength); k < len(perDay) {
			perDay[k]++
		}
		if s.Invocations == 0 {
			first = inv.Arrival
		}
		last = inv.Arrival
		s.Invocations++
		perFn[inv.Function]++
		ms := inv.Duration.Milliseconds()
		durSum[inv.Function] += ms
		sk.Add(ms)
		a := &apps[appOf[inv.Function]]
		if a.n > 0 {
			a.gaps++
			g := (inv.Arrival - a.last).Seconds()
			d := g - a.mean
			a.mean += d / float64(a.gaps)
			a.m2 += d * (g - a.mean)
		}
		a.n++
		a.last = inv.Arrival
	}
	if err := t.Source.Err(); err != nil {
		return nil, err
	}
	for k, n := range perDay {
		s.Days = append(s.Days, DayCount{Day: t.dayNumbers[k], Invocations: n, WindowS: t.dayWindow(k).Seconds()})
	}
	span := t.Span
	if span <= 0 {
		span = last - first
	}
	s.SpanS = span.Seconds()
	s.Apps = len(apps)
	if sk.Count() > 0 {
		s.DurationMS = Percentiles{sk.Quantile(0), sk.Quantile(0.01), sk.Quantile(0.25), sk.Quantile(0.5),
			sk.Quantile(0.75), sk.Quantile(0.99), sk.Quantile(1)}
	}

	var rates, avgs, lnAvgs []float64
	trig := map[string][2]float64{}
	for i, n := range perFn {
		tr := t.Functions[i].Trigger
		if tr == "" {
			tr = "unknown"
		}
		c := trig[tr]
		c[0]++
		c[1] += float64(n)
		trig[tr] = c
		if s.SpanS > 0 {
			rates = append(rates, float64(n)/s.SpanS)
		}
		if n > 0 {
			s.FunctionsInvoked++
			avg := durSum[i] / float64(n)
			avgs = append(avgs, avg)
			if avg > 0 {
				lnAvgs = append(lnAvgs, math.Log(avg/1000))
			}
			if avg < 1000 {
				s.FunctionsAvgUnder1sPct++
			}
		}
	}
	s.FunctionRatePerS = percentilesOf(rates)
	s.FunctionAvgDurationMS = percentilesOf(avgs)
	s.FunctionAvgDurationLnMu, s.FunctionAvgDurationLnSd = meanSD(lnAvgs)
	s.FunctionsAvgUnder1sPct = pct(s.FunctionsAvgUnder1sPct, float64(s.FunctionsInvoked))
	s.Triggers = map[string]TriggerShare{}
	for k, c := range trig {
		s.Triggers[k] = TriggerShare{pct(c[0], float64(len(perFn))), pct(c[1], float64(s.Invocations))}
	}

	var perMin, perHour, single, upTo10 float64
	var counts []int64
	var cvs, mems []float64
	cvAbove := 0.0
	for _, a := range apps {
		counts = append(counts, a.n)
		if a.n > 0 {
			s.AppsInvoked++
		}
		if s.SpanS > 0 {
			if float64(a.n) <= s.SpanS/60 {
				perMin++
			}
			if float64(a.n) <= s.SpanS/3600 {
				perHour++
			}
		}
		if a.functions == 1 {
			single++
		}
		if a.functions <= 10 {
			upTo10++
		}
		if a.memoryMB > 0 {
			mems = append(mems, float64(a.memoryMB))
		}
		if a.n >= MinCVInvocations && a.mean > 0 {
			// a.mean and a.m2 are Welford's running moments, kept as the
			// trace streams by (gonum's stat needs every gap in memory).
			cv := math.Sqrt(a.m2/float64(a.gaps)) / a.mean
			cvs = append(cvs, cv)
			if cv > 1 {
				cvAbove++
			}
		}
	}
	nApps := float64(len(apps))
	s.AppsAtMostOncePerMinutePct, s.AppsAtMostOncePerHourPct = pct(perMin, nApps), pct(perHour, nApps)
	s.SingleFunctionAppsPct, s.AppsUpTo10FunctionsPct = pct(single, nApps), pct(upTo10, nApps)
	s.AppsWithCV = len(cvs)
	s.AppsIATCVAbove1Pct = pct(cvAbove, float64(len(cvs)))
	s.AppIATCV = percentilesOf(cvs)
	s.MemoryMB = percentilesOf(mems)
	slices.SortFunc(counts, func(a, b int64) int { return int(min(max(b-a, -1), 1)) })
	top := int(math.Ceil(TopAppsFraction * nApps))
	s.TopApps = top
	var topSum int64
	for _, c := range counts[:top] {
		topSum += c
	}
	s.TopAppsShareOfInvocationsPct = pct(float64(topSum), float64(s.Invocations))
	return s, nil
}

func pct(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return 100 * a / b
}

// percentilesOf returns exact percentiles (linear interpolation between
// order statistics) of v, which it sorts. It stays hand-written: its rank
// is p x (n - 1) (Hyndman and Fan's type 7, R's and NumPy's default), which
// gonum's stat.Quantile does not offer (its LinInterp is type 4, rank p x
// n): switching would change every figure `trace inspect` prints.
func percentilesOf(v []float64) Percentiles {
	if len(v) == 0 {
		return Percentiles{}
	}
	slices.Sort(v)
	q := func(p float64) float64 {
		x := p * float64(len(v)-1)
		i := int(x)
		if i+1 >= len(v) {
			return v[len(v)-1]
		}
		return v[i] + (v[i+1]-v[i])*(x-float64(i))
	}
	return Percentiles{v[0], q(0.01), q(0.25), q(0.5), q(0.75), q(0.99), v[len(v)-1]}
}

// meanSD returns the mean and the population standard deviation (divided
// by n: the fit of a lognormal by moments) of v, zeros when it is empty.
func meanSD(v []float64) (float64, float64) {
	if len(v) == 0 {
		return 0, 0
	}
	return stat.PopMeanStdDev(v, nil)
}
