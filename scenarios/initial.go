package scenarios

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"faassim/internal/limits"
	"faassim/models/container"
	"faassim/models/dist"
	"faassim/models/faas"
	"faassim/sim"
)

// InitialInstances is one entry of a platform's initial_instances: the
// state a run starts from, for transient analysis (see docs/scenario.md).
//
//	{state: busy, count: 3}                          3 busy instances of every function
//	{state: idle, count: 5, expires_in: 300s}        5 idle ones, expiring at 300 s unless reused
//	{state: idle, count: 2, expires_in: 1m, function: api}   only api's
//
// Entries add up: two entries for the same function and state give it
// both counts (with their own expiries), so a pool whose instances expire
// at different times is written one entry per expiry.
type InitialInstances struct {
	State     string   `yaml:"state"` // busy | idle
	Count     int      `yaml:"count"`
	ExpiresIn Duration `yaml:"expires_in"`
	Function  string   `yaml:"function"`
}

// Bounds on initial_instances, before the memory estimate sizes what is
// left: a count per entry (a million instances is far past any account's
// concurrency) and entries per platform (each entry for every function is
// a group per function to plan).
const (
	MaxInitialCount   = 1_000_000 // written out in the message: keep them together
	MaxInitialEntries = 100
)

// initialEntries checks what does not depend on the platform's kind:
// states, counts, the named functions. It returns each entry's function
// index (-1: every function), or nil when an entry is wrong.
func (c *checker) initialEntries(path string, p *Platform, names func() map[string]int) []int {
	if len(p.InitialInstances) > MaxInitialEntries {
		c.add(path+".initial_instances", "%d entries: at most %d (one per state, expiry and function)", len(p.InitialInstances), MaxInitialEntries)
		return nil
	}
	fns := make([]int, len(p.InitialInstances))
	ok := true
	for i, e := range p.InitialInstances {
		ep := fmt.Sprintf("%s.initial_instances[%d]", path, i)
		if e.State != "busy" && e.State != "idle" {
			c.add(ep+".state", "want busy or idle, got %q", e.State)
			ok = false
		}
		if e.Count < 1 || e.Count > MaxInitialCount {
			c.add(ep+".count", "want 1 to 1,000,000 instances, got %d", e.Count)
			ok = false
		}
		fns[i] = -1
		if e.Function != "" {
			k, found := names()[e.Function]
			if !found {
				c.add(ep+".function", "no function %q in the workload (%s)", e.Function, someFunctions(names()))
				ok = false
			}
			fns[i] = k
		}
	}
	if !ok {
		return nil
	}
	return fns
}

// someFunctions lists the workload's first functions, for a message
// naming one that is not there: "its functions: api, web" or "its 2,000
// functions: f0, f1, f2, f3, f4 ...".
func someFunctions(m map[string]int) string {
	const shown = 5
	names := make([]string, min(len(m), shown))
	for n, k := range m {
		if k < shown {
			names[k] = n
		}
	}
	if len(m) <= shown {
		return "its functions: " + strings.Join(names, ", ")
	}
	return fmt.Sprintf("its %s functions: %s ...", limits.FormatCount(float64(len(m))), strings.Join(names, ", "))
}

// functionNames maps each function's name to its index, built once and
// only when an entry names a function.
func functionNames(names []string) func() map[string]int {
	var m map[string]int
	return func() map[string]int {
		if m == nil {
			m = make(map[string]int, len(names))
			for k, n := range names {
				m[n] = k
			}
		}
		return m
	}
}

// initialFaaS resolves a FaaS platform's initial_instances into the
// model's groups, checking them against the platform's limits: busy
// instances count against reserved and account concurrency, every
// instance against max_instances with the provisioned ones. It returns the
// groups, the instances they add up to (for the memory estimate) and the
// settings line.
func (c *checker) initialFaaS(s *Scenario, path string, p *Platform, cfg faas.Config, fns []faas.Function) ([]faas.InitialGroup, float64, string) {
	if len(p.InitialInstances) == 0 {
		return nil, 0, ""
	}
	names := make([]string, len(fns))
	for k := range fns {
		names[k] = fns[k].Name
	}
	which := c.initialEntries(path, p, functionNames(names))
	if which == nil {
		return nil, 0, ""
	}
	n := len(fns)
	// Per-function and per-pool sums, in float64 so that a million
	// instances on every one of 10,000 functions cannot overflow.
	busy := make([]float64, n)
	live := map[int32]float64{}
	poolOf := func(k int) int32 {
		if cfg.PerApp {
			return fns[k].App
		}
		return int32(k)
	}
	var groups []faas.InitialGroup
	var total, unreserved float64
	durations := map[int]dist.Dist{}
	bad := false
	for i, e := range p.InitialInstances {
		ep := fmt.Sprintf("%s.initial_instances[%d]", path, i)
		busyState := e.State == "busy"
		exp := sim.FromDuration(time.Duration(e.ExpiresIn))
		switch {
		case busyState && c.written(ep+".expires_in"):
			c.add(ep+".expires_in", "applies to idle instances only: a busy instance's keep-alive starts when its execution ends, by the platform's keep_alive")
			bad = true
		case !busyState && exp <= 0:
			c.add(ep+".expires_in", "idle instances need a positive expiry (when each expires unless a request reuses it), e.g. 300s; got %s", e.ExpiresIn)
			bad = true
		}
		lo, hi := 0, n
		if which[i] >= 0 {
			lo, hi = which[i], which[i]+1
		}
		for k := lo; k < hi && !bad; k++ {
			if busyState {
				if _, ok := durations[k]; !ok {
					d, err := s.initialDuration(k)
					if err != nil {
						c.add(ep+".state", "function %s: %v", fns[k].Name, err)
						bad = true
						break
					}
					durations[k] = d
				}
				busy[k] += float64(e.Count)
				if fns[k].Reserved == 0 {
					unreserved += float64(e.Count)
				}
			}
			live[poolOf(k)] += float64(e.Count)
			total += float64(e.Count)
		}
		if bad {
			continue
		}
		for k := lo; k < hi; k++ {
			groups = append(groups, faas.InitialGroup{Function: int32(k), Count: e.Count, Busy: busyState, ExpiresIn: exp, Duration: durations[k]})
		}
	}
	if bad {
		return nil, 0, ""
	}
	reserved := 0
	for k := range fns {
		reserved += fns[k].Reserved
		if r := fns[k].Reserved; r > 0 && busy[k] > float64(r) {
			c.add(path+".initial_instances", "function %s starts with %s busy instances, over its reserved concurrency %d: lower their count or raise its reserved concurrency", fns[k].Name, limits.FormatCount(busy[k]), r)
			return nil, 0, ""
		}
	}
	if cfg.AccountLimit > 0 && unreserved > float64(cfg.AccountLimit-reserved) {
		c.add(path+".initial_instances", "%s busy instances in all, over the %d the account limit leaves to functions without reserved concurrency (each busy instance runs an execution, which counts as in flight): lower their counts or raise concurrency.account_limit",
			limits.FormatCount(unreserved), cfg.AccountLimit-reserved)
		return nil, 0, ""
	}
	if cfg.MaxInstances > 0 {
		for k := range fns {
			prov := cmp.Or(fns[k].Provisioned, cfg.Provisioned)
			if v := live[poolOf(k)]; v+float64(prov) > float64(cfg.MaxInstances) {
				c.add(path+".initial_instances", "function %s starts with %s initial and %d provisioned instances, over max_instances %d: lower the counts or raise concurrency.max_instances",
					fns[k].Name, limits.FormatCount(v), prov, cfg.MaxInstances)
				return nil, 0, ""
			}
		}
	}
	return groups, total, initialText(p.InitialInstances)
}

// initialDuration is function k's duration distribution, which busy
// initial instances draw their execution from.
func (s *Scenario) initialDuration(k int) (dist.Dist, error) {
	if s.replayed() != nil {
		if c := s.cache; c != nil && c.opened != nil && k < len(c.opened.Durations) && c.opened.Durations[k] != nil {
			return c.opened.Durations[k], nil
		}
		return nil, fmt.Errorf("busy initial instances draw their execution from the function's duration distribution, and this trace keeps none for it " +
			"(an azure2019 replay of one day keeps each function's percentile table; other traces give durations with their invocations): start from idle instances instead")
	}
	if s.Workload.Synthetic == nil {
		return nil, fmt.Errorf("no workload to draw durations from")
	}
	f := &s.Workload.Synthetic.Functions[k]
	d, err := f.durationDist()
	if err != nil {
		return nil, fmt.Errorf("its duration: %v", err)
	}
	return d, nil
}

// initialContainer resolves a container platform's initial_instances:
// the replicas ready at time 0 of an autoscaled service. Busy replicas
// are refused (a container's work is requests), as are expiries (replicas
// do not expire) and a fixed fleet (always fully ready).
func (c *checker) initialContainer(path string, p *Platform, sc *container.Scaling, names []string) string {
	if len(p.InitialInstances) == 0 {
		return ""
	}
	if c.initialEntries(path, p, functionNames(names)) == nil {
		return ""
	}
	n := 0
	for i, e := range p.InitialInstances {
		ep := fmt.Sprintf("%s.initial_instances[%d]", path, i)
		switch {
		case e.State == "busy":
			c.add(ep+".state", "a container platform starts from ready replicas (state: idle): its work is requests, which the workload brings")
			return ""
		case c.written(ep + ".expires_in"):
			c.add(ep+".expires_in", "applies to FaaS platforms only: a container replica does not expire, the autoscaler removes it")
			return ""
		case e.Function != "":
			c.add(ep+".function", "applies to FaaS platforms only: a container service's replicas serve every function")
			return ""
		}
		n += e.Count
	}
	switch {
	case sc.Policy == container.Fixed:
		c.add(path+".initial_instances", "a fixed fleet is always fully ready (its %d replicas are ready at time 0): use scaling.policy: target to start from another count", sc.Replicas)
	case n < sc.Min || n > sc.Max:
		c.add(path+".initial_instances", "%d ready replicas: want scaling.min %d to scaling.max %d", n, sc.Min, sc.Max)
	default:
		sc.Initial = n
		return fmt.Sprintf("%d ready %s", n, plural(n, "replica", "replicas"))
	}
	return ""
}

// initialText says in a line what a FaaS platform started from, for its
// settings: "3 busy, 5 idle expiring in 5m per function; 2 idle expiring
// in 1m for api".
func initialText(es []InitialInstances) string {
	var parts []string
	for _, e := range es {
		t := fmt.Sprintf("%d %s", e.Count, e.State)
		if e.State == "idle" {
			t += " expiring in " + shortDuration(time.Duration(e.ExpiresIn))
		}
		if e.Function != "" {
			t += " for " + e.Function
		} else {
			t += " per function"
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, ", ")
}
