package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/scenarios/trace"
	"faassim/sim"
)

// Observation is what Lambda logs observed, accumulated in constant
// memory: counts, a sketch of the durations (within 1%, see
// metrics.Sketch) and the billed GB-seconds.
type Observation struct {
	Sources       []string
	Reports, Cold int64
	// Duration is Lambda's Duration (execution, INIT excluded), ms.
	Duration *metrics.Sketch
	// BilledGBSeconds sums Billed Duration x Memory Size (GB of 1,024 MB).
	BilledGBSeconds float64
	// First is the earliest arrival and Last the latest end of the timed
	// reports (ns since the epoch); Timed counts those reports.
	First, Last int64
	Timed       int64
	// Functions counts the reports of each function the logs name.
	Functions map[string]int64
}

// Window is from the first arrival to the last end (0 with no timestamp).
func (o *Observation) Window() time.Duration { return time.Duration(o.Last - o.First) }

// Observe reads the logs once.
func Observe(src ReportSource, sources []string) (*Observation, error) {
	o := &Observation{Sources: sources, Duration: metrics.NewSketch(), Functions: map[string]int64{}}
	err := src(func(r *trace.LambdaReport) error {
		o.Reports++
		o.Functions[r.Function]++
		if r.Cold {
			o.Cold++
		}
		o.Duration.Add(r.Duration.Milliseconds())
		// Billed Duration already holds the INIT (billed since August
		// 2025) and the Billed Restore Duration of a SnapStart restore:
		// published REPORT lines add up so (154 ms billed for a Duration
		// of 127.10 ms and a Billed Restore Duration of 26 ms).
		o.BilledGBSeconds += r.Billed.Seconds() * float64(r.MemorySizeMB) / 1024
		if r.HasTime {
			if a := r.Arrival(); o.Timed == 0 || a < o.First {
				o.First = a
			}
			o.Last = max(o.Last, r.End)
			o.Timed++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if o.Reports == 0 {
		return nil, logsErrorf("compare-observed: the logs hold no REPORT line")
	}
	return o, nil
}

// CompareObserved puts a run's predictions next to the observation for
// every FaaS platform of res, or the one named platform. The run must have
// been made with Options.Execution (for the execution percentiles and the
// billed GB-seconds). Predicted GB-seconds and cost are scaled from the
// run's measured window to the logs' window; observed cost prices the
// logs' requests and billed GB-seconds with the platform's price sheet,
// without free tier.
func CompareObserved(res metrics.Results, obs *Observation, platform string, opt Options) (*metrics.ObservedComparison, error) {
	c := &metrics.ObservedComparison{Sources: obs.Sources, Reports: obs.Reports, ColdStarts: obs.Cold, WindowS: obs.Window().Seconds()}
	c.Notes = append(c.Notes,
		"cold-start ratio: observed is reports with an Init or Restore Duration over all reports; predicted is the run's cold starts over requests served",
		"duration: Lambda's Duration (execution, INIT excluded) against the run's executions; percentiles within 1% (a sketch)",
		"billed GB-s: observed sums Billed Duration x Memory Size; cost prices the logs' requests and GB-s with each platform's price sheet, without free tier")
	// The observed cold-start ratio is itself a sample: its binomial
	// standard error, sqrt(p(1-p)/n), says how far a faithful prediction
	// may land from it; a prediction from few replications adds its own.
	if n := float64(obs.Reports); n > 0 {
		p := float64(obs.Cold) / n
		se := math.Sqrt(p * (1 - p) / n)
		note := fmt.Sprintf("sampling error: the observed cold-start ratio %.2f%% of %d reports is itself uncertain by about +-%.2f points (1.96 standard errors)",
			100*p, obs.Reports, 196*se)
		if res.Replications < 10 {
			note += fmt.Sprintf("; the prediction comes from %d replication(s) of the same size, as uncertain again: run with --replications 10 or more before reading an error as the model's", res.Replications)
		}
		c.Notes = append(c.Notes, note)
	}
	runWindow := res.HorizonS - res.WarmupS
	scale := 1.0
	if c.WindowS > 0 && runWindow > 0 {
		scale = c.WindowS / runWindow
		if math.Abs(scale-1) > 0.01 {
			c.Notes = append(c.Notes, fmt.Sprintf("the run measured %v and the logs cover %v: predicted GB-s and cost are scaled by %.4g to the logs' window",
				time.Duration(runWindow*1e9).Round(time.Second), obs.Window().Round(time.Second), scale))
		}
	} else {
		c.Notes = append(c.Notes, "the logs have no timestamps: no window to price them over, so GB-s and cost are left out")
	}
	found := false
	for _, p := range res.Platforms {
		if p.Kind == "container" || (platform != "" && p.Name != platform) {
			if platform != "" && p.Name == platform {
				return nil, logsErrorf("--compare-platform %s: a container platform; logs are compared with FaaS platforms", platform)
			}
			continue
		}
		found = true
		op := metrics.ObservedPlatform{Platform: p.Name}
		op.Rows = append(op.Rows, row("cold_start_ratio", ptr(p.ColdStartRatio), float64(obs.Cold)/float64(obs.Reports)))
		var p50, p99 *float64
		if p.Execution != nil && p.Completed > 0 {
			p50, p99 = ptr(p.Execution.DurationMS.P50), ptr(p.Execution.DurationMS.P99)
		}
		op.Rows = append(op.Rows, row("duration_p50_ms", p50, obs.Duration.Quantile(0.5)), row("duration_p99_ms", p99, obs.Duration.Quantile(0.99)))
		if c.WindowS > 0 {
			var gbs *float64
			if p.Execution != nil {
				gbs = ptr(p.Execution.BilledGBSeconds * scale)
			}
			op.Rows = append(op.Rows, row("billed_gb_s", gbs, obs.BilledGBSeconds))
			if p.Settings != nil && p.Settings.PriceSheet != "" {
				op.PriceSheet = p.Settings.PriceSheet
				sh, err := lookupSheet(p.Settings.PriceSheet, opt.Prices)
				if err != nil {
					return nil, err
				}
				month := sim.FromSeconds(res.MonthS)
				if month <= 0 {
					month = pricing.DefaultMonth
				}
				cost, _ := sh.Bill(pricing.Usage{Requests: obs.Reports, GBSeconds: obs.BilledGBSeconds}, sim.FromSeconds(c.WindowS), month, false)
				op.Rows = append(op.Rows, row("cost_usd", ptr(p.CostUSD.Total*scale), cost.Total))
			}
		}
		c.Platforms = append(c.Platforms, op)
	}
	if platform != "" && !found {
		return nil, logsErrorf("--compare-platform %s: no such platform in %s", platform, res.Scenario)
	}
	if !found {
		return nil, logsErrorf("compare-observed: %s has no FaaS platform to compare with the logs", res.Scenario)
	}
	return c, nil
}

func row(metric string, predicted *float64, observed float64) metrics.ObservedRow {
	r := metrics.ObservedRow{Metric: metric, Predicted: predicted, Observed: observed}
	if predicted != nil && observed != 0 {
		r.RelativeError = ptr((*predicted - observed) / observed)
	}
	return r
}

func ptr(x float64) *float64 { return &x }

// ForObserved is s cut to the functions the logs name, so that predicted
// and observed cover the same requests: a synthetic workload's functions
// without logs are left out of the run, and notes say what was left out
// on either side. A scenario none of whose functions the logs name, or a
// trace workload, is compared whole.
func (s *Scenario) ForObserved(obs *Observation) (*Scenario, []string) {
	syn := s.Workload.Synthetic
	if syn == nil {
		return s, nil
	}
	var keep []int
	var kept, dropped []string
	inScenario := map[string]bool{}
	for i, f := range syn.Functions {
		inScenario[f.Name] = true
		if obs.Functions[f.Name] > 0 {
			keep = append(keep, i)
			kept = append(kept, f.Name)
		} else {
			dropped = append(dropped, f.Name)
		}
	}
	var notes []string
	var onlyLogs []string
	for _, name := range slices.Sorted(maps.Keys(obs.Functions)) {
		if !inScenario[name] {
			onlyLogs = append(onlyLogs, name)
		}
	}
	if len(onlyLogs) > 0 {
		notes = append(notes, fmt.Sprintf("in the logs but not in the scenario: %s (their reports count on the observed side only)", strings.Join(onlyLogs, ", ")))
	}
	if len(keep) == 0 {
		return s, append(notes, "no function of the scenario is named in the logs: the whole scenario is compared with them")
	}
	if len(dropped) == 0 {
		return s, notes
	}
	c := *s
	c.Workload.Synthetic = &Synthetic{Functions: make([]Function, len(keep))}
	for to, fi := range keep {
		c.Workload.Synthetic.Functions[to] = syn.Functions[fi]
	}
	if s.src != nil {
		c.src = s.src.keepFunctions(keep)
	}
	c.cache = nil
	return &c, append(notes, fmt.Sprintf("run on the functions the logs name (%s); left out, having no logs: %s", strings.Join(kept, ", "), strings.Join(dropped, ", ")))
}
