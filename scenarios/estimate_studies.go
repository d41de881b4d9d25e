package scenarios

import (
	"fmt"
	"math"
	"strings"

	"faassim/internal/limits"
)

// MaxParamSteps is the most values one --param range may generate. A
// sweep keeps every point's results, so a million points already need far
// more than the default memory bound (the estimate says so and names
// --max-memory); past this, the values themselves would not fit.
const MaxParamSteps = 1_000_000

// gridText names the grid for messages: "2 x 1e6 points (--param a, --param b)".
func gridText(params []Param, total float64) string {
	var sizes, names []string
	for _, p := range params {
		sizes = append(sizes, limits.FormatCount(float64(len(p.Values))))
		name := p.Path
		if !strings.HasPrefix(name, "--") { // a command's own flags (tune's --memory) are named as they are
			name = "--param " + name
		}
		names = append(names, name)
	}
	return fmt.Sprintf("%s points (%s: %s)", limits.FormatCount(total), strings.Join(names, ", "), strings.Join(sizes, " x "))
}

// gridSize is the number of points of the grid of params, as a float: a
// product of a few large ranges must not overflow.
func gridSize(params []Param) float64 {
	total := 1.0
	for _, p := range params {
		total *= float64(len(p.Values))
	}
	return total
}

// sweepKeptBytes is what a sweep keeps per point until its end: the
// point's scenario, loaded before anything runs, and its results.
func sweepKeptBytes(s *Scenario) float64 {
	b := float64(len(s.Platforms)) * resultsPlatformBytes
	if s.src != nil {
		b += float64(s.src.size) * scenarioPerYAMLByte
	}
	return b
}

// checkGrid refuses, before a single point is loaded, a grid whose points'
// scenarios and results alone would not fit the memory bound; base is the
// scenario without the swept values (nil when it does not load alone).
func checkGrid(base *Scenario, params []Param, opt SweepOptions) error {
	total := gridSize(params)
	per := 2048.0 // a point's values and results with no platform at all
	if base != nil {
		per = sweepKeptBytes(base)
	}
	if need := total * per; need > opt.Budget.Memory() {
		return &limits.Exceeded{Msg: fmt.Sprintf("the sweep needs about %s of memory, more than %s allows: its grid has %s, each keeping its scenario and results (about %s); raise --max-memory to run it, or sweep fewer values",
			limits.FormatSize(need), opt.Budget.MemoryFlag(), gridText(params, total), limits.FormatSize(per))}
	}
	return nil
}

// sweepEstimate is the cost of a sweep whose points are loaded: each point
// runs its platforms one at a time (Workers 1), Asked points at once.
func sweepEstimate(points []*Scenario, params []Param, opt SweepOptions) (Estimate, error) {
	e := Estimate{subject: "the sweep", Asked: min(asked(opt.Workers), len(points)), lower: "sweep fewer values, or lower what it names"}
	var biggest runCost
	one := opt.Options
	one.Workers = 1
	for _, s := range points {
		plan, probs := s.resolvePlan(one)
		if len(probs) > 0 {
			return Estimate{}, probs
		}
		rc := plan.costAt(1, one)
		e.Events += rc.sumEvents
		e.fixed += sweepKeptBytes(s)
		// A running point holds its plan, its replications' records and
		// one simulation.
		if live := rc.planBytes + rc.keptBytes + rc.maxLive.bytes; live > e.perWorker {
			e.perWorker, biggest = live, rc
		}
	}
	e.work = fmt.Sprintf("%s; the largest point: %s", gridText(params, float64(len(points))), biggest.in.desc)
	e.fit(opt.Budget)
	e.memory = largest(
		part{e.fixed, fmt.Sprintf("its grid has %s, each keeping its scenario and results", gridText(params, float64(len(points))))},
		part{float64(e.Workers) * e.perWorker, biggest.maxLive.what},
	)
	return e, nil
}

// breakEvenEstimate is the cost of a break-even search over plan (the two
// platforms) with opt: Points grid points from Low to High, side by side,
// each a run of both platforms; then up to Bisections runs below High.
// Requests scale with the rate, so the grid's work is the work at scale 1
// times the sum of its scales.
func breakEvenEstimate(plan *Plan, opt BreakEvenOptions, ratio float64) Estimate {
	o := Options{Workers: 1, Budget: opt.Budget}
	at1, top := plan.costAt(1, o), plan.costAt(opt.High, o)
	// The sum of Low x ratio^i over the grid, in closed form.
	scales := opt.Low * float64(opt.Points)
	if ratio != 1 {
		scales = opt.Low * (math.Pow(ratio, float64(opt.Points)) - 1) / (ratio - 1)
	}
	scales += float64(opt.Bisections) * opt.High
	e := Estimate{subject: "the break-even search", Events: at1.sumEvents * scales, Asked: min(asked(opt.Workers), opt.Points)}
	e.lower = "use fewer --points, a lower --to or fewer --steps"
	e.work = fmt.Sprintf("%s grid points and %d refining steps between --from %s and --to %s times the scenario's rate; at its own rate the pair simulates %s requests",
		limits.FormatCount(float64(opt.Points)), opt.Bisections, numText(opt.Low), numText(opt.High), limits.FormatCount(at1.sumEvents))
	e.fixed = float64(opt.Points) * 2 * resultsPlatformBytes
	e.perWorker = top.planBytes + top.keptBytes + top.maxLive.bytes
	e.fit(opt.Budget)
	e.memory = largest(
		part{e.fixed, fmt.Sprintf("%s grid points (--points) keep the results of 2 platforms each", limits.FormatCount(float64(opt.Points)))},
		part{float64(e.Workers) * e.perWorker, top.maxLive.what + fmt.Sprintf(" at --to %s times the rate", numText(opt.High))},
	)
	return e
}
