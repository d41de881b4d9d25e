package playground

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"faassim/models/metrics"
)

// Explain writes the explanations of cur, saying what changed from prev
// (nil: no previous state) and why, and the formulas that apply to cur.
// Every sentence is built from the two states' numbers; the same inputs
// give the same words.
func Explain(prev *Snapshot, cur Snapshot) (Explanations, []Formula) {
	if len(cur.Results.Platforms) == 0 {
		return Explanations{}, nil // nothing ran: nothing to say
	}
	ds := formulasOf(cur)
	var fs []Formula
	for _, d := range ds {
		fs = append(fs, d.Formula)
	}
	x := explainer{cur: cur, ds: ds}
	if prev != nil && prev.Scenario != nil && prev.State.Example == cur.State.Example {
		if added, removed := platformDiff(prev.Results, cur.Results); len(added)+len(removed) > 0 {
			x.lead = platformWords(added, removed)
		} else if ch := changesBetween(*prev, cur); len(ch) > 0 {
			x.prev, x.changes = prev, ch
		}
	}
	return Explanations{
		Latency:    x.latency(),
		Instances:  x.instances(),
		ColdStarts: x.coldStarts(),
		Cost:       x.cost(),
		Table:      x.table(),
	}, fs
}

// explainer holds what the sentences of one Explain draw on: prev is nil
// when there is nothing to compare (no previous state, another example,
// nothing changed), and lead says why when platforms came or went.
type explainer struct {
	prev    *Snapshot
	cur     Snapshot
	changes []change
	ds      []derived
	lead    string
}

// formula finds the applied formula of an ID on a platform.
func (x *explainer) formula(id, platform string) (derived, bool) {
	for _, d := range x.ds {
		if d.ID == id && d.Platform == platform {
			return d, true
		}
	}
	return derived{}, false
}

// headline names the changes: "TTL on lambda 10m to 1m and rate of api
// 0.01/s to 0.1/s".
func (x *explainer) headline() string {
	parts := make([]string, len(x.changes))
	for i, c := range x.changes {
		parts[i] = c.words()
	}
	return joinWords(parts)
}

// pair is a platform in both states.
type pair struct {
	name     string
	old, cur *metrics.Platform
}

// pairs lists cur's platforms (of a kind, "" for any) with their previous
// results (nil old without a previous state).
func (x *explainer) pairs(kind string) []pair {
	var out []pair
	for i := range x.cur.Results.Platforms {
		p := &x.cur.Results.Platforms[i]
		if kind != "" && p.Kind != kind {
			continue
		}
		pr := pair{name: p.Name, cur: p}
		if x.prev != nil {
			pr.old = resultOf(x.prev.Results, p.Name)
		}
		out = append(out, pr)
	}
	return out
}

// main is the pair whose metric moved the most (by score); on ties (as
// when nothing moved) a platform the change acts on, else the first; with
// no previous state, the one with the largest metric.
func (x *explainer) main(ps []pair, metric func(*metrics.Platform) float64, relative bool) pair {
	touched := func(name string) bool {
		return slices.ContainsFunc(x.changes, func(c change) bool { return c.Platform == name })
	}
	best, bestScore := ps[0], -1.0
	for _, p := range ps {
		var s float64
		if p.old == nil {
			s = metric(p.cur)
		} else {
			s = math.Abs(metric(p.cur) - metric(p.old))
			if relative {
				s /= math.Max(math.Abs(metric(p.old)), 1e-12)
			}
		}
		if s > bestScore || (s == bestScore && touched(p.name) && !touched(best.name)) {
			best, bestScore = p, s
		}
	}
	return best
}

// prefix opens a sentence: the changes named, or the platforms that came
// or went.
func (x *explainer) prefix() string {
	switch {
	case x.prev != nil:
		return x.headline() + ": "
	case x.lead != "":
		return x.lead + " "
	}
	return ""
}

func (x *explainer) coldStarts() string {
	ps := x.pairs("faas")
	if len(ps) == 0 {
		return sentence(x.prefix() + "no FaaS platform here: container replicas are running before requests come, so none starts cold")
	}
	m := x.main(ps, func(p *metrics.Platform) float64 { return p.ColdStartRatio }, false)
	why := x.coldWhy(m.name)
	if m.old != nil {
		a, b := pctPair(m.old.ColdStartRatio, m.cur.ColdStartRatio)
		s := x.prefix() + fmt.Sprintf("cold starts on %s %s", m.name, movement(a, b))
		if why != "" {
			s += ", because " + why
		}
		return sentence(s) + x.others(ps, m.name, func(p *metrics.Platform) string { return pct(p.ColdStartRatio) }, "cold starts")
	}
	var vals []string
	for _, p := range ps {
		vals = append(vals, p.name+" "+pct(p.cur.ColdStartRatio))
	}
	s := sentence(x.prefix() + "cold starts: " + joinWords(vals))
	if why != "" {
		if len(ps) > 1 {
			why = "on " + m.name + ", " + why
		}
		s += " " + sentence(why)
	}
	return s
}

// others adds the other platforms' moves of a metric, when they moved.
func (x *explainer) others(ps []pair, mainName string, f func(*metrics.Platform) string, what string) string {
	var moved []string
	for _, p := range ps {
		if p.name == mainName || p.old == nil {
			continue
		}
		if a, b := f(p.old), f(p.cur); a != b {
			moved = append(moved, fmt.Sprintf("%s %s to %s", p.name, a, b))
		}
	}
	if len(moved) == 0 {
		return ""
	}
	return " " + sentence("Other "+what+": "+joinWords(moved))
}

// coldWhy says why a FaaS platform's requests start cold.
func (x *explainer) coldWhy(name string) string {
	if d, ok := x.formula(FormulaFixedTTL, name); ok {
		return d.why
	}
	p := resultOf(x.cur.Results, name)
	sp := platformOf(x.cur.Scenario, name)
	if p == nil || sp == nil || p.Settings == nil {
		return ""
	}
	switch {
	case p.Settings.Provisioned > 0:
		if p.Settings.Provisioned == 1 {
			return "1 provisioned instance stays warm and only requests beyond it start new ones"
		}
		return fmt.Sprintf("%d provisioned instances stay warm and only requests beyond them start new ones", p.Settings.Provisioned)
	case sp.KeepAlive.Policy == "none":
		return "with no keep-alive every request starts a new instance"
	case sp.KeepAlive.Policy == "infinite":
		return "instances are never reclaimed, so only a request that finds every instance busy starts one"
	case sp.KeepAlive.Policy == "hybrid":
		return "the hybrid policy keeps each app's instances for the 99th percentile of the idle times it has seen, and pre-warms them before the 5th"
	case sp.KeepAlive.Policy == "fixed":
		ttl := seconds(secs(sp.KeepAlive.TTL))
		if w := windowS(x.cur.Results); w > 0 && p.InstanceSeconds.Busy/w > maxBusyForTTL {
			return fmt.Sprintf("with %s instances busy on average and more kept warm for %s, a request starts cold only when every warm instance is busy and the pool grows",
				num(p.InstanceSeconds.Busy/w), ttl)
		}
		return fmt.Sprintf("a request is cold when the gap since the previous one exceeds the keep-alive of %s, or when every warm instance is busy", ttl)
	}
	return ""
}

func (x *explainer) latency() string {
	ps := x.pairs("")
	if len(ps) == 0 {
		return ""
	}
	m := x.main(ps, func(p *metrics.Platform) float64 { return p.LatencyMS.P99 }, true)
	why := x.latencyWhy(m)
	if m.old != nil {
		s := x.prefix() + fmt.Sprintf("on %s p50 %s and p99 %s", m.name,
			movement(millis(m.old.LatencyMS.P50), millis(m.cur.LatencyMS.P50)),
			movement(millis(m.old.LatencyMS.P99), millis(m.cur.LatencyMS.P99)))
		if why != "" {
			s += ", because " + why
		}
		return sentence(s)
	}
	var vals []string
	for _, p := range ps {
		vals = append(vals, fmt.Sprintf("%s p50 %s, p99 %s", p.name, millis(p.cur.LatencyMS.P50), millis(p.cur.LatencyMS.P99)))
	}
	s := sentence(x.prefix() + "latency (wait, cold start and run): " + strings.Join(vals, "; "))
	if why != "" {
		s += " " + sentence("On "+m.name+", "+why)
	}
	return s
}

// latencyWhy says why a platform's latency is what it is, or moved.
func (x *explainer) latencyWhy(m pair) string {
	if d, ok := x.formula(FormulaCPUShare, m.name); ok && (m.old == nil || x.changed("memory_mb", "cpu_bound_fraction", "median", "mean", "value", "p99")) {
		return d.why
	}
	c := m.cur
	if o := m.old; o != nil {
		waitMoved := math.Abs(c.WaitMS.Mean-o.WaitMS.Mean) > 0.2*math.Max(o.LatencyMS.Mean, 1)
		if waitMoved && (queued(c) || queued(o)) {
			return fmt.Sprintf("requests now wait %s on average before running (for capacity, not only for cold starts), against %s", millis(c.WaitMS.Mean), millis(o.WaitMS.Mean))
		}
		if math.Abs(c.ColdStartRatio-o.ColdStartRatio) >= 0.002 {
			a, b := pctPair(o.ColdStartRatio, c.ColdStartRatio)
			return fmt.Sprintf("the share of requests that wait for a cold start (%s on average per request) went %s", millis(c.WaitMS.Mean), movement(a, b))
		}
		if waitMoved {
			return fmt.Sprintf("requests now wait %s on average before running, against %s", millis(c.WaitMS.Mean), millis(o.WaitMS.Mean))
		}
		if x.changed("median", "mean", "value", "p99", "dist") {
			return "the function's duration changed, and latency is mostly the run itself"
		}
		if x.changed("per_instance", "replicas", "target", "slots") && c.WaitMS.Mean != o.WaitMS.Mean {
			return fmt.Sprintf("the mean wait for a free slot went %s", movement(millis(o.WaitMS.Mean), millis(c.WaitMS.Mean)))
		}
		return "the run itself dominates latency here and it did not change much"
	}
	waits := c.WaitMS.Mean > 0.1*math.Max(c.LatencyMS.Mean, 1)
	if waits && queued(c) {
		return fmt.Sprintf("requests wait %s on average for capacity before running", millis(c.WaitMS.Mean))
	}
	if c.ColdStartRatio >= 0.01 {
		return fmt.Sprintf("%s of requests wait for a cold start, which makes the tail", pct(c.ColdStartRatio))
	}
	if waits {
		return fmt.Sprintf("requests wait %s on average for capacity before running", millis(c.WaitMS.Mean))
	}
	return "latency is mostly the run itself: " + pctN(c.ColdStartRatio, 2) + " of requests start cold"
}

// maxColdStartS bounds one cold start (the slowest runtimes' INIT takes a
// few seconds): a mean wait above the cold-start ratio times it cannot be
// cold starts alone.
const maxColdStartS = 10

// queued reports whether a platform's requests waited for capacity (a
// queue at the limit, or a fleet's busy slots) more than cold starts can
// account for: its wait, not its cold starts, is then the cause to name.
// On a platform that rejects at the limit only cold starts wait.
func queued(p *metrics.Platform) bool {
	if p.Kind == "faas" && (p.Settings == nil || p.Settings.OnLimit != "queue") {
		return false
	}
	return p.WaitMS.Mean/1000 > p.ColdStartRatio*maxColdStartS
}

// changed reports whether a change touched one of the fields.
func (x *explainer) changed(fields ...string) bool {
	for _, c := range x.changes {
		if slices.Contains(fields, c.Field) {
			return true
		}
	}
	return false
}

// platformDiff names the platforms only one of two results has.
func platformDiff(a, b metrics.Results) (added, removed []string) {
	for _, p := range b.Platforms {
		if resultOf(a, p.Name) == nil {
			added = append(added, p.Name)
		}
	}
	for _, p := range a.Platforms {
		if resultOf(b, p.Name) == nil {
			removed = append(removed, p.Name)
		}
	}
	return added, removed
}

func platformWords(added, removed []string) string {
	var parts []string
	if len(added) > 0 {
		parts = append(parts, joinWords(added)+" added")
	}
	if len(removed) > 0 {
		parts = append(parts, joinWords(removed)+" removed")
	}
	return sentence(strings.Join(parts, ", ") + "; what follows describes the platforms now")
}
