package playground

import (
	"fmt"
	"slices"
	"strings"

	"faassim/scenarios"
)

// keepAliveChoice writes a keep_alive section as the flow mapping a --set
// value takes: the whole section is replaced, so switching policy leaves
// no field of the previous one behind (a ttl under hybrid is an error).
func keepAliveChoice(k scenarios.KeepAlive) string {
	parts := []string{"policy: " + k.Policy}
	add := func(name string, v any, set bool) {
		if set {
			parts = append(parts, fmt.Sprintf("%s: %v", name, v))
		}
	}
	add("ttl", text(k.TTL), k.Policy == "fixed")
	add("range", text(k.Range), k.Range != 0)
	add("bin", text(k.Bin), k.Bin != 0)
	add("prewarm_percentile", k.PrewarmPercentile, k.PrewarmPercentile != 0)
	add("keep_alive_percentile", k.KeepAlivePercentile, k.KeepAlivePercentile != 0)
	add("margin", k.Margin, k.Margin != 0)
	add("cv_threshold", k.CVThreshold, k.CVThreshold != 0)
	add("min_samples", k.MinSamples, k.MinSamples != 0)
	return "{" + strings.Join(parts, ", ") + "}"
}

// text writes a duration as a scenario file would ("6m", "250ms").
func text(d scenarios.Duration) string {
	b, _ := d.MarshalText() // never fails
	return string(b)
}

// Keep-alive sections offered besides the targets' own: each policy in its
// plain form (a fixed one at the format's default, 10 minutes).
var policyChoices = []string{"{policy: fixed, ttl: 10m}", "{policy: none}", "{policy: infinite}", "{policy: hybrid}"}

// policyControl switches a FaaS platform's keep-alive policy. Its choices
// are whole keep_alive sections: the targets' own (so the current one is
// always a choice) then the plain policies.
func policyControl(cur, base *scenarios.Scenario) Control {
	c := Control{ID: ControlPolicy, Label: "Keep-alive policy", Scope: "platform", Kind: "choice", Format: "choice",
		Help: "What happens to an idle instance: kept a fixed time, dropped at once (every request cold), kept forever, or kept as long as the function's learnt idle times suggest (hybrid)."}
	for k := range cur.Platforms {
		p := &cur.Platforms[k]
		if p.Kind != "faas" && p.Kind != "" {
			continue
		}
		t := Target{Name: p.Name, Index: k, Choice: keepAliveChoice(p.KeepAlive), Paths: []SetPath{{Path: platformPath(k, "keep_alive")}}}
		c.Targets = append(c.Targets, t)
		if !slices.Contains(c.Choices, t.Choice) {
			c.Choices = append(c.Choices, t.Choice)
		}
	}
	for _, ch := range policyChoices {
		if !slices.ContainsFunc(c.Choices, func(s string) bool { return samePolicy(s, ch) }) {
			c.Choices = append(c.Choices, ch)
		}
	}
	return c
}

// samePolicy reports whether two keep_alive choices name the same policy.
func samePolicy(a, b string) bool {
	pol := func(s string) string {
		s = strings.TrimPrefix(s, "{policy: ")
		i := strings.IndexAny(s, ",}")
		return s[:i]
	}
	return pol(a) == pol(b)
}
