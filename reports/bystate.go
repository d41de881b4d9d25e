package reports

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"faassim/models/metrics"
)

// maxStateRows bounds a platform's table of cold starts by state: a
// platform with thousands of instance counts would bury the report, and
// the states with the most requests are the ones a model builder compares
// first. The JSON (cold_start_by_instances) has every state.
const maxStateRows = 20

var byStateHeader = []string{"instances at arrival", "requests", "cold %"}

// byStateNote says what the states are, once per report.
const byStateNote = "Requests grouped by how many instances of their function existed when they arrived " +
	"(of its app where instances are per app; the replicas of a container platform), counting those still starting " +
	"and not one the request itself starts; requests per replication, rounded (0: under half a request), " +
	"cold % among those not rejected, pooled over replications"

// byStateRows is p's table: its states with the most requests (ties: the
// fewer instances), at most maxStateRows, ascending by instances; and the
// states and requests left out.
func byStateRows(p metrics.Platform) (rows [][]string, leftStates int, leftRequests int64) {
	shown := p.ColdStartByInstances
	if len(shown) > maxStateRows {
		shown = slices.Clone(shown)
		slices.SortStableFunc(shown, func(a, b metrics.StateColdStarts) int { return cmp.Compare(b.Requests, a.Requests) })
		for _, s := range shown[maxStateRows:] {
			leftRequests += s.Requests
		}
		leftStates = len(shown) - maxStateRows
		shown = shown[:maxStateRows]
		slices.SortFunc(shown, func(a, b metrics.StateColdStarts) int { return cmp.Compare(a.Instances, b.Instances) })
	}
	for _, s := range shown {
		rows = append(rows, []string{count(s.Instances), count(s.Requests), percent(s.ColdStartRatio)})
	}
	return rows, leftStates, leftRequests
}

// byStateLeft says what a folded table leaves out ("" when nothing).
func byStateLeft(states int, requests int64) string {
	if states == 0 {
		return ""
	}
	return fmt.Sprintf("%s more states with fewer requests (%s requests in all) are left out; the JSON's cold_start_by_instances has every state.",
		count(int64(states)), count(requests))
}

func byStateTitle(p metrics.Platform) string {
	return "Cold-start ratio by instances at arrival: " + p.Name
}

// byStateTables are the HTML report's tables of cold starts by state, one
// per platform that records them (FaaS and container).
func byStateTables(r metrics.Results) []table {
	var out []table
	for i, p := range r.Platforms {
		if len(p.ColdStartByInstances) == 0 {
			continue
		}
		rows, n, req := byStateRows(p)
		t := newTable(fmt.Sprintf("cold-by-instances-%d", i), byStateTitle(p), byStateHeader, rows, 0)
		if len(out) == 0 {
			t.Caption = byStateNote + "."
		}
		if note := byStateLeft(n, req); note != "" {
			t.Notes = []string{note}
		}
		out = append(out, t)
	}
	return out
}

// writeByStateMarkdown adds the tables of cold starts by state to a
// markdown report.
func writeByStateMarkdown(buf *bytes.Buffer, r metrics.Results) {
	started := false
	for _, p := range r.Platforms {
		if len(p.ColdStartByInstances) == 0 {
			continue
		}
		if !started {
			fmt.Fprintf(buf, "## Cold starts by instances at arrival\n\n%s.\n\n", byStateNote)
			started = true
		}
		rows, n, req := byStateRows(p)
		fmt.Fprintf(buf, "**%s**\n\n", mdText(p.Name))
		mdTable(buf, byStateHeader, rows, 0)
		if note := byStateLeft(n, req); note != "" {
			fmt.Fprintf(buf, "%s\n\n", note)
		}
	}
}
