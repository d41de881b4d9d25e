package scenarios

import "math"

// container checks a container baseline. FaaS-only fields are errors
// there: a keep-alive or a cold-start setting would silently do nothing.
func (c *checker) container(path string, p *Platform) {
	for _, f := range []string{"memory_mb", "architecture", "keep_alive", "cold_start", "concurrency",
		"on_limit", "max_wait", "idle_choice", "provisioned", "free_tier", "instances_per"} {
		if c.written(path + "." + f) {
			c.add(path+"."+f, "applies to kind faas only (a container platform has replica, scaling, queue_limit and node)")
		}
	}
	if r := p.Replica; r == nil {
		c.add(path+".replica", "missing: {vcpu: 1, memory_gb: 2, slots: 4, startup: 60s}")
	} else {
		if !(r.VCPU > 0) || math.IsInf(r.VCPU, 0) {
			c.add(path+".replica.vcpu", "must be a finite number > 0, got %v", r.VCPU)
		}
		if !(r.MemoryGB > 0) || math.IsInf(r.MemoryGB, 0) {
			c.add(path+".replica.memory_gb", "must be a finite number > 0, got %v", r.MemoryGB)
		}
		if r.Slots < 1 {
			c.add(path+".replica.slots", "must be >= 1 (requests a replica serves at once), got %d", r.Slots)
		}
		if r.Startup < 0 {
			c.add(path+".replica.startup", "must be >= 0, got %s", r.Startup)
		}
	}
	if p.QueueLimit < 0 {
		c.add(path+".queue_limit", "must be >= 0 (0: unbounded), got %d", p.QueueLimit)
	}
	if p.RequestTimeout < 0 { // overload: port to the resolver
		c.add(path+".request_timeout", "must be >= 0 (0: none), got %s", p.RequestTimeout)
	}
	sc := p.Scaling
	if sc == nil {
		c.add(path+".scaling", "missing: {policy: fixed, replicas: N} or {policy: target, metric: concurrency, target: 0.7, min: 1, max: 10}")
		return
	}
	sp := path + ".scaling"
	switch sc.Policy {
	case "fixed":
		if sc.Replicas < 1 {
			c.add(sp+".replicas", "must be >= 1, got %d", sc.Replicas)
		}
		for _, f := range []string{"metric", "target", "min", "max", "sync", "scale_down_stabilization"} {
			if c.written(sp + "." + f) {
				c.add(sp+"."+f, "applies to policy target only")
			}
		}
	case "target":
		if c.written(sp + ".replicas") {
			c.add(sp+".replicas", "applies to policy fixed only (target scaling uses min and max)")
		}
		switch sc.Metric {
		case "", "concurrency", "cpu":
		default:
			c.add(sp+".metric", "unknown metric %q (valid: concurrency, cpu)", sc.Metric)
		}
		if !(sc.Target > 0 && sc.Target <= 1) {
			c.add(sp+".target", "must be within (0, 1] (the utilization to track), got %v", sc.Target)
		}
		if sc.Min < 0 || sc.Max < 1 || sc.Max < sc.Min {
			c.add(sp, "want 0 <= min <= max and max >= 1, got min %d, max %d", sc.Min, sc.Max)
		}
		if sc.Sync < 0 {
			c.add(sp+".sync", "must be > 0 (15s by default), got %s", sc.Sync)
		}
		if sc.ScaleDownStabilization < 0 {
			c.add(sp+".scale_down_stabilization", "must be >= 0 (300s by default), got %s", sc.ScaleDownStabilization)
		}
	case "":
		c.add(sp+".policy", "missing (valid: fixed, target)")
	default:
		c.add(sp+".policy", "unknown policy %q (valid: fixed, target)", sc.Policy)
	}
}

func (c *checker) trace(path string, t *TraceSpec) {
	switch t.Format {
	case "azure2019", "huawei2023":
		if t.Dir == "" && t.Path == "" {
			c.add(path+".dir", "missing (the directory of the %s release)", t.Format)
		}
	case "azure2021", "csv":
		if t.Path == "" {
			c.add(path+".path", "missing (the %s file)", t.Format)
		}
		if t.Dir != "" {
			c.add(path+".dir", "does not apply to %s (give path)", t.Format)
		}
	case "":
		c.add(path+".format", "missing (valid: azure2019, azure2021, huawei2023, csv)")
	default:
		c.add(path+".format", "unknown format %q (valid: azure2019, azure2021, huawei2023, csv)", t.Format)
	}
	switch t.Spread {
	case "", "uniform", "equidistant", "poisson":
	default:
		c.add(path+".spread", "unknown spread %q (valid: uniform, equidistant, poisson)", t.Spread)
	}
	if t.Day < 0 {
		c.add(path+".day", "must be >= 1, got %d", t.Day)
	}
	if t.From < 0 || t.To < 0 || (t.To != 0 && t.To <= t.From) {
		c.add(path, "want 0 <= from < to (to 0: the end), got from %s, to %s", t.From, t.To)
	}
	if t.Top < 0 || t.Sample < 0 {
		c.add(path, "top and sample must be >= 0, got %d and %d", t.Top, t.Sample)
	}
	if !(t.RateScale >= 0) || math.IsInf(t.RateScale, 0) {
		c.add(path+".rate_scale", "must be a finite number >= 0 (0 means 1), got %v", t.RateScale)
	}
}
