package playground

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/models/analytic"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/scenarios"
)

// derived is a formula applied to a state, with the clause an explanation
// says for it ("because ...").
type derived struct {
	Formula
	why string
}

// Public sources of the closed forms (also in Formula.Source).
const (
	srcFixedTTL = "Poisson gaps are exponential, P(gap > T) = e^(-λT) (Kleinrock, Queueing Systems vol. 1, 1975, sec. 2.4); " +
		"fixed keep-alive as in Shahrad et al., Serverless in the Wild, USENIX ATC 2020"
	srcGammaTTL = "gamma renewal gaps: P(gap > T) is the gamma survival function (gonum stat/distuv.Gamma); " +
		"fixed keep-alive as in Shahrad et al., Serverless in the Wild, USENIX ATC 2020"
	srcErlangB   = "Erlang B, M/G/c/c loss (Erlang 1917; Kleinrock, Queueing Systems vol. 1, eq. 3.46)"
	srcLittle    = "Little's law L = λW (Little, Operations Research 9(3), 1961)"
	srcMGInf     = "M/G/∞: the number in service is Poisson with mean λE[S] whatever the service distribution (Takács, Introduction to the Theory of Queues, 1962; Gross and Harris, Fundamentals of Queueing Theory)"
	srcCPUShare  = "AWS Lambda allocates CPU in proportion to memory, 1,769 MB = 1 vCPU (docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html)"
	srcFleetLoad = "M/M/c utilization ρ = λ/(cμ) and Erlang C (Kleinrock, Queueing Systems vol. 1, eq. 3.39-3.40)"
)

// formulasOf applies every closed form that holds for a snapshot, in a
// fixed order (platforms as in the results, then pairs), so explanations
// of the same inputs are identical.
func formulasOf(s Snapshot) []derived {
	ls := loadsOf(s.Scenario)
	if len(ls) == 0 {
		return nil
	}
	var out []derived
	add := func(d derived, ok bool) {
		if ok {
			out = append(out, d)
		}
	}
	for i := range s.Results.Platforms {
		p := &s.Results.Platforms[i]
		sp := platformOf(s.Scenario, p.Name)
		if sp == nil || p.Settings == nil {
			continue
		}
		if p.Kind == "faas" {
			add(fixedTTL(ls, sp, p))
			add(erlangB(ls, p))
			add(little(ls, p, windowS(s.Results)))
			add(cpuShare(ls, p))
		} else {
			add(fleetLoad(ls, sp, p, windowS(s.Results)))
		}
	}
	for i := range s.Results.Platforms {
		for j := range s.Results.Platforms {
			f, c := &s.Results.Platforms[i], &s.Results.Platforms[j]
			if f.Kind == "faas" && c.Kind == "container" {
				add(breakEven(s.Results, f, c, fleetCapacity(ls, platformOf(s.Scenario, c.Name), c)))
			}
		}
	}
	return out
}

// coldGroup is the arrivals one warm instance sees: a function, or every
// function of an app where instances are per app.
type coldGroup struct {
	name     string
	ratePerS float64
	cv       float64
	process  string
	busyS    float64 // mean execution on the platform
}

// fixedTTL is P(cold) under a fixed keep-alive T: the gap before a request
// exceeds T. Poisson: e^(-λT) (analytic.FixedTTLColdProbability); gamma
// gaps: the gamma survival; deterministic gaps: 0 or 1.
func fixedTTL(ls []fnLoad, sp *scenarios.Platform, p *metrics.Platform) (derived, bool) {
	st := p.Settings
	if sp.KeepAlive.Policy != "fixed" || sp.KeepAlive.TTL <= 0 || st.Provisioned > 0 {
		return derived{}, false
	}
	ttl := secs(sp.KeepAlive.TTL)
	groups, ok := coldGroups(ls, st)
	if !ok {
		return derived{}, false
	}
	// The formula is about one instance kept warm between requests; where
	// a function keeps several busy (λS well above 0), a request is cold
	// when the pool must grow, which it does not describe.
	for _, g := range groups {
		if g.ratePerS*g.busyS > maxBusyForTTL {
			return derived{}, false
		}
	}
	single, busiest := true, -1
	var weighted, den, overlap float64
	terms := make([]string, 0, len(groups))
	worst, worstP := -1, -1.0
	for k, g := range groups {
		// pc is P(gap > T); short is P(gap < S), a request arriving while
		// the only warm instance still runs the previous one.
		var pc, short float64
		switch g.process {
		case "poisson":
			pc = analytic.FixedTTLColdProbability(g.ratePerS, ttl)
			short = 1 - math.Exp(-g.ratePerS*g.busyS)
		case "gamma":
			shape := 1 / (g.cv * g.cv)
			gaps := distuv.Gamma{Alpha: shape, Beta: shape * g.ratePerS}
			pc, short = gaps.Survival(ttl), gaps.CDF(g.busyS)
		case "deterministic":
			if 1/g.ratePerS > ttl {
				pc = 1
			}
			if 1/g.ratePerS < g.busyS {
				short = 1
			}
		}
		// A group whose requests overlap often, or whose extra instance
		// (started by an overlap) usually outlives the next overlap
		// (λ P(gap < S) T above maxOverlapsPerTTL, for Poisson gaps; bursty
		// ones are said apart below), keeps a pool warm: its overlaps
		// mostly find a second instance, and its cold starts come from the
		// pool's growth, which P(gap < S) does not count.
		if g.ratePerS*g.busyS > maxBusyForOverlap || (g.process == "poisson" && g.ratePerS*short*ttl > maxOverlapsPerTTL) {
			single = false
			if busiest < 0 || g.ratePerS*g.busyS > groups[busiest].ratePerS*groups[busiest].busyS {
				busiest = k
			}
		}
		weighted += g.ratePerS * pc
		den += g.ratePerS
		// A warm instance that is still running turns the next request
		// away to a new one (when one request fits an instance).
		overlap += g.ratePerS * short * (1 - pc)
		terms = append(terms, fmt.Sprintf("%s × %s", rate(g.ratePerS), sig(pc, 3)))
		if g.ratePerS > 0 && pc > worstP {
			worst, worstP = k, pc
		}
	}
	if den <= 0 {
		return derived{}, false
	}
	v := weighted / den
	d := derived{Formula: Formula{ID: FormulaFixedTTL, Platform: p.Name,
		Name:           "Cold-start probability under a fixed keep-alive",
		Value:          v,
		Simulated:      p.ColdStartRatio,
		SimulatedLabel: "cold starts simulated: " + pctN(p.ColdStartRatio, 3),
		Source:         srcFixedTTL,
	}}
	g := groups[0]
	one := len(groups) == 1
	switch {
	case one && g.process == "poisson":
		d.Equation = "P(cold) = e^(-λT)"
		// In the equation T is in seconds, as λ is per second.
		d.Worked = fmt.Sprintf("e^(-%s × %s s) = e^(-%s) = %s", rate(g.ratePerS), sig(ttl, 6), sig(g.ratePerS*ttl, 3), sig(v, 3))
		d.why = fmt.Sprintf("at %s a gap longer than %s happens e^(-%s) = %s of the time",
			rateWords(g.ratePerS), seconds(ttl), sig(g.ratePerS*ttl, 2), pct(v))
	case one && g.process == "gamma":
		d.Equation = "P(cold) = P(gap > T), gaps gamma with mean 1/λ and coefficient of variation cv"
		d.Worked = fmt.Sprintf("P(gap > %s | mean %s, cv %s) = %s", seconds(ttl), seconds(1/g.ratePerS), num(g.cv), sig(v, 3))
		d.Source = srcGammaTTL
		d.why = fmt.Sprintf("at %s with gaps of cv %s a gap longer than %s happens %s of the time (gamma survival)",
			rateWords(g.ratePerS), num(g.cv), seconds(ttl), pct(v))
	case one:
		d.Equation = "P(cold) = 1 if the gap 1/λ > T, else 0"
		d.Worked = fmt.Sprintf("gap %s against T = %s: %s", seconds(1/g.ratePerS), seconds(ttl), sig(v, 1))
		d.why = fmt.Sprintf("requests come exactly every %s against a keep-alive of %s", seconds(1/g.ratePerS), seconds(ttl))
	default:
		d.Equation = "P(cold) = Σ λᵢ P(gapᵢ > T) / Σ λᵢ, P(gap > T) = e^(-λT) for Poisson arrivals"
		shown := terms
		if len(shown) > 4 {
			shown = append(shown[:4:4], "...")
		}
		d.Worked = fmt.Sprintf("(%s) / %s = %s", strings.Join(shown, " + "), rate(den), sig(v, 3))
		w := groups[worst]
		d.why = fmt.Sprintf("a request is cold when the gap since the last one to its %s exceeds %s: %s at %s is cold %s of the time, and weighed by rate the mean is %s",
			groupNoun(st), seconds(ttl), w.name, rateWords(w.ratePerS), pct(worstP), pct(v))
	}
	switch o := overlap / den; {
	case st.PerInstance <= 1 && !single:
		// Its requests overlap often enough to keep a pool: the pool's
		// growth makes cold starts the formula leaves out.
		b := groups[busiest]
		d.Worked += fmt.Sprintf("; %s keeps %s executions in flight on average (λS), and the extra instances it starts when they overlap come on top, not in the formula",
			b.name, sig(b.ratePerS*b.busyS, 2))
		d.why += fmt.Sprintf("; the extra instances %s starts when its requests overlap (%s in flight on average) come on top", b.name, sig(b.ratePerS*b.busyS, 2))
	case st.PerInstance > 1 || o < 1e-4:
	case o > maxOverlapShown:
		// With bursty gaps an overlap leaves a second instance warm for
		// the next ones, so P(gap < S) overstates them: no number.
		d.Worked += "; overlaps (a request arriving while the only warm instance is busy) come on top, not in the formula"
		d.why += "; overlaps (a request arriving while the only warm instance is busy), frequent with gaps this bursty, come on top"
	default:
		d.Worked += fmt.Sprintf("; overlaps (a request arriving while the only warm instance is busy, P(gap < S)) add about %s, not in the formula", sig(o, 2))
		d.why += fmt.Sprintf("; overlaps with a running request add about %s", pct(o))
	}
	return d, true
}

// A function whose executions overlap more than maxBusyForTTL of the time
// (λS) keeps a pool of instances, and the fixed-TTL formula does not hold;
// below maxBusyForOverlap its only warm instance is seldom busy and the
// requests that find it busy (about λS) add to the cold starts.
const (
	maxBusyForTTL     = 0.2
	maxBusyForOverlap = 0.05
	maxOverlapShown   = 0.05
	maxOverlapsPerTTL = 0.1
)

// coldGroups gathers the functions into the groups one instance serves;
// false when a group's gaps have no closed form here.
func coldGroups(ls []fnLoad, st *metrics.Settings) ([]coldGroup, bool) {
	var out []coldGroup
	index := map[string]int{}
	for _, l := range ls {
		key := l.Name
		if st.InstancesPer == "app" && l.App != "" {
			key = l.App
		}
		busy := l.MeanS * speedOf(st, l.Name)
		if k, seen := index[key]; seen {
			// Merged Poisson streams are Poisson; other merges are not
			// renewal processes.
			if out[k].process != "poisson" || l.Process != "poisson" {
				return nil, false
			}
			g := &out[k]
			g.busyS = (g.busyS*g.ratePerS + busy*l.RatePerS) / (g.ratePerS + l.RatePerS)
			g.ratePerS += l.RatePerS
			continue
		}
		switch l.Process {
		case "poisson", "gamma", "deterministic":
		default:
			return nil, false
		}
		if l.RatePerS <= 0 {
			return nil, false
		}
		index[key] = len(out)
		out = append(out, coldGroup{name: key, ratePerS: l.RatePerS, cv: l.CV, process: l.Process, busyS: busy})
	}
	return out, len(out) > 0
}

func groupNoun(st *metrics.Settings) string {
	if st.InstancesPer == "app" {
		return "app"
	}
	return "function"
}

// erlangB is the share of requests rejected at the account limit c under
// Poisson arrivals: B(c, a), a = λ × (E[S] × speed + mean cold-start
// share). With MMPP arrivals it is applied within bursts and quiet spells
// apart (a quasi-static approximation: spells long beside executions).
func erlangB(ls []fnLoad, p *metrics.Platform) (derived, bool) {
	st := p.Settings
	c := st.AccountLimit
	if c <= 0 || st.OnLimit != "reject" {
		return derived{}, false
	}
	coldS := coldShareS(p)
	var mm *fnLoad
	var aPoisson, lambda float64
	for i := range ls {
		l := &ls[i]
		switch l.Process {
		case "poisson":
			aPoisson += l.RatePerS * (l.MeanS*speedOf(st, l.Name) + coldS)
			lambda += l.RatePerS
		case "mmpp":
			if mm != nil {
				return derived{}, false
			}
			mm = l
		default:
			return derived{}, false
		}
	}
	sim := 0.0
	if p.Requests > 0 {
		sim = float64(p.Rejected) / float64(p.Requests)
	}
	d := derived{Formula: Formula{ID: FormulaErlangB, Platform: p.Name,
		Name:           "Requests lost at the concurrency limit (Erlang B)",
		Equation:       "B(c, a) with a = λ × (E[S] + mean cold start); B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))",
		Simulated:      sim,
		SimulatedLabel: fmt.Sprintf("rejected simulated: %s of %s requests", pctN(sim, 3), count(p.Requests)),
		Source:         srcErlangB,
	}}
	if mm == nil {
		d.Value = analytic.ErlangB(c, aPoisson)
		d.Worked = fmt.Sprintf("a = %s × (%s + %s cold-start share) = %s erlangs; B(%d, %s) = %s",
			rate(lambda), seconds(safeDiv(aPoisson, lambda)-coldS), seconds(coldS), num(aPoisson), c, num(aPoisson), sig(d.Value, 3))
		d.why = fmt.Sprintf("with %s requests at once allowed and an offered load of %s erlangs (%s × %s), Erlang B loses B(%d, %s) = %s",
			count(int64(c)), num(aPoisson), rate(lambda), seconds(safeDiv(aPoisson, lambda)), c, num(aPoisson), pct(d.Value))
	} else {
		s := mm.MeanS*speedOf(st, mm.Name) + coldS
		aBurst := aPoisson + mm.BurstRatePerS*s
		aQuiet := aPoisson + mm.QuietRatePerS*s
		bBurst, bQuiet := analytic.ErlangB(c, aBurst), analytic.ErlangB(c, aQuiet)
		inBurst := mm.BurstRatePerS * mm.BurstS
		inQuiet := mm.QuietRatePerS * mm.QuietS
		share := safeDiv(inBurst, inBurst+inQuiet)
		d.Value = share*bBurst + (1-share)*bQuiet
		d.Equation += "; MMPP: applied in bursts and quiet spells apart, weighed by the requests each brings"
		d.Worked = fmt.Sprintf("bursts: a = %s × %s = %s erlangs, B(%d, %s) = %s; quiet: B(%d, %s) = %s; bursts bring %s of requests: %s × %s + %s × %s = %s",
			rate(mm.BurstRatePerS), seconds(s), num(aBurst), c, num(aBurst), sig(bBurst, 3), c, num(aQuiet), sig(bQuiet, 2),
			pct(share), sig(share, 3), sig(bBurst, 3), sig(1-share, 3), sig(bQuiet, 2), sig(d.Value, 3))
		d.why = fmt.Sprintf("during bursts of %s the offered load is %s erlangs against %s allowed at once: Erlang B, applied within bursts, loses %s of burst requests, and bursts bring %s of all requests (%s)",
			rateWords(mm.BurstRatePerS), num(aBurst), count(int64(c)), pct(bBurst), pct(share), pct(d.Value))
		if st.ScaleRate != "" {
			d.why += fmt.Sprintf("; the scaling rate (%s) adds losses while instances start", st.ScaleRate)
		}
	}
	// Far below the limit the formula says nothing worth showing.
	if d.Value < 1e-4 && p.Rejected == 0 {
		return derived{}, false
	}
	return d, true
}

// coldShareS is the mean cold-start time per request, which holds an
// instance as the execution does: the run's mean wait where requests are
// rejected rather than queued (then nothing else waits), else 0. It is
// taken from the run because the cold-start latency has no closed form
// here (the preset's table per runtime): an approximation, stated in the
// worked values.
func coldShareS(p *metrics.Platform) float64 {
	if p.Settings == nil || p.Settings.OnLimit != "reject" {
		return 0
	}
	return p.WaitMS.Mean / 1000
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// little is Little's law for busy instances: L = λ × E[S] executions in
// flight, packed k to an instance.
func little(ls []fnLoad, p *metrics.Platform, window float64) (derived, bool) {
	st := p.Settings
	exec := work(ls, st)
	if exec <= 0 || window <= 0 || p.Rejected > 0 {
		return derived{}, false
	}
	lambda := totalRate(ls)
	coldS := coldShareS(p)
	a := exec + lambda*coldS
	k := max(st.PerInstance, 1)
	v := a / float64(k)
	sim := p.InstanceSeconds.Busy / window
	d := derived{Formula: Formula{ID: FormulaLittle, Platform: p.Name,
		Name:           "Busy instances (Little's law)",
		Equation:       "busy instances = λ × (E[S] + mean cold start) / k (k requests per instance)",
		Value:          v,
		Simulated:      sim,
		SimulatedLabel: fmt.Sprintf("busy instance-seconds / window simulated: %s (of %s live on average)", num(sim), num(p.Instances.Mean)),
		Source:         srcLittle,
	}}
	d.Worked = fmt.Sprintf("%s × (%s + %s cold-start share) / %d = %s", rate(lambda), seconds(safeDiv(exec, lambda)), seconds(coldS), k, num(v))
	d.why = fmt.Sprintf("%s × %s of execution and cold start keeps %s instances busy on average (Little's law)", rate(lambda), seconds(safeDiv(a, lambda)), num(v))
	// Little's law holds on the run's own arrivals too: where they stray
	// from the long-run rate (an MMPP's few bursts in a short run), the
	// words use them, so busy and idle add up to the instances shown.
	if obs := float64(p.Requests) / window; lambda > 0 && math.Abs(obs-lambda) > 0.1*lambda {
		d.Worked += fmt.Sprintf("; this run's requests came at %s, not the long-run %s: %s", rate(obs), rate(lambda), num(v*obs/lambda))
		d.why = fmt.Sprintf("this run's requests came at %s (%s in the long run), and %s × %s of execution and cold start keeps %s instances busy on average (Little's law)",
			rate(obs), rate(lambda), rate(obs), seconds(safeDiv(a, lambda)), num(v*obs/lambda))
	}
	if k > 1 {
		if sharedInstances(&d, ls, st, coldS, k) {
			return d, true
		}
		d.Worked += "; a lower bound: one request keeps an instance as busy as k"
		d.why = fmt.Sprintf("%s requests in flight on average (Little's law), %d to an instance, keep at least %s instances busy",
			num(a), k, num(v))
	}
	return d, true
}

// sharedInstances rewrites a Little's-law formula where an instance takes
// k > 1 requests: while each function's requests fit one instance, that
// instance is busy whenever one is in flight, and the number in flight of
// Poisson arrivals is Poisson with mean λS whatever the duration's
// distribution (M/G/∞), so it is busy 1 - e^(-λS) of the time. False when
// arrivals are not Poisson or in flight exceed k more than rarely (λS +
// 3√(λS) > k), where packing has no closed form here.
func sharedInstances(d *derived, ls []fnLoad, st *metrics.Settings, coldS float64, k int) bool {
	load := map[string]float64{}
	var keys []string
	for _, l := range ls {
		if l.Process != "poisson" {
			return false
		}
		key := l.Name
		if st.InstancesPer == "app" && l.App != "" {
			key = l.App
		}
		if _, ok := load[key]; !ok {
			keys = append(keys, key)
		}
		load[key] += l.RatePerS * (l.MeanS*speedOf(st, l.Name) + coldS)
	}
	var v float64
	terms := make([]string, 0, len(keys))
	for _, key := range keys {
		a := load[key]
		if a+3*math.Sqrt(a) > float64(k) {
			return false
		}
		v += 1 - math.Exp(-a)
		terms = append(terms, fmt.Sprintf("(1 - e^(-%s))", sig(a, 3)))
	}
	if len(terms) > 4 {
		terms = append(terms[:4:4], "...")
	}
	d.Name = "Busy instances (Little's law, shared instances)"
	d.Equation = "busy instances = Σ (1 - e^(-λᵢ(E[Sᵢ] + mean cold start))): one instance per function takes its k requests, busy while any is in flight (Poisson in flight, M/G/∞)"
	d.Value = v
	d.Source = srcLittle + "; " + srcMGInf
	d.Worked = fmt.Sprintf("%s = %s", strings.Join(terms, " + "), num(v))
	d.why = fmt.Sprintf("one instance takes up to %d requests at once, and it is busy whenever one is in flight: 1 - e^(-λS) of the time (requests in flight are Poisson, M/G/∞), %s instances busy in all", k, num(v))
	return true
}

// cpuShare is the duration on memory-proportional CPU: speed = (1 - f) +
// f × cpu(measured) / cpu(now), cpu(m) = min(m / 1769, 1) for
// single-threaded code.
func cpuShare(ls []fnLoad, p *metrics.Platform) (derived, bool) {
	st := p.Settings
	if len(st.Functions) != 1 || st.FunctionsTotal != 1 || len(ls) != 1 || !ls[0].HasMedian {
		return derived{}, false
	}
	fs := st.Functions[0]
	mb := float64(workload.LambdaMBPerVCPU)
	if fs.MeasuredMB <= 0 || fs.MemoryMB <= 0 || fs.MeasuredMB == fs.MemoryMB || math.Abs(fs.VCPU-float64(fs.MemoryMB)/mb) > 1e-9 {
		return derived{}, false // no measurement to scale, or CPU not tied to memory
	}
	cpu := func(m int) float64 { return math.Min(float64(m)/mb, 1) }
	f := fs.CPUBoundFraction
	speed := (1 - f) + f*cpu(fs.MeasuredMB)/cpu(fs.MemoryMB)
	median := ls[0].MedianS
	v := median * speed * 1000
	d := derived{Formula: Formula{ID: FormulaCPUShare, Platform: p.Name,
		Name:           "Duration on memory-proportional CPU",
		Equation:       "speed = (1 - f) + f × min(m₀/1769, 1) / min(m/1769, 1); median = median₀ × speed",
		Value:          v,
		Simulated:      p.LatencyMS.P50,
		SimulatedLabel: "p50 latency simulated: " + millis(p.LatencyMS.P50),
		Source:         srcCPUShare,
	}}
	capped := ""
	if float64(fs.MemoryMB) > mb {
		capped = ", capped at 1 for single-threaded code"
	}
	d.Worked = fmt.Sprintf("vCPU %d/1769 = %s measured, %d/1769 = %s now%s; speed = %s + %s × %s / %s = %s; %s × %s = %s",
		fs.MeasuredMB, sig(float64(fs.MeasuredMB)/mb, 3), fs.MemoryMB, sig(float64(fs.MemoryMB)/mb, 3), capped,
		sig(1-f, 3), sig(f, 3), sig(cpu(fs.MeasuredMB), 3), sig(cpu(fs.MemoryMB), 3), sig(speed, 3),
		millis(median*1000), sig(speed, 3), millis(v))
	d.why = fmt.Sprintf("at %d MB the function gets %s vCPU%s against %s at the %d MB its duration was measured at, so its %s CPU-bound share runs %s times as long: median %s × %s = %s",
		fs.MemoryMB, sig(cpu(fs.MemoryMB), 2), capped, sig(cpu(fs.MeasuredMB), 2), fs.MeasuredMB, pct(f),
		sig(cpu(fs.MeasuredMB)/cpu(fs.MemoryMB), 2), millis(median*1000), sig(speed, 2), millis(v))
	return d, true
}
