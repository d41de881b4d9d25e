package pricing

import "faassim/sim"

// RoundUp returns d rounded up to a whole number of steps. A step <= 0
// leaves d as it is. Rounding up is what every provider does: no product
// bills less than the time used.
func RoundUp(d, step sim.Time) sim.Time {
	if step <= 0 {
		return d
	}
	q := d / step
	if d%step > 0 {
		q++
	}
	return q * step
}

// Rounding is how one billed period (an execution, a busy period or an
// instance lifetime) is measured: raised to Minimum, then rounded up to
// Step; memory raised to MemoryMinMB, then rounded up to MemoryStepMB.
//
// Published rules: AWS Lambda 1 ms steps (aws.amazon.com/lambda/pricing);
// Azure Functions Consumption 1 ms steps, 100 ms minimum, memory in 128 MB
// steps with a 128 MB minimum (azure.microsoft.com/pricing/details/functions);
// Cloud Functions 1st gen 100 ms steps (cloud.google.com/functions/
// pricing-1stgen); Cloud Run 100 ms steps (cloud.google.com/run/pricing);
// Azure Flex on demand at least 1,000 ms, then 100 ms steps (Microsoft
// Learn, functions-consumption-costs); Cloud Run instance-based, Fargate
// and EC2 a 1-minute minimum (their pricing pages).
type Rounding struct {
	Step, Minimum             sim.Time
	MemoryStepMB, MemoryMinMB int
}

// Rounding returns the sheet's rounding rule.
func (s Sheet) Rounding() Rounding {
	g := s.Granularity
	return Rounding{
		Step:         sim.Time(g.StepMS) * sim.Millisecond,
		Minimum:      sim.Time(g.MinimumMS) * sim.Millisecond,
		MemoryStepMB: g.MemoryStepMB,
		MemoryMinMB:  g.MemoryMinMB,
	}
}

// Duration returns the billed length of a period that lasted d.
func (r Rounding) Duration(d sim.Time) sim.Time {
	return RoundUp(max(d, r.Minimum), r.Step)
}

// MemoryMB returns the billed memory for a configured memMB.
func (r Rounding) MemoryMB(memMB int) int {
	m := max(memMB, r.MemoryMinMB)
	if r.MemoryStepMB > 0 {
		m = (m + r.MemoryStepMB - 1) / r.MemoryStepMB * r.MemoryStepMB
	}
	return m
}
