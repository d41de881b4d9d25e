package scenarios

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"faassim/models/keepalive"
	"faassim/sim"
)

// keepAliveSpec is a resolved keep-alive policy: a constructor (a learning
// policy keeps state, and simulations run in parallel, so each gets its own)
// and how a report names it.
type keepAliveSpec struct {
	newPolicy func() keepalive.Policy
	text      string
}

// keepAliveKind is one policy a scenario can name: the fields it takes
// besides policy, and how its section becomes a spec. bad reports a problem
// at a field of the section ("" for the section itself).
type keepAliveKind struct {
	fields  []string
	resolve func(k KeepAlive, bad func(field, format string, args ...any)) keepAliveSpec
}

// keepAliveKinds is every keep-alive policy of the scenario format. Adding a
// policy is one entry here (and its implementation in models/keepalive):
// validation, the runner and the reports all read this table.
var keepAliveKinds = map[string]keepAliveKind{
	"fixed": {fields: []string{"ttl"}, resolve: func(k KeepAlive, bad func(string, string, ...any)) keepAliveSpec {
		if k.TTL <= 0 {
			bad("ttl", "policy fixed needs ttl > 0, got %s", k.TTL)
		}
		p := keepalive.FixedTTL{TTL: sim.FromDuration(time.Duration(k.TTL))}
		return keepAliveSpec{newPolicy: func() keepalive.Policy { return p }, text: "keep-alive " + short(time.Duration(k.TTL))}
	}},
	"none": {resolve: func(KeepAlive, func(string, string, ...any)) keepAliveSpec {
		return keepAliveSpec{newPolicy: func() keepalive.Policy { return keepalive.None{} }, text: "no keep-alive (every request cold)"}
	}},
	"infinite": {resolve: func(KeepAlive, func(string, string, ...any)) keepAliveSpec {
		return keepAliveSpec{newPolicy: func() keepalive.Policy { return keepalive.Infinite{} }, text: "keep-alive forever"}
	}},
	"hybrid": {fields: []string{"range", "bin", "prewarm_percentile", "keep_alive_percentile", "margin", "cv_threshold", "min_samples"},
		resolve: resolveHybrid},
}

func hybridConfig(k KeepAlive) keepalive.HybridConfig {
	return keepalive.HybridConfig{
		Range: sim.FromDuration(time.Duration(k.Range)), Bin: sim.FromDuration(time.Duration(k.Bin)),
		PrewarmPct: k.PrewarmPercentile, KeepPct: k.KeepAlivePercentile, Margin: k.Margin, CVThreshold: k.CVThreshold,
		MinSamples: k.MinSamples,
	}
}

// hybridBins is the number of bins of a hybrid policy's histograms, 0 for
// another policy or one that does not resolve.
func hybridBins(k KeepAlive) int {
	if k.Policy != "hybrid" {
		return 0
	}
	h, err := keepalive.NewHybrid(hybridConfig(k))
	if err != nil {
		return 0
	}
	return h.Bins()
}

func resolveHybrid(k KeepAlive, bad func(string, string, ...any)) keepAliveSpec {
	if k.Range < 0 || k.Bin < 0 || k.CVThreshold < 0 {
		bad("", "range, bin and cv_threshold must be >= 0 (0: the paper's setting)")
	}
	hc := hybridConfig(k)
	h, err := keepalive.NewHybrid(hc)
	if err != nil {
		bad("", "%v", strings.TrimPrefix(err.Error(), "keepalive: hybrid: "))
		return keepAliveSpec{}
	}
	return keepAliveSpec{
		newPolicy: func() keepalive.Policy {
			h, _ := keepalive.NewHybrid(hc) // checked above; fresh: it learns per app
			return h
		},
		text: "hybrid histogram keep-alive with pre-warming (Shahrad et al., ATC'20): " + h.String(),
	}
}

// keepAliveNames lists the policies, sorted, for messages.
func keepAliveNames() string { return strings.Join(slices.Sorted(maps.Keys(keepAliveKinds)), ", ") }

// resolveKeepAlive checks the keep_alive section at path and builds its
// policy. A field of another policy is an error, not a no-op.
func (c *checker) resolveKeepAlive(path string, k KeepAlive) keepAliveSpec {
	kind, ok := keepAliveKinds[k.Policy]
	if !ok {
		c.add(path+".policy", "unknown policy %q (valid: %s)", k.Policy, keepAliveNames())
		return keepAliveSpec{}
	}
	all := map[string]bool{}
	for _, kk := range keepAliveKinds {
		for _, f := range kk.fields {
			all[f] = true
		}
	}
	for _, f := range slices.Sorted(maps.Keys(all)) {
		if !slices.Contains(kind.fields, f) && c.written(path+"."+f) {
			c.add(path+"."+f, "applies to policy %s only (policy is %s)", ownerOf(f), k.Policy)
		}
	}
	if k.Policy != "fixed" && k.TTL != 0 && !c.written(path+".ttl") {
		c.add(path+".ttl", "applies to policy fixed only (policy is %s)", k.Policy)
	}
	return kind.resolve(k, func(field, format string, args ...any) {
		p := path
		if field != "" {
			p += "." + field
		}
		c.add(p, format, args...)
	})
}

// ownerOf names the policy that takes field.
func ownerOf(field string) string {
	for _, name := range slices.Sorted(maps.Keys(keepAliveKinds)) {
		if slices.Contains(keepAliveKinds[name].fields, field) {
			return name
		}
	}
	return fmt.Sprintf("(none: %s)", field)
}
