package pricing

import (
	"math"
	"math/rand/v2"
	"testing"

	"faassim/models/metrics"
	"faassim/sim"
)

// feed meters n requests of duration run at memMB the way a platform of
// the sheet's model would report them (one busy period or one instance
// per request: no overlap; a control plane one cluster per request).
func feed(m *Meter, s Sheet, n int, run sim.Time, memMB int) {
	m.Requests(int64(n))
	for range n {
		switch s.Model {
		case PerInvocation:
			m.Execution(run, memMB, false)
		case RequestBased, Flex:
			m.Busy(run, memMB, 1, false)
		case ControlPlane:
			m.Cluster(run, 1)
		default:
			m.Instance(run, memMB, 1)
			m.Busy(run, memMB, 1, false)
		}
	}
}

func bill(s Sheet, n int, run sim.Time, memMB int, window sim.Time, free bool) metrics.Cost {
	m := NewMeter(s)
	feed(m, s, n, run, memMB)
	w, _ := s.Bill(m.Usage(), window, DefaultMonth, free)
	return w
}

// TestCostMonotonic: for every sheet, with and without the free tier, the
// cost never decreases when duration, memory or the request count grows
// (randomised, seeded).
func TestCostMonotonic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range Sheets() {
		for i := range 300 {
			n := 1 + rng.IntN(50)
			run := sim.Time(1 + rng.Int64N(int64(5*sim.Second)))
			mem := 128 + rng.IntN(4096)
			window := sim.Time(1+rng.Int64N(48)) * sim.Hour
			free := i%2 == 0
			if free {
				// Fifty requests an hour stay inside every monthly free
				// allowance: 20 or more in a window of seconds project to
				// over 5 M requests a month, beyond every allowance, so
				// that the comparison below has something to compare.
				n += 19
				window = sim.Time(1+rng.Int64N(10)) * sim.Second
			}
			base := bill(s, n, run, mem, window, free).Total
			if free && s.FreeTier != (FreeTier{}) && base == 0 {
				t.Fatalf("%s: the free-tier case costs nothing (n=%d run=%v window=%v): it tests nothing", s.Name, n, run, window)
			}
			for _, c := range []struct {
				what string
				cost float64
			}{
				{"duration", bill(s, n, run+sim.Time(rng.Int64N(int64(sim.Second))), mem, window, free).Total},
				{"memory", bill(s, n, run, mem+rng.IntN(2048), window, free).Total},
				{"requests", bill(s, n+1+rng.IntN(10), run, mem, window, free).Total},
			} {
				if c.cost < base-1e-15 {
					t.Fatalf("%s: more %s costs less: %v < %v (n=%d run=%v mem=%d)", s.Name, c.what, c.cost, base, n, run, mem)
				}
			}
		}
	}
}

// TestProjectionLinear: below the first tier boundary and without a free
// tier, doubling both the usage and the window leaves the monthly cost
// unchanged and doubles the window's.
func TestProjectionLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for _, s := range Sheets() {
		for range 50 {
			n := 1 + rng.IntN(100)
			run := sim.Time(1 + rng.Int64N(int64(3*sim.Second)))
			mem := 128 + rng.IntN(3072)
			window := sim.Time(1+rng.Int64N(24)) * sim.Hour
			one, two := NewMeter(s), NewMeter(s)
			feed(one, s, n, run, mem)
			feed(two, s, n, run, mem)
			feed(two, s, n, run, mem)
			w1, m1 := s.Bill(one.Usage(), window, DefaultMonth, false)
			w2, m2 := s.Bill(two.Usage(), 2*window, DefaultMonth, false)
			if !near(m1.Total, m2.Total) || !near(2*w1.Total, w2.Total) {
				t.Fatalf("%s: monthly %v vs %v, window x2 %v vs %v", s.Name, m1.Total, m2.Total, 2*w1.Total, w2.Total)
			}
		}
	}
}

// TestTiers: on AWS Lambda x86 the tier-2 rate applies only above 6 B
// GB-s a month, tier 3 only above 15 B (aws.amazon.com/lambda/pricing).
func TestTiers(t *testing.T) {
	s := mustLookup(t, "aws-lambda-x86-us-east-1")
	const r1, r2, r3 = 0.0000166667, 0.0000150000, 0.0000133334
	tests := []struct {
		gbs, want float64
	}{
		{1e9, 1e9 * r1},
		{6e9, 6e9 * r1},
		{6e9 + 1e6, 6e9*r1 + 1e6*r2},
		{15e9, 6e9*r1 + 9e9*r2},
		{20e9, 6e9*r1 + 9e9*r2 + 5e9*r3},
	}
	for _, tt := range tests {
		_, month := s.Bill(Usage{GBSeconds: tt.gbs}, DefaultMonth, DefaultMonth, false)
		if !near(month.Compute, tt.want) {
			t.Errorf("%g GB-s: $%.4f, want $%.4f", tt.gbs, month.Compute, tt.want)
		}
		// Over a one-day window the same usage is 30 times more a month.
		_, day := s.Bill(Usage{GBSeconds: tt.gbs / 30}, 24*sim.Hour, DefaultMonth, false)
		if !near(day.Compute, tt.want) {
			t.Errorf("%g GB-s a month over a day: $%.4f, want $%.4f", tt.gbs, day.Compute, tt.want)
		}
	}
}

// TestLinesAddUp: for every sheet, the lines sum to the total, free tier
// on or off, and the free tier never raises the cost.
func TestLinesAddUp(t *testing.T) {
	for _, s := range Sheets() {
		m := NewMeter(s)
		feed(m, s, 1000, 250*sim.Millisecond, 1024)
		if s.USDPerProvisionedGBS > 0 {
			m.Provisioned(sim.Hour, 1024, 2)
			if s.Model == PerInvocation {
				m.Execution(100*sim.Millisecond, 1024, true)
			} else {
				m.Busy(100*sim.Millisecond, 1024, 1, true)
			}
		}
		u := m.Usage()
		paid, _ := s.Bill(u, sim.Hour, DefaultMonth, false)
		free, _ := s.Bill(u, sim.Hour, DefaultMonth, true)
		for _, c := range []metrics.Cost{paid, free} {
			sum := c.Compute + c.Requests + c.Provisioned + c.Idle + c.Storage + c.ControlPlane
			if math.Abs(sum-c.Total) > 1e-12 || c.Total <= 0 && s.FreeTier == (FreeTier{}) {
				t.Errorf("%s: %+v", s.Name, c)
			}
		}
		if free.Total > paid.Total {
			t.Errorf("%s: free tier raises the cost: %v > %v", s.Name, free.Total, paid.Total)
		}
	}
}
