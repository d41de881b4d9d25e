package container

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"faassim/models/dist"
	"faassim/models/pricing"
	"faassim/models/workload"
	"faassim/sim"
)

// Property: a Fargate fleet's bill covers exactly the replica time of the
// window. For random fixed and autoscaled fleets under bursty load, the raw
// task-seconds the meter billed through the lifetime hook (before the
// 1-minute minimum and rounding) equal the replica-seconds the service
// measured over the window, to float rounding (checked to 1e-6, well
// within the 0.1% asked). Replicas launched in the warm-up, removed in the
// window or still live at the horizon all count for their part inside.
func TestBilledTaskTimeIsReplicaTime(t *testing.T) {
	sh, err := pricing.Lookup("aws-fargate-x86-us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	n := 40
	if testing.Short() {
		n = 10
	}
	for range n {
		cfg := Config{
			Replica: Replica{VCPU: 0.25 * float64(1+r.IntN(8)), MemoryGB: 0.5 * float64(1+r.IntN(8)),
				Slots: 1 + r.IntN(8), Startup: sim.FromSeconds(r.Float64() * 90)},
			Warmup: sim.FromSeconds(300 + r.Float64()*1800),
		}
		cfg.Horizon = cfg.Warmup + sim.FromSeconds(900+r.Float64()*3600)
		if r.IntN(3) == 0 {
			cfg.Scaling = Scaling{Policy: Fixed, Replicas: 1 + r.IntN(5)}
		} else {
			cfg.Scaling = Scaling{Policy: Target, Target: 0.3 + r.Float64()*0.5, Min: r.IntN(2), Max: 3 + r.IntN(8),
				ScaleDownStabilization: sim.FromSeconds(30 + r.Float64()*270)}
		}
		// On-off load: a slow trickle and bursts, so fleets scale both ways.
		mean := sim.FromSeconds(0.02 + r.Float64()*2)
		d, err := dist.NewExponential(mean)
		if err != nil {
			t.Fatal(err)
		}
		capacity := float64(cfg.Replica.Slots) / mean.Seconds()
		src, err := workload.NewSynthetic(r.Uint64(), []workload.Function{{Name: "f"}, {Name: "g"}}, []workload.Stream{
			{Arrivals: workload.Poisson{RatePerS: 0.2 * capacity}, Duration: d},
			{Arrivals: &workload.MMPP{RatePerS: 0.01, BurstRatePerS: 3 * capacity, BurstMean: sim.FromSeconds(30 + r.Float64()*300),
				QuietMean: sim.FromSeconds(300 + r.Float64()*900)}, Duration: d},
		})
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%+v", cfg)
		eng := sim.NewEngine()
		svc, err := New(eng, cfg, []Function{{Name: "f"}, {Name: "g"}})
		if err != nil {
			t.Fatal(err)
		}
		meter := pricing.NewMeter(sh)
		memMB := int(cfg.Replica.MemoryGB * 1024)
		svc.SetLifetimeHook(func(start, end sim.Time) {
			meter.InstanceWindowed(start, end, cfg.Warmup, cfg.Horizon, memMB, cfg.Replica.VCPU)
		})
		workload.Feed(eng, src, cfg.Horizon, svc.Arrive)
		eng.Run(cfg.Horizon)
		run := svc.Result()
		measured, billed := svc.ReplicaSeconds(), meter.Usage().RawInstanceSeconds
		if math.Abs(billed-measured) > 1e-6*measured || math.Abs(run.InstanceSeconds-measured) > 1e-6*measured {
			t.Errorf("%s: billed %.3f raw task-seconds, measured %.3f replica-seconds (run says %.3f)",
				name, billed, measured, run.InstanceSeconds)
		}
		if got, want := meter.Usage().RawGBSeconds, measured*float64(memMB)/1024; math.Abs(got-want) > 1e-6*want {
			t.Errorf("%s: raw %.3f GB-s, want %.3f", name, got, want)
		}
	}
}
