package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// Markdown writes r as a report to paste into a document: the scenario as a
// title with its description, the workload and the assumptions, the
// comparison table (the columns of Text), the cost breakdown, links to the
// chart files when ctx.ChartDir is set, and the price sheets.
//
// The chart links name the files charts.WriteFiles writes for
// charts.ForResults(r, ctx.ChartFormat) (NAME.svg or NAME.png), each image
// followed by its caption; the caller writes the files. A Context field left
// empty is taken from r when the results carry it (saved results do).
func Markdown(w io.Writer, r metrics.Results, ctx Context) error {
	r, ctx = shownResults(r), ctx.shown()
	ctx = ctx.orResults(r)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# %s\n\n", mdText(r.Scenario))
	if d := strings.TrimSpace(ctx.Description); d != "" {
		fmt.Fprintf(&buf, "%s\n\n", d)
	}
	fmt.Fprintf(&buf, "Run: %s.\n\n", runLine(r))
	mdList(&buf, "Workload", ctx.Workload)
	mdList(&buf, "Assumptions", append(append([]string(nil), ctx.Assumptions...), windowNotes(r)...))

	buf.WriteString("## Comparison\n\n")
	if len(r.Platforms) == 0 {
		buf.WriteString("No platforms.\n\n")
	} else {
		var rows, costs [][]string
		for _, p := range r.Platforms {
			rows = append(rows, comparisonRow(p))
			costs = append(costs, costRow(p))
		}
		mdTable(&buf, header, rows, textColumns)
		mdList(&buf, "Saturation", saturationNotes(r.Platforms))
		mdList(&buf, "Warnings", r.Warnings)
		fmt.Fprintf(&buf, "## Cost breakdown\n\nUS dollars over the measured %s; monthly projects it to a %s.\n\n",
			span(r.HorizonS-r.WarmupS), monthName(r.MonthS))
		mdTable(&buf, costHeader, costs, 1)
		writeAppsMarkdown(&buf, r)
		writeByStateMarkdown(&buf, r)
		mdList(&buf, "Keep-alive decisions (hybrid)", decisionLines(r))
		writeDistributionMarkdown(&buf, r)
	}
	writeObservedMarkdown(&buf, r.Observed)

	if ctx.ChartDir != "" {
		list, err := charts.ForResults(r, ctx.ChartFormat)
		if err != nil {
			return fmt.Errorf("markdown: %w", err)
		}
		mdCharts(&buf, list, ctx)
	}
	mdSheets(&buf, ctx)
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

func mdList(buf *bytes.Buffer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(buf, "## %s\n\n", title)
	for _, l := range lines {
		fmt.Fprintf(buf, "- %s\n", strings.TrimSpace(l))
	}
	buf.WriteString("\n")
}

// mdTable writes a pipe table whose first words columns are left-aligned
// and the rest, numbers, right-aligned.
func mdTable(buf *bytes.Buffer, head []string, rows [][]string, words int) {
	buf.WriteString("|")
	for _, h := range head {
		fmt.Fprintf(buf, " %s |", mdText(h))
	}
	buf.WriteString("\n|")
	for i := range head {
		if i < words {
			buf.WriteString(" :--- |")
		} else {
			buf.WriteString(" ---: |")
		}
	}
	buf.WriteString("\n")
	for _, row := range rows {
		buf.WriteString("|")
		for _, c := range row {
			fmt.Fprintf(buf, " %s |", mdText(c))
		}
		buf.WriteString("\n")
	}
	buf.WriteString("\n")
}

func mdSheets(buf *bytes.Buffer, ctx Context) {
	if len(ctx.Sheets) == 0 {
		return
	}
	buf.WriteString("## Price sheets\n\n")
	var rows [][]string
	for _, s := range ctx.Sheets {
		src := mdText(s.Source)
		if isWebURL(s.Source) {
			src = "<" + s.Source + ">" // an autolink: no escaping inside
		}
		rows = append(rows, []string{s.Name, s.Provider, s.Product, s.Region, s.Effective, src})
	}
	head := []string{"sheet", "provider", "product", "region", "effective", "source"}
	// The source cell is already Markdown: write the rows by hand.
	buf.WriteString("|")
	for _, h := range head {
		fmt.Fprintf(buf, " %s |", h)
	}
	buf.WriteString("\n|" + strings.Repeat(" :--- |", len(head)) + "\n")
	for _, row := range rows {
		buf.WriteString("|")
		for i, c := range row {
			if i < len(row)-1 {
				c = mdText(c)
			}
			fmt.Fprintf(buf, " %s |", c)
		}
		buf.WriteString("\n")
	}
	buf.WriteString("\n")
}

// mdReplacer escapes what would break a table cell or start markup in a
// name: a platform called "a|b" must stay one cell.
var mdReplacer = strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`",
	"[", `\[`, "]", `\]`, "<", `\<`, "\n", " ")

func mdText(s string) string { return mdReplacer.Replace(s) }

// isWebURL reports whether s is an http(s) URL a report may link to.
func isWebURL(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) &&
		!strings.ContainsAny(s, " <>\"\n")
}
