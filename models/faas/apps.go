package faas

import (
	"cmp"

	"faassim/models/metrics"
	"faassim/sim"
)

// Per-application records (Config.RecordApps). An instance is idle while
// it serves no request: from its birth or its last request's end (its
// lastUsed, which nothing else moves while it is idle) to its next request
// or its expiry. A cold start is not idle time: the request that triggered
// it is in flight. Idle time goes to the app of the function that started
// the instance, which on an instance shared per app is the app's.

// appRecords numbers the apps of fns by their App index, in order of first
// appearance, and returns an empty record for each, named after the app
// (or, for a function with no app, after the function).
func appRecords(fns []fnState) []metrics.AppCount {
	slots := map[int32]int32{}
	var names []string
	for i := range fns {
		f := &fns[i]
		k, ok := slots[f.App]
		if !ok {
			k = int32(len(names))
			slots[f.App] = k
			names = append(names, cmp.Or(f.Function.Function.App, f.Name))
		}
		f.app = k
	}
	return metrics.NewAppCounts(names)
}

// countApp records the placement of a request of fn on instance in,
// before assign marks it busy: the idle period it ends, and the request
// (cold if in is starting) when it arrived in the window, as the
// platform's own counts do.
func (p *Platform) countApp(now sim.Time, in *instance, pl *pool, fn int32, arrival sim.Time) {
	if in.active == 0 {
		p.st.AddIdle(p.fns[in.fn].app, in.lastUsed, now, pl.memMB)
	}
	if arrival >= p.cfg.Warmup {
		a := &p.st.Apps[p.fns[fn].app]
		a.Requests++
		if in.starting {
			a.ColdStarts++
		}
	}
}

// closeIdle ends, at the horizon, the idle periods of the instances still
// idle.
func (p *Platform) closeIdle() {
	p.insts.Each(func(i int32) {
		if in := p.insts.At(i); in.active == 0 {
			p.st.AddIdle(p.fns[in.fn].app, in.lastUsed, p.cfg.Horizon, p.pools[in.pool].memMB)
		}
	})
}
