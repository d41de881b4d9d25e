package coldstart

import (
	"fmt"
	"math"
	"math/rand/v2"

	"faassim/models/dist"
	"faassim/sim"
)

// Restore is a SnapStart cold start: the platform's overhead of Base, then
// a restore from a snapshot in place of INIT (Lambda initialises the
// function once, when a version is published, and resumes new instances
// from a snapshot of it: docs.aws.amazon.com/lambda/latest/dg/
// snapstart.html). Lambda reports the phase as "Restore Duration" and
// bills only part of it, on every SnapStart runtime, Java included: the
// "Billed Restore Duration", the time to load the runtime and run the
// after-restore hooks; restoring the snapshot itself, outside the microVM,
// is not billed ("Monitoring for Lambda SnapStart", docs.aws.amazon.com/
// lambda/latest/dg/snapstart-monitoring.html). BilledShare is that part:
// SamplePhases puts it where INIT is billed and the rest in the unbilled
// overhead.
//
// Python and .NET also pay for the snapshot itself, per GB of memory
// cached for as long as a version is active and per GB restored on each
// cold start (AWS Lambda pricing, SnapStart); the simulator's price sheets
// have no such lines, so String says so whenever SnapshotCharges is set.
type Restore struct {
	Base    PhaseSampler // whose overhead is kept and whose INIT is dropped
	Restore dist.Dist
	// BilledShare is the share of each restore billed as duration, in
	// [0, 1].
	BilledShare float64
	// SnapshotCharges marks a runtime billed for caching and restoring
	// its snapshot (Python, .NET), charges the run leaves out.
	SnapshotCharges bool
}

var _ PhaseSampler = Restore{}

// SnapStartBilledShare is the default BilledShare, 182 ms billed of a
// 398.97 ms restore in a published REPORT line of a SnapStart function
// that also shows its bill, a Java 11 function whose Billed Duration,
// 2,521 ms, is its 2,338.66 ms Duration plus the 182 ms Billed Restore
// Duration rounded up to the millisecond (`sam logs` output in the README
// of github.com/docwho2/java-chime-voicesdk-sma). A function with heavier
// after-restore hooks bills a larger share.
const SnapStartBilledShare = 182 / 398.97

// SnapStart's charges per GB in us-east-1 (aws.amazon.com/lambda/pricing,
// SnapStart), which the run does not bill: caching, per GB-second of
// memory for each active version (at least 3 hours), and restoration, per
// GB restored.
const (
	SnapStartCacheUSDPerGBS  = 0.0000015046
	SnapStartRestoreUSDPerGB = 0.0001397998
)

// SnapStartRestore is the default restore: a lognormal of median 653 ms,
// the hello-world Java 21 SnapStart cold start on maxday/lambda-perf
// (github.com/maxday/lambda-perf, quoted in its issue #1858: 652.78 ms),
// with the spread of Java's cold starts on AWS (Shilkov 2021: 97.5th
// percentile 0.690 s over a median of 0.372 s), so p99 = 653 ms x
// (0.690/0.372)^(2.326/1.960) = 1.36 s. A published figure for one small
// function: set the function's cold_start for a heavier snapshot.
func SnapStartRestore() dist.Dist {
	const medianS = 0.65278
	sigma := math.Log(0.690/0.372) / 1.959964
	p99 := medianS * math.Exp(2.326348*sigma)
	d, _ := dist.NewLogNormal(sim.FromSeconds(medianS), sim.FromSeconds(p99))
	return d
}

// SamplePhases draws Base's overhead (its INIT is drawn and dropped, so the
// stream stays aligned with a run without SnapStart), then the restore,
// split into its unbilled part (added to the overhead) and its billed part
// (returned as INIT, billed where INIT is).
func (r Restore) SamplePhases(rng *rand.Rand) (overhead, init sim.Time) {
	o, _ := r.Base.SamplePhases(rng)
	rs := r.Restore.Sample(rng)
	billed := sim.Time(math.Round(float64(rs) * min(max(r.BilledShare, 0), 1)))
	return o + rs - billed, billed
}

// Sample draws one cold start, end to end.
func (r Restore) Sample(rng *rand.Rand) sim.Time {
	o, i := r.SamplePhases(rng)
	return o + i
}

func (r Restore) String() string {
	s := fmt.Sprintf("SnapStart: overhead of %v + restore %v (%.0f%% of it billed as duration, as Billed Restore Duration)", r.Base, r.Restore, 100*r.BilledShare)
	if r.SnapshotCharges {
		s += fmt.Sprintf("; not in the cost: the snapshot charges of Python and .NET, $%.10f per GB-s of memory cached for each active version and $%.10f per GB restored at each cold start (us-east-1, aws.amazon.com/lambda/pricing)",
			SnapStartCacheUSDPerGBS, SnapStartRestoreUSDPerGB)
	}
	return s
}
