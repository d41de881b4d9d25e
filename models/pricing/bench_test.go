package pricing

import (
	"testing"

	"faassim/sim"
)

// BenchmarkMeterExecution is the per-invocation hot path; it must not
// allocate.
func BenchmarkMeterExecution(b *testing.B) {
	m := NewMeter(mustLookup(b, "aws-lambda-x86-us-east-1"))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Execution(sim.Time(i%1000)*sim.Millisecond+1, 1536, false)
	}
}

func TestMeterExecutionAllocs(t *testing.T) {
	m := NewMeter(mustLookup(t, "gcp-cloud-functions-gen1-tier1"))
	if n := testing.AllocsPerRun(1000, func() {
		m.Request()
		m.Execution(123*sim.Millisecond, 256, false)
	}); n != 0 {
		t.Errorf("Execution allocates %v times per call", n)
	}
}
