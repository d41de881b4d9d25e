package pricing

import (
	"fmt"
	"math/bits"

	"faassim/sim"
)

// A simulation measures a window [from, to) of simulated time: the time
// after its warm-up, up to its horizon. The Windowed methods bill each
// interval of usage (an execution with its billed INIT, a busy period, an
// instance lifetime, provisioned capacity, ephemeral storage) for its part
// inside that window, by one rule, pro rata at both edges:
//
//   - an interval wholly inside is billed exactly as the duration methods
//     bill it (Execution, Busy, Instance...): rounding and minimum applied;
//   - an interval that straddles an edge is billed that rounded,
//     minimum-raised amount times the fraction of its raw length inside the
//     window (to the nearest millisecond);
//   - an interval still open at the horizon, whose end is not known
//     (end = sim.Never), is billed its raw part inside the window;
//   - an interval outside the window is not billed.
//
// So the windows that tile a run bill each interval exactly once (up to the
// millisecond), the bill of a steady workload does not depend on where the
// window falls, and the raw usage (Usage.Raw*) equals the usage the
// simulation measured over the window. A zero-length interval is inside
// when its instant is in [from, to).

// windowed returns what the window [from, to) bills of the interval
// [start, end): the billed milliseconds, given billed(), the interval's
// billed length (rounding and minimum applied), and its raw part inside.
func windowed(start, end, from, to sim.Time, billed func(sim.Time) sim.Time) (t int64, raw sim.Time) {
	if to < from || (end < start && end != sim.Never) {
		panic(fmt.Sprintf("pricing: interval [%v, %v) in window [%v, %v): backwards", start, end, from, to))
	}
	switch {
	case end == sim.Never: // open at the horizon: the raw part inside
		if lo := max(start, from); to > lo {
			return nearestMS(to - lo), to - lo
		}
		return 0, 0
	case end == start:
		if start >= from && start < to {
			return ms(billed(0)), 0
		}
		return 0, 0
	}
	lo, hi := max(start, from), min(end, to)
	if hi <= lo {
		return 0, 0
	}
	whole := ms(billed(end - start))
	if lo == start && hi == end {
		return whole, end - start
	}
	return mulDivNearest(whole, int64(hi-lo), int64(end-start)), hi - lo
}

// nearestMS rounds t to the nearest millisecond.
func nearestMS(t sim.Time) int64 { return int64((t + sim.Millisecond/2) / sim.Millisecond) }

// mulDivNearest returns a*b/c rounded to the nearest integer, exactly
// (128-bit intermediate), for 0 <= b <= c and a >= 0.
func mulDivNearest(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	lo, carry := bits.Add64(lo, uint64(c)/2, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// ExecutionWindowed meters one execution of a per-invocation product over
// [start, end) (its INIT phase included, where the product bills INIT), for
// its part inside the window [from, to) (see the rule above).
func (m *Meter) ExecutionWindowed(start, end, from, to sim.Time, memMB int, provisioned bool) {
	m.checkExecution(provisioned)
	checkArgs(0, memMB)
	if t, raw := windowed(start, end, from, to, m.round.Duration); t > 0 || raw > 0 {
		m.addExecutions(1, t, raw, memMB, provisioned)
	}
}

// StorageWindowed meters ephemeral storage of ephemeralMB held over
// [start, end), the interval of one execution, for its part inside the
// window [from, to).
func (m *Meter) StorageWindowed(start, end, from, to sim.Time, ephemeralMB int) {
	m.checkStorage()
	checkArgs(0, ephemeralMB)
	if t, _ := windowed(start, end, from, to, m.round.Duration); t > 0 {
		m.addStorage(t, ephemeralMB)
	}
}

// BusyWindowed meters one busy period [start, end) of an instance (see
// Busy) for its part inside the window [from, to); end is sim.Never for a
// period still open at the horizon.
func (m *Meter) BusyWindowed(start, end, from, to sim.Time, memMB int, vcpu float64, provisioned bool) {
	m.checkBusy(provisioned)
	checkArgs(0, memMB)
	if t, raw := windowed(start, end, from, to, m.busyLength); t > 0 || raw > 0 {
		m.addBusy(t, raw, memMB, vcpu, provisioned)
	}
}

// InstanceWindowed meters one instance's (task's, node's) lifetime
// [born, died) for its part inside the window [from, to); died is
// sim.Never for an instance still live at the horizon. A lifetime wholly
// inside is billed as Instance bills it (a task that lives 10 s is billed
// the sheet's 60 s minimum); one that straddles an edge gets that amount in
// proportion to its raw time inside, so a window edge never raises a short
// piece to the minimum, and the windows on both sides of an edge together
// bill the lifetime once.
func (m *Meter) InstanceWindowed(born, died, from, to sim.Time, memMB int, vcpu float64) {
	m.checkInstance("InstanceWindowed")
	checkArgs(0, memMB)
	if t, raw := windowed(born, died, from, to, m.round.Duration); t > 0 || raw > 0 {
		m.addInstance(t, raw, memMB, vcpu)
	}
}

// ProvisionedWindowed meters count instances of memMB kept provisioned over
// [start, end) (see Provisioned) for their part inside the window
// [from, to); end is sim.Never while they are still configured at the
// horizon.
func (m *Meter) ProvisionedWindowed(start, end, from, to sim.Time, memMB, count int) {
	m.checkProvisioned(0, memMB, count)
	provisioned := func(d sim.Time) sim.Time { return RoundUp(d, m.provStep) }
	if t, raw := windowed(start, end, from, to, provisioned); t > 0 || raw > 0 {
		m.addProvisioned(t, raw, memMB, count)
	}
}
