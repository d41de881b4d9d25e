package scenarios

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"faassim/models/workload"
	"faassim/scenarios/iac"
)

// ImportOptions shape the scenario FromTemplate writes.
type ImportOptions struct {
	Name    string        // the scenario's name; "" is the template's service, else "imported"
	Horizon time.Duration // 0 is 24h: a day shows every daily schedule once
	File    string        // the deployment file's name, for problems
	// Logged names the functions whose production logs will calibrate
	// the scenario (import --logs): each gets one entry, without
	// placeholder comments, since the fit replaces its arrivals and
	// durations; a function triggered by one schedule and nothing else
	// keeps the schedule's arrivals (see CalibrateTemplate).
	Logged map[string]bool
}

// Placeholder values of a trigger without a schedule: the user replaces
// them (the file's comments say how).
const (
	PlaceholderRatePerS = 1.0
	placeholderDuration = 100 * time.Millisecond
)

// FromTemplate turns a deployment file's functions into a complete
// scenario: each function with its memory, timeout, ephemeral storage,
// runtime family and per-function limits; schedule events as arrivals at
// their times (rate as deterministic, cron as cron), one function entry per
// schedule (NAME, NAME-2, ... sharing the function's settings) so that
// every schedule is kept; other triggers as a marked PLACEHOLDER Poisson
// arrival; a Lambda platform for the functions' architecture (the most
// common one; a tie goes to x86_64) and a Fargate baseline sized for the
// largest function, autoscaled on concurrency. Template.Problems make it
// fail (every one listed); warnings and ignored counts go into the head
// comment. The comments are for Marshal.
func FromTemplate(t *iac.Template, opt ImportOptions) (*Scenario, Comments, error) {
	if len(t.Problems) > 0 {
		probs := make(Problems, len(t.Problems))
		for i, p := range t.Problems {
			probs[i] = Problem{File: opt.File, Line: p.Line, Path: p.Path, Reason: p.Reason}
		}
		return nil, nil, probs
	}
	if len(t.Functions) == 0 {
		return nil, nil, fmt.Errorf("the %s file defines no function", cmp.Or(t.Format, "deployment"))
	}
	horizon := cmp.Or(opt.Horizon, 24*time.Hour)
	s := &Scenario{Name: cmp.Or(opt.Name, t.Service, "imported"), Horizon: Duration(horizon)}
	cm := Comments{}
	syn := &Synthetic{}
	arch := map[string]int{}
	largestMB, placeholders := 0, 0
	var archs []string
	for _, f := range t.Functions {
		if switchedOff(f) {
			continue // said in the head comment
		}
		if arch[f.Architecture] == 0 {
			archs = append(archs, f.Architecture)
		}
		arch[f.Architecture]++
		largestMB = max(largestMB, f.MemoryMB)
		base := Function{Name: f.Name, Runtime: f.Family, MemoryMB: f.MemoryMB, EphemeralStorageMB: f.EphemeralStorageMB,
			Timeout: Duration(f.Timeout), ReservedConcurrency: f.ReservedConcurrency, Provisioned: f.ProvisionedConcurrency, SnapStart: f.SnapStart}
		var scheds, others, off []string
		for _, e := range f.Events {
			switch {
			case e.Kind == "schedule" && e.Enabled:
				scheds = append(scheds, e.Schedule)
			case e.Kind == "schedule":
				off = append(off, fmt.Sprintf("%s (line %d)", e.Schedule, e.Line))
			case !slices.Contains(others, e.Kind):
				others = append(others, e.Kind)
			}
		}
		offNote := func(k int) {
			if len(off) > 0 {
				cm[fnKey(k)] = append(cm[fnKey(k)], "Schedules switched off in the file, not simulated: "+strings.Join(off, ", ")+".")
			}
		}
		if opt.Logged[f.Name] {
			syn.Functions = append(syn.Functions, loggedEntry(base, scheds, others))
			k := len(syn.Functions) - 1
			cm[fnKey(k)] = []string{fmt.Sprintf("%s (line %d), triggered by %s; calibrated on its logs.", f.Name, f.Line, syn.Functions[k].Trigger)}
			offNote(k)
			continue
		}
		for i, expr := range scheds {
			fn := base
			if i > 0 {
				fn.Name = fmt.Sprintf("%s-%d", f.Name, i+1)
			}
			fn.Trigger = "schedule"
			arr, err := scheduleArrival(expr)
			if err != nil {
				return nil, nil, Problems{{File: opt.File, Line: f.Line, Path: "functions." + f.Name, Reason: err.Error()}}
			}
			fn.Arrival, fn.Duration = arr, placeholderDist()
			k := len(syn.Functions)
			note := []string{fmt.Sprintf("%s (line %d): schedule %s.", f.Name, f.Line, expr)}
			if len(scheds) > 1 {
				note = append(note, fmt.Sprintf("One entry per schedule of %s (%d), each with its settings.", f.Name, len(scheds)))
			}
			cm[fnKey(k)], cm[fnKey(k)+".duration"] = note, placeholderDurationNote(k)
			offNote(k)
			syn.Functions = append(syn.Functions, fn)
		}
		if len(scheds) == 0 || len(others) > 0 {
			fn := base
			if len(scheds) > 0 {
				fn.Name = f.Name + "-events"
			}
			fn.Trigger = cmp.Or(strings.Join(others, ","), "none")
			fn.Arrival, fn.Duration = placeholderArrival(), placeholderDist()
			k := len(syn.Functions)
			cm[fnKey(k)] = []string{fmt.Sprintf("%s (line %d), triggered by %s.", f.Name, f.Line, fn.Trigger)}
			cm[fnKey(k)+".arrival"] = []string{
				"PLACEHOLDER: set the requests a second this function gets: {process: poisson, rate_per_s: R},",
				"a daily swing {process: diurnal, rate_per_s: MEAN, amplitude: 0.5, peak: 14h}, or bursts",
				"{process: mmpp, rate_per_s: QUIET, burst_rate_per_s: BURST, burst_mean: 1m, quiet_mean: 10m}",
				fmt.Sprintf("(--set workload.synthetic.functions.%d.arrival.rate_per_s=RATE)", k)}
			cm[fnKey(k)+".duration"] = placeholderDurationNote(k)
			offNote(k)
			syn.Functions = append(syn.Functions, fn)
			placeholders++
		}
	}
	if len(syn.Functions) == 0 {
		return nil, nil, fmt.Errorf("every function of the file is switched off (reserved concurrency 0)")
	}
	s.Workload.Synthetic = syn
	// The platform's architecture: the most common, a tie to x86_64.
	slices.SortStableFunc(archs, func(a, b string) int {
		if arch[a] != arch[b] {
			return arch[b] - arch[a]
		}
		return cmp.Compare(archName(b), archName(a)) // x86_64 before arm64
	})
	lambda, fargate := "aws-lambda-x86", "aws-fargate-x86"
	if archs[0] == "arm64" {
		lambda, fargate = "aws-lambda-arm", "aws-fargate-arm"
	}
	s.Platforms = []Platform{
		{Name: "lambda", Preset: lambda},
		fargateBaseline(fargate, largestMB),
	}
	cm["$.platforms[0]"] = []string{fmt.Sprintf("AWS Lambda for the functions' architecture (%s).", archSummary(archs, arch))}
	if len(archs) > 1 {
		cm["$.platforms[0]"] = append(cm["$.platforms[0]"], "Mixed architectures: every function runs on the most common one here (set architecture: or add a platform).")
	}
	fg := s.Platforms[1]
	cm["$.platforms[1]"] = []string{
		"Container baseline: one Fargate service for all the functions, each task sized to hold the largest",
		fmt.Sprintf("function (%d MB and its Lambda CPU, 1 vCPU per 1,769 MB): %g vCPU, %g GB, %d request(s) at once,", largestMB, fg.Replica.VCPU, fg.Replica.MemoryGB, fg.Replica.Slots),
		"autoscaled on concurrency",
		fmt.Sprintf("(target %.1f of the slots busy, %d to %d tasks).", fg.Scaling.Target, fg.Scaling.Min, fg.Scaling.Max),
	}
	head := []string{fmt.Sprintf("Imported by faassim import from %s (%d functions).", formatName(t.Format), len(t.Functions))}
	logged := 0
	for _, f := range syn.Functions {
		if opt.Logged[f.Name] {
			logged++
		}
	}
	// The description says what is left to set, as the head comment does.
	s.Description = fmt.Sprintf("Imported from %s: %d functions. Set each PLACEHOLDER arrival and duration to your traffic before trusting the numbers.", formatName(t.Format), len(t.Functions))
	switch {
	case logged == len(syn.Functions):
		s.Description = fmt.Sprintf("Imported from %s: %d functions, calibrated on their logs.", formatName(t.Format), len(t.Functions))
	case logged > 0:
		s.Description = fmt.Sprintf("Imported from %s: %d functions, %d calibrated on their logs. Set the PLACEHOLDER arrival and duration of the others before trusting the numbers.", formatName(t.Format), len(t.Functions), logged)
	}
	switch {
	case logged == len(syn.Functions):
	case placeholders > 0 && logged == 0:
		head = append(head, fmt.Sprintf("%d functions have a PLACEHOLDER arrival (1 request a second) and every function a PLACEHOLDER duration (100ms): set them.", placeholders))
	case placeholders > 0:
		head = append(head, fmt.Sprintf("%d functions have a PLACEHOLDER arrival (1 request a second) and every function without logs a PLACEHOLDER duration (100ms): set them.", placeholders))
	case logged == 0:
		head = append(head, "Every function has a PLACEHOLDER duration (100ms): set it.")
	default:
		head = append(head, "Every function without logs has a PLACEHOLDER duration (100ms): set it.")
	}
	for _, f := range syn.Functions {
		if f.Arrival.Process == "cron" {
			head = append(head, fmt.Sprintf("Calendar: cron schedules fire in UTC from start (default %s).", DefaultStart.Format(time.RFC3339)))
			break
		}
	}
	for _, f := range t.Functions {
		if switchedOff(f) {
			head = append(head, fmt.Sprintf("Left out: %s (line %d) has reserved concurrency 0 (switched off).", f.Name, f.Line))
		}
	}
	for _, w := range t.Warnings {
		head = append(head, "Warning: "+problemText(w))
	}
	for _, k := range slices.Sorted(maps.Keys(t.Ignored)) {
		if t.Ignored[k] == 0 {
			continue
		}
		head = append(head, fmt.Sprintf("Ignored: %d %s.", t.Ignored[k], k))
	}
	cm["$.name"] = head
	s.ApplyDefaults()
	return s, cm, nil
}

// switchedOff says a function has reserved concurrency 0: it serves no
// request, so it is left out.
func switchedOff(f iac.Function) bool {
	return f.ReservedConcurrency != nil && *f.ReservedConcurrency == 0
}

// fnKey is the Comments key of function entry k; a field's key appends
// ".field".
func fnKey(k int) string { return fmt.Sprintf("$.workload.synthetic.functions[%d]", k) }

// placeholderArrival and placeholderDist are the arrivals and durations
// of a function whose traffic the deployment file cannot tell.
func placeholderArrival() Arrival { return Arrival{Process: "poisson", RatePerS: PlaceholderRatePerS} }
func placeholderDist() Dist {
	return Dist{Dist: "deterministic", Value: Duration(placeholderDuration)}
}

// placeholderDurationNote is the comment over function entry k's
// placeholder duration.
func placeholderDurationNote(k int) []string {
	return []string{"PLACEHOLDER: set the execution time, e.g. {dist: lognormal, median: 80ms, p99: 600ms}",
		fmt.Sprintf("(--set workload.synthetic.functions.%d.duration.value=DURATION)", k)}
}

// loggedEntry is the one entry of a function calibrated on its logs: a
// single schedule and no other trigger keeps the schedule's arrivals (its
// times are exact, a fit of them is not); anything else gets arrivals the
// fit replaces.
func loggedEntry(fn Function, scheds, others []string) Function {
	fn.Trigger = cmp.Or(strings.Join(others, ","), "none")
	fn.Arrival, fn.Duration = placeholderArrival(), placeholderDist()
	if len(scheds) > 0 {
		fn.Trigger = strings.Join(append([]string{"schedule"}, others...), ",")
	}
	if len(scheds) == 1 && len(others) == 0 {
		if arr, err := scheduleArrival(scheds[0]); err == nil {
			fn.Arrival = arr
		}
	}
	return fn
}

// scheduleArrival is a schedule expression's arrival process: rate(...)
// deterministic at one a period, cron(...) process cron.
func scheduleArrival(expr string) (Arrival, error) {
	e := strings.TrimSpace(expr)
	if strings.HasPrefix(e, "rate(") {
		per, err := ParseRate(e)
		if err != nil {
			return Arrival{}, err
		}
		return Arrival{Process: "deterministic", RatePerS: 1 / per.Seconds()}, nil
	}
	inner, ok := strings.CutPrefix(e, "cron(")
	if !ok {
		return Arrival{}, fmt.Errorf("schedule %q: want rate(...) or cron(...)", expr)
	}
	if _, err := ParseCron(e); err != nil {
		return Arrival{}, err
	}
	return Arrival{Process: "cron", Expression: strings.TrimSpace(strings.TrimSuffix(inner, ")"))}, nil
}

// fargateTaskSizes are Fargate's vCPU sizes with the memory each allows,
// in GiB: from min to max in steps of step (AWS ECS docs, "Task CPU and
// memory"; 0.25 vCPU takes 0.5, 1 or 2).
var fargateTaskSizes = []struct{ vcpu, minGB, maxGB, stepGB float64 }{
	{0.25, 0.5, 2, 0.5}, {0.5, 1, 4, 1}, {1, 2, 8, 1}, {2, 4, 16, 1}, {4, 8, 30, 1}, {8, 16, 60, 4}, {16, 32, 120, 8},
}

// fargateBaseline is a Fargate service whose task holds the largest
// function: at least its memory and the CPU Lambda gives it (memory / 1,769
// MB per vCPU, AWS Lambda docs, "Configure Lambda function memory"), so
// that no duration is stretched; as many requests at once as fit in both;
// autoscaled on concurrency (target 0.7 of the slots busy, 1 to 100 tasks).
func fargateBaseline(preset string, largestMB int) Platform {
	needGB := float64(largestMB) / 1024
	needVCPU := min(float64(largestMB)/workload.LambdaMBPerVCPU, 6) // Lambda's most is 6 vCPU
	size := fargateTaskSizes[len(fargateTaskSizes)-1]
	for _, t := range fargateTaskSizes {
		if t.vcpu >= needVCPU && t.maxGB >= needGB {
			size = t
			break
		}
	}
	memGB := max(size.minGB, math.Ceil(needGB/size.stepGB)*size.stepGB)
	slots := 1
	if largestMB > 0 {
		slots = max(1, min(int(memGB*1024)/largestMB, int(size.vcpu/needVCPU)))
	}
	return Platform{Name: "fargate", Kind: "container", Preset: preset,
		Replica: &Replica{VCPU: size.vcpu, MemoryGB: memGB, Slots: slots},
		Scaling: &Scaling{Policy: "target", Metric: "concurrency", Target: 0.7, Min: 1, Max: 100}}
}

// formatName names a deployment file's format for comments.
func formatName(f string) string {
	switch f {
	case iac.FormatServerless:
		return "a Serverless Framework serverless.yml"
	case iac.FormatSAM:
		return "an AWS SAM template"
	case iac.FormatCloudFormation:
		return "a CloudFormation template"
	}
	return "a deployment file"
}

func archName(a string) string { return cmp.Or(a, "x86_64") }

func archSummary(archs []string, n map[string]int) string {
	parts := make([]string, len(archs))
	for i, a := range archs {
		parts[i] = fmt.Sprintf("%s: %d", archName(a), n[a])
	}
	return strings.Join(parts, ", ")
}

func problemText(p iac.Problem) string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", p.Line, p.Path, p.Reason)
	}
	return p.Path + ": " + p.Reason
}
