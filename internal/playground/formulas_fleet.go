package playground

import (
	"fmt"

	"faassim/models/analytic"
	"faassim/models/metrics"
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
		d.Worked += "; ρ ≥ 1: the queue grows without bound"
		d.why = fmt.Sprintf("%s × %s asks for %s slots of the %d there are (ρ = %s ≥ 1): the queue grows for as long as the load lasts",
			rate(lambda), seconds(safeDiv(a, lambda)), num(a), slots, sig(rho, 2))
	}
	return d, true
}

// breakEven is the rate at which a FaaS platform, whose cost grows with
// the requests, costs what a container fleet costs a month: λ* = M_fleet /
// (cost per request × month). It assumes the FaaS cost proportional to the
// rate (no free tier, no provisioned instances) and the fleet's flat (as
// sized now: an autoscaled one grows with the rate too).
func breakEven(r metrics.Results, f, c *metrics.Platform) (derived, bool) {
	w := windowS(r)
	month := metrics.MonthSeconds(r.MonthS)
	if w <= 0 || f.Requests <= 0 || f.MonthlyCostUSD <= 0 || c.MonthlyCostUSD <= 0 {
		return derived{}, false
	}
	now := float64(f.Requests) / w
	perReq := f.MonthlyCostUSD / (now * month)
	v := c.MonthlyCostUSD / (perReq * month)
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
	if c.Settings != nil && c.Settings.Scaling != "" && !hasPrefix(c.Settings.Scaling, "fixed") {
		d.why += fmt.Sprintf("; %s autoscales, so its cost moves with the rate too", c.Name)
	}
	return d, true
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

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
