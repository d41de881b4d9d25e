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
// snapstart.html). Lambda reports the phase as "Restore Duration"; it is
// billed for Python and .NET and free for Java (AWS Lambda pricing,
// SnapStart), so Billed puts it where INIT is billed or, when false, in the
// unbilled overhead.
type Restore struct {
	Base    PhaseSampler // whose overhead is kept and whose INIT is dropped
	Restore dist.Dist
	Billed  bool
}

var _ PhaseSampler = Restore{}

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
// stream stays aligned with a run without SnapStart), then the restore.
func (r Restore) SamplePhases(rng *rand.Rand) (overhead, init sim.Time) {
	o, _ := r.Base.SamplePhases(rng)
	rs := r.Restore.Sample(rng)
	if !r.Billed {
		return o + rs, 0
	}
	return o, rs
}

// Sample draws one cold start, end to end.
func (r Restore) Sample(rng *rand.Rand) sim.Time {
	o, i := r.SamplePhases(rng)
	return o + i
}

func (r Restore) String() string {
	billed := "not billed"
	if r.Billed {
		billed = "billed as INIT"
	}
	return fmt.Sprintf("SnapStart: overhead of %v + restore %v (%s)", r.Base, r.Restore, billed)
}
