package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// page is everything an HTML report shows; HTML, SweepHTML and
// BreakEvenHTML fill one each and share the frame below, so the three look
// alike and are checked alike.
type page struct {
	Title       string // the scenario's name
	Kind        string // "Simulation results", "Sweep", "Break-even"
	Run         string
	Description string
	Summary     []string // short paragraphs above the tables
	Workload    []string
	Tables      []table
	Study       *study // the keep-alive study, when it applies
	Charts      []figure
	ChartNotes  []string // what the charts cannot show, in a line each
	Assumptions []string
	Sheets      []metrics.SheetRef
}

// study is the keep-alive study section: its reading in words, the table
// of both axes and the chart.
type study struct {
	Reading []string
	Table   table
	Figure  *figure
}

type table struct {
	ID, Title, Caption string
	Head               []cell
	Rows               [][]cell
	Notes              []string
}

// cell is one table cell; Num right-aligns it (a column of numbers is read
// by magnitude).
type cell struct {
	Text string
	Num  bool
}

type figure struct {
	Name, Title, Caption string
	SVG                  template.HTML
}

// newTable builds a table whose first words columns hold words and the rest
// numbers.
func newTable(id, title string, head []string, rows [][]string, words int) table {
	mark := func(row []string) []cell {
		cells := make([]cell, len(row))
		for i, s := range row {
			cells[i] = cell{Text: s, Num: i >= words}
		}
		return cells
	}
	t := table{ID: id, Title: title, Head: mark(head)}
	for _, r := range rows {
		t.Rows = append(t.Rows, mark(r))
	}
	return t
}

// figures turns SVG charts into inline figures. The XML prolog and the
// comment gonum/plot writes before <svg> are dropped: inside HTML they
// would be bogus comments, and the <svg> element is all the page needs.
func figures(list []charts.Chart) ([]figure, error) {
	var out []figure
	for _, c := range list {
		s := string(c.Data)
		i := strings.Index(s, "<svg")
		if i < 0 || !strings.Contains(s[i:], "</svg>") {
			return nil, fmt.Errorf("chart %s is not an SVG document", c.Name)
		}
		svg := strings.TrimSpace(s[i:])
		// The SVG comes from charts, which escapes the text it draws; it is
		// markup we produced, not input, so it goes in unescaped.
		out = append(out, figure{Name: c.Name, Title: c.Title, Caption: c.Caption, SVG: template.HTML(svg)})
	}
	return out, nil
}

func writePage(w io.Writer, p page) error {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"weburl":    isWebURL,
	"breakable": breakable,
}).Parse(pageHTML))

// breakable escapes a column heading and lets it wrap after "." and "_":
// a sweep's parameter paths (platforms.0.memory_mb) are single words that
// would otherwise make the table wider than the window.
func breakable(s string) template.HTML {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(template.HTMLEscapeString(string(r)))
		if r == '.' || r == '_' {
			b.WriteString("<wbr>")
		}
	}
	return template.HTML(b.String())
}

// pageCSS keeps the page inside the window: headings wrap and long names
// break so that the comparison table fits a 1280 px window, a table still too
// wide scrolls in its own wrapper, and charts shrink to the column, so nothing
// pushes the page wider than the viewport (the browser test measures this).
// Charts keep their natural size (800 px) rather than stretch, one a row at
// 1280 px and two a row on wider screens: two-up at 1280 shrank their tick
// labels to about 9 px. Fonts are
// the system's: a report must not fetch anything.
const pageCSS = `
*{box-sizing:border-box}
html{background:#fff}
body{margin:0;color:#1f2328;background:#fff;
 font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1400px;margin:0 auto;padding:24px 32px 48px}
header{border-bottom:3px solid #2563eb;margin-bottom:8px;padding-bottom:8px}
h1{font-size:1.9em;margin:0;line-height:1.2}
.kind{margin:0;color:#57606a;text-transform:uppercase;letter-spacing:.06em;font-size:.8em}
.run{margin:.3em 0 0;color:#57606a}
h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
p,li,figcaption{overflow-wrap:anywhere}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.3em 0}
caption{text-align:left;color:#57606a;padding-bottom:.3em}
th,td{padding:5px 8px;border-bottom:1px solid #d0d7de;text-align:left}
td.num{white-space:nowrap}
td.word{max-width:24em;overflow-wrap:break-word}
td.word:first-child{min-width:9em}
thead th{background:#f6f8fa;border-bottom:2px solid #afb8c1;vertical-align:bottom;min-width:4.5em}
tbody tr:nth-child(even){background:#fafbfc}
.num{text-align:right}
.note{color:#57606a;font-size:.9em;margin:.3em 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,640px),1fr));gap:24px;justify-items:start}
figure{margin:0;min-width:0;max-width:800px}
figure svg{display:block;max-width:100%;height:auto;border:1px solid #d0d7de}
figcaption{color:#57606a;font-size:.9em;margin-top:.3em}
a{color:#0969da}
footer{margin-top:2.5em;color:#57606a;font-size:.85em}
`

const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · faassim</title>
<style>` + pageCSS + `</style>
</head>
<body>
<main>
<header>
<p class="kind">{{.Kind}}</p>
<h1>{{.Title}}</h1>
<p class="run">{{.Run}}</p>
</header>
{{- if .Description}}
<p class="description">{{.Description}}</p>
{{- end}}
{{- range .Summary}}
<p class="summary">{{.}}</p>
{{- end}}
{{- if .Workload}}
<section id="workload">
<h2>Workload</h2>
<ul>
{{- range .Workload}}
<li>{{.}}</li>
{{- end}}
</ul>
</section>
{{- end}}
{{- range .Tables}}
<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{template "table" .}}
{{- range .Notes}}
<p class="note">{{.}}</p>
{{- end}}
</section>
{{- end}}
{{- with .Study}}
<section id="keepalive-study">
<h2>Keep-alive study</h2>
{{- range .Reading}}
<p class="summary">{{.}}</p>
{{- end}}
{{- with .Table}}
{{template "table" .}}
{{- end}}
{{- with .Figure}}
{{template "figure" .}}
{{- end}}
</section>
{{- end}}
{{- if or .Charts .ChartNotes}}
<section id="charts">
<h2>Charts</h2>
{{- range .ChartNotes}}
<p class="note">{{.}}</p>
{{- end}}
<div class="charts">
{{- range .Charts}}
{{template "figure" .}}
{{- end}}
</div>
</section>
{{- end}}
{{- if .Assumptions}}
<section id="assumptions">
<h2>Assumptions</h2>
<ul>
{{- range .Assumptions}}
<li>{{.}}</li>
{{- end}}
</ul>
</section>
{{- end}}
{{- if .Sheets}}
<section id="prices">
<h2>Price sheets</h2>
<div class="table-wrap">
<table>
<thead>
<tr><th>sheet</th><th>provider</th><th>product</th><th>region</th><th>effective</th><th>source</th></tr>
</thead>
<tbody>
{{- range .Sheets}}
<tr><td>{{.Name}}</td><td>{{.Provider}}</td><td>{{.Product}}</td><td>{{.Region}}</td><td>{{.Effective}}</td><td>
{{- if weburl .Source}}<a href="{{.Source}}">{{.Source}}</a>{{else}}{{.Source}}{{end}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
</section>
{{- end}}
<footer>Generated by faassim. This file is self-contained: it loads nothing.</footer>
</main>
</body>
</html>
{{define "table"}}<div class="table-wrap">
<table>
{{- if .Caption}}
<caption>{{.Caption}}</caption>
{{- end}}
<thead>
<tr>{{range .Head}}<th{{if .Num}} class="num"{{end}}>{{breakable .Text}}</th>{{end}}</tr>
</thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td class="{{if .Num}}num{{else}}word{{end}}">{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>{{end}}{{define "figure"}}<figure id="chart-{{.Name}}">
{{.SVG}}
<figcaption><strong>{{.Title}}</strong>{{if .Caption}} {{.Caption}}{{end}}</figcaption>
</figure>{{end}}`
