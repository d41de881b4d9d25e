package playground

import (
	"fmt"
	"slices"
	"strings"

	"faassim/models/metrics"
)

func (x *explainer) instances() string {
	ps := x.pairs("")
	if len(ps) == 0 {
		return ""
	}
	mean := func(p *metrics.Platform) float64 { return p.Instances.Mean }
	m := x.main(ps, mean, true)
	why := x.instancesWhy(m)
	if m.old != nil {
		s := x.prefix() + fmt.Sprintf("mean instances on %s %s (peak %s)", m.name,
			movement(num(m.old.Instances.Mean), num(m.cur.Instances.Mean)),
			movement(count(m.old.Instances.Max), count(m.cur.Instances.Max)))
		if why != "" {
			s += ", because " + why
		}
		return sentence(s) + x.others(ps, m.name, func(p *metrics.Platform) string { return num(p.Instances.Mean) }, "mean instances")
	}
	var vals []string
	for _, p := range ps {
		vals = append(vals, fmt.Sprintf("%s %s (peak %s)", p.name, num(p.cur.Instances.Mean), count(p.cur.Instances.Max)))
	}
	s := sentence(x.prefix() + "mean instances: " + joinWords(vals))
	if why != "" {
		s += " " + sentence("On "+m.name+", "+why)
	}
	return s
}

// instancesWhy splits a platform's instances into busy (Little's law) and
// idle, or says how a fleet is sized.
func (x *explainer) instancesWhy(m pair) string {
	c := m.cur
	if m.cur.Kind != "faas" {
		if c.Settings != nil && c.Settings.Scaling != "" {
			return "the fleet is " + c.Settings.Scaling
		}
		return ""
	}
	busyNote := ""
	if d, ok := x.formula(FormulaLittle, m.name); ok {
		busyNote = d.why
	} else if w := windowS(x.cur.Results); w > 0 {
		busyNote = fmt.Sprintf("%s instances are busy on average", num(c.InstanceSeconds.Busy/w))
	}
	idle := ""
	if w := windowS(x.cur.Results); w > 0 {
		keep := "the keep-alive"
		if sp := platformOf(x.cur.Scenario, m.name); sp != nil && sp.KeepAlive.Policy == "fixed" {
			keep = "the keep-alive of " + seconds(secs(sp.KeepAlive.TTL))
		}
		if c.Settings != nil && c.Settings.Provisioned > 0 {
			keep += fmt.Sprintf(" and %d provisioned", c.Settings.Provisioned)
		}
		idle = fmt.Sprintf("the other %s are idle, held warm by %s", num(c.InstanceSeconds.Idle/w), keep)
	}
	return strings.Trim(busyNote+"; "+idle, "; ")
}

func (x *explainer) cost() string {
	ps := x.pairs("")
	if len(ps) == 0 {
		return ""
	}
	monthly := func(p *metrics.Platform) float64 { return p.MonthlyCostUSD }
	m := x.main(ps, monthly, false)
	why, named := x.costWhy(m)
	if m.old != nil {
		s := x.prefix() + fmt.Sprintf("monthly cost on %s %s", m.name, movement(money(m.old.MonthlyCostUSD), money(m.cur.MonthlyCostUSD)))
		if why != "" {
			// What the bill is made of, or the rate where it meets a
			// fleet's, is no cause of the move: stated beside it.
			s += "; " + why
		}
		return sentence(s) + x.others(ps, m.name, func(p *metrics.Platform) string { return money(p.MonthlyCostUSD) }, "monthly costs")
	}
	var vals []string
	for _, p := range ps {
		vals = append(vals, p.name+" "+money(p.cur.MonthlyCostUSD))
	}
	s := sentence(x.prefix() + "monthly cost: " + joinWords(vals))
	if why != "" {
		if len(ps) > 1 && !named {
			why = "on " + m.name + " " + why
		}
		s += " " + sentence(why)
	}
	return s
}

// costWhy explains a cost by the break-even rate when a FaaS platform and
// a fleet are both here (named: the words name the platforms), else by
// what the platform bills.
func (x *explainer) costWhy(m pair) (why string, named bool) {
	for _, d := range x.ds {
		if d.ID == FormulaBreakEven && (d.Platform == m.name || strings.HasSuffix(d.Name, " "+m.name)) {
			return d.why, true
		}
	}
	c := m.cur
	w := windowS(x.cur.Results)
	if w <= 0 || c.CostUSD.Total <= 0 {
		if c.MonthlyCostUSD == 0 {
			return "the platform has no price sheet (a textbook platform)", false
		}
		return "", false
	}
	k := c.MonthlyCostUSD / c.CostUSD.Total // the window's cost to a month's
	var parts []string
	for _, line := range []struct {
		what string
		usd  float64
	}{
		{"compute", c.CostUSD.Compute}, {"requests", c.CostUSD.Requests}, {"provisioned", c.CostUSD.Provisioned},
		{"idle instance time", c.CostUSD.Idle}, {"storage", c.CostUSD.Storage}, {"the control plane", c.CostUSD.ControlPlane},
	} {
		if line.usd > 0 {
			parts = append(parts, line.what+" "+money(line.usd*k))
		}
	}
	s := "it is " + joinWords(parts) + " a month"
	if c.Settings != nil && c.Settings.Billing != "" {
		s += " (billed " + strings.TrimPrefix(c.Settings.Billing, "per ") + ")"
		s = strings.Replace(s, "(billed ", "(billed per ", 1)
	}
	return s + x.noBreakEven(), false
}

// noBreakEven says why no break-even rate is given where a FaaS platform
// and a fleet are both here: the FaaS bill is not proportional to the
// requests.
func (x *explainer) noBreakEven() string {
	ps := x.cur.Results.Platforms
	if !slices.ContainsFunc(ps, func(p metrics.Platform) bool { return p.Kind == "container" }) {
		return ""
	}
	for i := range ps {
		if ps[i].Kind != "faas" {
			continue
		}
		if why := notProportional(&ps[i], 1); why != "" {
			return fmt.Sprintf("; no break-even rate against a fleet is given: %s's bill is not a price per request, as %s", ps[i].Name, why)
		}
	}
	return ""
}

func (x *explainer) table() string {
	ps := x.pairs("")
	if len(ps) == 0 {
		return ""
	}
	rejected := func(p *metrics.Platform) float64 {
		if p.Requests == 0 {
			return 0
		}
		return float64(p.Rejected) / float64(p.Requests)
	}
	m := x.main(ps, rejected, false)
	var out []string
	if rejected(m.cur) > 0 || (m.old != nil && rejected(m.old) > 0) {
		why := ""
		if d, ok := x.formula(FormulaErlangB, m.name); ok {
			why = ", because " + d.why
		} else if d, ok := x.formula(FormulaFleetLoad, m.name); ok && d.Value >= 1 {
			why = ", because " + d.why // a full queue turns the excess away
		}
		if m.old != nil {
			a, b := pctPair(rejected(m.old), rejected(m.cur))
			out = append(out, sentence(x.prefix()+fmt.Sprintf("rejected on %s %s%s", m.name, movement(a, b), why)))
		} else {
			out = append(out, sentence(x.prefix()+fmt.Sprintf("rejected on %s: %s of requests%s", m.name, pct(rejected(m.cur)), why)))
		}
	} else {
		cheap, fast := ps[0], ps[0]
		for _, p := range ps {
			if p.cur.MonthlyCostUSD < cheap.cur.MonthlyCostUSD {
				cheap = p
			}
			if p.cur.LatencyMS.P99 < fast.cur.LatencyMS.P99 {
				fast = p
			}
		}
		s := x.prefix()
		if m.old != nil {
			s += "nothing is rejected; "
		}
		s += fmt.Sprintf("cheapest is %s at %s a month, lowest p99 %s at %s", cheap.name, money(cheap.cur.MonthlyCostUSD),
			fast.name, millis(fast.cur.LatencyMS.P99))
		if d, ok := x.firstOf(FormulaFleetLoad); ok {
			s += "; on " + d.Platform + ", " + d.why
		}
		out = append(out, sentence(s))
	}
	// A loss system that only turns requests away (Erlang B's) serves the
	// rest as usual: nothing of it falls behind.
	var behind, losing []string
	for _, p := range ps {
		switch {
		case !p.cur.Saturated:
		case rejected(p.cur) > 0.01 && p.cur.TimedOut == 0 && p.cur.InFlight*100 < p.cur.Requests && !queued(p.cur):
			losing = append(losing, p.name)
		default:
			behind = append(behind, p.name)
		}
	}
	if len(losing) > 0 {
		out = append(out, sentence("saturated: "+joinWords(losing)+" turned away more than 1% of the requests; the latency shown is that of the requests served"))
	}
	if len(behind) > 0 {
		out = append(out, sentence("saturated: "+joinWords(behind)+" did not keep up with the load, so its latency and cost are those of a platform falling behind"))
	}
	return strings.Join(out, " ")
}

func (x *explainer) firstOf(id string) (derived, bool) {
	for _, d := range x.ds {
		if d.ID == id {
			return d, true
		}
	}
	return derived{}, false
}
