package pricing

import (
	"math/rand/v2"
	"testing"

	"faassim/sim"
)

func TestRoundUp(t *testing.T) {
	ms := sim.Millisecond
	tests := []struct {
		d, step, want sim.Time
	}{
		{0, ms, 0},
		{1, ms, ms},
		{ms, ms, ms},
		{ms + 1, ms, 2 * ms},
		{260 * ms, 100 * ms, 300 * ms}, // Cloud Functions: "260ms would be billed as 300ms"
		{300 * ms, 100 * ms, 300 * ms},
		{1234, 0, 1234}, // no step: unchanged
		{-150 * ms, 100 * ms, -100 * ms},
	}
	for _, tt := range tests {
		if got := RoundUp(tt.d, tt.step); got != tt.want {
			t.Errorf("RoundUp(%v, %v) = %v, want %v", tt.d, tt.step, got, tt.want)
		}
	}
}

// TestSheetRounding checks each product's published rule (see Rounding) as
// the embedded sheets encode it.
func TestSheetRounding(t *testing.T) {
	ms := sim.Millisecond
	tests := []struct {
		sheet          string
		run, want      sim.Time
		memMB, wantMem int
	}{
		{"aws-lambda-x86-us-east-1", 120*ms + 1, 121 * ms, 1536, 1536},
		{"azure-functions-consumption-eastus", 40 * ms, 100 * ms, 200, 256},
		{"azure-functions-consumption-eastus", 100*ms + 1, 101 * ms, 64, 128},
		{"gcp-cloud-functions-gen1-tier1", 260 * ms, 300 * ms, 256, 256},
		{"gcp-cloud-run-request-tier1", 150 * ms, 200 * ms, 512, 512},
		{"azure-functions-flex", 300 * ms, 1000 * ms, 2048, 2048},
		{"azure-functions-flex", 1050 * ms, 1100 * ms, 2048, 2048},
		{"gcp-cloud-run-instance-tier1", 10 * sim.Second, sim.Minute, 512, 512},
		{"gcp-cloud-run-instance-tier1", sim.Minute + 150*ms, sim.Minute + 200*ms, 512, 512},
		{"aws-fargate-x86-us-east-1", 61*sim.Second + 1, 62 * sim.Second, 2048, 2048},
		{"aws-ec2-m7g-large-us-east-1", 5 * sim.Second, sim.Minute, 0, 0},
	}
	for _, tt := range tests {
		r := mustLookup(t, tt.sheet).Rounding()
		if got := r.Duration(tt.run); got != tt.want {
			t.Errorf("%s: Duration(%v) = %v, want %v", tt.sheet, tt.run, got, tt.want)
		}
		if got := r.MemoryMB(tt.memMB); got != tt.wantMem {
			t.Errorf("%s: MemoryMB(%d) = %d, want %d", tt.sheet, tt.memMB, got, tt.wantMem)
		}
	}
}

// TestRoundingNeverBillsLess: for every sheet and random durations and
// memory sizes, the billed amount is at least the exact one, and above the
// minimum it exceeds it by less than one step.
func TestRoundingNeverBillsLess(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	for _, s := range Sheets() {
		r := s.Rounding()
		for range 2000 {
			d := sim.Time(rng.Int64N(int64(20 * sim.Minute)))
			mem := 1 + rng.IntN(10240)
			got := r.Duration(d)
			if got < d || got < r.Minimum {
				t.Fatalf("%s: Duration(%v) = %v bills less", s.Name, d, got)
			}
			if d >= r.Minimum && got-d >= r.Step {
				t.Fatalf("%s: Duration(%v) = %v rounds up by a step or more", s.Name, d, got)
			}
			if m := r.MemoryMB(mem); m < mem {
				t.Fatalf("%s: MemoryMB(%d) = %d", s.Name, mem, m)
			}
		}
	}
}
