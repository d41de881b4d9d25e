package reports

import (
	"bytes"
	"encoding/csv"
	"html"
	"strings"
	"testing"

	"faassim/internal/printable"
	"faassim/models/metrics"
)

// hostileNames are names a scenario, trace or results file may hold.
var hostileNames = []struct{ name, value string }{
	{"newline", "api\nfake row"},
	{"escape sequence", "api\x1b[2J\x1b[31mred"},
	{"tab", "api\tcolumn"},
	{"carriage return", "api\rover"},
	{"bell and NUL", "api\a\x00"},
	{"bidi override", "api\u202egpj.exe"},
	{"invalid UTF-8", "api\xff\xfe"},
	{"C1 control", "api\u0085next"},
}

// withName puts name wherever a report shows a name: the scenario, the
// first platform, its first function, a workload line and an assumption.
func withName(name string) metrics.Results {
	r := single
	r.Scenario = "scenario " + name
	r.Platforms = append([]metrics.Platform(nil), single.Platforms...)
	r.Platforms[0].Name = name
	r.Platforms[0].Settings = &metrics.Settings{Preset: "aws-lambda-x86", KeepAlive: "fixed 10m",
		Functions: []metrics.FunctionSettings{{Name: name, MemoryMB: 512, SpeedFactor: 1}}, FunctionsTotal: 1}
	r.Workload = []string{name + ": poisson 0.9/s"}
	r.Assumptions = []string{"keep-alive: fixed TTL 10m (" + name + ")"}
	return r
}

func sweepWithName(name string) metrics.Sweep {
	s := sweepFixture
	s.Points = append([]metrics.SweepPoint(nil), sweepFixture.Points...)
	for i := range s.Points {
		s.Points[i].Results = withName(name)
	}
	return s
}

func breakEvenWithName(name string) metrics.BreakEven {
	b := breakEvenFixture
	b.A = name
	b.Points = append([]metrics.BreakEvenPoint(nil), breakEvenFixture.Points...)
	for i := range b.Points {
		b.Points[i].A.Name = name
	}
	return b
}

// Text and Markdown show a hostile name escaped and change nothing else:
// the report equals that of a plain name of the same width with the
// escaped name in its place. HTML shows it escaped and holds no control
// character. CSV carries it exactly, quoted, and keeps every row a row.
func TestHostileNames(t *testing.T) {
	ctx := Context{}
	renderers := []struct {
		format string
		render func(w *bytes.Buffer, name string) error
	}{
		{"text", func(w *bytes.Buffer, n string) error { return Text(w, withName(n)) }},
		{"markdown", func(w *bytes.Buffer, n string) error { return Markdown(w, withName(n), ctx) }},
		{"html", func(w *bytes.Buffer, n string) error { return HTML(w, withName(n), ctx) }},
		{"csv", func(w *bytes.Buffer, n string) error { return CSV(w, withName(n)) }},
		{"sweep text", func(w *bytes.Buffer, n string) error { return SweepText(w, sweepWithName(n)) }},
		{"sweep markdown", func(w *bytes.Buffer, n string) error { return SweepMarkdown(w, sweepWithName(n), ctx) }},
		{"sweep html", func(w *bytes.Buffer, n string) error { return SweepHTML(w, sweepWithName(n), ctx) }},
		{"sweep csv", func(w *bytes.Buffer, n string) error { return SweepCSV(w, sweepWithName(n)) }},
		{"break-even text", func(w *bytes.Buffer, n string) error { return BreakEvenText(w, breakEvenWithName(n)) }},
		{"break-even markdown", func(w *bytes.Buffer, n string) error { return BreakEvenMarkdown(w, breakEvenWithName(n), ctx) }},
		{"break-even html", func(w *bytes.Buffer, n string) error { return BreakEvenHTML(w, breakEvenWithName(n), ctx) }},
		{"break-even csv", func(w *bytes.Buffer, n string) error { return BreakEvenCSV(w, breakEvenWithName(n)) }},
	}
	for _, r := range renderers {
		for _, n := range hostileNames {
			t.Run(r.format+"/"+n.name, func(t *testing.T) {
				shown := printable.Escape(n.value)
				plain := strings.Repeat("Q", len(shown)) // the same width, in ASCII
				var got, ref bytes.Buffer
				if err := r.render(&got, n.value); err != nil {
					t.Fatal(err)
				}
				if err := r.render(&ref, plain); err != nil {
					t.Fatal(err)
				}
				out := got.String()
				switch {
				case strings.HasSuffix(r.format, "csv"):
					checkCSV(t, out, ref.String(), n.value, plain)
					return
				case strings.HasSuffix(r.format, "html"):
					if !strings.Contains(out, html.EscapeString(shown)) {
						t.Errorf("the escaped name %q is not shown", shown)
					}
				case strings.HasSuffix(r.format, "markdown"):
					// Tables and headings escape Markdown too; list items
					// are prose, written as they are.
					lines := strings.Split(ref.String(), "\n")
					for i, l := range lines {
						if strings.HasPrefix(l, "- ") {
							lines[i] = strings.ReplaceAll(l, plain, shown)
						} else {
							lines[i] = strings.ReplaceAll(l, plain, mdText(shown))
						}
					}
					if want := strings.Join(lines, "\n"); out != want {
						t.Errorf("got\n%s\nwant\n%s", out, want)
					}
				default:
					if want := strings.ReplaceAll(ref.String(), plain, shown); out != want {
						t.Errorf("got\n%s\nwant\n%s", out, want)
					}
				}
				if i := strings.IndexFunc(out, func(c rune) bool {
					return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0) || c == 0x202e || c == 0xfffd
				}); i >= 0 {
					t.Errorf("raw control character %q at %d: %q", out[i], i, out[max(0, i-20):min(len(out), i+20)])
				}
				if strings.Count(out, "\t") != strings.Count(ref.String(), "\t") {
					t.Errorf("a tab of the name reached the output")
				}
			})
		}
	}
}

// checkCSV: the name reads back exactly, and the file has the rows and
// columns it has with a plain name.
func checkCSV(t *testing.T, out, ref, name, plain string) {
	t.Helper()
	got, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := csv.NewReader(strings.NewReader(ref)).ReadAll()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	found := false
	for i := range got {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("row %d: %d columns, want %d", i, len(got[i]), len(want[i]))
		}
		for j := range got[i] {
			if want[i][j] == plain {
				found = true
				if got[i][j] != name {
					t.Errorf("row %d column %d reads %q, want %q", i, j, got[i][j], name)
				}
			}
		}
	}
	if !found {
		t.Errorf("the name is in no cell")
	}
}
