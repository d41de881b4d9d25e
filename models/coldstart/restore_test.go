package coldstart_test

import (
	"math"
	"strings"
	"testing"

	"faassim/models/coldstart"
	"faassim/models/dist"
	"faassim/sim"
)

// A SnapStart restore is billed in part on every runtime: Lambda bills
// the "Billed Restore Duration" (runtime load and after-restore hooks)
// and not the rest of "Restore Duration" (docs.aws.amazon.com/lambda/
// latest/dg/snapstart-monitoring.html). With a 100 ms overhead, a 2 s
// INIT that the restore replaces, a 1 s restore and a quarter of it
// billed: 100 + 750 ms unbilled, 250 ms billed as INIT.
func TestRestoreBillsItsBilledShare(t *testing.T) {
	base := coldstart.Parts{Overhead: dist.Deterministic{Value: 100 * sim.Millisecond}, Init: dist.Deterministic{Value: 2 * sim.Second}}
	for _, c := range []struct {
		share          float64
		overhead, init sim.Time
	}{
		{0.25, 850 * sim.Millisecond, 250 * sim.Millisecond},
		{0, 1100 * sim.Millisecond, 0},
		{1, 100 * sim.Millisecond, sim.Second},
	} {
		r := coldstart.Restore{Base: base, Restore: dist.Deterministic{Value: sim.Second}, BilledShare: c.share}
		o, i := r.SamplePhases(sim.NewStream(1, t.Name()))
		if o != c.overhead || i != c.init {
			t.Errorf("share %v: phases %v + %v, want %v + %v", c.share, o, i, c.overhead, c.init)
		}
	}
}

// The default share restates its source: 182 ms billed of a 398.97 ms
// restore, and Billed Duration 2,521 ms = ceil(2,338.66 ms Duration + 182
// ms), so the billed restore is in the bill of a Java function too
// (sam logs output, github.com/docwho2/java-chime-voicesdk-sma README).
func TestSnapStartBilledShareFromTheLog(t *testing.T) {
	const durationMS, billedMS, restoreMS, billedRestoreMS = 2338.66, 2521.0, 398.97, 182.0
	if math.Ceil(durationMS+billedRestoreMS) != billedMS {
		t.Fatalf("the log's Billed Duration is not Duration + Billed Restore Duration")
	}
	if got, want := coldstart.SnapStartBilledShare, billedRestoreMS/restoreMS; math.Abs(got-want) > 1e-12 {
		t.Errorf("share %v, the log gives %v", got, want)
	}
}

// What the run cannot bill it says: Python's and .NET's snapshot charges
// (caching per GB-s, restoration per GB; aws.amazon.com/lambda/pricing)
// are named in the stated cold start, with their prices; Java has none.
func TestRestoreStatesTheChargesItLeavesOut(t *testing.T) {
	base := coldstart.Parts{Overhead: dist.Deterministic{}, Init: dist.Deterministic{}}
	py := coldstart.Restore{Base: base, Restore: dist.Deterministic{Value: sim.Second}, BilledShare: 0.5, SnapshotCharges: true}.String()
	java := coldstart.Restore{Base: base, Restore: dist.Deterministic{Value: sim.Second}, BilledShare: 0.5}.String()
	for _, want := range []string{"50% of it billed", "not in the cost", "$0.0000015046 per GB-s", "$0.0001397998 per GB restored"} {
		if !strings.Contains(py, want) {
			t.Errorf("Python's restore %q does not say %q", py, want)
		}
	}
	if strings.Contains(java, "not in the cost") {
		t.Errorf("Java's restore %q names charges Java does not pay", java)
	}
}
