package coldstart

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"

	"faassim/models/dist"
	"faassim/sim"
)

// PhaseSampler wraps SamplePhases, which draws one cold start as its two
// consecutive parts: the platform's overhead (placing a sandbox, fetching
// the code: never billed) then INIT (starting the runtime and running the
// function's initialisation code: what Lambda reports as "Init Duration"
// and bills since 1 August 2025, aws.amazon.com/blogs/compute/
// aws-lambda-standardizes-billing-for-init-phase). Sample draws the total.
// Implementations must not allocate and must not return negative times.
type PhaseSampler interface {
	Sampler
	SamplePhases(r *rand.Rand) (overhead, init sim.Time)
}

// Compile-time checks.
var (
	_ PhaseSampler = Split{}
	_ PhaseSampler = Parts{}
	_ dist.Dist    = Split{}
)

// Split is an end-to-end cold-start distribution cut in two by a fixed
// share: each draw's INIT part is InitShare of it, the rest overhead. It is
// a dist.Dist of the total (Sample, Mean, Quantile and String are the
// total's), so a report can describe it as before.
type Split struct {
	dist.Dist
	InitShare float64 // in [0, 1]
}

// NewSplit returns total split by initShare, which must be in [0, 1].
func NewSplit(total dist.Dist, initShare float64) (Split, error) {
	if total == nil {
		return Split{}, fmt.Errorf("coldstart: no cold-start distribution to split")
	}
	if !(initShare >= 0 && initShare <= 1) {
		return Split{}, fmt.Errorf("coldstart: INIT share %v must be within 0..1", initShare)
	}
	return Split{Dist: total, InitShare: initShare}, nil
}

// SamplePhases draws one total and splits it: one draw, as Sample, so the
// cold-start latencies of a seed do not depend on whether INIT is billed.
func (s Split) SamplePhases(r *rand.Rand) (overhead, init sim.Time) {
	total := s.Dist.Sample(r)
	if total == sim.Never || s.InitShare == 0 {
		return total, 0
	}
	init = sim.Time(math.Round(float64(total) * s.InitShare))
	return total - init, init
}

// Parts is a cold start given as its two parts, drawn independently from
// the same stream (overhead first).
type Parts struct {
	Overhead, Init dist.Dist
}

// NewParts returns the cold start of the two parts; neither may be nil.
func NewParts(overhead, init dist.Dist) (Parts, error) {
	if overhead == nil || init == nil {
		return Parts{}, fmt.Errorf("coldstart: a cold start in parts needs both overhead and init")
	}
	return Parts{Overhead: overhead, Init: init}, nil
}

// SamplePhases draws the overhead, then INIT.
func (p Parts) SamplePhases(r *rand.Rand) (overhead, init sim.Time) {
	return p.Overhead.Sample(r), p.Init.Sample(r)
}

// Sample draws one cold start, end to end.
func (p Parts) Sample(r *rand.Rand) sim.Time {
	o, i := p.SamplePhases(r)
	if o > sim.Never-i {
		return sim.Never
	}
	return o + i
}

// Mean returns the mean end-to-end cold start.
func (p Parts) Mean() sim.Time { return p.Overhead.Mean() + p.Init.Mean() }

func (p Parts) String() string { return fmt.Sprintf("overhead %v + init %v", p.Overhead, p.Init) }

// initShares is the INIT part of a hello-world cold start per runtime: the
// median "Init Duration" Lambda reports, over the median end-to-end cold
// start of Shilkov (2021) that Default reproduces (client-side response
// time, less a warm one: sandbox, code download, INIT and front-end all in).
// Init Duration is from maxday/lambda-perf (github.com/maxday/lambda-perf,
// data/2025/2025-12-*.json: hello-world functions deployed fresh daily, ten
// cold starts each, 128 to 1,024 MB, x86_64; the medians barely move with
// memory): zip packages python3.12/3.13 97.8 ms, nodejs20.x/22.x 142.0 ms,
// go on provided.al2023 51.3 ms, java21 268.3 ms; container images the mean
// of the python3.12/3.13 (165.7 ms) and nodejs20.x/22.x (277.9 ms) images,
// 221.8 ms. The two sources are four years apart: the shares are estimates,
// good to about a tenth.
var initShares = map[string]float64{
	"python":    0.45, // 97.8 / 215
	"nodejs":    0.54, // 142.0 / 264
	"go":        0.17, // 51.3 / 307
	"java":      0.72, // 268.3 / 372
	"container": 0.28, // 221.8 / 795
}

// DefaultInitShare is the INIT share used when the runtime is not known: the
// median of the runtimes' shares (Python's).
const DefaultInitShare = 0.45

// InitShare returns the INIT share of a runtime's end-to-end cold start, or
// DefaultInitShare for a runtime not in the table (or none).
func InitShare(runtime string) float64 {
	if s, ok := initShares[runtime]; ok {
		return s
	}
	return DefaultInitShare
}

// InitShares returns a copy of the per-runtime table, for documentation.
func InitShares() map[string]float64 { return maps.Clone(initShares) }
