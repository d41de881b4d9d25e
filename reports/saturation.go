package reports

import (
	"fmt"
	"strings"

	"faassim/models/metrics"
)

// Saturation is flagged wherever a platform's numbers are shown: its name
// carries a mark, and the report lists what was seen. A saturated
// platform's latency and cost are those of a platform falling behind its
// load, and must not read like a result.

// saturatedMark follows a saturated platform's name in every table.
const saturatedMark = " (saturated)"

// PlatformLabel is p's name as tables show it: with saturatedMark when p
// is saturated.
func PlatformLabel(p metrics.Platform) string {
	if p.Saturated {
		return p.Name + saturatedMark
	}
	return p.Name
}

// saturationNotes returns one line per warning of every saturated
// platform, "NAME: warning", in platform order.
func saturationNotes(ps []metrics.Platform) []string {
	var out []string
	for _, p := range ps {
		if !p.Saturated {
			continue
		}
		if len(p.Warnings) == 0 { // saved by a version that gave no reason
			out = append(out, fmt.Sprintf("%s: saturated", p.Name))
		}
		for _, w := range p.Warnings {
			out = append(out, fmt.Sprintf("%s: %s", p.Name, w))
		}
	}
	return out
}

// breakEvenCheaper is the cheaper column of a break-even table: the
// platform to pick on cost among those not saturated.
func breakEvenCheaper(b metrics.BreakEven, p metrics.BreakEvenPoint) string {
	if c := p.CheaperOf(b.A, b.B); c != "" {
		return c
	}
	return "neither (both saturated)"
}

// breakEvenSaturated names the platforms saturated at p, "-" if none.
func breakEvenSaturated(b metrics.BreakEven, p metrics.BreakEvenPoint) string {
	var names []string
	if p.ASaturated {
		names = append(names, b.A)
	}
	if p.BSaturated {
		names = append(names, b.B)
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ", ")
}

// breakEvenSaturationNote says at which rates of the scan each platform is
// saturated, "" if neither ever is.
func breakEvenSaturationNote(b metrics.BreakEven) string {
	var parts []string
	for _, side := range []struct {
		name string
		on   func(metrics.BreakEvenPoint) bool
	}{
		{b.A, func(p metrics.BreakEvenPoint) bool { return p.ASaturated }},
		{b.B, func(p metrics.BreakEvenPoint) bool { return p.BSaturated }},
	} {
		var rates []string
		for _, p := range b.Points {
			if side.on(p) {
				rates = append(rates, fmt.Sprintf("%.4g", p.RatePerS))
			}
		}
		if len(rates) > 0 {
			parts = append(parts, fmt.Sprintf("%s is saturated at %s requests/s", side.name, joinAnd(rates)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + ": it does not serve that load, so it is never called cheaper at those rates."
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
