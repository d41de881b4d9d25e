package pricing

import (
	"math"
	"math/rand/v2"
	"testing"

	"faassim/sim"
)

// The window rule on instance lifetimes (Fargate: per second, 1-minute
// minimum): whole inside, billed as Instance bills it; straddling an edge,
// its billed length pro rata; open at the horizon, its raw part inside.
func TestInstanceWindowed(t *testing.T) {
	sh := mustLookup(t, "aws-fargate-x86-us-east-1")
	s := sim.Second
	tests := []struct {
		name                 string
		born, died, from, to sim.Time
		wantS, wantRawS      float64
	}{
		{"inside, long", 100 * s, 400 * s, 0, 1000 * s, 300, 300},
		{"inside, short: the minimum", 100 * s, 110 * s, 0, 1000 * s, 60, 10},
		{"short, straddling the window's end: the minimum pro rata", 100 * s, 110 * s, 0, 104 * s, 24, 4},
		{"long, starting before the window: pro rata", 0, 500 * s, 490 * s, 1000 * s, 10, 10},
		{"short, straddling the start: the rest of its minimum", 25 * s, 35 * s, 30 * s, 1000 * s, 30, 5},
		{"entirely before the window", 0, 10 * s, 100 * s, 1000 * s, 0, 0},
		{"entirely after the window", 200 * s, 300 * s, 0, 100 * s, 0, 0},
		{"rounded up to the second", 100 * s, 200*s + 1, 0, 1000 * s, 101, 100},
		{"open at the horizon: raw part inside", 990 * s, sim.Never, 0, 1000 * s, 10, 10},
		{"open, born before the window", 0, sim.Never, 400 * s, 1000 * s, 600, 600},
		{"open, born after the horizon", 1100 * s, sim.Never, 0, 1000 * s, 0, 0},
	}
	for _, tt := range tests {
		m := NewMeter(sh)
		m.InstanceWindowed(tt.born, tt.died, tt.from, tt.to, 1024, 1)
		u := m.Usage()
		if math.Abs(u.InstanceSeconds-tt.wantS) > 1e-9 || math.Abs(u.RawInstanceSeconds-tt.wantRawS) > 1e-6 {
			t.Errorf("%s: %v billed, %v raw instance-seconds; want %v, %v",
				tt.name, u.InstanceSeconds, u.RawInstanceSeconds, tt.wantS, tt.wantRawS)
		}
	}
}

// An execution wholly inside the window is billed exactly as Execution bills
// it (Azure Consumption: 100 ms minimum, 128 MB steps), so the price oracles
// hold for windowed billing too.
func TestExecutionWindowedInsideIsExecution(t *testing.T) {
	sh := mustLookup(t, "azure-functions-consumption-eastus")
	for _, d := range []sim.Time{0, 30 * sim.Millisecond, 100 * sim.Millisecond, 2*sim.Second + 1} {
		a, b := NewMeter(sh), NewMeter(sh)
		a.Execution(d, 200, false)
		b.ExecutionWindowed(sim.Second, sim.Second+d, sim.Second, sim.Hour, 200, false)
		if ua, ub := a.Usage(), b.Usage(); ua != ub {
			t.Errorf("%v: Execution %+v, ExecutionWindowed %+v", d, ua, ub)
		}
	}
}

// Property: two windows that meet at an edge bill every interval once. For
// random intervals and edges, the billed milliseconds of [0, edge) and
// [edge, end) add up to the interval's whole billed length (within the
// millisecond each pro-rata piece is rounded to), and the raw parts to its
// length. Each sheet's model is exercised through the method it meters.
func TestWindowsThatTileBillOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	type metered struct {
		sheet string
		call  func(m *Meter, start, end, from, to sim.Time)
		get   func(u Usage) (billedS, rawS float64)
	}
	cases := []metered{
		{"azure-functions-consumption-eastus", func(m *Meter, s, e, f, to sim.Time) { m.ExecutionWindowed(s, e, f, to, 256, false) },
			func(u Usage) (float64, float64) { return u.GBSeconds * 4, u.RawExecutionSeconds }},
		{"azure-functions-flex", func(m *Meter, s, e, f, to sim.Time) { m.BusyWindowed(s, e, f, to, 1024, 1, false) },
			func(u Usage) (float64, float64) { return u.GBSeconds, u.RawBusySeconds }},
		{"aws-fargate-x86-us-east-1", func(m *Meter, s, e, f, to sim.Time) { m.InstanceWindowed(s, e, f, to, 1024, 1) },
			func(u Usage) (float64, float64) { return u.InstanceSeconds, u.RawInstanceSeconds }},
		{"aws-lambda-x86-us-east-1", func(m *Meter, s, e, f, to sim.Time) { m.ProvisionedWindowed(s, e, f, to, 1024, 1) },
			func(u Usage) (float64, float64) { return u.ProvisionedGBSeconds, u.RawProvisionedGBSeconds }},
	}
	for _, c := range cases {
		sh := mustLookup(t, c.sheet)
		for range 2000 {
			start := sim.Time(r.Int64N(int64(sim.Hour)))
			end := start + sim.Time(r.Int64N(int64(10*sim.Minute)))
			edge := start + sim.Time(r.Int64N(int64(end-start)+1))
			horizon := end + sim.Hour
			whole, a, b := NewMeter(sh), NewMeter(sh), NewMeter(sh)
			c.call(whole, start, end, 0, horizon)
			c.call(a, start, end, 0, edge)
			c.call(b, start, end, edge, horizon)
			wb, wr := c.get(whole.Usage())
			ab, ar := c.get(a.Usage())
			bb, br := c.get(b.Usage())
			if math.Abs(ab+bb-wb) > 0.0011 || math.Abs(ar+br-wr) > 1e-9 {
				t.Fatalf("%s [%v, %v) split at %v: billed %v + %v, whole %v; raw %v + %v, whole %v",
					c.sheet, start, end, edge, ab, bb, wb, ar, br, wr)
			}
		}
	}
}

// Pro rata is exact integer arithmetic even where a*b overflows 64 bits.
func TestMulDivNearest(t *testing.T) {
	tests := []struct{ a, b, c, want int64 }{
		{10, 1, 3, 3},
		{10, 2, 3, 7},
		{1, 1, 2, 1}, // half rounds up
		{math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64, math.MaxInt64 - 1},
		{2_592_000_000, 1_000_000_000_000_000, 3_000_000_000_000_000, 864_000_000},
	}
	for _, tt := range tests {
		if got := mulDivNearest(tt.a, tt.b, tt.c); got != tt.want {
			t.Errorf("mulDivNearest(%d, %d, %d) = %d, want %d", tt.a, tt.b, tt.c, got, tt.want)
		}
	}
}

func TestWindowedBackwardsPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	NewMeter(mustLookup(t, "aws-fargate-x86-us-east-1")).InstanceWindowed(10, 5, 0, 100, 1024, 1)
}
