package reports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// fixtureContext is what a runner would pass for the single fixture.
var fixtureContext = Context{
	Description: "One function at 0.9 requests/s on Lambda and on two Fargate tasks: " +
		"watch the cold-start ratio and the idle instance-seconds.",
	Workload: []string{
		"api: poisson 0.9/s, 512 MB, python, exponential durations (mean 1.991s)",
	},
	Assumptions: []string{
		"keep-alive: fixed TTL 10m (lambda-512)",
		"limits: account concurrency 1,000, scale rate 1000/10s, reject on limit",
		"free tier: off",
	},
	Sheets: []metrics.SheetRef{
		{Name: "aws-lambda-x86-us-east-1", Provider: "aws", Product: "Lambda", Region: "us-east-1",
			Effective: "2025-10-01", Source: "https://aws.amazon.com/lambda/pricing/"},
		{Name: "aws-fargate-x86-us-east-1", Provider: "aws", Product: "Fargate", Region: "us-east-1",
			Effective: "2025-10-01", Source: "https://aws.amazon.com/fargate/pricing/"},
	},
	ChartDir: "charts",
}

// sweepFixture is a 2 x 2 grid over memory and TTL, two platforms a point;
// the second TTL is a duration, so its numeric value is in seconds.
var sweepFixture = func() metrics.Sweep {
	s := metrics.Sweep{Schema: metrics.SweepSchema, Scenario: "power-tuning",
		Params: []string{"platforms.0.memory_mb", "platforms.0.keep_alive.ttl"}}
	for i, mem := range []string{"512", "1024"} {
		for j, ttl := range []string{"5m", "10m"} {
			r := single
			r.Platforms = append([]metrics.Platform(nil), single.Platforms...)
			r.Platforms[0].MonthlyCostUSD *= float64(1 + i)
			r.Platforms[0].LatencyMS.P99 /= float64(1 + i)
			r.Platforms[0].ColdStartRatio /= float64(1 + j)
			s.Points = append(s.Points, metrics.SweepPoint{
				Values:  []string{mem, ttl},
				Numeric: []float64{float64(512 * (1 + i)), float64(300 * (1 + j))},
				Results: r,
			})
		}
	}
	return s
}()

// breakEvenFixture: Fargate costs the same at every rate, Lambda grows
// with it, so B (fargate) is cheaper above the crossing at 2 requests/s,
// but saturated at 8 requests/s: there it is not called cheaper.
var breakEvenFixture = func() metrics.BreakEven {
	b := metrics.BreakEven{Schema: metrics.BreakEvenSchema, Scenario: "serverless-vs-containers",
		A: "lambda", B: "fargate", Found: true, Direction: "B cheaper above"}
	point := func(scale float64) metrics.BreakEvenPoint {
		a := metrics.Platform{Name: "lambda", Kind: "faas", Requests: int64(3600 * scale),
			MonthlyCostUSD: 30 * scale, CostUSD: metrics.Cost{Total: 0.04 * scale, Compute: 0.04 * scale}}
		f := metrics.Platform{Name: "fargate", Kind: "container", Requests: int64(3600 * scale),
			MonthlyCostUSD: 60, CostUSD: metrics.Cost{Total: 0.08, Compute: 0.08}}
		if scale >= 8 {
			f.Saturated, f.SaturatedAtS = true, new(600.0)
			f.Warnings = []string{"saturated: offered work exceeded capacity"}
		}
		return metrics.NewBreakEvenPoint(scale, scale, a, f)
	}
	b.Points = []metrics.BreakEvenPoint{point(0.5), point(1), point(4), point(8)}
	b.Crossing = point(2)
	return b
}()

// breakEvenNoCrossing: a saturated B cheaper at the top rate, no crossing
// found, projected to a 730-hour month.
var breakEvenNoCrossing = func() metrics.BreakEven {
	b := breakEvenFixture
	b.Points = append([]metrics.BreakEvenPoint(nil), breakEvenFixture.Points...)
	b.Found, b.Direction, b.Crossing = false, "", metrics.BreakEvenPoint{}
	b.MonthS = 730 * 3600
	b.Points[len(b.Points)-1].BSaturated = true
	return b
}()

func TestGoldenRenderers(t *testing.T) {
	noCharts := fixtureContext
	noCharts.ChartDir = ""
	tests := []struct {
		file   string
		render func(io.Writer) error
	}{
		{"single.md", func(w io.Writer) error { return Markdown(w, single, fixtureContext) }},
		{"replicated.md", func(w io.Writer) error { return Markdown(w, replicated, noCharts) }},
		{"empty.md", func(w io.Writer) error { return Markdown(w, goldenCases[2].r, Context{}) }},
		{"single.csv", func(w io.Writer) error { return CSV(w, single) }},
		{"replicated.csv", func(w io.Writer) error { return CSV(w, replicated) }},
		{"empty.csv", func(w io.Writer) error { return CSV(w, goldenCases[2].r) }},
		{"sweep.csv", func(w io.Writer) error { return SweepCSV(w, sweepFixture) }},
		{"breakeven.csv", func(w io.Writer) error { return BreakEvenCSV(w, breakEvenFixture) }},
		{"sweep.md", func(w io.Writer) error { return SweepMarkdown(w, sweepFixture, fixtureContext) }},
		{"breakeven.md", func(w io.Writer) error { return BreakEvenMarkdown(w, breakEvenFixture, fixtureContext) }},
		{"sweep.txt", func(w io.Writer) error { return SweepText(w, sweepFixture) }},
		{"breakeven.txt", func(w io.Writer) error { return BreakEvenText(w, breakEvenFixture) }},
		{"breakeven-none.txt", func(w io.Writer) error { return BreakEvenText(w, breakEvenNoCrossing) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf, again bytes.Buffer
			if err := tt.render(&buf); err != nil {
				t.Fatal(err)
			}
			if err := tt.render(&again); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Fatalf("a second rendering differs (err %v)", err)
			}
			golden(t, filepath.Join("testdata", tt.file+".golden"), buf.Bytes())
		})
	}
}

// golden compares got with the file at path, rewriting it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestCSVShape checks what the golden files cannot show at a glance: every
// row has the header's width, and the flattened names are the contract's.
func TestCSVShape(t *testing.T) {
	tests := []struct {
		name     string
		render   func(io.Writer) error
		rows     int
		mustHave []string
	}{
		{"results", func(w io.Writer) error { return CSV(w, single) }, 2,
			[]string{"platform", "latency_ms_p99", "wait_ms_p999", "instance_seconds_idle", "cost_usd_total",
				"cost_usd_storage", "cost_per_million_requests_usd", "monthly_cost_usd"}},
		{"replicated", func(w io.Writer) error { return CSV(w, replicated) }, 1,
			[]string{"ci95_latency_ms_p99_lo", "ci95_latency_ms_p99_hi", "ci95_cold_start_ratio_lo"}},
		{"sweep", func(w io.Writer) error { return SweepCSV(w, sweepFixture) }, 8,
			[]string{"platforms.0.memory_mb", "platforms.0.keep_alive.ttl_numeric", "latency_ms_p99"}},
		{"breakeven", func(w io.Writer) error { return BreakEvenCSV(w, breakEvenFixture) }, 10,
			[]string{"point", "rate_per_s", "role", "monthly_cost_usd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.render(&buf); err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(&buf).ReadAll() // also fails on a ragged row
			if err != nil {
				t.Fatal(err)
			}
			if got := len(records) - 1; got != tt.rows {
				t.Errorf("%d rows, want %d", got, tt.rows)
			}
			for _, col := range tt.mustHave {
				if !contains(records[0], col) {
					t.Errorf("no column %q in %v", col, records[0])
				}
			}
			seen := map[string]bool{}
			for _, col := range records[0] {
				if seen[col] {
					t.Errorf("column %q twice", col)
				}
				seen[col] = true
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestCSVRefusesNaN(t *testing.T) {
	r := metrics.Results{Platforms: []metrics.Platform{{Name: "p", LatencyMS: metrics.Latency{P99: math.NaN()}}}}
	var buf bytes.Buffer
	err := CSV(&buf, r)
	if err == nil || !strings.Contains(err.Error(), "latency_ms_p99") {
		t.Errorf("CSV with a NaN p99 returned %v, want an error naming latency_ms_p99", err)
	}
	if buf.Len() != 0 {
		t.Errorf("CSV wrote %q before failing", buf.String())
	}
}

func TestRenderersReturnWriteErrors(t *testing.T) {
	tests := map[string]func(io.Writer) error{
		"Markdown":      func(w io.Writer) error { return Markdown(w, single, fixtureContext) },
		"CSV":           func(w io.Writer) error { return CSV(w, single) },
		"SweepCSV":      func(w io.Writer) error { return SweepCSV(w, sweepFixture) },
		"BreakEvenCSV":  func(w io.Writer) error { return BreakEvenCSV(w, breakEvenFixture) },
		"HTML":          func(w io.Writer) error { return HTML(w, single, fixtureContext) },
		"SweepHTML":     func(w io.Writer) error { return SweepHTML(w, sweepFixture, fixtureContext) },
		"BreakEvenHTML": func(w io.Writer) error { return BreakEvenHTML(w, breakEvenFixture, fixtureContext) },
	}
	for name, render := range tests {
		if err := render(failingWriter{}); !errors.Is(err, errDiskFull) {
			t.Errorf("%s to a failing writer returned %v, want %v", name, err, errDiskFull)
		}
	}
}

// TestEveryFormatRenders: results, sweeps and break-even searches each
// render in every one of Formats, and refuse any other name with the list.
func TestEveryFormatRenders(t *testing.T) {
	for _, name := range Formats {
		var r, s, b bytes.Buffer
		render, err := ForFormat(name)
		if err == nil {
			err = render(&r, single, fixtureContext)
		}
		sweep, serr := SweepForFormat(name)
		if serr == nil {
			serr = sweep(&s, sweepFixture, fixtureContext)
		}
		be, berr := BreakEvenForFormat(name)
		if berr == nil {
			berr = be(&b, breakEvenFixture, fixtureContext)
		}
		for what, c := range map[string]struct {
			n   int
			err error
		}{"results": {r.Len(), err}, "sweep": {s.Len(), serr}, "break-even": {b.Len(), berr}} {
			if c.err != nil || c.n == 0 {
				t.Errorf("%s as %s: wrote %d bytes, error %v", what, name, c.n, c.err)
			}
		}
	}
	for _, err := range []error{CheckFormat("pdf"), func() error { _, err := SweepForFormat("pdf"); return err }(),
		func() error { _, err := BreakEvenForFormat("pdf"); return err }()} {
		if err == nil || !strings.Contains(err.Error(), "text, json, markdown, csv, html") {
			t.Errorf("pdf: %v, want an error listing the formats", err)
		}
	}
	if got := FormatList(); got != "text, json, markdown, csv or html" {
		t.Errorf("FormatList() = %q", got)
	}
}

// TestContextFromResults: saved results carry the runner's context, so
// `faassim report` renders a full report with an empty Context, and a field
// the caller sets wins over the saved one.
func TestContextFromResults(t *testing.T) {
	saved := single
	saved.Description = "saved description"
	saved.Workload = []string{"saved workload line"}
	saved.Assumptions = []string{"saved assumption"}
	saved.PriceSheets = []metrics.SheetRef{{Name: "saved-sheet", Effective: "2025-10-01",
		Source: "https://example.com/prices"}}
	tests := []struct {
		name    string
		ctx     Context
		want    []string
		notWant []string
	}{
		{"empty context", Context{},
			[]string{"saved description", "saved workload line", "saved assumption", "saved-sheet", "https://example.com/prices"}, nil},
		{"caller wins", Context{Description: "live description"},
			[]string{"live description", "saved workload line"}, []string{"saved description"}},
	}
	renderers := map[string]func(io.Writer, metrics.Results, Context) error{"Markdown": Markdown, "HTML": HTML}
	for _, tt := range tests {
		for name, render := range renderers {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := render(&buf, saved, tt.ctx); err != nil {
					t.Fatal(err)
				}
				for _, s := range tt.want {
					if !strings.Contains(buf.String(), s) {
						t.Errorf("no %q", s)
					}
				}
				for _, s := range tt.notWant {
					if strings.Contains(buf.String(), s) {
						t.Errorf("%q shown though the caller set its own", s)
					}
				}
			})
		}
	}
}
