package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"faassim/models/coldstart"
	"faassim/models/dist"
	"faassim/models/faas"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// faasPlan is one FaaS platform resolved: the model's configuration, the
// functions as deployed there, the keep-alive policy and the price sheet.
type faasPlan struct {
	cfg      faas.Config
	fns      []faas.Function
	keep     keepAliveSpec
	sheet    *pricing.Sheet // nil: not priced
	freeTier bool
	month    sim.Time // what monthly tiers and allowances apply to
	st       metrics.Settings
	initial  float64 // instances at time 0 besides the provisioned (initial_instances)
}

func (pl *faasPlan) settings() metrics.Settings { return pl.st }
func (pl *faasPlan) priceSheets() []*pricing.Sheet {
	if pl.sheet == nil {
		return nil
	}
	return []*pricing.Sheet{pl.sheet}
}

// containerFields are the fields of a container platform, which mean nothing
// on a FaaS platform: a mistake, not a no-op.
var containerFields = []string{"replica", "scaling", "queue_limit", "node", "request_timeout"}

// resolveFaaS decides platform p (at path) against its preset: limits,
// memory and CPU per function, cold starts, keep-alive and billing. Every
// range is the preset's own.
func (c *checker) resolveFaaS(s *Scenario, path string, p *Platform, wfns []workload.Function, opt Options) *faasPlan {
	for _, f := range containerFields {
		if c.written(path + "." + f) {
			c.add(path+"."+f, "applies to kind container only")
		}
	}
	preset, ok := c.faasPreset(path, p)
	if !ok {
		return nil
	}
	w := s.window()
	cfg := preset.Config
	cfg.Warmup, cfg.Horizon = w.warmup, w.horizon
	cfg.RecordExecution = opt.Execution
	cfg.RecordApps = opt.PerApp.On
	pl := &faasPlan{month: s.month()}
	c.limits(path, p, preset, &cfg)
	pl.keep = c.resolveKeepAlive(path+".keep_alive", p.KeepAlive)

	// Reserved concurrency per function: its own, else the platform's.
	deps := s.deployments(wfns)
	reservedOf := func(k int) int {
		if r := deps[k].reserved; r != nil {
			return *r
		}
		return p.Concurrency.Reserved
	}
	total, anyOwn := 0, false
	for k := range wfns {
		total += reservedOf(k)
		anyOwn = anyOwn || deps[k].reserved != nil || deps[k].provisioned > 0
	}
	if p.Concurrency.Reserved > 0 && cfg.PerApp {
		c.add(path+".concurrency.reserved", "reserved concurrency is per function, and this platform shares instances per app (set instances_per: function, or drop reserved)")
	}
	if anyOwn && cfg.PerApp {
		c.add(path+".instances_per", "functions set reserved_concurrency or provisioned, which are per function, and this platform shares instances per app (set instances_per: function on it)")
	}
	if total > 0 && cfg.AccountLimit > 0 && total > cfg.AccountLimit {
		c.add(path+".concurrency.reserved", "the functions' reserved concurrency adds up to %d, over the account limit %d", total, cfg.AccountLimit)
	}
	provisioned := cfg.Provisioned
	for k := range wfns {
		provisioned = max(provisioned, deps[k].provisioned)
		if n := deps[k].provisioned; cfg.MaxInstances > 0 && n > cfg.MaxInstances {
			c.add(s.functionPath(k)+".provisioned", "%d provisioned instances exceed max_instances %d (platform %s)", n, cfg.MaxInstances, p.Name)
		}
	}

	// Prices: the preset's sheet unless the platform names one.
	if name := cmp.Or(p.Prices, preset.Sheet); name != "" {
		sh, err := lookupSheet(name, opt.Prices)
		switch {
		case err != nil:
			c.add(path+".prices", "%v", err)
		default:
			if cfg.Billing, err = faasBilling(sh); err != nil {
				c.add(path+".prices", "%v", err)
			} else {
				pl.sheet = &sh
			}
		}
		if pl.sheet != nil && provisioned > 0 && sh.USDPerProvisionedGBS == 0 {
			c.add(path+".provisioned", "price sheet %s has no price for provisioned (always-ready) instances", sh.Name)
		}
	}
	pl.freeTier = p.FreeTier || opt.FreeTier

	cold := c.platformColdStart(path+".cold_start", p.ColdStart)
	coldInvalid := cold == nil && p.ColdStart != nil // reported once; no runtime default stands in for it

	appIndex := map[string]int32{}
	pl.fns = make([]faas.Function, len(wfns))
	listed := make([]metrics.FunctionSettings, min(len(wfns), metrics.MaxListedFunctions))
	// Each function's configured memory first: where instances are shared
	// per app, an instance has the largest of its functions' (and the vCPU
	// that goes with it), and that is what every function runs on.
	runs := make([]int, len(wfns))
	instanceMB := map[string]int{}
	for k, wf := range wfns {
		fpath := s.functionPath(k)
		// A trace records memory used: the function is configured at the
		// smallest size of the preset that holds it.
		fitted := wf.MemoryMB
		if s.replayed() != nil && fitted > 0 {
			fitted = fitMemory(fitted, preset)
		}
		run := cmp.Or(p.MemoryMB, fitted, preset.MemoryMB)
		runs[k] = run
		key := wf.Name
		if cfg.PerApp {
			key = wf.App
		}
		instanceMB[key] = max(instanceMB[key], run)
		switch {
		case p.MemoryMB > 0:
			// The platform's own memory_mb was checked once, in limits.
		case len(preset.MemorySizes) > 0 && !slices.Contains(preset.MemorySizes, run):
			c.add(fpath+".memory_mb", "function %s at %d MB: %s instances come in %v MB (set memory_mb on platform %s)", wf.Name, run, preset.Name, preset.MemorySizes, p.Name)
		case run < preset.MinMemoryMB || run > preset.MaxMemoryMB:
			c.add(fpath+".memory_mb", "function %s at %d MB: %s allows %d to %d MB (platform %s; set memory_mb on the platform to override)", wf.Name, run, preset.Name, preset.MinMemoryMB, preset.MaxMemoryMB, p.Name)
		}
		if mb := wf.EphemeralStorageMB; mb != 0 && preset.MaxStorageMB > 0 && (mb < preset.MinStorageMB || mb > preset.MaxStorageMB) {
			c.add(fpath+".ephemeral_storage_mb", "function %s: %s allows %d to %d MB of ephemeral storage, got %d (platform %s)", wf.Name, preset.Name, preset.MinStorageMB, preset.MaxStorageMB, mb, p.Name)
		}
		if cfg.MaxTimeout > 0 && wf.Timeout > cfg.MaxTimeout {
			c.add(fpath+".timeout", "%v is above %s's maximum of %v (platform %s)", wf.Timeout, preset.Name, cfg.MaxTimeout, p.Name)
		}
	}
	for k, wf := range wfns {
		fpath := s.functionPath(k)
		if _, ok := appIndex[wf.App]; !ok {
			appIndex[wf.App] = int32(len(appIndex))
		}
		key := wf.Name
		if cfg.PerApp {
			key = wf.App
		}
		// Durations are as measured at the function's own memory_mb (for a
		// trace, the memory it used), whatever the platform runs it at.
		measured, vcpu := wf.MemoryMB, preset.VCPUFor(instanceMB[key])
		// The architecture's speed factor (speed_by_architecture, 1 unless
		// written) multiplies the memory-speed rule's.
		f := faas.Function{Function: wf, App: appIndex[wf.App], Reserved: reservedOf(k), Provisioned: deps[k].provisioned,
			Speed: speedOn(wf, measured, vcpu) * wf.ArchFactor(preset.Architecture), VCPU: vcpu}
		f.MemoryMB = runs[k]
		switch {
		case cold != nil:
			f.ColdStart = cold.forRuntime(wf.Runtime)
		case !coldInvalid:
			f.ColdStart = c.defaultColdStart(fpath, p.Name, preset, wf)
		}
		if deps[k].snapStart && preset.Provider == "aws" {
			if wf.Runtime != "java" && wf.Runtime != "python" {
				c.add(fpath+".snap_start", "function %s: SnapStart runs on Java, Python and .NET runtimes, not %s (platform %s)", wf.Name, cmp.Or(wf.Runtime, "no runtime"), p.Name)
			}
			if deps[k].provisioned == 0 && cfg.Provisioned > 0 {
				c.add(fpath+".snap_start", "function %s: SnapStart and the platform's provisioned instances cannot be combined (AWS refuses both on one function version; platform %s)", wf.Name, p.Name)
			}
			if ps, ok := f.ColdStart.(coldstart.PhaseSampler); ok {
				// A restore replaces INIT, part of it billed on every
				// runtime; Python's snapshot charges are stated, not billed.
				f.ColdStart = coldstart.Restore{Base: ps, Restore: coldstart.SnapStartRestore(),
					BilledShare: coldstart.SnapStartBilledShare, SnapshotCharges: wf.Runtime != "java"}
			}
		}
		pl.fns[k] = f
		timeout := cmp.Or(wf.Timeout, cfg.MaxTimeout)
		if k < len(listed) {
			listed[k] = metrics.FunctionSettings{Name: wf.Name, MeasuredMB: measured, MemoryMB: runs[k], VCPU: vcpu,
				SpeedFactor: f.Speed, CPUBoundFraction: wf.CPUBoundFraction, ColdStart: coldStartText(f.ColdStart),
				TimeoutS: timeout.Seconds(), Reserved: f.Reserved, Provisioned: f.Provisioned, SnapStart: isRestore(f.ColdStart)}
		}
	}
	var initial string
	cfg.Initial, pl.initial, initial = c.initialFaaS(s, path, p, cfg, pl.fns)
	pl.cfg = cfg
	pl.st = faasSettings(p, preset, cfg, pl, cold.String())
	pl.st.Functions, pl.st.FunctionsTotal = listed, len(wfns)
	pl.st.InitialInstances = initial
	return pl
}

// faasPreset finds the platform's preset, the architecture picking the
// preset's sibling built for it.
func (c *checker) faasPreset(path string, p *Platform) (faas.Preset, bool) {
	switch p.Architecture {
	case "", "x86_64", "arm64":
	default:
		c.add(path+".architecture", "unknown architecture %q (valid: x86_64, arm64)", p.Architecture)
		return faas.Preset{}, false
	}
	preset, err := faas.LookupPreset(cmp.Or(p.Preset, "generic"))
	if err != nil {
		c.add(path+".preset", "%v", err)
		return faas.Preset{}, false
	}
	if preset, err = preset.For(p.Architecture); err != nil {
		c.add(path+".architecture", "%v", err)
		return faas.Preset{}, false
	}
	return preset, true
}

// limits applies the platform's concurrency, queueing and instance settings
// to cfg, each checked against the preset.
func (c *checker) limits(path string, p *Platform, preset faas.Preset, cfg *faas.Config) {
	if mb := p.MemoryMB; mb != 0 {
		switch {
		case len(preset.MemorySizes) > 0 && !slices.Contains(preset.MemorySizes, mb):
			c.add(path+".memory_mb", "%s instances come in %v MB, got %d", preset.Name, preset.MemorySizes, mb)
		case mb < preset.MinMemoryMB || mb > preset.MaxMemoryMB:
			c.add(path+".memory_mb", "must be within %d..%d MB on %s (or 0 for each function's own), got %d", preset.MinMemoryMB, preset.MaxMemoryMB, preset.Name, mb)
		}
	}
	k := p.Concurrency
	cp := path + ".concurrency"
	for _, f := range []struct {
		name string
		v    int
	}{{"per_instance", k.PerInstance}, {"account_limit", k.AccountLimit}, {"reserved", k.Reserved}, {"max_instances", k.MaxInstances}} {
		if f.v < 0 {
			c.add(cp+"."+f.name, "must be >= 0 (0 is the preset's default), got %d", f.v)
		}
	}
	if k.PerInstance > 0 {
		if preset.MaxPerInstance > 0 && k.PerInstance > preset.MaxPerInstance {
			c.add(cp+".per_instance", "%d is above %s's maximum of %d", k.PerInstance, preset.Name, preset.MaxPerInstance)
		}
		cfg.PerInstance = k.PerInstance
	}
	if k.AccountLimit > 0 {
		cfg.AccountLimit = k.AccountLimit
	}
	if k.AccountLimit > 0 && k.Reserved > k.AccountLimit {
		c.add(cp+".reserved", "reserved %d exceeds account_limit %d", k.Reserved, k.AccountLimit)
	}
	if k.MaxInstances > 0 {
		cfg.MaxInstances = k.MaxInstances
	}
	if k.ScaleRate != "" {
		n, per, err := ParseScaleRate(k.ScaleRate)
		if err != nil {
			c.add(cp+".scale_rate", "%v", err)
		}
		cfg.ScaleBurst, cfg.ScalePer = n, sim.FromDuration(per)
	}
	switch p.OnLimit {
	case "reject":
		cfg.OnLimit = faas.Reject
		if p.MaxWait != 0 {
			c.add(path+".max_wait", "applies to on_limit: queue only (on_limit is reject)")
		}
	case "queue":
		cfg.OnLimit = faas.Queue
		cfg.MaxWait = sim.FromDuration(time.Duration(p.MaxWait))
		if p.MaxWait < 0 {
			c.add(path+".max_wait", "must be >= 0 (0 is the preset's default), got %s", p.MaxWait)
		}
		if cfg.MaxWait == 0 {
			cfg.MaxWait = preset.MaxWait // 0 for presets without one: wait as long as the run
		}
	default:
		c.add(path+".on_limit", "unknown on_limit %q (valid: reject, queue)", p.OnLimit)
	}
	choice, err := faas.ParseChoice(p.IdleChoice)
	if err != nil {
		c.add(path+".idle_choice", "%v", err)
	}
	cfg.IdleChoice = choice
	cfg.Provisioned = p.Provisioned
	if p.Provisioned < 0 {
		c.add(path+".provisioned", "must be >= 0, got %d", p.Provisioned)
	}
	switch p.InstancesPer {
	case "":
	case "app":
		cfg.PerApp = true
	case "function":
		cfg.PerApp = false
	default:
		c.add(path+".instances_per", "unknown value %q (valid: function, app)", p.InstancesPer)
	}
	if cfg.MaxInstances > 0 && cfg.Provisioned > cfg.MaxInstances {
		c.add(path+".provisioned", "%d provisioned instances exceed max_instances %d", cfg.Provisioned, cfg.MaxInstances)
	}
}

// faasSettings describes the resolved platform for reports.
func faasSettings(p *Platform, preset faas.Preset, cfg faas.Config, pl *faasPlan, coldText string) metrics.Settings {
	st := metrics.Settings{
		Preset: preset.Name, Description: preset.Description, FreeTier: pl.freeTier,
		KeepAlive: pl.keep.text, PerInstance: max(cfg.PerInstance, 1), InstancesPer: "function",
		AccountLimit: cfg.AccountLimit, MaxInstances: cfg.MaxInstances,
		OnLimit: cfg.OnLimit.String(), IdleChoice: cfg.IdleChoice.String(), Provisioned: cfg.Provisioned,
		Architecture: preset.Architecture, ColdStart: coldText, InitBilled: cfg.Billing.Init,
		MaxTimeoutS: cfg.MaxTimeout.Seconds(),
	}
	if cfg.PerApp {
		st.InstancesPer = "app"
	}
	if cfg.ScaleBurst > 0 {
		st.ScaleRate = fmt.Sprintf("%d/%v", cfg.ScaleBurst, cfg.ScalePer.Duration())
	}
	if cfg.OnLimit == faas.Queue {
		st.MaxWaitS = cfg.MaxWait.Seconds()
	}
	if pl.sheet != nil {
		st.PriceSheet, st.Billing = pl.sheet.Name, pl.sheet.BillingText()
	}
	return st
}

// coldStartSpec is a platform-wide cold_start: an end-to-end total, split
// into overhead and INIT by each function's runtime, or the two parts.
type coldStartSpec struct {
	total          dist.Dist
	overhead, init dist.Dist
}

// forRuntime is the sampler of a function of runtime on the platform.
func (cs *coldStartSpec) forRuntime(runtime string) coldstart.Sampler {
	if cs.total == nil {
		return coldstart.Parts{Overhead: cs.overhead, Init: cs.init}
	}
	return coldstart.Split{Dist: cs.total, InitShare: coldstart.InitShare(runtime)}
}

// coldStartText says how a function's cold starts are drawn, for reports.
func coldStartText(s coldstart.Sampler) string {
	switch s := s.(type) {
	case coldstart.Split:
		return fmt.Sprintf("%v end to end, %.0f%% of it INIT", s.Dist, 100*s.InitShare)
	case coldstart.Parts:
		return fmt.Sprintf("overhead %v (not billed) + INIT %v", s.Overhead, s.Init)
	case fmt.Stringer:
		return s.String()
	}
	return ""
}

func (cs *coldStartSpec) String() string {
	switch {
	case cs == nil:
		return ""
	case cs.total != nil:
		return fmt.Sprintf("%v end to end, INIT its runtime's share of it", cs.total)
	}
	return fmt.Sprintf("overhead %v (not billed) + INIT %v", cs.overhead, cs.init)
}

// platformColdStart resolves a platform-wide cold_start (nil: none, the
// runtime defaults apply): a distribution of the total, or
// {overhead: DIST, init: DIST}.
func (c *checker) platformColdStart(path string, cs *ColdStart) *coldStartSpec {
	if cs == nil {
		return nil
	}
	parts := cs.Overhead != nil || cs.Init != nil
	if !parts {
		c.dist(path, &cs.Dist)
		d, err := cs.Dist.Build()
		if err != nil {
			return nil
		}
		return &coldStartSpec{total: d}
	}
	if cs.Dist.Dist != "" || c.written(path+".dist") {
		c.add(path, "give a distribution of the total or {overhead: DIST, init: DIST}, not both")
		return nil
	}
	spec := &coldStartSpec{}
	for _, part := range []struct {
		name string
		d    *Dist
		to   *dist.Dist
	}{{"overhead", cs.Overhead, &spec.overhead}, {"init", cs.Init, &spec.init}} {
		if part.d == nil {
			c.add(path+"."+part.name, "missing (a cold start in parts needs overhead and init, e.g. {dist: lognormal, median: 100ms, p99: 400ms})")
			continue
		}
		c.dist(path+"."+part.name, part.d)
		*part.to, _ = part.d.Build()
	}
	if spec.overhead == nil || spec.init == nil {
		return nil
	}
	return spec
}

// defaultColdStart is the runtime's published cold start on the preset's
// provider, with the package-size effect.
func (c *checker) defaultColdStart(fpath, platform string, preset faas.Preset, wf workload.Function) coldstart.Sampler {
	if wf.Runtime == "" {
		c.add(fpath+".runtime", "missing: function %s has no runtime, and platform %s no cold_start: set one of them (runtimes: %s)",
			wf.Name, platform, strings.Join(coldstart.Runtimes(), ", "))
		return nil
	}
	d, err := coldstart.Default(preset.Provider, wf.Runtime, wf.PackageMB)
	if err != nil {
		c.add(fpath+".runtime", "%v", err)
		return nil
	}
	return d
}

// speedOn is how much a function's durations, measured at fromMB on Lambda's
// memory-proportional CPU, stretch on an instance with vcpu vCPUs (1 when
// fromMB is 0: no measurement to scale from). Each request is assumed to get
// the instance's whole CPU (requests that share an instance are taken to be
// mostly waiting on I/O: a stated simplification).
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

// isRestore reports whether a cold start is SnapStart's restore.
func isRestore(s coldstart.Sampler) bool {
	_, ok := s.(coldstart.Restore)
	return ok
}
