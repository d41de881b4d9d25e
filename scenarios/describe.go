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
	res.Assumptions = append(res.Assumptions,
		// issue 8 item 4: the month is the scenario's (month: 720h or 730h).
		monthLine(s.month()),
		fmt.Sprintf("Every platform sees the same requests (seed %d); differences are the platforms', not the workload's.", s.Seed))
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
			if cp := pl.controlPlane; cp != nil { // issue 8 item 4
				addSheet(res, cp)
			}
		}
		if sheet != nil {
			addSheet(res, sheet)
		}
	}
}

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
		parts = append(parts, "keep-alive "+short(time.Duration(p.KeepAlive.TTL)))
	case "hybrid":
		parts = append(parts, "hybrid histogram keep-alive with pre-warming (Shahrad et al., ATC'20)")
	default:
		parts = append(parts, "keep-alive "+p.KeepAlive.Policy)
	}
	parts = append(parts, fmt.Sprintf("%d request(s) per instance", c.PerInstance))
	if c.PerApp {
		parts = append(parts, "instances shared by the functions of an app")
	}
	if c.AccountLimit > 0 {
		parts = append(parts, fmt.Sprintf("account limit %d in flight", c.AccountLimit))
	}
	per := "function"
	if c.PerApp {
		per = "app"
	}
	if c.MaxInstances > 0 {
		parts = append(parts, fmt.Sprintf("at most %d instances per %s", c.MaxInstances, per))
	}
	if c.ScaleBurst > 0 {
		parts = append(parts, fmt.Sprintf("+%d instances per %v per %s", c.ScaleBurst, c.ScalePer, per))
	}
	if p.OnLimit == "queue" {
		wait := "as long as the run"
		if c.MaxWait > 0 {
			wait = "up to " + short(c.MaxWait.Duration())
		}
		parts = append(parts, "throttled requests queued "+wait)
	} else {
		parts = append(parts, "throttled requests rejected")
	}
	if c.Provisioned > 0 {
		parts = append(parts, fmt.Sprintf("%d provisioned instance(s) per %s", c.Provisioned, per))
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
	line := fmt.Sprintf("%s: preset %s; replicas of %g vCPU, %g GB, %d concurrent requests, %s to start; %s; prices %s",
		p.Name, p.Preset, r.VCPU, r.MemoryGB, r.Slots, short(pl.cfg.Replica.Startup.Duration()), scaling, pl.sheet.Name)
	if pl.node != nil {
		line += fmt.Sprintf(" (%d replicas per %s node)", pl.perNode, pl.node.Type)
	}
	return line + billingLine(pl.cfg.Replica.EphemeralStorageGB, pl.sheet, pl.controlPlane) // issue 8 item 4
}

// short formats a duration without trailing zero units: 24h, 6m, 1m30s.
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
