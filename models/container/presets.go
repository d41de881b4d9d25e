package container

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"faassim/sim"
)

// Preset is a container product's published defaults and limits: the price
// sheet, a replica's startup time when the scenario gives none, and the
// replica sizes the product accepts.
type Preset struct {
	Name        string
	Description string
	Source      string
	// Sheet names the price sheet; for a Kubernetes preset it is derived
	// from the node type (NodeSheet).
	Sheet string
	// Startup is a replica's time from launch to serving when the scenario
	// gives none. An assumption, stated: a Fargate task pulls its image and
	// starts in well under two minutes, typically 30-60 s; a pod on a node
	// that is already running starts in seconds.
	Startup sim.Time
	// Kubernetes: replicas are bin-packed on nodes of DefaultNode unless
	// the scenario names another type.
	Kubernetes  bool
	DefaultNode string
	// Sizes, when set, are the vCPU and memory combinations the product
	// accepts (Fargate task sizes).
	Sizes []Size
	// Ephemeral storage per replica, in GiB: IncludedStorageGB comes with
	// the price, up to MaxStorageGB can be configured (0: not configurable).
	IncludedStorageGB, MaxStorageGB int
	// ControlPlaneSheet prices a managed cluster's control plane ("" for
	// none), billed on its own cost line.
	ControlPlaneSheet string
}

// Size is one vCPU allocation and the memory that may go with it: from
// MinGB to MaxGB in steps of StepGB.
type Size struct {
	VCPU                 float64
	MinGB, MaxGB, StepGB float64
}

// Fargate task ephemeral storage is 20 GiB by default, included in the
// price, and configurable up to 200 GiB (Amazon ECS developer guide,
// "Fargate task storage": docs.aws.amazon.com/AmazonECS/latest/
// developerguide/fargate-task-storage.html).

// fargateSizes are the Fargate task sizes (Amazon ECS developer guide,
// "Fargate task CPU and memory": docs.aws.amazon.com/AmazonECS/latest/
// developerguide/fargate-tasks-services.html). 0.25 vCPU takes 0.5, 1 or
// 2 GB, written as 0.5 to 2 in steps of 0.5 with 1.5 excluded by CheckSize.
var fargateSizes = []Size{
	{0.25, 0.5, 2, 0.5}, {0.5, 1, 4, 1}, {1, 2, 8, 1}, {2, 4, 16, 1},
	{4, 8, 30, 1}, {8, 16, 60, 4}, {16, 32, 120, 8},
}

var presets = map[string]Preset{
	"aws-fargate-x86": {
		Name: "aws-fargate-x86", Description: "AWS Fargate tasks (Linux, x86_64), billed per second with a 1-minute minimum",
		Source: "aws.amazon.com/fargate/pricing", Sheet: "aws-fargate-x86-us-east-1",
		Startup: 60 * sim.Second, Sizes: fargateSizes, IncludedStorageGB: 20, MaxStorageGB: 200,
	},
	"aws-fargate-arm": {
		Name: "aws-fargate-arm", Description: "AWS Fargate tasks (Linux, arm64 Graviton), billed per second with a 1-minute minimum",
		Source: "aws.amazon.com/fargate/pricing", Sheet: "aws-fargate-arm-us-east-1",
		Startup: 60 * sim.Second, Sizes: fargateSizes, IncludedStorageGB: 20, MaxStorageGB: 200,
	},
	"k8s-ec2": {
		Name: "k8s-ec2", Description: "Kubernetes pods bin-packed on EC2 on-demand nodes, billed per node-second",
		Source: "aws.amazon.com/ec2/pricing/on-demand", Startup: 10 * sim.Second,
		Kubernetes: true, DefaultNode: "m7g.xlarge",
		// An EKS cluster in standard support (aws.amazon.com/eks/pricing).
		ControlPlaneSheet: "aws-eks-us-east-1",
	},
}

// LookupPreset returns the named preset, or an error listing the known ones.
func LookupPreset(name string) (Preset, error) {
	p, ok := presets[name]
	if !ok {
		return Preset{}, fmt.Errorf("unknown container preset %q (known: %s)", name, strings.Join(PresetNames(), ", "))
	}
	return p, nil
}

// PresetNames lists the presets, sorted.
func PresetNames() []string { return slices.Sorted(maps.Keys(presets)) }

// NodeSheet names the price sheet of a Kubernetes node type.
func NodeSheet(node string) string {
	return "aws-ec2-" + strings.ReplaceAll(node, ".", "-") + "-us-east-1"
}

// CheckSize reports whether the preset accepts a replica of vcpu and
// memoryGB, with the sizes it does accept when it does not.
func (p Preset) CheckSize(vcpu, memoryGB float64) error {
	if len(p.Sizes) == 0 {
		return nil
	}
	var offers []string
	for _, s := range p.Sizes {
		offers = append(offers, fmt.Sprintf("%g vCPU with %g-%g GB", s.VCPU, s.MinGB, s.MaxGB))
		if s.VCPU != vcpu {
			continue
		}
		steps := (memoryGB - s.MinGB) / s.StepGB
		whole := steps == float64(int(steps))
		if memoryGB >= s.MinGB && memoryGB <= s.MaxGB && whole && !(s.VCPU == 0.25 && memoryGB == 1.5) {
			return nil
		}
		return fmt.Errorf("%s: %g vCPU takes %g to %g GB in steps of %g GB, got %g GB", p.Name, vcpu, s.MinGB, s.MaxGB, s.StepGB, memoryGB)
	}
	return fmt.Errorf("%s offers %s, not %g vCPU", p.Name, strings.Join(offers, ", "), vcpu)
}
