package scenarios

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"faassim/models/faas"
	"faassim/models/metrics"
	"faassim/models/workload"
)

// TuneSpec is what `faassim tune` sweeps and how it recommends.
type TuneSpec struct {
	// Function is the workload function tuned; the others are left out.
	Function string
	// Platform is the FaaS platform tuned ("" the scenario's first).
	Platform string
	// MemoryMB is the grid of sizes (see ParseMemoryGrid).
	MemoryMB []int
	// Architectures are tuned in this order (none: the platform's own).
	Architectures []string
	// Strategy is cost, speed or balanced; Weight is the balanced w.
	Strategy string
	Weight   float64
}

// Tune runs, for every architecture and memory size of spec (architecture
// slowest), the scenario cut down to spec.Function alone on spec.Platform
// at that size, with the preset of that architecture (aws-lambda-x86 and
// aws-lambda-arm are one family: faas.Preset.For) and no free tier. Points
// run in parallel like a sweep's; every point has the scenario's seed, so
// all see the same arrivals, payload classes and durations as measured
// (common random numbers): differences between points are the sizes'. Then
// it recommends a point by each strategy of AWS Lambda Power Tuning (see
// tune_strategy.go).
func Tune(ctx context.Context, ref string, sets []string, spec TuneSpec, opt SweepOptions) (metrics.Tune, error) {
	if err := CheckTuneStrategy(spec.Strategy, spec.Weight); err != nil {
		return metrics.Tune{}, err
	}
	opt.FreeTier = false // Power Tuning prices invocations without it: the free tier is the account's
	base, err := OpenWith(ref, sets, opt.Options)
	if err != nil {
		return metrics.Tune{}, err
	}
	fi, pi, err := base.tuneTargets(spec)
	if err != nil {
		return metrics.Tune{}, err
	}
	p := base.Platforms[pi]
	preset, _ := faas.LookupPreset(cmp.Or(p.Preset, "generic")) // resolved once already
	own, _ := preset.For(p.Architecture)
	archs := spec.Architectures
	if len(archs) == 0 {
		archs = []string{own.Architecture}
	}
	for _, a := range archs {
		if _, err := own.For(a); err != nil {
			return metrics.Tune{}, fmt.Errorf("--arch %s: platform %s: %v", a, p.Name, err)
		}
		if a != own.Architecture && p.Prices != "" {
			return metrics.Tune{}, fmt.Errorf("--arch %s: platform %s names its price sheet (prices: %s), which prices %s only: drop prices from the platform, or tune %s alone",
				a, p.Name, p.Prices, own.Architecture, own.Architecture)
		}
	}
	// The grid must suit every architecture's preset (a family's presets
	// share their range).
	var gridNote string
	given := spec.MemoryMB
	for _, a := range archs {
		pr, _ := own.For(a)
		if spec.MemoryMB, gridNote, err = tuneGrid(given, pr); err != nil {
			return metrics.Tune{}, fmt.Errorf("platform %s: %w", p.Name, err)
		}
	}
	fn := base.Workload.Synthetic.Functions[fi]
	t := metrics.Tune{Schema: metrics.TuneSchema, Scenario: base.Name, Function: fn.Name, Platform: p.Name,
		Strategy: spec.Strategy, BalancedWeight: spec.Weight, Seed: base.Seed,
		HorizonS: time.Duration(base.Horizon).Seconds(), WarmupS: time.Duration(base.Warmup).Seconds(),
		Replications: base.Replications, SpeedByArchitecture: map[string]float64{}}
	factors := fn.SpeedByArchitecture.factors()
	var points []*Scenario
	var labels []string
	for _, a := range archs {
		if a != "" { // a preset without a choice of architecture has none to scale
			t.SpeedByArchitecture[a] = cmp.Or(factors[a], 1)
		}
		for _, mb := range spec.MemoryMB {
			points = append(points, base.tunePoint(fi, pi, mb, a))
			labels = append(labels, strconv.Itoa(mb)+"/"+a)
			pr, _ := own.For(a)
			t.Points = append(t.Points, metrics.TunePoint{MemoryMB: mb, Architecture: a, Preset: pr.Name})
		}
	}
	grid := []Param{{Path: "--memory x --arch", Values: labels}}
	if err := checkGrid(base, grid, opt); err != nil {
		return metrics.Tune{}, err
	}
	est, err := sweepEstimate(points, grid, opt)
	if err != nil {
		return metrics.Tune{}, err
	}
	if err := est.Check(opt.Budget); err != nil {
		return metrics.Tune{}, err
	}
	results, err := runPoints(ctx, points, labels, est.Workers, opt)
	if err != nil {
		return metrics.Tune{}, err
	}
	mix := tuneClasses(fn)
	for i, res := range results {
		fillTunePoint(&t.Points[i], res.Platforms[0], mix)
		if i == 0 {
			t.PriceSheets = res.PriceSheets
		} else {
			for _, sh := range res.PriceSheets {
				if !slices.Contains(t.PriceSheets, sh) {
					t.PriceSheets = append(t.PriceSheets, sh)
				}
			}
		}
	}
	recommend(&t)
	t.Notes = tuneNotes(t, fn, own)
	if gridNote != "" {
		t.Notes = append(t.Notes, gridNote)
	}
	return t, nil
}

// tuneTargets finds the function and the FaaS platform tuned.
func (s *Scenario) tuneTargets(spec TuneSpec) (fn, pl int, err error) {
	syn := s.Workload.Synthetic
	if syn == nil {
		return 0, 0, errors.New("tune needs a synthetic workload (workload.synthetic: a function with its arrival process and duration), not a trace: write the function you want tuned as workload.synthetic, its rate and duration read with faassim trace inspect (or, from Lambda REPORT logs, let faassim calibrate LOGS -o scenario.yaml write it), then tune that scenario")
	}
	names := make([]string, len(syn.Functions))
	fn = -1
	for i, f := range syn.Functions {
		names[i] = f.Name
		if f.Name == spec.Function {
			fn = i
		}
	}
	if fn < 0 {
		return 0, 0, fmt.Errorf("--function %q: no such function in scenario %s (its functions: %s)", cutText(spec.Function, 80), s.Name, strings.Join(names, ", "))
	}
	pl = -1
	var faasNames []string
	for i, p := range s.Platforms {
		isFaaS := p.Kind != "container"
		if isFaaS {
			faasNames = append(faasNames, p.Name)
		}
		switch {
		case spec.Platform == "" && isFaaS && pl < 0:
			pl = i
		case spec.Platform != "" && p.Name == spec.Platform:
			if !isFaaS {
				return 0, 0, fmt.Errorf("--platform %s is a container platform: tune sizes a FaaS function's memory (choose one of the FaaS platforms: %s)", p.Name, orNone(faasNames, s.Platforms[i+1:]))
			}
			pl = i
		}
	}
	switch {
	case pl >= 0:
		return fn, pl, nil
	case spec.Platform != "":
		return 0, 0, fmt.Errorf("--platform %q: no such platform in scenario %s (its FaaS platforms: %s)", cutText(spec.Platform, 80), s.Name, orNone(faasNames, nil))
	}
	return 0, 0, fmt.Errorf("scenario %s has no FaaS platform to tune (only containers): add one, such as {name: lambda, preset: aws-lambda-x86}", s.Name)
}

// orNone lists the FaaS platforms' names, those of rest included.
func orNone(names []string, rest []Platform) string {
	for _, p := range rest {
		if p.Kind != "container" {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// tunePoint is the scenario cut down to function fi on platform pi at
// memMB on architecture arch, billed without a free tier. The cut-down
// scenario keeps the lines of what it keeps, for messages.
func (s *Scenario) tunePoint(fi, pi, memMB int, arch string) *Scenario {
	c := *s
	p := s.Platforms[pi]
	p.MemoryMB, p.Architecture, p.FreeTier = memMB, arch, false
	c.Platforms = []Platform{p}
	c.Workload = Workload{Synthetic: &Synthetic{Functions: []Function{s.Workload.Synthetic.Functions[fi]}}}
	if s.src != nil {
		c.src = s.src.keepPlatforms([]int{pi}).keepFunction(fi)
	}
	return &c
}

// keepFunction is the source with function fi renumbered 0 and the other
// functions' lines forgotten.
func (s *source) keepFunction(fi int) *source { return s.keepFunctions([]int{fi}) }

// keepFunctions is the source with the functions of keep (indices, in
// order) renumbered 0, 1, ... and the other functions' lines forgotten.
func (s *source) keepFunctions(keep []int) *source {
	c := *s
	c.at = make(map[string]origin, len(s.at))
	const list = "workload.synthetic.functions["
	for path, o := range s.at {
		if !strings.HasPrefix(path, list) {
			c.at[path] = o
			continue
		}
		for to, fi := range keep {
			prefix := fmt.Sprintf("%s%d]", list, fi)
			if rest, ok := strings.CutPrefix(path, prefix); ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
				c.at[fmt.Sprintf("%s%d]", list, to)+rest] = o
			}
		}
	}
	return &c
}

// runPoints runs every point, n at once, each point's replications one
// after the other; the first failure cancels the rest.
func runPoints(ctx context.Context, points []*Scenario, labels []string, n int, opt SweepOptions) ([]metrics.Results, error) {
	out := make([]metrics.Results, len(points))
	errs := make([]error, len(points))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(n)
	var (
		mu   sync.Mutex
		done int
	)
	for i := range points {
		g.Go(func() error {
			one := opt.Options
			one.Workers, one.Progress = 1, nil
			res, err := Run(gctx, points[i], one)
			if err != nil {
				errs[i] = fmt.Errorf("tune point %s MB: %w", labels[i], err)
				return errs[i]
			}
			out[i] = res
			if opt.Progress != nil {
				mu.Lock()
				done++
				opt.Progress(done, len(points))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		// The lowest point that failed of itself, whatever order they ran in.
		for _, e := range errs {
			if e != nil && !errors.Is(e, context.Canceled) {
				return nil, e
			}
		}
		return nil, err
	}
	return out, nil
}

// tuneClasses is the function's payload mixture (nil without classes).
func tuneClasses(fn Function) *workload.Payloads {
	if len(fn.Payloads) == 0 {
		return nil
	}
	d, err := fn.durationDist()
	if err != nil {
		return nil // validated when loaded: unreachable
	}
	mix := d.(workload.Payloads)
	return &mix
}

// fillTunePoint takes a point's figures from its platform's results.
func fillTunePoint(pt *metrics.TunePoint, r metrics.Platform, mix *workload.Payloads) {
	pt.Requests = r.Requests
	pt.MeanDurationMS = r.MeanExecutionMS
	pt.MeanLatencyMS = r.LatencyMS.Mean
	pt.CostPerMillionUSD = r.CostPerMillionRequestsUSD
	pt.CostPerInvocationUSD = r.CostPerMillionRequestsUSD / 1e6
	pt.CostWithoutRequestFeeUSD = pt.CostPerInvocationUSD
	if c := r.CostUSD; c.Total > 0 {
		// CostUSD's lines are all means over the same runs: their ratio is
		// the pooled one.
		pt.CostWithoutRequestFeeUSD = pt.CostPerInvocationUSD * (c.Total - c.Requests) / c.Total
	}
	pt.ColdStartRatio = r.ColdStartRatio
	pt.Saturated, pt.Warnings = r.Saturated, r.Warnings
	pt.SpeedFactor = 1
	if r.Settings != nil && len(r.Settings.Functions) > 0 {
		pt.SpeedFactor = r.Settings.Functions[0].SpeedFactor
	}
	if mix != nil {
		for i, c := range mix.Classes() {
			pt.Classes = append(pt.Classes, metrics.TuneClass{Name: c.Name, Share: mix.Share(i),
				MeanDurationMS: c.Duration.Mean().Seconds() * 1000 * pt.SpeedFactor})
		}
	}
}

// tuneNotes say how the figures were obtained, for every report.
func tuneNotes(t metrics.Tune, fn Function, pr faas.Preset) []string {
	var speeds []string
	for _, a := range slices.Sorted(maps.Keys(t.SpeedByArchitecture)) {
		x := t.SpeedByArchitecture[a]
		how := "as measured"
		if fn.SpeedByArchitecture.factors()[a] == 0 {
			how = "the default: no difference assumed, set speed_by_architecture on the function to change it"
		} else if x != 1 {
			how = "from the function's speed_by_architecture"
		}
		speeds = append(speeds, fmt.Sprintf("%s x%g (%s)", a, x, how))
	}
	cpu := "Durations scale with memory as d(m) = d_io + d_cpu x cpu(measured) / cpu(m), cpu(m) = min(m / 1,769 MB, 1) vCPU (AWS Lambda allocates CPU in proportion to memory)."
	if pr.VCPU > 0 {
		cpu = fmt.Sprintf("On %s an instance has %g vCPU whatever its memory (more only where the product requires it for large sizes): memory changes the bill, and durations only where the vCPU changes (d = d_io + d_cpu x cpu(measured) / cpu, cpu(m) = min(m / 1,769 MB, 1) vCPU as measured on Lambda).", pr.Name, pr.VCPU)
	}
	notes := []string{
		"Simulated, not measured: each point is the scenario's workload for function " + t.Function + " alone on platform " + t.Platform +
			" at that memory and architecture, with the same seeded arrivals and durations at every point.",
		cpu,
	}
	if len(speeds) > 0 {
		notes = append(notes, "Architecture speed factors: "+strings.Join(speeds, "; ")+".")
	}
	notes = append(notes,
		"Speed is the mean execution time (REPORT Duration, INIT apart); AWS Lambda Power Tuning adds INIT and drops the fastest and slowest 20% by default to remove cold starts, which the simulation counts apart (cold-start ratio).",
		"Cost per invocation is everything billed in the window (compute at the price sheet's rounding with INIT where billed, the request fee, storage, provisioned capacity) over its requests, without the free tier.",
		fmt.Sprintf("Strategies as AWS Lambda Power Tuning's, on the cost per invocation without the request fee (the same at every point; Power Tuning's cost is the duration charge alone): cost (cheapest, then fastest), speed (fastest, then cheapest), balanced (lowest w x cost/max(cost) + (1 - w) x duration/max(duration), w = %g; ties as speed breaks them); values within 1e-9 of each other are equal.", t.BalancedWeight),
	)
	if slices.ContainsFunc(t.Points, func(p metrics.TunePoint) bool { return p.Saturated }) {
		notes = append(notes, "Saturated points (marked) did not serve their load and are never recommended.")
	}
	if len(fn.Payloads) > 0 {
		notes = append(notes, "Payload classes' mean durations are the speed model's (each class's mean x the point's speed factor), not measured per class.")
	}
	return notes
}
