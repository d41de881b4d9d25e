package playground

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"faassim/models/faas"
	"faassim/models/pricing"
	"faassim/scenarios"
)

// Controls lists the controls that apply to cur (the scenario with every
// override applied), with their values in cur and their Base values in
// base (the scenario with only the playground's own overrides). A control
// appears only with the targets where its setting means something, and a
// target only where its current value can be known: a wrong value on a
// slider would teach the wrong thing.
func Controls(cur, base *scenarios.Scenario) []Control {
	var out []Control
	for _, c := range []Control{
		rateControl(cur, base),
		cvControl(cur, base),
		burstControl(cur, base),
		durationControl(cur, base),
		memoryControl(cur, base),
		policyControl(cur, base),
		ttlControl(cur, base),
		perInstanceControl(cur, base),
		provisionedControl(cur, base),
		accountLimitControl(cur, base),
		replicasControl(cur, base),
		targetControl(cur, base),
	} {
		if len(c.Targets) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// functions returns a scenario's synthetic functions (nil for a trace).
func functions(s *scenarios.Scenario) []scenarios.Function {
	if s == nil || s.Workload.Synthetic == nil {
		return nil
	}
	return s.Workload.Synthetic.Functions
}

// basePlatform is base's platform k, or nil when base has none there.
func basePlatform(base *scenarios.Scenario, k int) *scenarios.Platform {
	if base != nil && k < len(base.Platforms) {
		return &base.Platforms[k]
	}
	return nil
}

func fnPath(k int, rest string) string {
	return fmt.Sprintf("workload.synthetic.functions.%d.%s", k, rest)
}

func platformPath(k int, rest string) string { return fmt.Sprintf("platforms.%d.%s", k, rest) }

// functionTargets builds a function control's targets: value reads a
// function's current value (false: the control does not apply to it) and
// paths says what the control writes for it.
func functionTargets(cur, base *scenarios.Scenario, value func(f *scenarios.Function) (float64, bool),
	paths func(k int, f *scenarios.Function) []SetPath) []Target {
	return targets(functions(cur), functions(base), func(f *scenarios.Function) string { return f.Name }, value, paths)
}

// platformTargets is functionTargets for platforms.
func platformTargets(cur, base *scenarios.Scenario, value func(p *scenarios.Platform) (float64, bool),
	paths func(k int, p *scenarios.Platform) []SetPath) []Target {
	var bps []scenarios.Platform
	if base != nil {
		bps = base.Platforms
	}
	return targets(cur.Platforms, bps, func(p *scenarios.Platform) string { return p.Name }, value, paths)
}

// targets is one target per item of cur that value reads, its base value
// read from base's item at the same index when there is one and value
// reads it there too.
func targets[T any](cur, base []T, name func(*T) string, value func(*T) (float64, bool),
	paths func(k int, it *T) []SetPath) []Target {
	var ts []Target
	for k := range cur {
		it := &cur[k]
		v, ok := value(it)
		if !ok {
			continue
		}
		b := v
		if k < len(base) {
			if bv, ok := value(&base[k]); ok {
				b = bv
			}
		}
		ts = append(ts, Target{Name: name(it), Index: k, Value: v, Base: b, Paths: paths(k, it)})
	}
	return ts
}

func one(path string) func(int, *scenarios.Function) []SetPath {
	return func(k int, _ *scenarios.Function) []SetPath { return []SetPath{{Path: fnPath(k, path)}} }
}

// faasTargets is platformTargets over the FaaS platforms whose preset
// resolves, value reading the platform and its preset, written at path.
func faasTargets(cur, base *scenarios.Scenario, path string, value func(*scenarios.Platform, faas.Preset) (float64, bool)) []Target {
	return platformTargets(cur, base, func(p *scenarios.Platform) (float64, bool) {
		pr, ok := faasPreset(p)
		if !ok {
			return 0, false
		}
		return value(p, pr)
	}, onePlatform(path))
}

func onePlatform(path string) func(int, *scenarios.Platform) []SetPath {
	return func(k int, _ *scenarios.Platform) []SetPath { return []SetPath{{Path: platformPath(k, path)}} }
}

// ratedProcess is an arrival process with a rate_per_s that sets its mean
// rate (the quiet rate for mmpp).
func ratedProcess(p string) bool {
	return slices.Contains([]string{"poisson", "deterministic", "gamma", "diurnal", "mmpp"}, p)
}

// rateControl scales arrivals: rate_per_s of synthetic functions, or a
// trace's rate_scale.
func rateControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlRate, Label: "Request rate", Scope: "function", Kind: "range", Format: "number", Log: true,
		Unit: "req/s", Help: "More traffic keeps instances warm and raises a FaaS bill in proportion; a fixed fleet's bill stays flat until it saturates."}
	if tr := cur.Workload.Trace; tr != nil {
		c.Label, c.Unit, c.Min, c.Max = "Trace rate scale", "×", 0.01, 10
		c.Help = "Thins (< 1) or replicates (> 1) the trace's arrivals, keeping its bursts."
		v := cmp.Or(tr.RateScale, 1)
		b := v
		if base != nil && base.Workload.Trace != nil {
			b = cmp.Or(base.Workload.Trace.RateScale, 1)
		}
		c.Targets = []Target{{Name: "trace", Value: v, Base: b, Paths: []SetPath{{Path: "workload.trace.rate_scale"}}}}
		return c
	}
	c.Targets = functionTargets(cur, base, func(f *scenarios.Function) (float64, bool) {
		// A quiet rate of 0 (an mmpp that only bursts) has no place on a
		// log scale, and scaling it would do nothing.
		return f.Arrival.RatePerS, ratedProcess(f.Arrival.Process) && f.Arrival.RatePerS > 0
	}, one("arrival.rate_per_s"))
	if slices.ContainsFunc(c.Targets, func(t Target) bool { return functions(cur)[t.Index].Arrival.Process == "mmpp" }) {
		// An mmpp's rate_per_s is its quiet rate: a student reading 5
		// req/s on burst-throttling must not take it for the mean.
		c.Help += " On bursty (MMPP) traffic it is the rate between bursts; the burst rate is a control of its own."
	}
	// From a hundredth of the rarest to ten times the busiest: wide enough
	// to cross every trade-off, low enough to rerun within a second.
	c.Min, c.Max = rangeOf(c.Targets, 0.01, 10)
	return c
}

// rangeOf is [niceDown(min x lo), niceUp(max x hi)] over the targets' and
// their bases' values, on a 1-2-5 scale.
func rangeOf(ts []Target, lo, hi float64) (float64, float64) {
	if len(ts) == 0 {
		return 0, 0
	}
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, t := range ts {
		mn, mx = min(mn, t.Value, t.Base), max(mx, t.Value, t.Base)
	}
	return niceDown(mn * lo), niceUp(mx * hi)
}

// niceUp is the smallest of 1, 2, 5 x 10^k at or above x (> 0).
func niceUp(x float64) float64 {
	e := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v := m * e; v >= x*(1-1e-9) {
			return roundSig(v)
		}
	}
	return roundSig(10 * e)
}

// niceDown is the largest of 1, 2, 5 x 10^k at or below x (> 0).
func niceDown(x float64) float64 {
	e := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{5, 2, 1} {
		if v := m * e; v <= x*(1+1e-9) {
			return roundSig(v)
		}
	}
	return roundSig(e)
}

// roundSig drops the binary noise of powers of ten (0.1 x 3 = 0.30000000000000004).
func roundSig(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64) // formatted just above: parses
	return v
}

// cvControl sets the burstiness of renewal arrivals: a poisson function
// becomes gamma (cv 1 is Poisson), a gamma one keeps its process.
func cvControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlCV, Label: "Burstiness (gap CV)", Scope: "function", Kind: "range", Format: "number",
		Min: 0.1, Max: 10, Log: true,
		Help: "The gaps' standard deviation over their mean: 1 is Poisson, below 1 a steady clock, above 1 clustered requests with long silences between."}
	c.Targets = functionTargets(cur, base, func(f *scenarios.Function) (float64, bool) {
		switch f.Arrival.Process {
		case "poisson":
			return 1, true
		case "gamma":
			return f.Arrival.CV, true
		}
		return 0, false
	}, func(k int, f *scenarios.Function) []SetPath {
		return []SetPath{{Path: fnPath(k, "arrival.process"), Fixed: "gamma"}, {Path: fnPath(k, "arrival.cv")}}
	})
	return c
}

// burstControl sets an mmpp's burst rate.
func burstControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlBurstRate, Label: "Burst rate", Scope: "function", Kind: "range", Format: "number", Log: true,
		Unit: "req/s", Help: "The rate during a burst: what the concurrency limit and the scaling rate must absorb."}
	c.Targets = functionTargets(cur, base, func(f *scenarios.Function) (float64, bool) {
		return f.Arrival.BurstRatePerS, f.Arrival.Process == "mmpp" && f.Arrival.BurstRatePerS > 0
	}, one("arrival.burst_rate_per_s"))
	// Bursts are the heaviest work of all: twice the example's at most.
	c.Min, c.Max = rangeOf(c.Targets, 0.05, 2)
	return c
}

// durationControl sets the typical duration: a lognormal's median (its p99
// follows at the same ratio), an exponential's mean, a constant's value.
func durationControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlDuration, Label: "Duration", Scope: "function", Kind: "range", Format: "duration", Unit: "s",
		Min: 0.001, Max: 60, Log: true,
		Help: "How long a request runs (the median, or the mean of an exponential): longer runs mean more instances busy at once and a larger bill."}
	c.Targets = functionTargets(cur, base, func(f *scenarios.Function) (float64, bool) {
		d := f.Duration
		switch {
		case len(f.Payloads) > 0:
			return 0, false
		case d.Dist == "lognormal" && d.Median > 0 && d.P99 > d.Median:
			return secs(d.Median), true
		case d.Dist == "exponential" && d.Mean > 0:
			return secs(d.Mean), true
		case d.Dist == "deterministic" && d.Value > 0:
			return secs(d.Value), true
		}
		return 0, false
	}, func(k int, f *scenarios.Function) []SetPath {
		d := f.Duration
		switch d.Dist {
		case "lognormal":
			return []SetPath{{Path: fnPath(k, "duration.median")},
				{Path: fnPath(k, "duration.p99"), Factor: float64(d.P99) / float64(d.Median)}}
		case "exponential":
			return []SetPath{{Path: fnPath(k, "duration.mean")}}
		}
		return []SetPath{{Path: fnPath(k, "duration.value")}}
	})
	return c
}

// faasPreset is a FaaS platform's preset, false for a container or an
// unknown preset.
func faasPreset(p *scenarios.Platform) (faas.Preset, bool) {
	if p.Kind != "faas" && p.Kind != "" {
		return faas.Preset{}, false
	}
	pr, err := faas.LookupPreset(cmp.Or(p.Preset, "generic"))
	if err != nil {
		return faas.Preset{}, false
	}
	if pr, err = pr.For(p.Architecture); err != nil {
		return faas.Preset{}, false
	}
	return pr, true
}

// memoryControl sets a FaaS platform's memory_mb, on presets that price
// memory and offer a range of sizes (not fixed sizes, not the generic
// textbook platform, which has no prices).
func memoryControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlMemory, Label: "Memory", Scope: "platform", Kind: "range", Format: "integer", Unit: "MB", Log: true, Step: 1,
		Help: "Memory per instance: on Lambda the CPU grows with it (1,769 MB is one vCPU), so CPU-bound code runs faster, and the bill is memory × time."}
	lo, hi := 0, math.MaxInt
	value := func(s *scenarios.Scenario) func(p *scenarios.Platform) (float64, bool) {
		return func(p *scenarios.Platform) (float64, bool) {
			pr, ok := faasPreset(p)
			if !ok || pr.Sheet == "" || len(pr.MemorySizes) > 0 {
				return 0, false
			}
			if p.MemoryMB > 0 {
				return float64(p.MemoryMB), true
			}
			// Memory 0 runs each function at its own: one value only when
			// they all agree (a trace's are fitted per function: unknown).
			fns := functions(s)
			if len(fns) == 0 {
				return 0, false
			}
			mb := cmp.Or(fns[0].MemoryMB, pr.MemoryMB)
			for _, f := range fns[1:] {
				if cmp.Or(f.MemoryMB, pr.MemoryMB) != mb {
					return 0, false
				}
			}
			return float64(mb), true
		}
	}
	c.Targets = platformTargets(cur, base, value(cur), onePlatform("memory_mb"))
	if base != nil {
		// Base reads base's own functions, not cur's.
		bv := value(base)
		for i := range c.Targets {
			if bp := basePlatform(base, c.Targets[i].Index); bp != nil {
				if v, ok := bv(bp); ok {
					c.Targets[i].Base = v
				}
			}
		}
	}
	for _, t := range c.Targets {
		pr, _ := faasPreset(&cur.Platforms[t.Index])
		lo, hi = max(lo, pr.MinMemoryMB), min(hi, pr.MaxMemoryMB)
	}
	if len(c.Targets) > 0 && lo <= hi {
		c.Min, c.Max = float64(lo), float64(hi)
	} else {
		c.Targets = nil // no size every target allows
	}
	return c
}

// ttlControl sets a fixed keep-alive's TTL.
func ttlControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlTTL, Label: "Keep-alive TTL", Scope: "platform", Kind: "range", Format: "duration", Unit: "s",
		Min: 1, Max: 86400, Log: true, Step: 1,
		Help: "How long an idle instance stays warm: with Poisson arrivals at rate λ a request is cold with probability e^(-λT)."}
	c.Targets = faasTargets(cur, base, "keep_alive.ttl", func(p *scenarios.Platform, _ faas.Preset) (float64, bool) {
		return secs(p.KeepAlive.TTL), p.KeepAlive.Policy == "fixed"
	})
	return c
}

// perInstanceControl sets requests per instance, on presets that allow
// more than one.
func perInstanceControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlPerInstance, Label: "Requests per instance", Scope: "platform", Kind: "range", Format: "integer",
		Min: 1, Max: 1000, Log: true, Step: 1,
		Help: "How many requests one instance serves at once (Cloud Run 80 by default, Lambda 1): more sharing, fewer instances and cold starts."}
	c.Targets = faasTargets(cur, base, "concurrency.per_instance", func(p *scenarios.Platform, pr faas.Preset) (float64, bool) {
		return float64(max(cmp.Or(p.Concurrency.PerInstance, pr.Config.PerInstance), 1)), pr.MaxPerInstance != 1
	})
	for _, t := range c.Targets {
		if pr, _ := faasPreset(&cur.Platforms[t.Index]); pr.MaxPerInstance > 0 {
			c.Max = min(c.Max, float64(pr.MaxPerInstance))
		}
	}
	return c
}

// provisionedControl sets always-warm instances, where the price sheet
// prices them and nothing forbids them (SnapStart, per-function settings).
func provisionedControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlProvisioned, Label: "Provisioned instances", Scope: "platform", Kind: "range", Format: "integer",
		Min: 0, Max: 100, Step: 1,
		Help: "Instances kept warm the whole time and billed for it: no cold start while the load fits in them."}
	fns := functions(cur)
	perFunction := slices.ContainsFunc(fns, func(f scenarios.Function) bool { return f.SnapStart || f.Provisioned > 0 })
	c.Targets = faasTargets(cur, base, "provisioned", func(p *scenarios.Platform, pr faas.Preset) (float64, bool) {
		if perFunction {
			return 0, false
		}
		if name := cmp.Or(p.Prices, pr.Sheet); name != "" {
			sh, err := pricing.Lookup(name)
			if err != nil || sh.USDPerProvisionedGBS == 0 {
				return 0, false
			}
		}
		if mx := cmp.Or(p.Concurrency.MaxInstances, pr.Config.MaxInstances); mx > 0 && mx < 100 {
			return 0, false // max_instances would refuse the top of the range
		}
		return float64(p.Provisioned), true
	})
	return c
}

// accountLimitControl sets the account's concurrency limit where the
// platform has one (a preset without one is unlimited: no value to show).
func accountLimitControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlAccountLimit, Label: "Account concurrency limit", Scope: "platform", Kind: "range", Format: "integer",
		Min: 1, Max: 10000, Log: true, Step: 1,
		Help: "Requests in flight allowed across the account (Lambda 1,000): beyond it requests are rejected or queued, as Erlang B predicts."}
	c.Targets = faasTargets(cur, base, "concurrency.account_limit", func(p *scenarios.Platform, pr faas.Preset) (float64, bool) {
		if p.Concurrency.Reserved > 0 {
			return 0, false // reserved concurrency would refuse a limit below it
		}
		v := cmp.Or(p.Concurrency.AccountLimit, pr.Config.AccountLimit)
		return float64(v), v > 0
	})
	if slices.ContainsFunc(functions(cur), func(f scenarios.Function) bool { return f.ReservedConcurrency != nil }) {
		c.Targets = nil
	}
	return c
}

// replicasControl sets a fixed fleet's size.
func replicasControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlReplicas, Label: "Replicas", Scope: "platform", Kind: "range", Format: "integer",
		Min: 1, Max: 100, Step: 1,
		Help: "A fixed fleet's size: its cost is flat, and it saturates when λ × duration reaches replicas × slots."}
	c.Targets = platformTargets(cur, base, func(p *scenarios.Platform) (float64, bool) {
		if p.Kind != "container" || p.Scaling == nil || p.Scaling.Policy != "fixed" {
			return 0, false
		}
		return float64(p.Scaling.Replicas), true
	}, onePlatform("scaling.replicas"))
	return c
}

// targetControl sets an autoscaled fleet's target utilization.
func targetControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlTarget, Label: "Autoscaling target", Scope: "platform", Kind: "range", Format: "number",
		Min: 0.1, Max: 1, Step: 0.05,
		Help: "The utilization the autoscaler keeps: low means spare replicas (cost) and short queues, high the reverse."}
	c.Targets = platformTargets(cur, base, func(p *scenarios.Platform) (float64, bool) {
		if p.Kind != "container" || p.Scaling == nil || p.Scaling.Policy != "target" {
			return 0, false
		}
		return p.Scaling.Target, true
	}, onePlatform("scaling.target"))
	return c
}
