package reports

import (
	"bytes"
	"fmt"

	"faassim/models/metrics"
)

// decisionLines say, for each platform with a hybrid keep-alive, what
// decided the windows it gave idle instances: its histogram, or the
// fallback that keeps an instance for the whole range. That share is what
// a learning policy's idle memory comes from, so a reader of a keep-alive
// comparison needs it beside the figures.
func decisionLines(r metrics.Results) []string {
	var out []string
	for _, p := range r.Platforms {
		d := p.KeepAliveDecisions
		if d == nil {
			continue
		}
		total := d.Trusted + d.Fallbacks()
		if total == 0 {
			out = append(out, fmt.Sprintf("%s: no idle instance in the window, so no keep-alive decision", p.Name))
			continue
		}
		share := func(n int64) string { return fmt.Sprintf("%s (%s%%)", count(n), pct(100*float64(n)/float64(total))) }
		out = append(out, fmt.Sprintf("%s: %s keep-alive windows: %s from the histogram, %s of them pre-warmed "+
			"(the last idle instance of an app or function unloaded, a fresh one loaded later); %s kept the instance for the whole range: "+
			"%s with too few idle times yet, %s with most idle times beyond the range, %s too spread out to trust",
			p.Name, count(total), share(d.Trusted), count(d.Prewarmed), share(d.Fallbacks()),
			count(d.FewIdleTimes), count(d.BeyondRange), count(d.SpreadOut)))
	}
	return out
}

// writeDecisionsText adds the hybrid keep-alive's decisions to a text report.
func writeDecisionsText(buf *bytes.Buffer, r metrics.Results) {
	lines := decisionLines(r)
	if len(lines) == 0 {
		return
	}
	buf.WriteString("keep-alive decisions (hybrid)\n")
	for _, l := range lines {
		fmt.Fprintf(buf, "  %s\n", l)
	}
	buf.WriteString("\n")
}
