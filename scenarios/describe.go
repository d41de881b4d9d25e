package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"faassim/models/metrics"
	"faassim/models/pricing"
)

// describe fills what a report needs to stand alone: the workload, the
// assumptions behind every platform's numbers, read from the resolved plans
// (what ran, not what the file said), and the price sheets used.
func (plan *Plan) describe(res *metrics.Results) {
	s := plan.s
	res.Description = strings.TrimSpace(s.Description)
	if syn := s.Workload.Synthetic; syn != nil {
		for _, f := range syn.Functions {
			res.Workload = append(res.Workload, functionLine(f))
		}
	}
	res.Workload = append(res.Workload, s.replayLines(plan.functions)...)
	res.Assumptions = append(res.Assumptions,
		monthLine(s.month()),
		fmt.Sprintf("Every platform sees the same requests (seed %d); differences are the platforms', not the workload's.", s.Seed),
		cpuAssumption)
	if line := archAssumption(plan); line != "" {
		res.Assumptions = append(res.Assumptions, line)
	}
	for i, pl := range plan.platforms {
		st := pl.settings()
		res.Assumptions = append(res.Assumptions, platformLine(s.Platforms[i].Name, st))
		for _, sheet := range pl.priceSheets() {
			addSheet(res, sheet)
		}
	}
}

// cpuAssumption states how durations move between platforms.
const cpuAssumption = "Durations are taken as measured at each function's memory_mb on AWS Lambda, whose CPU grows with memory " +
	"(1,769 MB = 1 vCPU), and scaled on every platform by its CPU share: d = d_io + d_cpu x cpu(measured)/cpu(platform), " +
	"cpu(m) = min(m / 1,769 MB, 1) vCPU (single-threaded code: more vCPUs do not shorten a request), " +
	"the CPU-bound part set by cpu_bound_fraction (default 1, all CPU). A function without memory_mb runs as given everywhere. " +
	"Each platform's factor per function is listed below (x0.5: twice as fast)."

// addSheet lists a price sheet among the results' once.
func addSheet(res *metrics.Results, sheet *pricing.Sheet) {
	if !slices.ContainsFunc(res.PriceSheets, func(r metrics.SheetRef) bool { return r.Name == sheet.Name }) {
		res.PriceSheets = append(res.PriceSheets, metrics.SheetRef{Name: sheet.Name, Provider: sheet.Provider,
			Product: sheet.Product, Region: sheet.Region, Effective: sheet.Effective, Source: sheet.Source})
	}
}

func functionLine(f Function) string {
	a := f.Arrival
	var arr string
	switch a.Process {
	case "diurnal":
		arr = fmt.Sprintf("diurnal, %g/s on average, +-%.0f%% over %s, peak at %s", a.RatePerS, 100*a.Amplitude, short(orDay(a.Period)), short(time.Duration(a.Peak)))
	case "mmpp":
		arr = fmt.Sprintf("bursts of %g/s lasting %s on average, every %s on average, %g/s between", a.BurstRatePerS, short(time.Duration(a.BurstMean)), short(time.Duration(a.QuietMean)), a.RatePerS)
	case "replay":
		arr = fmt.Sprintf("%d listed arrivals", len(a.At))
	case "cron":
		arr = fmt.Sprintf("cron(%s), UTC", a.Expression)
	default:
		arr = fmt.Sprintf("%s, %g/s", a.Process, a.RatePerS)
	}
	mem := "no memory_mb: durations as given"
	if f.MemoryMB > 0 {
		mem = fmt.Sprintf("measured at %d MB", f.MemoryMB)
	}
	dur := "duration " + distLine(f.Duration)
	if len(f.Payloads) > 0 {
		if d, err := f.durationDist(); err == nil {
			dur = "durations by payload class " + d.String()
		}
	}
	if sp := f.SpeedByArchitecture.factors(); len(sp) > 0 {
		dur += "; durations x" + archFactorsText(sp)
	}
	return fmt.Sprintf("%s (%s, %s): %s; %s", f.Name, cmp.Or(f.Runtime, "no runtime"), mem, arr, dur)
}

func orDay(d Duration) time.Duration {
	if d == 0 {
		return 24 * time.Hour
	}
	return time.Duration(d)
}

func distLine(d Dist) string {
	if b, err := d.Build(); err == nil {
		return b.String()
	}
	return d.Dist
}

// platformLine states a resolved platform in one line.
func platformLine(name string, st metrics.Settings) string {
	var parts []string
	preset := "preset " + st.Preset
	if st.Architecture != "" {
		preset += " (" + st.Architecture + ")"
	}
	parts = append(parts, preset)
	if st.Replica != nil {
		r := st.Replica
		parts = append(parts, fmt.Sprintf("replicas of %g vCPU, %g GB, %d concurrent %s, %s to start",
			r.VCPU, r.MemoryGB, r.Slots, plural(r.Slots, "request", "requests"), short(time.Duration(r.StartupS*float64(time.Second)))))
		parts = append(parts, st.Scaling)
		if st.Node != "" {
			parts = append(parts, fmt.Sprintf("%d replicas per %s node", st.PerNode, st.Node))
		}
		if st.QueueLimit > 0 {
			parts = append(parts, fmt.Sprintf("queue of %d, overflow rejected", st.QueueLimit))
		} else {
			parts = append(parts, "unbounded queue")
		}
		if st.RequestTimeS > 0 {
			parts = append(parts, fmt.Sprintf("requests time out %s after arrival (the load balancer's; the replica finishes them)",
				short(time.Duration(st.RequestTimeS*float64(time.Second)))))
		} else {
			parts = append(parts, "no load-balancer timeout")
		}
	} else {
		parts = append(parts, faasParts(st)...)
	}
	parts = append(parts, functionsPart(st))
	if st.PriceSheet != "" {
		free := "free tier off"
		if st.FreeTier {
			free = "free tier on"
		}
		parts = append(parts, fmt.Sprintf("prices %s (%s), %s", st.PriceSheet, st.Billing, free))
	} else {
		parts = append(parts, "no price sheet: costs are zero")
	}
	parts = append(parts, st.BillingExtras...)
	return name + ": " + strings.Join(parts, "; ")
}

func faasParts(st metrics.Settings) []string {
	parts := []string{st.KeepAlive, fmt.Sprintf("%d %s per instance", st.PerInstance, plural(st.PerInstance, "request", "requests"))}
	per := st.InstancesPer
	if per == "app" {
		parts = append(parts, "instances shared by the functions of an app, each with the largest memory among them")
	}
	if st.AccountLimit > 0 {
		parts = append(parts, fmt.Sprintf("account limit %d in flight", st.AccountLimit))
	}
	if st.MaxInstances > 0 {
		parts = append(parts, fmt.Sprintf("at most %d instances per %s", st.MaxInstances, per))
	}
	if st.ScaleRate != "" {
		n, d, _ := strings.Cut(st.ScaleRate, "/")
		parts = append(parts, fmt.Sprintf("+%s instances per %s per %s", n, d, per))
	}
	if st.OnLimit == "queue" {
		wait := "as long as the run"
		if st.MaxWaitS > 0 {
			wait = "up to " + short(time.Duration(st.MaxWaitS*float64(time.Second)))
		}
		parts = append(parts, "throttled requests queued "+wait)
	} else {
		parts = append(parts, "throttled requests rejected")
	}
	if st.Provisioned > 0 {
		parts = append(parts, fmt.Sprintf("%d provisioned %s per %s", st.Provisioned, plural(st.Provisioned, "instance", "instances"), per))
	}
	if st.ColdStart != "" {
		parts = append(parts, "cold starts "+st.ColdStart)
	}
	return parts
}

// functionsPart lists how each function runs: memory, CPU and the factor on
// its durations; a long list is summarised.
func functionsPart(st metrics.Settings) string {
	if st.FunctionsTotal > len(st.Functions) || len(st.Functions) > 8 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, f := range st.Functions {
			lo, hi = math.Min(lo, f.SpeedFactor), math.Max(hi, f.SpeedFactor)
		}
		factors := fmt.Sprintf("x%.3g to x%.3g", lo, hi)
		if fmt.Sprintf("%.3g", lo) == fmt.Sprintf("%.3g", hi) {
			factors = fmt.Sprintf("x%.3g", lo) // all the same: not "x1 to x1"
		}
		return fmt.Sprintf("%d functions, durations %s among the first %d", st.FunctionsTotal, factors, len(st.Functions))
	}
	var fs []string
	for _, f := range st.Functions {
		var b strings.Builder
		b.WriteString(f.Name)
		if f.MemoryMB > 0 {
			fmt.Fprintf(&b, " at %d MB", f.MemoryMB)
		}
		fmt.Fprintf(&b, " (%.3g vCPU", f.VCPU)
		if f.MeasuredMB > 0 {
			fmt.Fprintf(&b, ", durations x%.3g of those measured at %d MB", f.SpeedFactor, f.MeasuredMB)
		} else {
			b.WriteString(", durations as given")
		}
		if f.ColdStart != "" && st.ColdStart == "" {
			b.WriteString(", cold start " + f.ColdStart)
		}
		if f.TimeoutS > 0 && st.Replica != nil {
			b.WriteString(", runs cut at " + short(time.Duration(f.TimeoutS*float64(time.Second))))
		}
		b.WriteString(")")
		fs = append(fs, b.String())
	}
	return "functions " + strings.Join(fs, ", ")
}

// short formats a duration without zero units: 24h, 6m, 1m30s.
func short(d time.Duration) string { return metrics.ShortDuration(d.Seconds()) }

// archAssumption states the default speed factor where it matters: a
// platform runs on arm64 and a function gives no arm64 factor, so its
// durations there are those measured (on x86_64, as a rule).
func archAssumption(plan *Plan) string {
	arm := slices.ContainsFunc(plan.platforms, func(pl platformPlan) bool { return pl.settings().Architecture == "arm64" })
	syn := plan.s.Workload.Synthetic
	if !arm {
		return ""
	}
	var unset []string
	if syn == nil {
		unset = append(unset, "every traced function")
	} else {
		for _, f := range syn.Functions {
			if _, ok := f.SpeedByArchitecture.factors()["arm64"]; !ok {
				unset = append(unset, f.Name)
			}
		}
	}
	if len(unset) == 0 {
		return ""
	}
	return "On arm64, durations are as measured (speed factor 1) for " + strings.Join(unset, ", ") +
		": faassim assumes no speed difference between architectures unless speed_by_architecture says so, since none holds for all code " +
		"(AWS says Lambda on Graviton2 is designed to deliver \"up to 19 percent better performance\", aws.amazon.com/blogs/aws, 2021-09-29)."
}
