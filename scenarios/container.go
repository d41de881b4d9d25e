package scenarios

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"faassim/models/container"
	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// containerPreset is a container product's defaults and price sheet.
type containerPreset struct {
	sheet   string   // price sheet; for k8s-ec2 the node's sheet is derived from node
	startup sim.Time // replica startup when the scenario gives none
	k8s     bool
}

// Startup defaults are assumptions, stated: a Fargate task pulls its image
// and starts in well under two minutes, typically 30-60 s; a pod on a node
// that is already running starts in seconds.
var containerPresets = map[string]containerPreset{
	"aws-fargate-x86": {sheet: "aws-fargate-x86-us-east-1", startup: 60 * sim.Second},
	"aws-fargate-arm": {sheet: "aws-fargate-arm-us-east-1", startup: 60 * sim.Second},
	"k8s-ec2":         {startup: 10 * sim.Second, k8s: true},
}

const defaultNode = "m7g.xlarge"

// containerPlan is everything needed to build one container platform.
type containerPlan struct {
	cfg     container.Config
	fns     []container.Function
	sheet   *pricing.Sheet
	node    *pricing.Instance // k8s: the node type
	perNode int
}

func (s *Scenario) containerPlan(i int, opt Options) (*containerPlan, Problems) {
	p := &s.Platforms[i]
	path := fmt.Sprintf("platforms[%d]", i)
	var probs Problems
	bad := func(field, format string, args ...any) {
		probs = append(probs, s.problemAt(path+field, format, args...))
	}
	preset, ok := containerPresets[p.Preset]
	if !ok {
		return nil, Problems{s.problemAt(path+".preset", "unknown container preset %q (known: aws-fargate-arm, aws-fargate-x86, k8s-ec2)", p.Preset)}
	}
	r, sc := p.Replica, p.Scaling
	cfg := container.Config{
		Replica: container.Replica{VCPU: r.VCPU, MemoryGB: r.MemoryGB, Slots: r.Slots,
			Startup: sim.FromDuration(time.Duration(r.Startup))},
		QueueLimit:     p.QueueLimit,
		RequestTimeout: sim.FromDuration(time.Duration(p.RequestTimeout)), // overload: port to the resolver
		Warmup:         sim.FromDuration(time.Duration(s.Warmup)),
		Horizon:        sim.FromDuration(time.Duration(s.Horizon)),
	}
	if !s.wrote(path + ".replica.startup") {
		cfg.Replica.Startup = preset.startup
	}
	var err error
	if cfg.Scaling.Policy, err = container.ParseScalingPolicy(sc.Policy); err != nil {
		bad(".scaling.policy", "%v", err)
	}
	if sc.Metric != "" {
		if cfg.Scaling.Metric, err = container.ParseMetric(sc.Metric); err != nil {
			bad(".scaling.metric", "%v", err)
		}
	}
	cfg.Scaling.Replicas, cfg.Scaling.Target = sc.Replicas, sc.Target
	cfg.Scaling.Min, cfg.Scaling.Max = sc.Min, sc.Max
	cfg.Scaling.Sync = sim.FromDuration(time.Duration(sc.Sync))
	cfg.Scaling.ScaleDownStabilization = sim.FromDuration(time.Duration(sc.ScaleDownStabilization))

	plan := &containerPlan{cfg: cfg}
	sheetName := cmp.Or(p.Prices, preset.sheet)
	if preset.k8s {
		node := cmp.Or(p.Node, defaultNode)
		sheetName = cmp.Or(p.Prices, "aws-ec2-"+strings.ReplaceAll(node, ".", "-")+"-us-east-1")
	} else if p.Node != "" {
		bad(".node", "applies to preset k8s-ec2 only")
	}
	sh, err := lookupSheet(sheetName, opt.Prices)
	switch {
	case err != nil:
		bad(".prices", "%v", err)
	case preset.k8s && sh.Model != pricing.EC2, !preset.k8s && sh.Model != pricing.Fargate:
		bad(".prices", "price sheet %s bills %s, which does not fit preset %s", sh.Name, sh.Model, p.Preset)
	default:
		plan.sheet = &sh
		if preset.k8s {
			plan.node = sh.Instance
			plan.perNode = container.PerNode(sh.Instance.VCPU, sh.Instance.MemoryGiB, cfg.Replica)
			if plan.perNode == 0 {
				bad(".replica", "a replica of %g vCPU and %g GB does not fit on a %s node (%g vCPU, %g GiB, less the kubelet's reservation)",
					r.VCPU, r.MemoryGB, sh.Instance.Type, sh.Instance.VCPU, sh.Instance.MemoryGiB)
			}
		}
	}

	wfns, _, fprobs := s.functions()
	probs = append(probs, fprobs...)
	for _, wf := range wfns {
		mem := wf.MemoryMB
		if mem == 0 {
			mem = 128 // durations of a function with no memory are taken as measured on Lambda's default
		}
		// overload: port to the resolver. The function's own timeout (0:
		// none; the FaaS presets' maximum does not apply to containers).
		plan.fns = append(plan.fns, container.Function{Name: wf.Name, Speed: speedOn(wf, mem, r.VCPU), Timeout: wf.Timeout})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return plan, nil
}

// simulate runs one container platform for one replication and bills it:
// Fargate per task lifetime (the sheet's 1-minute minimum applied from
// launch, then cut to the window); Kubernetes per node-second of the nodes the
// replicas need (bin-packed, nodes assumed to follow the replica count).
func (pl *containerPlan) simulate(src workload.Source, _ uint64, rec *metrics.Recorder) (metrics.Run, error) {
	eng := sim.NewEngine()
	cfg := pl.cfg
	cfg.Timeline = rec
	svc, err := container.New(eng, cfg, pl.fns)
	if err != nil {
		return metrics.Run{}, err
	}
	meter := pricing.NewMeter(*pl.sheet)
	r := pl.cfg.Replica
	memMB := int(r.MemoryGB*1024 + 0.5)
	if pl.node == nil {
		svc.SetLifetimeHook(func(start, end sim.Time) {
			meter.InstanceWindowed(start, end, pl.cfg.Warmup, pl.cfg.Horizon, memMB, r.VCPU)
		})
	}
	feed := workload.Feed(eng, src, pl.cfg.Horizon, svc.Arrive)
	eng.Run(pl.cfg.Horizon)
	if err := feed.Err(); err != nil {
		return metrics.Run{}, err
	}
	run := svc.Result()
	if pl.node != nil {
		nodeS := svc.NodeSeconds(pl.perNode)
		if nodeS > 0 {
			meter.Instance(sim.FromSeconds(nodeS), int(pl.node.MemoryGiB*1024), pl.node.VCPU)
			// The busy share of the replicas is the busy share of the nodes.
			if run.InstanceSeconds > 0 {
				meter.Busy(sim.FromSeconds(nodeS*run.BusySeconds/run.InstanceSeconds), int(pl.node.MemoryGiB*1024), pl.node.VCPU, false)
			}
		}
	} else if run.BusySeconds > 0 {
		meter.Busy(sim.FromSeconds(run.BusySeconds), memMB, r.VCPU, false)
	}
	return billed(run, pl.sheet, meter, pl.cfg.Horizon-pl.cfg.Warmup, false), nil
}
