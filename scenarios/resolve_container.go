package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"faassim/models/container"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// containerPlan is one container platform resolved: the service's
// configuration, the functions' speeds on its replicas, the price sheet and,
// on Kubernetes, the node type and how many replicas one holds.
type containerPlan struct {
	cfg     container.Config
	fns     []container.Function
	sheet   *pricing.Sheet
	node    *pricing.Instance // Kubernetes: the node type
	perNode int
	// controlPlane prices the cluster's control plane (k8s-ec2: EKS), nil
	// for none.
	controlPlane *pricing.Sheet
	month        sim.Time // what monthly tiers and allowances apply to
	st           metrics.Settings
}

func (pl *containerPlan) settings() metrics.Settings { return pl.st }
func (pl *containerPlan) priceSheets() []*pricing.Sheet {
	var out []*pricing.Sheet
	for _, sh := range []*pricing.Sheet{pl.sheet, pl.controlPlane} {
		if sh != nil {
			out = append(out, sh)
		}
	}
	return out
}

// faasFields are the fields of a FaaS platform, which mean nothing on a
// container platform: a keep-alive or a cold-start setting would silently do
// nothing.
var faasFields = []string{"memory_mb", "architecture", "keep_alive", "cold_start", "concurrency",
	"on_limit", "max_wait", "idle_choice", "provisioned", "free_tier", "instances_per"}

// resolveContainer decides container platform p (at path) against its
// preset: replica size, scaling, queue, the price sheet and node packing.
func (c *checker) resolveContainer(s *Scenario, path string, p *Platform, wfns []workload.Function, opt Options) *containerPlan {
	for _, f := range faasFields {
		if c.written(path + "." + f) {
			c.add(path+"."+f, "applies to kind faas only (a container platform has replica, scaling, queue_limit, request_timeout and node)")
		}
	}
	// Without a preset the rest is still checked, so that every problem
	// is reported at once; only the price sheet needs one.
	preset, err := container.LookupPreset(p.Preset)
	known := err == nil
	switch {
	case p.Preset == "":
		c.add(path+".preset", "missing (a container platform needs one of: %s)", strings.Join(container.PresetNames(), ", "))
	case !known:
		c.add(path+".preset", "%v", err)
	}
	replica, rok := c.replica(path+".replica", p.Replica, preset)
	if !s.wroteStartup(path, p.Replica) {
		replica.Startup = preset.Startup
	}
	if p.Replica != nil {
		replica.EphemeralStorageGB = c.storage(path+".replica.ephemeral_storage_gb", p.Replica.EphemeralStorageGB, preset)
	}
	if p.QueueLimit < 0 {
		c.add(path+".queue_limit", "must be >= 0 (0: unbounded), got %d", p.QueueLimit)
	}
	if p.RequestTimeout < 0 {
		c.add(path+".request_timeout", "must be >= 0 (0: none), got %s", p.RequestTimeout)
	}
	w := s.window()
	pl := &containerPlan{cfg: container.Config{Replica: replica, QueueLimit: p.QueueLimit, Warmup: w.warmup, Horizon: w.horizon},
		month: s.month()}
	pl.cfg.RequestTimeout = sim.FromDuration(time.Duration(p.RequestTimeout))
	pl.cfg.Scaling = c.scaling(path+".scaling", p.Scaling)

	sheetName := cmp.Or(p.Prices, preset.Sheet)
	node := ""
	if preset.Kubernetes {
		node = cmp.Or(p.Node, preset.DefaultNode)
		sheetName = cmp.Or(p.Prices, container.NodeSheet(node))
	} else if p.Node != "" {
		c.add(path+".node", "applies to a Kubernetes preset (k8s-ec2) only")
	}
	sh, err := lookupSheet(sheetName, opt.Prices)
	switch {
	case !known:
	case err != nil && preset.Kubernetes && p.Prices == "":
		c.add(path+".node", "unknown node type %q (known: %s; or name an EC2 price sheet in prices)", node, strings.Join(nodeTypes(opt.Prices), ", "))
	case err != nil:
		c.add(path+".prices", "%v", err)
	case preset.Kubernetes && sh.Model != pricing.EC2, !preset.Kubernetes && sh.Model != pricing.Fargate:
		c.add(path+".prices", "price sheet %s bills %s, which does not fit preset %s", sh.Name, sh.Model, p.Preset)
	default:
		pl.sheet = &sh
		if preset.Kubernetes && p.Node != "" && sh.Instance.Type != p.Node {
			c.add(path+".node", "%s, but price sheet %s prices %s nodes: give one of them", p.Node, sh.Name, sh.Instance.Type)
		}
		if preset.Kubernetes {
			node = sh.Instance.Type // what is priced is what the pods are packed on
		}
		if preset.Kubernetes && rok {
			pl.node = sh.Instance
			pl.perNode = container.PerNode(sh.Instance.VCPU, sh.Instance.MemoryGiB, replica)
			if pl.perNode == 0 {
				c.add(path+".replica", "a replica of %g vCPU and %g GB does not fit on a %s node (%g vCPU, %g GiB, less the kubelet's reservation)",
					replica.VCPU, replica.MemoryGB, sh.Instance.Type, sh.Instance.VCPU, sh.Instance.MemoryGiB)
			}
		}
	}

	if known && preset.ControlPlaneSheet != "" {
		if sh, err := lookupSheet(preset.ControlPlaneSheet, opt.Prices); err != nil {
			c.add(path+".preset", "%v", err)
		} else {
			pl.controlPlane = &sh
		}
	}

	listed := make([]metrics.FunctionSettings, min(len(wfns), metrics.MaxListedFunctions))
	pl.fns = make([]container.Function, len(wfns))
	for k, wf := range wfns {
		// Durations are as measured at the function's memory on Lambda's
		// memory-proportional CPU; a function with none is taken as given.
		speed := speedOn(wf, wf.MemoryMB, replica.VCPU)
		// The function's own timeout cuts its runs as on FaaS; a
		// container has no product maximum, so none unless it sets one.
		pl.fns[k] = container.Function{Name: wf.Name, Speed: speed, Timeout: wf.Timeout}
		if k < len(listed) {
			listed[k] = metrics.FunctionSettings{Name: wf.Name, MeasuredMB: wf.MemoryMB, VCPU: replica.VCPU,
				SpeedFactor: speed, CPUBoundFraction: wf.CPUBoundFraction, TimeoutS: wf.Timeout.Seconds()}
		}
	}
	pl.st = metrics.Settings{
		Preset: preset.Name, Description: preset.Description,
		Replica: &metrics.ReplicaSettings{VCPU: replica.VCPU, MemoryGB: replica.MemoryGB, Slots: replica.Slots,
			StartupS: replica.Startup.Seconds(), EphemeralStorageGB: replica.EphemeralStorageGB},
		Scaling:    scalingText(pl.cfg.Scaling),
		QueueLimit: p.QueueLimit, Node: node, PerNode: pl.perNode, RequestTimeS: pl.cfg.RequestTimeout.Seconds(),
	}
	if pl.sheet != nil {
		pl.st.PriceSheet, pl.st.Billing = pl.sheet.Name, pl.sheet.BillingText()
	}
	pl.st.BillingExtras = billingExtras(replica.EphemeralStorageGB, preset, pl.sheet, pl.controlPlane)
	pl.st.Functions, pl.st.FunctionsTotal = listed, len(wfns)
	names := make([]string, len(wfns))
	for k, wf := range wfns {
		names[k] = wf.Name
	}
	if sc := p.Scaling; sc != nil && (sc.Policy == "fixed" || sc.Policy == "target") { // else scaling is reported
		pl.st.InitialInstances = c.initialContainer(path, p, &pl.cfg.Scaling, names)
	}
	return pl
}

// nodeTypes lists the node types that have an EC2 price sheet.
func nodeTypes(user []pricing.Sheet) []string {
	var types []string
	for _, sh := range append(slices.Clone(user), pricing.Sheets()...) {
		if sh.Model == pricing.EC2 && sh.Instance != nil && !slices.Contains(types, sh.Instance.Type) {
			types = append(types, sh.Instance.Type)
		}
	}
	slices.Sort(types)
	return types
}

// wroteStartup reports whether the scenario set the replica's startup time
// (a Scenario built in Go sets it by giving a non-zero value).
func (s *Scenario) wroteStartup(path string, r *Replica) bool {
	if s.src == nil {
		return r != nil && r.Startup != 0
	}
	return s.wrote(path + ".replica.startup")
}

// storage resolves a replica's ephemeral storage against the preset: its
// included size unless set, within what it allows; a preset without the
// setting refuses it.
func (c *checker) storage(path string, gb int, preset container.Preset) int {
	switch {
	case preset.MaxStorageGB == 0 && c.written(path):
		c.add(path, "applies to the Fargate presets only (a Kubernetes node's disk is not priced)")
		return 0
	case preset.MaxStorageGB == 0:
		return 0
	case gb == 0 && !c.written(path):
		return preset.IncludedStorageGB
	case gb < preset.IncludedStorageGB || gb > preset.MaxStorageGB:
		c.add(path, "%s allows %d to %d GiB (%d included), got %d",
			preset.Name, preset.IncludedStorageGB, preset.MaxStorageGB, preset.IncludedStorageGB, gb)
		return 0
	}
	return gb
}

// replica checks the replica section against the preset's sizes.
func (c *checker) replica(path string, r *Replica, preset container.Preset) (container.Replica, bool) {
	if r == nil {
		c.add(path, "missing: {vcpu: 1, memory_gb: 2, slots: 4, startup: 60s}")
		return container.Replica{}, false
	}
	ok := true
	if !(r.VCPU > 0) || math.IsInf(r.VCPU, 0) {
		c.add(path+".vcpu", "must be a finite number > 0, got %v", r.VCPU)
		ok = false
	}
	if !(r.MemoryGB > 0) || math.IsInf(r.MemoryGB, 0) {
		c.add(path+".memory_gb", "must be a finite number > 0, got %v", r.MemoryGB)
		ok = false
	}
	if ok {
		if err := preset.CheckSize(r.VCPU, r.MemoryGB); err != nil {
			c.add(path, "%v", err)
		}
	}
	if r.Slots < 1 {
		c.add(path+".slots", "must be >= 1 (requests a replica serves at once), got %d", r.Slots)
		ok = false
	}
	if r.Startup < 0 {
		c.add(path+".startup", "must be >= 0, got %s", r.Startup)
	}
	return container.Replica{VCPU: r.VCPU, MemoryGB: r.MemoryGB, Slots: r.Slots,
		Startup: sim.FromDuration(time.Duration(r.Startup))}, ok
}

// scaling checks the scaling section and fills the HPA defaults, so that
// reports state the values that ran.
func (c *checker) scaling(path string, sc *Scaling) container.Scaling {
	if sc == nil {
		c.add(path, "missing: {policy: fixed, replicas: N} or {policy: target, metric: concurrency, target: 0.7, min: 1, max: 10}")
		return container.Scaling{}
	}
	var out container.Scaling
	switch sc.Policy {
	case "fixed":
		out = container.Scaling{Policy: container.Fixed, Replicas: sc.Replicas}
		if sc.Replicas < 1 {
			c.add(path+".replicas", "must be >= 1, got %d", sc.Replicas)
		}
		for _, f := range []string{"metric", "target", "min", "max", "sync", "scale_down_stabilization"} {
			if c.written(path + "." + f) {
				c.add(path+"."+f, "applies to policy target only")
			}
		}
		return out
	case "target":
	case "":
		c.add(path+".policy", "missing (valid: fixed, target)")
		return out
	default:
		c.add(path+".policy", "unknown policy %q (valid: fixed, target)", sc.Policy)
		return out
	}
	out = container.Scaling{Policy: container.Target, Target: sc.Target, Min: sc.Min, Max: sc.Max,
		Sync: sim.FromDuration(time.Duration(sc.Sync)), ScaleDownStabilization: sim.FromDuration(time.Duration(sc.ScaleDownStabilization))}
	if c.written(path + ".replicas") {
		c.add(path+".replicas", "applies to policy fixed only (target scaling uses min and max)")
	}
	if m, err := container.ParseMetric(cmp.Or(sc.Metric, "concurrency")); err != nil {
		c.add(path+".metric", "unknown metric %q (valid: concurrency, cpu)", sc.Metric)
	} else {
		out.Metric = m
	}
	if !(sc.Target > 0 && sc.Target <= 1) {
		c.add(path+".target", "must be within (0, 1] (the utilization to track), got %v", sc.Target)
	}
	if sc.Min < 0 || sc.Max < 1 || sc.Max < sc.Min {
		c.add(path, "want 0 <= min <= max and max >= 1, got min %d, max %d", sc.Min, sc.Max)
	}
	if sc.Sync < 0 {
		c.add(path+".sync", "must be > 0 (15s by default), got %s", sc.Sync)
	}
	if sc.ScaleDownStabilization < 0 {
		c.add(path+".scale_down_stabilization", "must be >= 0 (300s by default), got %s", sc.ScaleDownStabilization)
	}
	return out.WithDefaults()
}

// scalingText names a resolved scaling policy for reports.
func scalingText(sc container.Scaling) string {
	if sc.Policy == container.Fixed {
		return fmt.Sprintf("fixed at %d %s", sc.Replicas, plural(sc.Replicas, "replica", "replicas"))
	}
	return fmt.Sprintf("target %s %.0f%%, %d to %d replicas, HPA-like: %v sync, %v scale-down stabilization, %.0f%% tolerance",
		sc.Metric, 100*sc.Target, sc.Min, sc.Max, short(sc.Sync.Duration()), short(sc.ScaleDownStabilization.Duration()), 100*sc.Tolerance)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
