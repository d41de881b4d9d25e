package reports

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"faassim/internal/printable"
	"faassim/models/metrics"
)

// DiffMarkdown writes d as a pull-request comment, the answer first: one
// bold headline per platform (only changes whose 95% interval excludes 0
// are called changes), the two scenarios, a table for each platform that
// changed, the unchanged ones folded in a <details> block, the unmatched
// platforms, the notes and a one-line method.
//
// Escaping is for GitHub-flavoured Markdown (github.github.com/gfm) with
// GitHub's math (docs.github.com, "Writing mathematical expressions"):
// every "$" of text is written "\$", or two prices on a line ("$18.32 |
// +$2") could be read as math; names taken from the scenarios go through
// mdText (a "|" or "_" in a name must not break the table or emphasise);
// files and --set changes are code spans, where nothing is escaped. The
// numbers need nothing else: a "[" with no link after it is text (and
// "\[...\]" is display math on some forges, Gitea's among them).
func DiffMarkdown(w io.Writer, d metrics.Diff) error {
	d = printable.All(d)
	var buf bytes.Buffer
	buf.WriteString("### faassim diff\n\n")
	var changed, same []metrics.PlatformDiff
	for _, p := range d.Platforms {
		fmt.Fprintf(&buf, "- **%s**: %s\n", mdName(p.Name), mdDollar(Headline(p, d.Replications)))
		if len(headlineParts(p, d.Replications)) > 0 || p.BaseSaturated != p.NewSaturated {
			changed = append(changed, p)
		} else {
			same = append(same, p)
		}
	}
	if len(d.Platforms) > 0 {
		buf.WriteString("\n")
	}
	fmt.Fprintf(&buf, "Base: %s  \nNew: %s\n\n", mdSide(d.Base), mdSide(d.New))
	for _, p := range changed {
		fmt.Fprintf(&buf, "#### %s\n\n", mdName(p.Name))
		mdDiffTable(&buf, p, d.Replications)
	}
	if len(same) > 0 {
		// The summary line is raw HTML (a CommonMark HTML block): names
		// are escaped as HTML there, not as Markdown.
		names := make([]string, len(same))
		for i, p := range same {
			names[i] = html.EscapeString(p.Name)
		}
		verb := "no significant change"
		if d.Replications == 1 {
			verb = "no change"
		}
		// GitHub renders Markdown inside <details> when blank lines
		// separate it from the tags.
		fmt.Fprintf(&buf, "<details><summary>%s: %s (tables)</summary>\n\n", verb, strings.Join(names, ", "))
		for _, p := range same {
			fmt.Fprintf(&buf, "#### %s\n\n", mdName(p.Name))
			mdDiffTable(&buf, p, d.Replications)
		}
		buf.WriteString("</details>\n\n")
	}
	for _, l := range unmatchedLines(d) {
		fmt.Fprintf(&buf, "%s\n\n", mdName(l))
	}
	for _, n := range d.Notes {
		fmt.Fprintf(&buf, "> **Note:** %s\n\n", mdName(n))
	}
	fmt.Fprintf(&buf, "<sub>%s</sub>\n", mdDollar("Method: "+methodShort(d)))
	_, err := w.Write(buf.Bytes())
	return err
}

// mdDiffTable writes one platform's table. Rows that are 0 in both
// scenarios (no rejections before or after) say nothing and are left out;
// with one replication there is no interval column.
func mdDiffTable(buf *bytes.Buffer, p metrics.PlatformDiff, replications int) {
	head := []string{"metric", "base", "new", "change", "95% interval"}
	if replications == 1 {
		head = head[:4]
	}
	var rows [][]string
	all := diffRows(p, replications)
	for i, c := range p.Changes() {
		if c.Base == 0 && c.New == 0 && c.Delta == 0 {
			continue
		}
		rows = append(rows, all[i][:len(head)])
	}
	if len(rows) == 0 {
		buf.WriteString("Every metric is 0 in both.\n\n")
		return
	}
	buf.WriteString("| " + strings.Join(head, " | ") + " |\n|" + " :--- |" + strings.Repeat(" ---: |", len(head)-1) + "\n")
	for _, r := range rows {
		for i := range r {
			r[i] = mdDollar(r[i])
		}
		buf.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	buf.WriteString("\n")
}

// mdSide names a scenario: its file and --set changes as code, its name.
func mdSide(s metrics.DiffSide) string {
	name := mdName(s.Scenario)
	if s.Ref != "" {
		name = mdCode(s.Ref)
		if s.Scenario != "" {
			name += " (" + mdName(s.Scenario) + ")"
		}
	}
	if len(s.Sets) > 0 {
		sets := make([]string, len(s.Sets))
		for i, v := range s.Sets {
			sets[i] = mdCode("--set " + v)
		}
		name += " with " + strings.Join(sets, " ")
	}
	return name
}

// mdDollar escapes the dollars of text written by faassim.
func mdDollar(s string) string { return strings.ReplaceAll(s, "$", `\$`) }

// mdName escapes a name from a scenario, or a sentence quoting one.
func mdName(s string) string { return mdDollar(mdText(s)) }

// mdCode writes s as a code span, fenced by more backticks than any run
// of them inside (CommonMark, "Code spans").
func mdCode(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	fence, run := "`", 0
	for _, r := range s {
		if r == '`' {
			run++
			if run >= len(fence) {
				fence += "`"
			}
		} else {
			run = 0
		}
	}
	if strings.Contains(s, "`") || strings.HasPrefix(s, " ") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
