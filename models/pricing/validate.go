package pricing

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

type check struct{ field, reason string }

const (
	dayMS = 24 * 3600 * 1000
	maxMB = 1 << 20
)

// Validate reports every problem with a sheet built in Go (Parse validates
// what it reads), or nil.
func (s Sheet) Validate() error {
	var probs Problems
	for _, c := range s.check() {
		probs = append(probs, Problem{Sheet: s.Name, Field: c.field, Reason: c.reason})
	}
	if len(probs) == 0 {
		return nil
	}
	return probs
}

// rate is one price field, with the models it applies to and whether
// those models need it.
type rate struct {
	field    string
	value    float64
	models   []Model
	required bool
}

func (s Sheet) check() []check {
	var cs []check
	add := func(field, format string, args ...any) {
		cs = append(cs, check{field, fmt.Sprintf(format, args...)})
	}
	for _, f := range []struct{ name, value string }{
		{"name", s.Name}, {"provider", s.Provider}, {"product", s.Product}, {"region", s.Region},
		{"currency", s.Currency}, {"effective", s.Effective}, {"source", s.Source}, {"model", string(s.Model)},
	} {
		if strings.TrimSpace(f.value) == "" {
			add(f.name, "required")
		}
	}
	if s.Name != "" && strings.ContainsAny(s.Name, " \t\n/") {
		add("name", "an id without spaces or slashes, got %q", s.Name)
	}
	if s.Currency != "" && s.Currency != "USD" {
		add("currency", "only USD is supported (results are in dollars), got %q", s.Currency)
	}
	if s.Effective != "" {
		if _, err := time.Parse(time.DateOnly, s.Effective); err != nil {
			add("effective", "want a date YYYY-MM-DD, got %q", s.Effective)
		}
	}
	if s.Source != "" {
		if u, err := url.Parse(s.Source); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("source", "want an http(s) URL, got %q", s.Source)
		}
	}
	known := s.Model == "" || slices.Contains(models, s.Model)
	if !known {
		names := make([]string, len(models))
		for i, m := range models {
			names[i] = string(m)
		}
		add("model", "unknown billing model %q (known: %s)", s.Model, strings.Join(names, ", "))
	}

	tiers := []Model{PerInvocation, Flex}
	all := models
	rates := []rate{
		{"usd_per_ghz_s", s.USDPerGHzS, []Model{PerInvocation}, false},
		{"usd_per_million_requests", s.USDPerMillionRequests, all, false},
		{"usd_per_provisioned_gb_s", s.USDPerProvisionedGBS, tiers, false},
		{"usd_per_provisioned_exec_gb_s", s.USDPerProvisionedExecGBS, tiers, false},
		{"usd_per_storage_gb_s", s.USDPerStorageGBS, []Model{PerInvocation}, false},
		{"usd_per_storage_gb_hour", s.USDPerStorageGBHour, []Model{Fargate}, false},
		{"usd_per_cluster_hour", s.USDPerClusterHour, []Model{ControlPlane}, true},
		{"usd_per_vcpu_s", s.USDPerVCPUS, []Model{RequestBased, InstanceBased}, true},
		{"usd_per_gb_s", s.USDPerGBS, []Model{RequestBased, InstanceBased}, true},
		{"usd_per_vcpu_hour", s.USDPerVCPUHour, []Model{Fargate}, true},
		{"usd_per_gb_hour", s.USDPerGBHour, []Model{Fargate}, true},
		{"free_tier.requests", s.FreeTier.Requests, all, false},
		{"free_tier.gb_s", s.FreeTier.GBSeconds, []Model{PerInvocation, RequestBased, InstanceBased, Flex}, false},
		{"free_tier.ghz_s", s.FreeTier.GHzSeconds, []Model{PerInvocation}, false},
		{"free_tier.vcpu_s", s.FreeTier.VCPUSeconds, []Model{RequestBased, InstanceBased}, false},
	}
	for i, t := range s.DurationTiers {
		rates = append(rates,
			rate{fmt.Sprintf("duration_tiers[%d].usd_per_gb_s", i), t.USDPerGBS, tiers, false},
			rate{fmt.Sprintf("duration_tiers[%d].up_to_gb_s", i), t.UpToGBS, tiers, false})
	}
	for i, g := range s.CPUGHz {
		rates = append(rates, rate{fmt.Sprintf("cpu_ghz[%d].ghz", i), g.GHz, []Model{PerInvocation}, false})
	}
	if in := s.Instance; in != nil {
		rates = append(rates,
			rate{"instance.vcpu", in.VCPU, []Model{EC2}, true},
			rate{"instance.memory_gib", in.MemoryGiB, []Model{EC2}, true},
			rate{"instance.usd_per_hour", in.USDPerHour, []Model{EC2}, true})
	}
	for _, r := range rates {
		switch {
		case math.IsNaN(r.value) || math.IsInf(r.value, 0):
			add(r.field, "must be a finite number, got %v", r.value)
		case r.value < 0:
			add(r.field, "must not be negative, got %v", r.value)
		case !known || s.Model == "":
		case r.value != 0 && !slices.Contains(r.models, s.Model):
			add(r.field, "does not apply to model %s", s.Model)
		case r.value == 0 && r.required && slices.Contains(r.models, s.Model):
			add(r.field, "required for model %s (a price > 0)", s.Model)
		}
	}
	if !known || s.Model == "" {
		return cs
	}
	cs = append(cs, s.checkModel()...)
	return cs
}

// checkModel checks the structure a model needs beyond its prices.
func (s Sheet) checkModel() []check {
	var cs []check
	add := func(field, format string, args ...any) {
		cs = append(cs, check{field, fmt.Sprintf(format, args...)})
	}
	g := s.Granularity
	if g.StepMS < 1 {
		// Meter accumulates whole milliseconds; every product bills at
		// 1 ms or coarser.
		add("rounding.step_ms", "must be >= 1 (the billing step in milliseconds), got %d", g.StepMS)
	}
	if g.MinimumMS < 0 || g.MemoryStepMB < 0 || g.MemoryMinMB < 0 {
		add("rounding", "minimum_ms, memory_step_mb and memory_min_mb must not be negative")
	}
	// Bounds far above any product's, so that rounding arithmetic cannot
	// overflow sim.Time or the Meter's integers.
	if g.StepMS > dayMS || g.MinimumMS > dayMS || s.ProvisionedStepS > dayMS/1000 {
		add("rounding", "steps and minimums above one day are not supported")
	}
	if g.MemoryStepMB > maxMB || g.MemoryMinMB > maxMB || s.FreeStorageMB > maxMB {
		add("rounding", "memory sizes above %d MB are not supported", maxMB)
	}
	if (g.MemoryStepMB != 0 || g.MemoryMinMB != 0) && s.Model != PerInvocation {
		add("rounding", "memory rounding applies to model per-invocation only")
	}
	if s.ProvisionedStepS < 0 {
		add("provisioned_step_s", "must not be negative, got %d", s.ProvisionedStepS)
	}
	if s.FreeStorageMB < 0 {
		add("free_storage_mb", "must not be negative, got %d", s.FreeStorageMB)
	}
	if s.FreeStorageMB != 0 && s.Model != PerInvocation && s.Model != Fargate {
		add("free_storage_mb", "does not apply to model %s (ephemeral storage is billed on per-invocation and fargate)", s.Model)
	}
	hasTiers := s.Model == PerInvocation || s.Model == Flex
	switch {
	case hasTiers && len(s.DurationTiers) == 0:
		add("duration_tiers", "required for model %s (at least one tier)", s.Model)
	case !hasTiers && len(s.DurationTiers) > 0:
		add("duration_tiers", "does not apply to model %s", s.Model)
	}
	for i, t := range s.DurationTiers {
		last := i == len(s.DurationTiers)-1
		switch {
		case last && t.UpToGBS != 0:
			add(fmt.Sprintf("duration_tiers[%d].up_to_gb_s", i), "the last tier must have no bound (omit up_to_gb_s)")
		case !last && t.UpToGBS <= 0:
			add(fmt.Sprintf("duration_tiers[%d].up_to_gb_s", i), "every tier but the last needs a bound > 0")
		case i > 0 && !last && t.UpToGBS <= s.DurationTiers[i-1].UpToGBS:
			add(fmt.Sprintf("duration_tiers[%d].up_to_gb_s", i), "bounds must increase, %v after %v", t.UpToGBS, s.DurationTiers[i-1].UpToGBS)
		}
	}
	if (s.USDPerGHzS > 0) != (len(s.CPUGHz) > 0) {
		add("cpu_ghz", "usd_per_ghz_s and the cpu_ghz table go together")
	}
	for i, c := range s.CPUGHz {
		if c.MemoryMB <= 0 || c.MemoryMB > maxMB || (i > 0 && c.MemoryMB <= s.CPUGHz[i-1].MemoryMB) {
			add(fmt.Sprintf("cpu_ghz[%d].memory_mb", i), "memory sizes must be > 0 and increase")
		}
	}
	if s.Model == EC2 && s.Instance == nil {
		add("instance", "required for model ec2 (type, vcpu, memory_gib, usd_per_hour)")
	}
	if s.Model != EC2 && s.Instance != nil {
		add("instance", "does not apply to model %s", s.Model)
	}
	if s.Instance != nil && strings.TrimSpace(s.Instance.Type) == "" {
		add("instance.type", "required")
	}
	return cs
}
