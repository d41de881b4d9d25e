package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"faassim/models/coldstart"
	"faassim/scenarios/iac"
	"faassim/scenarios/trace"
)

// buildCalibrated writes the fits into a scenario: the base's, or a new
// one with one AWS Lambda platform.
func buildCalibrated(cal *Calibration, opt CalibrateOptions) (*Scenario, Comments, error) {
	c := Comments{}
	// Logs name functions as deployed; a deployment file by key or
	// logical ID, and by deployed name where it can tell.
	deployed := map[string]iac.Function{}
	for _, f := range opt.Deployed {
		if f.DeployedName != "" {
			deployed[f.DeployedName] = f
		}
	}
	for _, f := range opt.Deployed {
		deployed[f.Name] = f
	}
	var s *Scenario
	if opt.Base != nil {
		cp := *opt.Base
		cp.Platforms = slices.Clone(opt.Base.Platforms)
		cp.src, cp.cache = nil, nil
		s = &cp
	} else {
		s = &Scenario{Name: "calibrated", Seed: opt.Seed, Platforms: []Platform{{Name: "lambda", Preset: "aws-lambda-x86"}}}
		if len(opt.Deployed) > 0 && opt.Deployed[0].Architecture == "arm64" {
			s.Platforms[0].Preset = "aws-lambda-arm"
		}
	}
	ttl := cal.KeepAlive.TTL
	// The fitted arrivals start with no instance warm: a warm-up of one
	// keep-alive (10 minutes at least) lets the pool of instances reach
	// its steady state before anything is counted.
	warm := max(ttl, 10*time.Minute)
	win := cal.Window.Round(time.Minute)
	if win < cal.Window {
		win += time.Minute
	}
	s.Warmup, s.Horizon = Duration(warm), Duration(warm+max(win, time.Minute))
	if opt.Arrivals == "replay" {
		// The replay is the logs' own window: measured whole, so that it
		// compares with them request for request (its first requests meet
		// no instance left warm from before the logs, a small bias).
		s.Warmup, s.Horizon = 0, Duration(win+time.Minute)
	}

	// Functions: the base's by name, else new ones.
	var fns, fresh, old []Function
	fitted := map[string]Comments{} // function name -> its fields' comments (".duration")
	if opt.Base != nil && opt.Base.Workload.Synthetic != nil {
		old = opt.Base.Workload.Synthetic.Functions
	}
	var runtimes []string
	for i, fc := range cal.Functions {
		f := Function{Name: fc.Name}
		if k := slices.IndexFunc(old, func(o Function) bool { return o.Name == fc.Name }); k >= 0 {
			f = old[k]
		} else if opt.Base != nil {
			cal.Warnings = append(cal.Warnings, fmt.Sprintf("function %s is in the logs but not in the base scenario: added", fc.Name))
		}
		if d, ok := deployed[fc.Name]; ok {
			f.Timeout = Duration(d.Timeout)
			if d.Family != "" {
				f.Runtime = d.Family
			}
			if d.MemoryMB != 0 && fc.MemorySizeMB != 0 && d.MemoryMB != fc.MemorySizeMB {
				cal.Functions[i].Warnings = append(cal.Functions[i].Warnings, fmt.Sprintf("the deployment file says %d MB, the logs %d MB: the logs' is used (the durations were measured there)", d.MemoryMB, fc.MemorySizeMB))
			}
			if fc.MemorySizeMB == 0 {
				f.MemoryMB = d.MemoryMB
			}
		} else if len(opt.Deployed) > 0 {
			cal.Functions[i].Warnings = append(cal.Functions[i].Warnings, "not in the deployment file (--functions-from): its memory comes from the logs, its timeout is the product's")
		}
		if fc.MemorySizeMB != 0 {
			f.MemoryMB = fc.MemorySizeMB
		}
		if f.Runtime == "" {
			f.Runtime = opt.Runtime
		}
		if f.Runtime == "" && cal.Init == nil {
			// No INIT to fit and no runtime: the scenario needs one for
			// the default cold start.
			f.Runtime = "python"
			cal.Functions[i].Warnings = append(cal.Functions[i].Warnings, "no runtime known and no cold line to fit: python's published cold start is used (give --runtime or --functions-from)")
		}
		runtimes = append(runtimes, f.Runtime)
		cal.Functions[i].Runtime = f.Runtime
		f.Duration = fc.Duration.Dist
		f.Arrival = fc.Arrival.Arrival
		if f.Arrival.Process == "" && opt.Arrivals == "fit" {
			return nil, nil, logsErrorf("calibrate: function %s: %s: its arrivals cannot be fitted", fc.Name, fc.Arrival.Reason)
		}
		fitted[f.Name] = Comments{
			".duration":  {fmt.Sprintf("duration: %s, from %d reports (%d kept for the fit)", fc.Duration.Reason, fc.Reports, fc.Duration.N)},
			".arrival":   {fmt.Sprintf("arrivals: %.6g/s over %v; %s", fc.Arrival.RatePerS, cal.Window.Round(time.Second), fc.Arrival.Reason)},
			".memory_mb": {fmt.Sprintf("memory: %d MB configured (Memory Size); used at most %d MB, p99 %.0f MB (Max Memory Used)", fc.MemorySizeMB, fc.MaxMemoryUsedMB, fc.P99MemoryUsedMB)},
		}
		fresh = append(fresh, f)
	}
	// The base's functions in its order, the fitted ones in their place,
	// then those only the logs have.
	for _, o := range old {
		k := slices.IndexFunc(fresh, func(f Function) bool { return f.Name == o.Name })
		if k < 0 {
			cal.Warnings = append(cal.Warnings, fmt.Sprintf("function %s of the base scenario is not in the logs: kept as it was", o.Name))
			fns = append(fns, o)
			continue
		}
		fns = append(fns, fresh[k])
		fresh = slices.Delete(fresh, k, k+1)
	}
	fns = append(fns, fresh...)
	for i, f := range fns {
		for field, lines := range fitted[f.Name] {
			c[fnKey(i)+field] = lines
		}
	}
	if opt.Arrivals == "replay" {
		ts := &TraceSpec{Format: trace.FormatLambdaReport, Function: opt.ReplayFunction}
		if len(opt.ReplayPaths) == 1 {
			ts.Path = opt.ReplayPaths[0]
		} else {
			ts.Paths = opt.ReplayPaths
		}
		s.Workload = Workload{Trace: ts}
		c["$.workload"] = []string{"the observed arrivals and durations, replayed from the logs (--arrivals replay)"}
	} else {
		s.Workload = Workload{Synthetic: &Synthetic{Functions: fns}}
	}

	cs := calibratedColdStart(cal, runtimes)
	for i := range s.Platforms {
		p := &s.Platforms[i]
		if p.Kind == "container" {
			continue
		}
		p.KeepAlive = KeepAlive{Policy: "fixed", TTL: Duration(ttl)}
		if cs != nil {
			p.ColdStart = cs
		}
		path := fmt.Sprintf("$.platforms[%d]", i)
		c[path+".keep_alive"] = ttlComment(cal)
		if cs != nil {
			c[path+".cold_start"] = []string{
				fmt.Sprintf("init: Init Duration of the %d cold lines: %s", cal.Cold, cal.Init.Reason),
				fmt.Sprintf("overhead: an assumption. Lambda's Init Duration leaves out the sandbox set-up, which no log shows; it is taken as the non-INIT share (%.0f%%) of the published %s hello-world cold start (Shilkov 2021, mikhail.io/serverless/coldstarts/aws/)",
					100*(1-coldstart.InitShare(cal.OverheadRuntime)), cal.OverheadRuntime),
			}
		}
	}
	c["$"] = headComment(cal, opt)
	return s, c, nil
}

// calibratedColdStart is {overhead, init}: the INIT fit pooled over the
// functions (the scenario format has one cold start per platform) and the
// overhead assumed from the most common runtime.
func calibratedColdStart(cal *Calibration, runtimes []string) *ColdStart {
	rt, n := "", 0
	for _, r := range runtimes {
		if c := countOf(runtimes, r); r != "" && c > n {
			rt, n = r, c
		}
	}
	if rt == "" {
		rt = "python"
		cal.Warnings = append(cal.Warnings, "no runtime known (give --functions-from or --runtime): the cold-start overhead assumes python's")
	}
	cal.OverheadRuntime = rt
	if cal.Init == nil {
		return nil
	}
	split, err := coldstart.Default("aws", rt, 0)
	if err != nil {
		return nil
	}
	share := 1 - split.InitShare
	// Each draw's overhead is a fixed share of the total, so its
	// quantiles are the total's times that share.
	at := func(q float64) Duration { return roundMicros(share * float64(split.Quantile(q))) }
	cal.Overhead = Dist{Dist: "lognormal", Median: at(0.5), P99: at(0.99)}
	init := cal.Init.Dist
	var medians []float64
	for _, f := range cal.Functions {
		if f.Init != nil {
			medians = append(medians, float64(f.Init.P50))
		}
	}
	if len(medians) > 1 && slices.Max(medians) > 1.25*slices.Min(medians) {
		cal.Warnings = append(cal.Warnings, fmt.Sprintf("INIT medians differ across functions (%v to %v): the scenario format has one cold start per platform, so they are pooled",
			time.Duration(slices.Min(medians)).Round(time.Millisecond), time.Duration(slices.Max(medians)).Round(time.Millisecond)))
	}
	ov := cal.Overhead
	return &ColdStart{Overhead: &ov, Init: &init}
}

func countOf(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

func ttlComment(cal *Calibration) []string {
	k := cal.KeepAlive
	i := slices.Index(k.Grid, k.TTL)
	var near []string
	for j := max(i-1, 0); j <= min(i+1, len(k.Grid)-1); j++ {
		near = append(near, fmt.Sprintf("%s %.4f", shortDuration(k.Grid[j]), k.SimRatio[j]))
	}
	return []string{
		fmt.Sprintf("keep-alive: the fixed TTL whose replay of the observed arrivals and durations gives the cold-start ratio closest to the observed %.4f (%d of %d reports had an Init or Restore Duration)",
			k.Observed, cal.Cold, cal.Reports),
		fmt.Sprintf("grid %s to %s (%d values: 1-30 min by the minute, then 45 and 60 min by default); replayed ratios near the choice: %s",
			shortDuration(k.Grid[0]), shortDuration(k.Grid[len(k.Grid)-1]), len(k.Grid), strings.Join(near, ", ")),
	}
}

func headComment(cal *Calibration, opt CalibrateOptions) []string {
	h := []string{
		"Calibrated by faassim calibrate from AWS Lambda REPORT logs" + sourcesText(opt.Sources) + ".",
		fmt.Sprintf("%d reports of %d %s over %v; %d cold (%.2f%%).", cal.Reports, len(cal.Functions), plural(len(cal.Functions), "function", "functions"), cal.Window.Round(time.Second), cal.Cold, 100*float64(cal.Cold)/float64(max(cal.Reports, 1))),
		fmt.Sprintf("Fits use at most %d samples a function (a seeded uniform reservoir); a lognormal is used when its p50/p90/p99 are within %.0f%% of the sample's and it has %d samples or more, else empirical percentiles.",
			cal.ReservoirSize, 100*cal.MaxQuantileError, cal.MinFit),
	}
	if opt.Arrivals == "replay" {
		h = append(h, "The logs are replayed over their own window, measured whole, so costs compare with the observed ones.")
	} else {
		h = append(h, "The warm-up is one keep-alive (at least 10 min) and the measured window the logs' length, so costs compare with the observed ones.")
	}
	for _, w := range cal.Warnings {
		h = append(h, "warning: "+w)
	}
	for _, f := range cal.Functions {
		for _, w := range f.Warnings {
			h = append(h, "warning: "+f.Name+": "+w)
		}
	}
	return h
}

func sourcesText(src []string) string {
	switch {
	case len(src) == 0:
		return ""
	case len(src) <= 3:
		return " (" + strings.Join(src, ", ") + ")"
	}
	return fmt.Sprintf(" (%s and %d more)", strings.Join(src[:3], ", "), len(src)-3)
}

// durText prints a duration to three significant digits.
func durText(d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	unit := time.Duration(math.Pow(10, math.Floor(math.Log10(float64(d)))-2))
	return d.Round(max(unit, time.Microsecond)).String()
}
