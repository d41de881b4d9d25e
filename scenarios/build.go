package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"faassim/models/coldstart"
	"faassim/models/dist"
	"faassim/models/faas"
	"faassim/models/keepalive"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// wrote reports whether the scenario file (or a --set) wrote path.
func (s *Scenario) wrote(path string) bool {
	if s.src == nil {
		return false
	}
	_, ok := s.src.at[path]
	return ok
}

// problemAt places a build problem at path, with the line it was written on.
func (s *Scenario) problemAt(path, format string, args ...any) Problem {
	reason := fmt.Sprintf(format, args...)
	if s.src == nil {
		return Problem{Path: path, Reason: reason}
	}
	return s.src.problem(path, s.src.locate(path), reason)
}

// Build converts the distribution to a model distribution.
func (d Dist) Build() (dist.Dist, error) {
	t := func(x Duration) sim.Time { return sim.FromDuration(time.Duration(x)) }
	switch d.Dist {
	case "deterministic":
		return dist.NewDeterministic(t(d.Value))
	case "exponential":
		return dist.NewExponential(t(d.Mean))
	case "lognormal":
		return dist.NewLogNormal(t(d.Median), t(d.P99))
	case "percentiles":
		return dist.NewPercentiles([]dist.Point{
			{Q: 0, Value: t(d.P0)}, {Q: 0.01, Value: t(d.P1)}, {Q: 0.25, Value: t(d.P25)},
			{Q: 0.5, Value: t(d.P50)}, {Q: 0.75, Value: t(d.P75)}, {Q: 0.99, Value: t(d.P99)},
			{Q: 1, Value: t(d.P100)},
		})
	}
	return nil, fmt.Errorf("unknown distribution %q (want deterministic, exponential, lognormal or percentiles)", d.Dist)
}

// functions returns the workload's functions and, for a synthetic
// workload, their streams.
func (s *Scenario) functions() ([]workload.Function, []workload.Stream, Problems) {
	if s.Workload.Trace != nil {
		fns, err := s.traceFunctions()
		if err != nil {
			return nil, nil, Problems{s.problemAt("workload.trace", "%v", err)}
		}
		return fns, nil, nil
	}
	var probs Problems
	syn := s.Workload.Synthetic
	if syn == nil {
		return nil, nil, Problems{s.problemAt("workload", "no workload")}
	}
	fns := make([]workload.Function, len(syn.Functions))
	streams := make([]workload.Stream, len(syn.Functions))
	for i, f := range syn.Functions {
		path := fmt.Sprintf("workload.synthetic.functions[%d]", i)
		cpu := 1.0
		if f.CPUBoundFraction != nil {
			cpu = *f.CPUBoundFraction
		}
		fns[i] = workload.Function{
			Name: f.Name, App: cmp.Or(f.App, f.Name), // a function alone is its own app
			Runtime: f.Runtime, Trigger: f.Trigger,
			MemoryMB: f.MemoryMB, EphemeralStorageMB: f.EphemeralStorageMB, PackageMB: f.PackageMB,
			Timeout: sim.FromDuration(time.Duration(f.Timeout)), CPUBoundFraction: cpu,
		}
		d, err := f.Duration.Build()
		if err != nil {
			probs = append(probs, s.problemAt(path+".duration", "%v", err))
		}
		streams[i].Duration = d
		switch f.Arrival.Process {
		case "poisson":
			streams[i].Arrivals = workload.Poisson{RatePerS: f.Arrival.RatePerS}
		case "deterministic":
			streams[i].Arrivals = workload.Deterministic{RatePerS: f.Arrival.RatePerS}
		case "diurnal":
			period := sim.FromDuration(time.Duration(f.Arrival.Period))
			if period == 0 {
				period = 24 * sim.Hour
			}
			streams[i].Arrivals = workload.Diurnal{RatePerS: f.Arrival.RatePerS, Amplitude: f.Arrival.Amplitude,
				Period: period, Peak: sim.FromDuration(time.Duration(f.Arrival.Peak))}
		case "mmpp":
			streams[i].Arrivals = &workload.MMPP{RatePerS: f.Arrival.RatePerS, BurstRatePerS: f.Arrival.BurstRatePerS,
				QuietMean: sim.FromDuration(time.Duration(f.Arrival.QuietMean)),
				BurstMean: sim.FromDuration(time.Duration(f.Arrival.BurstMean))}
		case "replay":
			at := make([]sim.Time, len(f.Arrival.At))
			for k, x := range f.Arrival.At {
				at[k] = sim.FromDuration(time.Duration(x))
			}
			streams[i].Arrivals = &workload.Offsets{At: at}
		default:
			probs = append(probs, s.problemAt(path+".arrival.process", "unsupported arrival process %q", f.Arrival.Process))
		}
	}
	return fns, streams, probs
}

// source builds the workload stream of one replication. Every platform gets
// its own Source from the same seed, so all see the same invocations.
func (s *Scenario) source(seed uint64) (workload.Source, error) {
	if s.Workload.Trace != nil {
		return s.traceSource(seed)
	}
	fns, streams, probs := s.functions()
	if len(probs) > 0 {
		return nil, probs
	}
	return workload.NewSynthetic(seed, fns, streams)
}

// faasPlan is everything needed to build one FaaS platform, checked once.
type faasPlan struct {
	cfg      faas.Config
	sheet    *pricing.Sheet // nil: not priced
	freeTier bool
	fns      []faas.Function
	// newKeep makes a fresh policy for each simulation: a learning policy
	// keeps state, and simulations run in parallel.
	newKeep func() keepalive.Policy
}

// plan resolves platform i against its preset and price sheet.
func (s *Scenario) plan(i int, opt Options) (*faasPlan, Problems) {
	p := &s.Platforms[i]
	path := fmt.Sprintf("platforms[%d]", i)
	var probs Problems
	bad := func(field, format string, args ...any) {
		probs = append(probs, s.problemAt(path+field, format, args...))
	}
	if p.Kind != "faas" {
		return nil, Problems{s.problemAt(path+".kind", "kind %s: not yet supported", p.Kind)}
	}
	presetName := p.Preset
	if presetName == "" {
		presetName = "generic"
	}
	// architecture picks the Lambda flavour; no other preset offers a choice.
	switch {
	case p.Architecture == "arm64" && presetName == "aws-lambda-x86":
		presetName = "aws-lambda-arm"
	case p.Architecture == "x86_64" && presetName == "aws-lambda-arm":
		presetName = "aws-lambda-x86"
	case p.Architecture == "arm64" && presetName != "aws-lambda-arm",
		p.Architecture == "x86_64" && presetName != "aws-lambda-x86" && presetName != "generic":
		return nil, Problems{s.problemAt(path+".architecture", "preset %s offers no choice of architecture", presetName)}
	}
	preset, err := faas.LookupPreset(presetName)
	if err != nil {
		return nil, Problems{s.problemAt(path+".preset", "%v", err)}
	}
	cfg := preset.Config
	cfg.Warmup = sim.FromDuration(time.Duration(s.Warmup))
	cfg.Horizon = sim.FromDuration(time.Duration(s.Horizon))
	c := p.Concurrency
	if c.PerInstance > 0 {
		if preset.MaxPerInstance > 0 && c.PerInstance > preset.MaxPerInstance {
			bad(".concurrency.per_instance", "%d is above %s's maximum of %d", c.PerInstance, preset.Name, preset.MaxPerInstance)
		}
		cfg.PerInstance = c.PerInstance
	}
	if c.AccountLimit > 0 {
		cfg.AccountLimit = c.AccountLimit
	}
	if c.MaxInstances > 0 {
		cfg.MaxInstances = c.MaxInstances
	}
	if c.ScaleRate != "" {
		n, per, err := ParseScaleRate(c.ScaleRate)
		if err != nil {
			bad(".concurrency.scale_rate", "%v", err)
		}
		cfg.ScaleBurst, cfg.ScalePer = n, sim.FromDuration(per)
	}
	cfg.OnLimit = faas.Reject
	if p.OnLimit == "queue" {
		cfg.OnLimit = faas.Queue
	}
	cfg.MaxWait = sim.FromDuration(time.Duration(p.MaxWait))
	if cfg.OnLimit == faas.Queue && cfg.MaxWait == 0 {
		cfg.MaxWait = preset.MaxWait // 0 for presets without one: wait as long as the run
	}
	cfg.IdleChoice = map[string]faas.Choice{"mru": faas.MRU, "lru": faas.LRU, "newest": faas.Newest}[p.IdleChoice]
	cfg.Provisioned = p.Provisioned
	switch p.InstancesPer {
	case "app":
		cfg.PerApp = true
	case "function":
		cfg.PerApp = false
	}
	if cfg.MaxInstances > 0 && cfg.Provisioned > cfg.MaxInstances {
		bad(".provisioned", "%d provisioned instances exceed max_instances %d", cfg.Provisioned, cfg.MaxInstances)
	}

	var sheet *pricing.Sheet
	if name := cmp.Or(p.Prices, preset.Sheet); name != "" {
		sh, err := lookupSheet(name, opt.Prices)
		if err != nil {
			bad(".prices", "%v", err)
		} else if cfg.Billing, err = faasBilling(sh); err != nil {
			bad(".prices", "%v", err)
		} else {
			sheet = &sh
		}
		if sheet != nil && cfg.Provisioned > 0 && sh.USDPerProvisionedGBS == 0 {
			bad(".provisioned", "price sheet %s has no price for provisioned (always-ready) instances", sh.Name)
		}
	}

	var keep func() keepalive.Policy
	switch p.KeepAlive.Policy {
	case "fixed":
		ttl := sim.FromDuration(time.Duration(p.KeepAlive.TTL))
		keep = func() keepalive.Policy { return keepalive.FixedTTL{TTL: ttl} }
	case "none":
		keep = func() keepalive.Policy { return keepalive.None{} }
	case "infinite":
		keep = func() keepalive.Policy { return keepalive.Infinite{} }
	case "hybrid":
		hc := p.KeepAlive.hybrid()
		keep = func() keepalive.Policy {
			h, err := keepalive.NewHybrid(hc)
			if err != nil {
				panic("scenarios: hybrid settings passed validation: " + err.Error())
			}
			return h // fresh per simulation: it learns per app
		}
	default:
		bad(".keep_alive.policy", "unsupported policy %q", p.KeepAlive.Policy)
	}

	var cold dist.Dist
	if p.ColdStart != nil {
		if cold, err = p.ColdStart.Build(); err != nil {
			bad(".cold_start", "%v", err)
		}
	}
	wfns, _, fprobs := s.functions()
	probs = append(probs, fprobs...)
	if c.Reserved > 0 && cfg.PerApp {
		bad(".concurrency.reserved", "reserved concurrency is per function, and this platform shares instances per app (set instances_per: function, or drop reserved)")
	}
	if c.Reserved > 0 && cfg.AccountLimit > 0 && c.Reserved*len(wfns) > cfg.AccountLimit {
		bad(".concurrency.reserved", "%d reserved for each of %d functions exceeds the account limit %d",
			c.Reserved, len(wfns), cfg.AccountLimit)
	}
	appIndex := map[string]int32{}
	fns := make([]faas.Function, len(wfns))
	for k, wf := range wfns {
		fpath := fmt.Sprintf("workload.synthetic.functions[%d]", k)
		mem := wf.MemoryMB
		switch {
		case mem == 0:
			mem = preset.MemoryMB
		case s.Workload.Trace != nil:
			// A trace records memory used; the function is configured at
			// the smallest size the platform offers that holds it.
			mem = fitMemory(mem, preset)
		}
		wf.MemoryMB = mem
		run := mem
		if p.MemoryMB > 0 {
			run = p.MemoryMB
		}
		switch {
		case len(preset.MemorySizes) > 0 && !slices.Contains(preset.MemorySizes, run):
			bad(".memory_mb", "function %s at %d MB: %s instances come in %v MB (set memory_mb on the platform)", wf.Name, run, preset.Name, preset.MemorySizes)
		case run < preset.MinMemoryMB || run > preset.MaxMemoryMB:
			bad(".memory_mb", "function %s at %d MB: %s allows %d to %d MB", wf.Name, run, preset.Name, preset.MinMemoryMB, preset.MaxMemoryMB)
		}
		if cfg.MaxTimeout > 0 && wf.Timeout > cfg.MaxTimeout {
			probs = append(probs, s.problemAt(fpath+".timeout", "%v is above %s's maximum of %v (platform %s)",
				wf.Timeout, preset.Name, cfg.MaxTimeout, p.Name))
		}
		if _, ok := appIndex[wf.App]; !ok {
			appIndex[wf.App] = int32(len(appIndex))
		}
		vcpu := preset.VCPU
		if vcpu == 0 {
			vcpu = float64(run) / workload.LambdaMBPerVCPU
		}
		f := faas.Function{Function: wf, App: appIndex[wf.App], Reserved: c.Reserved,
			Speed: speedOn(wf, mem, vcpu), ColdStart: cold, VCPU: vcpu}
		f.MemoryMB = run
		if cold != nil {
			// Issue 8 wiring (accounting): cold_start: DIST is the end-to-end
			// total, split by the function's runtime INIT share (the median
			// share when the runtime is unknown).
			f.ColdStart = coldstart.Split{Dist: cold, InitShare: coldstart.InitShare(wf.Runtime)}
		} else {
			if wf.Runtime == "" {
				probs = append(probs, s.problemAt(fpath, "function %s has no runtime, and platform %s no cold_start: set one of them (runtimes: %v)",
					wf.Name, p.Name, coldstart.Runtimes()))
				continue
			}
			d, err := coldstart.Default(preset.Provider, wf.Runtime, wf.PackageMB)
			if err != nil {
				probs = append(probs, s.problemAt(fpath+".runtime", "%v", err))
				continue
			}
			f.ColdStart = d
		}
		fns[k] = f
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return &faasPlan{cfg: cfg, fns: fns, newKeep: keep, sheet: sheet, freeTier: p.FreeTier || opt.FreeTier}, nil
}

// speedOn is how much a function's durations, measured at fromMB on Lambda's
// memory-proportional CPU, stretch on an instance with vcpu vCPUs. Each
// request is assumed to get the instance's whole CPU (requests that share an
// instance are taken to be mostly waiting on I/O: a stated simplification).
func speedOn(fn workload.Function, fromMB int, vcpu float64) float64 {
	return workload.SpeedFactor(fn, fromMB, int(vcpu*workload.LambdaMBPerVCPU+0.5))
}

// fitMemory is the smallest memory size of the preset that holds usedMB.
func fitMemory(usedMB int, p faas.Preset) int {
	for _, size := range p.MemorySizes {
		if size >= usedMB {
			return size
		}
	}
	if len(p.MemorySizes) > 0 {
		return usedMB // larger than every size: reported as out of range
	}
	return max(usedMB, p.MinMemoryMB)
}
