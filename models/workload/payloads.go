package workload

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"faassim/models/dist"
	"faassim/sim"
)

// PayloadClass is one kind of request a function serves (a small and a
// large document, a cache hit and a miss), with its share of the requests
// and its own duration distribution.
type PayloadClass struct {
	Name string
	// Weight is the class's relative share: weights need not add up to 1
	// (AWS Lambda Power Tuning's weighted payloads are relative too,
	// github.com/alexcasalboni/aws-lambda-power-tuning, README-ADVANCED.md).
	Weight   float64
	Duration dist.Dist
}

// Payloads is the duration distribution of a function that serves several
// payload classes: each invocation draws its class by weight, then its
// duration from that class. It is a dist.Dist, so a Synthetic source draws
// both from the function's own seeded stream ("durations/NAME"): the same
// seed gives every platform, and every memory size of a tuning, the same
// sequence of classes and durations (common random numbers).
type Payloads struct {
	classes []PayloadClass
	cum     []float64 // cumulative shares, the last exactly 1
}

var _ dist.Dist = Payloads{}

// NewPayloads checks the classes (at least one; every weight positive and
// finite; every duration set) and returns their mixture.
func NewPayloads(classes []PayloadClass) (Payloads, error) {
	if len(classes) == 0 {
		return Payloads{}, errors.New("workload: payloads: at least one class is needed")
	}
	total := 0.0
	for _, c := range classes {
		if !(c.Weight > 0) || math.IsInf(c.Weight, 0) {
			return Payloads{}, fmt.Errorf("workload: payload class %q: weight must be a finite number > 0, got %v", c.Name, c.Weight)
		}
		if c.Duration == nil {
			return Payloads{}, fmt.Errorf("workload: payload class %q has no duration", c.Name)
		}
		total += c.Weight
	}
	if math.IsInf(total, 0) {
		return Payloads{}, errors.New("workload: payloads: the weights add up to more than a float64 holds")
	}
	p := Payloads{classes: append([]PayloadClass(nil), classes...), cum: make([]float64, len(classes))}
	run := 0.0
	for i, c := range classes {
		run += c.Weight
		p.cum[i] = run / total
	}
	p.cum[len(p.cum)-1] = 1 // no class is lost to rounding
	return p, nil
}

// Classes returns the classes, in the order given.
func (p Payloads) Classes() []PayloadClass { return p.classes }

// Share is class i's share of the invocations (its weight over the sum).
func (p Payloads) Share(i int) float64 {
	if i == 0 {
		return p.cum[0]
	}
	return p.cum[i] - p.cum[i-1]
}

// Sample draws a class by weight, then a duration of that class.
func (p Payloads) Sample(r *rand.Rand) sim.Time {
	u := r.Float64()
	i := 0
	for i < len(p.cum)-1 && u >= p.cum[i] {
		i++
	}
	return p.classes[i].Duration.Sample(r)
}

// Mean is the weighted mean of the classes' means.
func (p Payloads) Mean() sim.Time {
	m := 0.0
	for i, c := range p.classes {
		m += p.Share(i) * float64(c.Duration.Mean())
	}
	return sim.Time(m + 0.5)
}

// cdf is the mixture's P(X <= t), each class's CDF found by bisection on
// its quantile function (the Dist interface offers no CDF).
func (p Payloads) cdf(t sim.Time) float64 {
	f := 0.0
	for i, c := range p.classes {
		lo, hi := 0.0, 1.0
		if c.Duration.Quantile(0) > t {
			continue
		}
		for range 50 { // 2^-50: far below any share that matters
			mid := (lo + hi) / 2
			if c.Duration.Quantile(mid) <= t {
				lo = mid
			} else {
				hi = mid
			}
		}
		f += p.Share(i) * lo
	}
	return f
}

// Quantile inverts the mixture's CDF by bisection on time, between the
// smallest and the largest of the classes' own quantiles at q (the
// mixture's lies between them).
func (p Payloads) Quantile(q float64) sim.Time {
	if !(q >= 0 && q <= 1) {
		panic(fmt.Sprintf("workload: payloads quantile q=%v outside [0,1]", q))
	}
	lo, hi := sim.Never, sim.Time(0)
	for _, c := range p.classes {
		x := c.Duration.Quantile(q)
		lo, hi = min(lo, x), max(hi, x)
	}
	if q == 0 || p.cdf(lo) >= q {
		return lo // already there (at q = 0: the smallest duration any class has)
	}
	// Invariant: cdf(lo) < q <= cdf(hi); the answer is hi once they meet.
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if p.cdf(mid) >= q {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// String lists the classes: "small 80% lognormal(...), large 20% ...".
func (p Payloads) String() string {
	parts := make([]string, len(p.classes))
	for i, c := range p.classes {
		parts[i] = fmt.Sprintf("%s %.3g%% %v", c.Name, 100*p.Share(i), c.Duration)
	}
	return "payloads(" + strings.Join(parts, ", ") + ")"
}
