package reports

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"faassim/models/metrics"
)

// Per-application statistics (faassim run --per-app) in the text, markdown
// and HTML reports, and the keep-alive study of the HTML report. All three
// formats take their rows from here, so they say the same thing.

var appsHeader = []string{"platform", "apps", "p50 cold %", "p75 cold %", "p90 cold %", "wasted GB-s"}

var topHeader = []string{"app", "requests", "cold starts", "cold %", "wasted GB-s"}

// appsNote says what the per-app columns are.
const appsNote = "apps: applications with 2 or more requests a replication; cold %: percentiles over them of each one's " +
	"share of requests that started cold (nearest rank); wasted: instance memory-time while serving no request " +
	"(GB-s over the window, every application's)"

// appsRows is one row per platform with per-app statistics (FaaS only).
func appsRows(r metrics.Results) [][]string {
	var rows [][]string
	for _, p := range r.Platforms {
		if a := p.Apps; a != nil {
			rows = append(rows, []string{PlatformLabel(p), strconv.Itoa(a.Count), pct(a.ColdStartPct.P50),
				pct(a.ColdStartPct.P75), pct(a.ColdStartPct.P90), grouped(a.WastedMemoryGBS, 1)})
		}
	}
	return rows
}

// topRows is a platform's busiest applications, one row each.
func topRows(a *metrics.Apps) [][]string {
	var rows [][]string
	for _, t := range a.Top {
		rows = append(rows, []string{t.App, count(t.Requests), count(t.ColdStarts), pct(t.ColdStartPct), grouped(t.WastedMemoryGBS, 1)})
	}
	return rows
}

// topTitle names a platform's top table.
func topTitle(p metrics.Platform) string {
	if len(p.Apps.Top) == 1 {
		return fmt.Sprintf("The application of %s with the most requests", p.Name)
	}
	return fmt.Sprintf("Top %d applications of %s by requests", len(p.Apps.Top), p.Name)
}

// pct formats a percentage (already x 100) with two decimals.
func pct(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// writeAppsText adds the per-app block to a text report, when any platform
// has one.
func writeAppsText(buf *bytes.Buffer, r metrics.Results) {
	rows := appsRows(r)
	if len(rows) == 0 {
		return
	}
	buf.WriteString("per application (--per-app)\n")
	// tabwriter's right alignment already indents the first column by its
	// padding, as in the comparison table.
	writeAligned(buf, "", append([][]string{append([]string(nil), appsHeader...)}, rows...), 1)
	for _, p := range r.Platforms {
		if p.Apps != nil && len(p.Apps.Top) > 0 {
			fmt.Fprintf(buf, "  %s\n", strings.ToLower(topTitle(p)[:1])+topTitle(p)[1:])
			writeAligned(buf, "  ", append([][]string{append([]string(nil), topHeader...)}, topRows(p.Apps)...), 1)
		}
	}
	fmt.Fprintf(buf, "  %s\n\n", appsNote)
	if st := metrics.NewKeepAliveStudy(r); st != nil {
		buf.WriteString("keep-alive study (cold starts against wasted memory, as Figure 15 of Shahrad et al., USENIX ATC 2020)\n")
		writeAligned(buf, "", append([][]string{append([]string(nil), studyHeader...)}, studyRows(st)...), 2)
		for _, l := range studyReading(st, r) {
			fmt.Fprintf(buf, "  %s\n", l)
		}
		buf.WriteString("\n")
	}
}

// writeAppsMarkdown adds the per-app section to a markdown report.
func writeAppsMarkdown(buf *bytes.Buffer, r metrics.Results) {
	rows := appsRows(r)
	if len(rows) == 0 {
		return
	}
	buf.WriteString("## Per application\n\n")
	mdTable(buf, appsHeader, rows, 1)
	for _, p := range r.Platforms {
		if p.Apps != nil && len(p.Apps.Top) > 0 {
			fmt.Fprintf(buf, "%s:\n\n", mdText(topTitle(p)))
			mdTable(buf, topHeader, topRows(p.Apps), 1)
		}
	}
	fmt.Fprintf(buf, "%s.\n\n", strings.ToUpper(appsNote[:1])+appsNote[1:])
	if st := metrics.NewKeepAliveStudy(r); st != nil {
		buf.WriteString("## Keep-alive study\n\nCold starts against wasted memory, as Figure 15 of Shahrad et al. (USENIX ATC 2020).\n\n")
		mdTable(buf, studyHeader, studyRows(st), 2)
		for _, l := range studyReading(st, r) {
			fmt.Fprintf(buf, "- %s\n", mdText(l))
		}
		buf.WriteString("\n")
	}
}

// appsTables are the HTML report's per-app tables.
func appsTables(r metrics.Results) []table {
	rows := appsRows(r)
	if len(rows) == 0 {
		return nil
	}
	t := newTable("per-app", "Per application", appsHeader, rows, 1)
	t.Notes = []string{strings.ToUpper(appsNote[:1]) + appsNote[1:] + "."}
	out := []table{t}
	for i, p := range r.Platforms {
		if p.Apps != nil && len(p.Apps.Top) > 0 {
			out = append(out, newTable(fmt.Sprintf("top-apps-%d", i), topTitle(p), topHeader, topRows(p.Apps), 1))
		}
	}
	return out
}

// studyHeader is the keep-alive study's table.
var studyHeader = []string{"platform", "keep-alive", "wasted GB-s", "wasted x baseline", "p50 cold %", "p75 cold %", "p90 cold %"}

// studyRows is the study's table, a row per platform.
func studyRows(s *metrics.KeepAliveStudy) [][]string {
	var rows [][]string
	for _, pt := range s.Points {
		rel := "-"
		if s.Normalised {
			rel = strconv.FormatFloat(pt.WastedRel, 'f', 2, 64)
		}
		name := pt.Platform
		if s.Points[s.Baseline].Platform == name {
			name += " (baseline)"
		}
		rows = append(rows, []string{name, policyName(pt.KeepAlive), grouped(pt.WastedGBS, 1), rel, pct(pt.P50), pct(pt.P75), pct(pt.P90)})
	}
	return rows
}

// studyReading says in words what the study's numbers show: the baseline
// and why, which policy dominates which (lower and to the left: no more
// wasted memory and no more third-quartile cold starts, less of one), and
// which policies no other dominates.
func studyReading(s *metrics.KeepAliveStudy, r metrics.Results) []string {
	base := s.Points[s.Baseline]
	why := "its keep-alive is the fixed 10 minutes the paper compares with"
	if !s.FixedTenMinutes {
		why = "the first FaaS platform: none keeps instances a fixed 10 minutes"
	}
	out := []string{fmt.Sprintf("Lower and to the left is better (wasted memory across, third-quartile cold starts up): fewer cold starts for less idle memory. "+
		"Wasted memory is relative to %s (%s).", base.Platform, why)}
	for k, pt := range s.Points {
		if k == s.Baseline {
			continue
		}
		than := fmt.Sprintf("third-quartile cold starts %s%% against %s%%, wasted memory %s",
			pct(pt.P75), pct(base.P75), wastedAgainst(s, pt, base))
		switch {
		case s.Dominates(k, s.Baseline):
			out = append(out, fmt.Sprintf("%s dominates %s: %s.", pt.Platform, base.Platform, than))
		case s.Dominates(s.Baseline, k):
			out = append(out, fmt.Sprintf("%s is dominated by %s: %s.", pt.Platform, base.Platform, than))
		case pt.P75 == base.P75 && pt.WastedGBS == base.WastedGBS:
			out = append(out, fmt.Sprintf("%s and %s are at the same point: %s.", pt.Platform, base.Platform, than))
		default:
			out = append(out, fmt.Sprintf("%s trades one axis for the other against %s: %s.", pt.Platform, base.Platform, than))
		}
	}
	out = append(out, mixedSettings(s, r)...)
	var front []string
	for k, pt := range s.Points {
		dominated := false
		for j := range s.Points {
			dominated = dominated || s.Dominates(j, k)
		}
		if !dominated {
			front = append(front, pt.Platform)
		}
	}
	if len(front) == 1 {
		out = append(out, fmt.Sprintf("%s dominates every other policy here.", front[0]))
	} else {
		out = append(out, fmt.Sprintf("Dominated by no other policy: %s; which to prefer depends on the weight given to idle memory against cold starts.", strings.Join(front, ", ")))
	}
	return out
}

// policyName is a keep-alive setting in a few words: "10m" for a fixed
// TTL, the hybrid policy without its parameters (the settings list them).
func policyName(keepAlive string) string {
	s := strings.TrimPrefix(keepAlive, "keep-alive ")
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	return s
}

// wastedAgainst compares a point's wasted memory with the baseline's: as a
// multiple ("1.25x lambda's"), or in GB-s when the study cannot be
// normalised.
func wastedAgainst(s *metrics.KeepAliveStudy, pt, base metrics.StudyPoint) string {
	if !s.Normalised {
		return fmt.Sprintf("%s GB-s against %s", grouped(pt.WastedGBS, 1), grouped(base.WastedGBS, 1))
	}
	return fmt.Sprintf("%sx %s's", strconv.FormatFloat(pt.WastedRel, 'f', 2, 64), base.Platform)
}

// newStudySection is the HTML report's keep-alive study, nil when it does
// not apply; chart is the "keepalive-study" figure, taken out of the
// report's other charts.
func newStudySection(r metrics.Results, figs []figure) (*study, []figure) {
	s := metrics.NewKeepAliveStudy(r)
	if s == nil {
		return nil, figs
	}
	st := &study{Reading: append(studyReading(s, r), decisionLines(r)...)}
	st.Table = newTable("keepalive-study-table", "", studyHeader, studyRows(s), 2)
	st.Table.Caption = "Wasted: idle instance memory-time over the window (GB-s per replication); cold %: percentiles over applications of each one's share of cold starts."
	var rest []figure
	for _, f := range figs {
		if f.Name == "keepalive-study" {
			st.Figure = &f
		} else {
			rest = append(rest, f)
		}
	}
	return st, rest
}

// mixedSettings says which platforms differ from the study's baseline in
// more than their keep-alive (product, requests per instance, what shares
// an instance): their points then mix those differences in.
func mixedSettings(s *metrics.KeepAliveStudy, r metrics.Results) []string {
	settings := func(pt metrics.StudyPoint) *metrics.Settings { return r.Platforms[pt.Index].Settings }
	base := settings(s.Points[s.Baseline])
	if base == nil {
		return nil
	}
	var out []string
	for k, pt := range s.Points {
		st := settings(pt)
		if k == s.Baseline || st == nil {
			continue
		}
		var diffs []string
		if st.Preset != base.Preset {
			diffs = append(diffs, "preset "+st.Preset+" against "+base.Preset)
		}
		if st.PerInstance != base.PerInstance {
			diffs = append(diffs, fmt.Sprintf("%d requests per instance against %d", st.PerInstance, base.PerInstance))
		}
		if st.InstancesPer != base.InstancesPer {
			diffs = append(diffs, "instances per "+st.InstancesPer+" against per "+base.InstancesPer)
		}
		if len(diffs) > 0 {
			out = append(out, fmt.Sprintf("%s differs from %s in more than its keep-alive (%s): its point mixes that difference in.",
				pt.Platform, s.Points[s.Baseline].Platform, strings.Join(diffs, ", ")))
		}
	}
	return out
}
