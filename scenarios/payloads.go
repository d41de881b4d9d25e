package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"faassim/models/dist"
	"faassim/models/workload"
)

// Payload is one payload class of a function: a share of its requests
// (weight, relative to the other classes') with its own durations.
type Payload struct {
	Name     string  `yaml:"name"`
	Weight   float64 `yaml:"weight"`
	Duration Dist    `yaml:"duration"`
}

// ArchSpeed is a function's duration multiplier per architecture: durations
// as measured are multiplied by it on an instance of that architecture (0.9:
// 10% faster). A factor not written is 1: faassim assumes no difference
// between architectures unless told: no published ratio holds for all code
// (AWS's own claim for Lambda on Graviton2 is "up to 19 percent better
// performance", AWS News Blog, 2021-09-29), and the run's assumptions say
// when an arm64 platform uses the default (archAssumption).
type ArchSpeed struct {
	X86_64 *float64 `yaml:"x86_64"`
	Arm64  *float64 `yaml:"arm64"`
}

// maxArchFactor bounds a speed factor: a hundred times slower or faster is
// beyond any measured difference between instruction sets, and bounds the
// arithmetic.
const maxArchFactor = 100.0

// factors lists the written factors by architecture name.
func (a *ArchSpeed) factors() map[string]float64 {
	if a == nil {
		return nil
	}
	m := map[string]float64{}
	if a.X86_64 != nil {
		m["x86_64"] = *a.X86_64
	}
	if a.Arm64 != nil {
		m["arm64"] = *a.Arm64
	}
	return m
}

// payloads checks a function's payload classes and speed factors.
func (c *checker) payloads(path string, f *Function) {
	if a := f.SpeedByArchitecture; a != nil {
		for _, x := range []struct {
			name string
			v    *float64
		}{{"x86_64", a.X86_64}, {"arm64", a.Arm64}} {
			if x.v != nil && !(*x.v > 0 && *x.v <= maxArchFactor) {
				c.add(path+".speed_by_architecture."+x.name, "must be a finite number in (0, %g] (a duration multiplier: 0.9 is 10%% faster), got %v", maxArchFactor, *x.v)
			}
		}
	}
	if len(f.Payloads) == 0 {
		if c.written(path + ".payloads") {
			c.add(path+".payloads", "at least one class is needed (or drop payloads and give duration)")
		}
		return
	}
	if f.Duration.Dist != "" || c.written(path+".duration") {
		c.add(path+".payloads", "give duration or payloads, not both")
	}
	names := map[string]int{}
	total := 0.0
	for i := range f.Payloads {
		pp := fmt.Sprintf("%s.payloads[%d]", path, i)
		p := &f.Payloads[i]
		if p.Name == "" {
			c.add(pp+".name", "missing (classes are named in reports)")
		} else if j, dup := names[p.Name]; dup {
			c.add(pp+".name", "duplicate class name %q (also payloads[%d])", p.Name, j)
		} else {
			names[p.Name] = i
		}
		if !(p.Weight > 0) || math.IsInf(p.Weight, 0) {
			c.add(pp+".weight", "must be a finite number > 0 (a share relative to the other classes'), got %v", p.Weight)
		} else {
			total += p.Weight
		}
		c.dist(pp+".duration", &p.Duration)
	}
	if math.IsInf(total, 0) {
		c.add(path+".payloads", "the weights add up to more than a float64 holds: scale them down")
	}
}

// durationDist is the function's duration distribution: its duration, or
// the mixture of its payload classes.
func (f *Function) durationDist() (dist.Dist, error) {
	if len(f.Payloads) == 0 {
		return f.Duration.Build()
	}
	classes := make([]workload.PayloadClass, len(f.Payloads))
	for i, p := range f.Payloads {
		d, err := p.Duration.Build()
		if err != nil {
			return nil, fmt.Errorf("payloads[%d].duration: %w", i, err)
		}
		classes[i] = workload.PayloadClass{Name: p.Name, Weight: p.Weight, Duration: d}
	}
	return workload.NewPayloads(classes)
}

// archFactorsText writes factors as "0.9 on arm64, 1.1 on x86_64" (sorted).
func archFactorsText(m map[string]float64) string {
	var parts []string
	for _, arch := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%g on %s", m[arch], arch))
	}
	return strings.Join(parts, ", ")
}
