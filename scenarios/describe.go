package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"faassim/models/metrics"
	"faassim/models/pricing"
)

// describe fills what a report needs to stand alone: the workload, the
// assumptions behind every platform's numbers, and the price sheets used.
func (s *Scenario) describe(res *metrics.Results, plans []simulator, opt Options) {
	res.Description = strings.TrimSpace(s.Description)
	if syn := s.Workload.Synthetic; syn != nil {
		for _, f := range syn.Functions {
			res.Workload = append(res.Workload, functionLine(f))
		}
	}
	window := time.Duration(s.Horizon - s.Warmup)
	res.Assumptions = append(res.Assumptions,
		fmt.Sprintf("Statistics and costs cover the %v after a %v warm-up; costs are projected from that window to a 30-day month, and monthly volume tiers apply to the projection.", window, time.Duration(s.Warmup)),
		fmt.Sprintf("Every platform sees the same requests (seed %d, %d replication(s)); latency is end to end: queueing, cold start and execution.", s.Seed, s.Replications))
	for i, pl := range plans {
		p := s.Platforms[i]
		var sheet *pricing.Sheet
		switch pl := pl.(type) {
		case *faasPlan:
			res.Assumptions = append(res.Assumptions, faasLine(p, pl, opt))
			sheet = pl.sheet
		case *containerPlan:
			res.Assumptions = append(res.Assumptions, containerLine(p, pl))
			sheet = pl.sheet
		}
		if sheet != nil && !slices.ContainsFunc(res.PriceSheets, func(r metrics.SheetRef) bool { return r.Name == sheet.Name }) {
			res.PriceSheets = append(res.PriceSheets, metrics.SheetRef{Name: sheet.Name, Provider: sheet.Provider,
				Product: sheet.Product, Region: sheet.Region, Effective: sheet.Effective, Source: sheet.Source})
		}
	}
}

func functionLine(f Function) string {
	a := f.Arrival
	var arr string
	switch a.Process {
	case "diurnal":
		arr = fmt.Sprintf("diurnal, %g/s on average, +-%.0f%% over %v, peak at %v", a.RatePerS, 100*a.Amplitude, orDay(a.Period), time.Duration(a.Peak))
	case "mmpp":
		arr = fmt.Sprintf("bursts of %g/s lasting %v on average, every %v on average, %g/s between", a.BurstRatePerS, time.Duration(a.BurstMean), time.Duration(a.QuietMean), a.RatePerS)
	case "replay":
		arr = fmt.Sprintf("%d listed arrivals", len(a.At))
	default:
		arr = fmt.Sprintf("%s, %g/s", a.Process, a.RatePerS)
	}
	mem := "preset memory"
	if f.MemoryMB > 0 {
		mem = fmt.Sprintf("%d MB", f.MemoryMB)
	}
	return fmt.Sprintf("%s (%s, %s): %s; duration %s", f.Name, cmp.Or(f.Runtime, "no runtime"), mem, arr, distLine(f.Duration))
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

func faasLine(p Platform, pl *faasPlan, opt Options) string {
	c := pl.cfg
	var parts []string
	parts = append(parts, "preset "+cmp.Or(p.Preset, "generic"))
	switch p.KeepAlive.Policy {
	case "fixed":
		parts = append(parts, "keep-alive "+time.Duration(p.KeepAlive.TTL).String())
	default:
		parts = append(parts, "keep-alive "+p.KeepAlive.Policy)
	}
	parts = append(parts, fmt.Sprintf("%d request(s) per instance", c.PerInstance))
	if c.AccountLimit > 0 {
		parts = append(parts, fmt.Sprintf("account limit %d in flight", c.AccountLimit))
	}
	if c.MaxInstances > 0 {
		parts = append(parts, fmt.Sprintf("at most %d instances per function", c.MaxInstances))
	}
	if c.ScaleBurst > 0 {
		parts = append(parts, fmt.Sprintf("+%d instances per %v per function", c.ScaleBurst, c.ScalePer))
	}
	parts = append(parts, "throttled requests "+map[bool]string{false: "rejected", true: "queued"}[p.OnLimit == "queue"])
	if c.Provisioned > 0 {
		parts = append(parts, fmt.Sprintf("%d provisioned instance(s) per function", c.Provisioned))
	}
	if pl.sheet != nil {
		free := "free tier off"
		if pl.freeTier {
			free = "free tier on"
		}
		parts = append(parts, "prices "+pl.sheet.Name+", "+free)
	} else {
		parts = append(parts, "no price sheet: costs are zero")
	}
	return p.Name + ": " + strings.Join(parts, "; ")
}

func containerLine(p Platform, pl *containerPlan) string {
	r, sc := p.Replica, p.Scaling
	scaling := fmt.Sprintf("fixed %d replicas", sc.Replicas)
	if sc.Policy == "target" {
		scaling = fmt.Sprintf("target %s %.0f%%, %d to %d replicas, HPA-like (15 s sync, 5 min scale-down stabilization unless set)",
			cmp.Or(sc.Metric, "concurrency"), 100*sc.Target, sc.Min, sc.Max)
	}
	line := fmt.Sprintf("%s: preset %s; replicas of %g vCPU, %g GB, %d concurrent requests, %v to start; %s; prices %s",
		p.Name, p.Preset, r.VCPU, r.MemoryGB, r.Slots, pl.cfg.Replica.Startup, scaling, pl.sheet.Name)
	if pl.node != nil {
		line += fmt.Sprintf(" (%d replicas per %s node)", pl.perNode, pl.node.Type)
	}
	return line
}
