package scenarios

import (
	"fmt"
	"time"

	"faassim/internal/limits"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// Plan is a scenario resolved for simulation: the workload's functions and,
// for every platform, one typed plan with every setting decided from the
// scenario, the platform's preset and its price sheet, defaulted and
// checked once. The runner only wires plans to models; reports describe the
// plans (Settings), so what a report states is what ran.
type Plan struct {
	s         *Scenario
	functions []workload.Function
	platforms []platformPlan
}

// platformPlan is one platform ready to run: FaaS or container.
type platformPlan interface {
	// settings is the platform as it will be simulated.
	settings() metrics.Settings
	// priceSheets are the sheets that price it (none: not priced).
	priceSheets() []*pricing.Sheet
	// simulate runs one replication on its own engine, calling check
	// now and then (sim.Engine.SetCheck); nil checks nothing.
	simulate(src workload.Source, seed uint64, rec *metrics.Recorder, check func(sim.Time) error) (metrics.Run, error)
}

// window is the simulated span and its measured part, in engine time.
type window struct{ warmup, horizon sim.Time }

func (s *Scenario) window() window {
	return window{sim.FromDuration(time.Duration(s.Warmup)), sim.FromDuration(time.Duration(s.Horizon))}
}

// resolvePlan decides every platform's settings against its preset and
// price sheet (opt.Prices first, then the embedded sheets) and checks them,
// returning every problem at once. Load resolves with the options it is
// given, so a loaded scenario fails here only for a price sheet that opt
// changes.
func (s *Scenario) resolvePlan(opt Options) (*Plan, Problems) {
	c := &checker{src: s.src}
	plan := &Plan{s: s}
	c.probs = append(c.probs, s.templateProblems()...)
	fns, _, fprobs := s.functions()
	c.probs = append(c.probs, fprobs...)
	plan.functions = fns
	// Every platform plans every function: a file of 40,000 platforms
	// (aliases make it small) over 40,000 functions must be refused
	// before it is planned, not after.
	if need := float64(len(fns)) * float64(len(s.Platforms)) * planFaaSFnBytes; need > opt.Budget.Memory() {
		c.add("platforms", "%s x %s need about %s of memory to plan, more than %s allows; raise --max-memory to run them, or split them into several scenarios",
			count(len(s.Platforms), "platform"), count(len(fns), "function"), limits.FormatSize(need), opt.Budget.MemoryFlag())
		return nil, c.probs
	}
	for i := range s.Platforms {
		p := &s.Platforms[i]
		path := fmt.Sprintf("platforms[%d]", i)
		var pl platformPlan
		switch p.Kind {
		case "faas":
			pl = c.resolveFaaS(s, path, p, fns, opt)
		case "container":
			pl = c.resolveContainer(s, path, p, fns, opt)
		default:
			c.add(path+".kind", "unknown kind %q (valid: faas, container)", p.Kind)
		}
		plan.platforms = append(plan.platforms, pl)
	}
	if len(c.probs) > 0 {
		return nil, c.probs
	}
	return plan, nil
}

// functionPath is where function k of the workload was written: its entry
// in a synthetic workload, the trace section for a trace.
func (s *Scenario) functionPath(k int) string {
	if s.replayed() != nil {
		return s.replayPath()
	}
	return fmt.Sprintf("workload.synthetic.functions[%d]", k)
}
