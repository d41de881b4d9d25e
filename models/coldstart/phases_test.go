package coldstart_test

import (
	"math"
	"strings"
	"testing"

	"faassim/models/coldstart"
	"faassim/models/dist"
	"faassim/sim"
)

// The shares restate the sources (see initShares): median Init Duration
// (maxday/lambda-perf, December 2025) over Shilkov's (2021) median
// end-to-end cold start, so the test checks the table against the
// measurements, not against itself.
func TestInitSharesFromTheMeasurements(t *testing.T) {
	initMS := map[string]float64{"python": 97.8, "nodejs": 142.0, "go": 51.3, "java": 268.3, "container": (165.7 + 277.9) / 2}
	for _, c := range shilkov2021 {
		want := initMS[c.runtime] / (1000 * c.medianSeconds)
		if got := coldstart.InitShare(c.runtime); math.Abs(got-want) > 0.005 {
			t.Errorf("%s: INIT share %v, measurements give %.3f", c.runtime, got, want)
		}
	}
	if got := coldstart.InitShare("cobol"); got != coldstart.DefaultInitShare {
		t.Errorf("unknown runtime: share %v, want the default %v", got, coldstart.DefaultInitShare)
	}
	if got := coldstart.InitShare(""); got != coldstart.DefaultInitShare {
		t.Errorf("no runtime: share %v, want the default %v", got, coldstart.DefaultInitShare)
	}
	// The default is the median of the table.
	shares := coldstart.InitShares()
	below := 0
	for _, s := range shares {
		if s < coldstart.DefaultInitShare {
			below++
		}
	}
	if below != len(shares)/2 {
		t.Errorf("%d of %d shares below the default %v: not the median", below, len(shares), coldstart.DefaultInitShare)
	}
}

// A split draws once, as the total does: same stream, same latencies, and
// the parts add up to the total exactly.
func TestSplitDrawsTheTotalOnce(t *testing.T) {
	d, err := coldstart.Default("aws", "python", 0)
	if err != nil {
		t.Fatal(err)
	}
	a, b := sim.NewStream(7, t.Name()), sim.NewStream(7, t.Name())
	var overheadSum, initSum float64
	for range 1000 {
		total := d.Sample(a)
		o, i := d.SamplePhases(b)
		if o < 0 || i < 0 || o+i != total {
			t.Fatalf("phases %v + %v, total %v", o, i, total)
		}
		overheadSum += float64(o)
		initSum += float64(i)
	}
	if share := initSum / (initSum + overheadSum); math.Abs(share-0.45) > 1e-6 {
		t.Errorf("INIT share of the draws %v, want 0.45", share)
	}
}

func TestPartsDrawsBoth(t *testing.T) {
	p, err := coldstart.NewParts(dist.Deterministic{Value: 100 * sim.Millisecond}, dist.Deterministic{Value: 30 * sim.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewStream(1, t.Name())
	if o, i := p.SamplePhases(r); o != 100*sim.Millisecond || i != 30*sim.Millisecond {
		t.Errorf("phases %v, %v; want 100ms, 30ms", o, i)
	}
	if got := p.Sample(r); got != 130*sim.Millisecond {
		t.Errorf("total %v, want 130ms", got)
	}
	if got, want := p.String(), "overhead deterministic(100ms) + init deterministic(30ms)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestConstructorErrors(t *testing.T) {
	d := dist.Deterministic{Value: sim.Second}
	for _, share := range []float64{-0.1, 1.1, math.NaN()} {
		if _, err := coldstart.NewSplit(d, share); err == nil || !strings.Contains(err.Error(), "within 0..1") {
			t.Errorf("NewSplit(share %v): error %v", share, err)
		}
	}
	if _, err := coldstart.NewSplit(nil, 0.5); err == nil {
		t.Error("NewSplit(nil): no error")
	}
	if _, err := coldstart.NewParts(d, nil); err == nil {
		t.Error("NewParts(d, nil): no error")
	}
	if s, err := coldstart.NewSplit(d, 1); err != nil || s.InitShare != 1 {
		t.Errorf("NewSplit(d, 1) = %v, %v", s, err)
	}
}

func TestPhasesAreAllocationFree(t *testing.T) {
	split, _ := coldstart.Default("aws", "java", 5)
	exp, _ := dist.NewExponential(sim.Second)
	parts, _ := coldstart.NewParts(exp, dist.Deterministic{Value: sim.Second})
	r := sim.NewStream(1, t.Name())
	for _, s := range []coldstart.PhaseSampler{split, parts} {
		if allocs := testing.AllocsPerRun(1000, func() { s.SamplePhases(r) }); allocs != 0 {
			t.Errorf("%v: SamplePhases allocates %v times per call", s, allocs)
		}
	}
}
