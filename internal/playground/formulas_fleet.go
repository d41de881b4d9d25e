package playground

import (
	"fmt"
	"strings"

	"faassim/models/analytic"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/scenarios"
)

// fleetLoad is a fixed fleet's utilization ρ = λS / (replicas × slots),
// with Erlang C for the chance that a request finds every slot busy.
func fleetLoad(ls []fnLoad, sp *scenarios.Platform, p *metrics.Platform, window float64) (derived, bool) {
	st := p.Settings
	if sp.Scaling == nil || sp.Scaling.Policy != "fixed" || st.Replica == nil || window <= 0 {
		return derived{}, false
	}
	r, k := sp.Scaling.Replicas, st.Replica.Slots
	if r <= 0 || k <= 0 {
		return derived{}, false
	}
	a := work(ls, st)
	slots := r * k
	rho := a / float64(slots)
	lambda := totalRate(ls)
	// The run's busy slots by the same law: completed requests times their
	// mean time running (latency less wait) over the window.
	busy := float64(p.Completed) * (p.LatencyMS.Mean - p.WaitMS.Mean) / 1000 / window
	sim := busy / float64(slots)
	d := derived{Formula: Formula{ID: FormulaFleetLoad, Platform: p.Name,
		Name:      "Utilization of a fixed fleet",
		Equation:  "ρ = λ × E[S] / (replicas × slots)",
		Value:     rho,
		Worked:    fmt.Sprintf("%s × %s / (%d × %d) = %s", rate(lambda), seconds(safeDiv(a, lambda)), r, k, sig(rho, 3)),
		Simulated: sim,
		SimulatedLabel: fmt.Sprintf("busy slots simulated: %s; replicas with a request in flight (utilization): %s",
			pctN(sim, 3), pctN(p.Utilization, 3)),
		Source: srcFleetLoad,
	}}
	if rho < 1 {
		c := analytic.ErlangC(slots, a)
		d.Worked += fmt.Sprintf("; Erlang C(%d, %s) = %s of requests find every slot busy", slots, num(a), sig(c, 2))
		d.why = fmt.Sprintf("%s × %s fills %s of the %d slots (ρ); a request waits only when all are busy, %s of the time (Erlang C), and waits grow like 1/(1 - ρ) as ρ nears 1",
			rate(lambda), seconds(safeDiv(a, lambda)), pct(rho), slots, pct(c))
	} else {
		// Where it grows to depends on the fleet: a bounded queue turns the
		// excess away once full, a request timeout drops who waited too long.
		end := "the queue grows for as long as the load lasts"
		switch {
		case st.QueueLimit > 0:
			end = fmt.Sprintf("the queue fills to its limit of %s and the excess, about %s of requests, is turned away", count(int64(st.QueueLimit)), pct(1-1/rho))
		case st.RequestTimeS > 0:
			end = fmt.Sprintf("the queue grows until requests reach their %s timeout", seconds(st.RequestTimeS))
		}
		d.Worked += "; ρ ≥ 1: " + end
		d.why = fmt.Sprintf("%s × %s asks for %s slots of the %d there are (ρ = %s ≥ 1): %s",
			rate(lambda), seconds(safeDiv(a, lambda)), num(a), slots, sig(rho, 2), end)
	}
	return d, true
}

// breakEven is the rate at which a FaaS platform, whose cost grows with
// the requests, costs what a container fleet costs a month: λ* = M_fleet /
// (cost per request × month). It holds only where the FaaS cost is
// proportional to the rate (notProportional says where not) and the
// fleet's flat (as sized now: an autoscaled one grows with the rate too).
// capacityPerS is the most a fixed fleet serves (0: not a fixed fleet).
func breakEven(r metrics.Results, f, c *metrics.Platform, capacityPerS float64) (derived, bool) {
	w := windowS(r)
	month := metrics.MonthSeconds(r.MonthS)
	if w <= 0 || f.Requests <= 0 || f.MonthlyCostUSD <= 0 || c.MonthlyCostUSD <= 0 {
		return derived{}, false
	}
	now := float64(f.Requests) / w
	perReq := f.MonthlyCostUSD / (now * month)
	v := c.MonthlyCostUSD / (perReq * month)
	if notProportional(f, v/now) != "" {
		return derived{}, false
	}
	d := derived{Formula: Formula{ID: FormulaBreakEven, Platform: f.Name,
		Name:      fmt.Sprintf("Break-even rate, %s against %s", f.Name, c.Name),
		Equation:  "λ* = M_fleet / (cost per request × seconds in a month)",
		Value:     v,
		Simulated: now,
		Worked: fmt.Sprintf("%s / (%s per million requests × %s s) = %s", money(c.MonthlyCostUSD),
			money(perReq*1e6), count(int64(month)), rate(v)),
		SimulatedLabel: fmt.Sprintf("now %s: %s %s a month, %s %s a month", rate(now), f.Name, money(f.MonthlyCostUSD),
			c.Name, money(c.MonthlyCostUSD)),
		Source: sheetSources(r, f, c),
	}}
	cheaper := f.Name
	if v < now {
		cheaper = c.Name
	}
	d.why = fmt.Sprintf("%s costs %s per million requests and %s %s a month as sized now, so they cost the same at %s (now %s, where %s is cheaper)",
		f.Name, money(perReq*1e6), c.Name, money(c.MonthlyCostUSD), rate(v), rate(now), cheaper)
	if capacityPerS > 0 && v >= capacityPerS {
		// Past its capacity the fleet's cost stays flat but it no longer
		// serves the load: the two never cost the same for the same work.
		d.why = fmt.Sprintf("%s costs %s per million requests and %s %s a month, so they would cost the same at %s, but %s serves at most %s: below that %s is cheaper, above it %s saturates",
			f.Name, money(perReq*1e6), c.Name, money(c.MonthlyCostUSD), rate(v), c.Name, rate(capacityPerS), f.Name, c.Name)
	}
	if c.Settings != nil && c.Settings.Scaling != "" && !strings.HasPrefix(c.Settings.Scaling, "fixed") {
		d.why += fmt.Sprintf("; %s autoscales, so its cost moves with the rate too", c.Name)
	}
	return d, true
}

// notProportional says why a FaaS platform's monthly cost is not its
// requests times one price per request up to scale times the present
// rate, "" when it is: a free tier is a fixed saving, provisioned
// instances and billed idle time a fixed charge (or one that moves with
// the keep-alive), and volume tiers lower the price per request once
// the month's GB-seconds pass the first tier.
func notProportional(f *metrics.Platform, scale float64) string {
	st := f.Settings
	switch {
	case st == nil:
		return "its settings are unknown"
	case st.FreeTier:
		return "its free tier takes a fixed amount off the bill"
	case f.CostUSD.Provisioned > 0:
		return "its provisioned instances cost the same at any rate"
	case f.CostUSD.Idle > 0:
		return "it bills idle instance time, which follows the keep-alive, not the requests"
	}
	// Sheets given with serve --prices are not in the catalog: their tiers
	// cannot be checked.
	if sh, err := pricing.Lookup(st.PriceSheet); err == nil && len(sh.DurationTiers) > 1 && f.CostUSD.Total > 0 {
		t := sh.DurationTiers[0]
		gbsMonth := f.MonthlyCostUSD * f.CostUSD.Compute / f.CostUSD.Total / t.USDPerGBS
		if t.UpToGBS > 0 && gbsMonth*max(scale, 1) > t.UpToGBS {
			return "its GB-seconds would pass the first price tier"
		}
	}
	return ""
}

// sheetSources names the price sheets' public sources behind two
// platforms' costs.
func sheetSources(r metrics.Results, ps ...*metrics.Platform) string {
	src := "cost per request and fleet cost from the price sheets"
	for _, p := range ps {
		if p.Settings == nil {
			continue
		}
		for _, s := range r.PriceSheets {
			if s.Name == p.Settings.PriceSheet && s.Source != "" {
				src += "; " + s.Name + ": " + s.Source
			}
		}
	}
	return src
}

// fleetCapacity is the most requests a second a fixed fleet serves,
// replicas × slots / E[S] (ρ = 1); 0 for any other platform.
func fleetCapacity(ls []fnLoad, sp *scenarios.Platform, p *metrics.Platform) float64 {
	if sp == nil || sp.Scaling == nil || sp.Scaling.Policy != "fixed" || p.Settings == nil || p.Settings.Replica == nil {
		return 0
	}
	a, lambda := work(ls, p.Settings), totalRate(ls)
	if a <= 0 || lambda <= 0 {
		return 0
	}
	return float64(sp.Scaling.Replicas*p.Settings.Replica.Slots) / (a / lambda)
}
