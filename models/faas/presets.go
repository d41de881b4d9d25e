package faas

import (
	"fmt"
	"slices"
	"strings"

	"faassim/sim"
)

// Preset is a platform's published defaults: limits, memory range and the
// provider whose cold-start figures apply. Any field can be overridden by a
// scenario.
type Preset struct {
	Name        string
	Provider    string // cold-start figures: aws, gcp, azure
	Description string
	Config      Config // limits only; the window and keep-alive come from the scenario
	// MemoryMB is the default memory; MinMemoryMB..MaxMemoryMB the range.
	MemoryMB, MinMemoryMB, MaxMemoryMB int
	// MaxPerInstance bounds the concurrency setting (Cloud Run: 1,000).
	MaxPerInstance int
}

// Limits of AWS Lambda (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
// and lambda-concurrency.html, 2025): 1,000 concurrent executions per region,
// each function scales by 1,000 execution environments every 10 s, one
// request per environment, 128-10,240 MB (default 128 MB), 900 s timeout.
var lambda = Preset{
	Provider: "aws",
	Config: Config{
		PerInstance: 1, AccountLimit: 1000, ScaleBurst: 1000, ScalePer: 10 * sim.Second,
		MaxTimeout: 900 * sim.Second,
	},
	MemoryMB: 128, MinMemoryMB: 128, MaxMemoryMB: 10240, MaxPerInstance: 1,
}

var presets = map[string]Preset{
	"generic": {
		Name: "generic", Provider: "aws",
		Description: "no limits at all: a platform for textbook experiments (set the ones you want)",
		Config:      Config{PerInstance: 1},
		MemoryMB:    128, MinMemoryMB: 1, MaxMemoryMB: 1 << 20,
	},
	"aws-lambda-x86": withName(lambda, "aws-lambda-x86", "AWS Lambda on x86_64: 1,000 concurrent executions, +1,000 environments per 10 s per function, 900 s timeout"),
	"aws-lambda-arm": withName(lambda, "aws-lambda-arm", "AWS Lambda on Arm (Graviton): same limits as x86_64"),
}

func withName(p Preset, name, desc string) Preset {
	p.Name, p.Description = name, desc
	return p
}

// LookupPreset returns the named preset, or an error listing the known ones.
func LookupPreset(name string) (Preset, error) {
	p, ok := presets[name]
	if !ok {
		return Preset{}, fmt.Errorf("unknown FaaS preset %q (known: %s)", name, strings.Join(PresetNames(), ", "))
	}
	return p, nil
}

// PresetNames lists the presets, sorted.
func PresetNames() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
