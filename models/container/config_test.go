package container

import (
	"math"
	"strings"
	"testing"

	"faassim/sim"
)

func TestNewRejectsBadConfigs(t *testing.T) {
	good := func() Config {
		return Config{
			Replica: Replica{VCPU: 1, MemoryGB: 2, Slots: 4, Startup: sim.Minute},
			Scaling: Scaling{Policy: Target, Metric: Concurrency, Target: 0.7, Min: 1, Max: 10},
			Horizon: sim.Hour,
		}
	}
	tests := []struct {
		name   string
		edit   func(c *Config)
		fns    []Function
		errHas string
	}{
		{"zero slots", func(c *Config) { c.Replica.Slots = 0 }, nil, "slots = 0"},
		{"zero vcpu", func(c *Config) { c.Replica.VCPU = 0 }, nil, "vcpu = 0"},
		{"negative vcpu", func(c *Config) { c.Replica.VCPU = -1 }, nil, "vcpu = -1"},
		{"NaN memory", func(c *Config) { c.Replica.MemoryGB = math.NaN() }, nil, "memory_gb = NaN"},
		{"negative startup", func(c *Config) { c.Replica.Startup = -sim.Second }, nil, "startup = -1s"},
		{"negative ephemeral storage", func(c *Config) { c.Replica.EphemeralStorageGB = -1 }, nil, "ephemeral storage = -1 GB"},
		{"negative queue limit", func(c *Config) { c.QueueLimit = -1 }, nil, "queue limit = -1"},
		{"empty window", func(c *Config) { c.Warmup = c.Horizon }, nil, "window"},
		{"no horizon", func(c *Config) { c.Horizon = 0 }, nil, "window"},
		{"fixed with no replicas", func(c *Config) { c.Scaling = Scaling{Policy: Fixed} }, nil, "fixed scaling with 0 replicas"},
		{"unknown policy", func(c *Config) { c.Scaling.Policy = 7 }, nil, "unknown scaling policy ScalingPolicy(7)"},
		{"unknown metric", func(c *Config) { c.Scaling.Metric = 9 }, nil, "unknown scaling metric Metric(9)"},
		{"zero target", func(c *Config) { c.Scaling.Target = 0 }, nil, "target = 0"},
		{"infinite target", func(c *Config) { c.Scaling.Target = math.Inf(1) }, nil, "target = +Inf"},
		{"min above max", func(c *Config) { c.Scaling.Min = 11 }, nil, "min 11 > max 10"},
		{"negative min", func(c *Config) { c.Scaling.Min = -1 }, nil, "min = -1"},
		{"zero max", func(c *Config) { c.Scaling.Min, c.Scaling.Max = 0, 0 }, nil, "max = 0"},
		{"negative sync", func(c *Config) { c.Scaling.Sync = -sim.Second }, nil, "sync = -1s"},
		{"negative stabilization", func(c *Config) { c.Scaling.ScaleDownStabilization = -sim.Second }, nil, "stabilization = -1s"},
		{"tolerance 1", func(c *Config) { c.Scaling.Tolerance = 1 }, nil, "tolerance = 1"},
		{"negative speed", func(c *Config) {}, []Function{{Name: "api", Speed: -2}}, `function "api": speed -2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good()
			tt.edit(&cfg)
			_, err := New(sim.NewEngine(), cfg, tt.fns)
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("New: error %v, want one containing %q", err, tt.errHas)
			}
		})
	}
	if _, err := New(sim.NewEngine(), good(), []Function{{Name: "api"}}); err != nil {
		t.Fatalf("the good config fails: %v", err)
	}
}

func TestParseNames(t *testing.T) {
	for _, p := range []ScalingPolicy{Fixed, Target} {
		if got, err := ParseScalingPolicy(p.String()); err != nil || got != p {
			t.Errorf("ParseScalingPolicy(%q) = %v, %v", p.String(), got, err)
		}
	}
	for _, m := range []Metric{Concurrency, CPU} {
		if got, err := ParseMetric(m.String()); err != nil || got != m {
			t.Errorf("ParseMetric(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseScalingPolicy("hpa"); err == nil {
		t.Error(`ParseScalingPolicy("hpa") succeeded`)
	}
	if _, err := ParseMetric("memory"); err == nil {
		t.Error(`ParseMetric("memory") succeeded`)
	}
}

// Node sizes of EC2 instance types; the allocatable resources follow the
// GKE reservation formula documented on PerNode.
func TestPerNode(t *testing.T) {
	tests := []struct {
		name          string
		vcpu, memGiB  float64
		replica       Replica
		want          int
		whyAllocation string
	}{
		// 4 - (0.06 + 0.01 + 2 x 0.005) = 3.92 vCPU; 16 - (1 + 0.8 + 0.8) - 0.098 = 13.30 GiB.
		{"m7g.xlarge, 1 vCPU 2 GiB: CPU-bound", 4, 16, Replica{VCPU: 1, MemoryGB: 2}, 3, "floor(3.92/1)"},
		{"m7g.xlarge, 0.25 vCPU 2 GiB: memory-bound", 4, 16, Replica{VCPU: 0.25, MemoryGB: 2}, 6, "floor(13.30/2)"},
		{"m7g.xlarge, 0.98 vCPU: exact fit", 4, 16, Replica{VCPU: 0.98, MemoryGB: 1}, 4, "3.92/0.98 = 4"},
		// 2 - 0.07 = 1.93 vCPU; 8 - 1.8 - 0.098 = 6.10 GiB.
		{"m7g.large, 0.5 vCPU 1 GiB", 2, 8, Replica{VCPU: 0.5, MemoryGB: 1}, 3, "floor(1.93/0.5)"},
		{"replica larger than the node", 2, 8, Replica{VCPU: 4, MemoryGB: 1}, 0, "does not fit"},
		{"zero-sized replica", 2, 8, Replica{}, 0, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PerNode(tt.vcpu, tt.memGiB, tt.replica); got != tt.want {
				t.Errorf("PerNode(%g vCPU, %g GiB, %+v) = %d, want %d (%s)", tt.vcpu, tt.memGiB, tt.replica, got, tt.want, tt.whyAllocation)
			}
		})
	}
}
