package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"faassim/models/metrics"
)

func rel(v float64) *float64          { return &v }
func ci(lo, hi float64) *[2]float64   { return &[2]float64{lo, hi} }
func sig(lo, hi float64) (bool, bool) { return lo > 0 || hi < 0, true }

// change builds a Change as metrics.NewPlatformDiff would: relative to a
// non-zero base, significant when the interval excludes 0.
func change(base, next float64, interval *[2]float64) metrics.Change {
	c := metrics.Change{Base: base, New: next, Delta: next - base, CI95: interval}
	if base != 0 {
		c.Relative = rel(c.Delta / base)
	}
	if interval != nil {
		c.Significant, _ = sig(interval[0], interval[1])
	}
	return c
}

// diffFixture is a PR's memory bump, 1,024 to 1,536 MB, on a shop API:
// Lambda costs more and its p99 falls; the fixed Fargate fleet does not
// move beyond noise; the NEW scenario renamed a platform.
var diffFixture = metrics.Diff{
	Schema: metrics.DiffSchema,
	Base:   metrics.DiffSide{Scenario: "shop-api", Ref: "scenarios/shop.yaml", HorizonS: 90000, WarmupS: 3600, MonthS: 2592000},
	New: metrics.DiffSide{Scenario: "shop-api", Ref: "scenarios/shop.yaml", Sets: []string{"platforms.0.memory_mb=1536"},
		HorizonS: 90000, WarmupS: 3600, MonthS: 2592000},
	Seed: 42, Replications: 5,
	Platforms: []metrics.PlatformDiff{
		{Name: "lambda", Kind: "faas",
			MonthlyCostUSD: change(228.91, 270.11, ci(39.87, 42.53)),
			LatencyP50MS:   change(61.2, 58.9, ci(-4.1, 0.3)),
			LatencyP99MS:   change(912, 792, ci(-141, -99)),
			ColdStartRatio: change(0.0061, 0.0060, ci(-0.0004, 0.0002)),
			RejectedRatio:  change(0, 0, ci(0, 0)),
			Rejected:       change(0, 0, ci(0, 0))},
		{Name: "fargate-fixed", Kind: "container",
			MonthlyCostUSD: change(106.6, 106.6, ci(0, 0)),
			LatencyP50MS:   change(58.1, 58.3, ci(-0.5, 0.9)),
			LatencyP99MS:   change(1490, 1530, ci(-60, 140)),
			ColdStartRatio: change(0, 0, ci(0, 0)),
			RejectedRatio:  change(0.0123, 0.0131, ci(-0.001, 0.0026)),
			Rejected:       change(1245.4, 1320.2, ci(-98.3, 247.9)),
			BaseSaturated:  true, NewSaturated: true},
	},
	OnlyInBase: []string{"cloud-run"},
	OnlyInNew:  []string{"cloud-run-gen2"},
	Notes:      []string{"NEW's seed 7 was replaced by BASE's 42: common random numbers need both to draw the same arrivals and durations"},
}

// diffSingle is one replication: no interval, changes named but untested.
var diffSingle = metrics.Diff{
	Schema: metrics.DiffSchema,
	Base:   metrics.DiffSide{Scenario: "resize-1024", Ref: "resize.yaml", HorizonS: 4200, WarmupS: 600, MonthS: 2592000},
	New:    metrics.DiffSide{Scenario: "resize-2048", Ref: "resize-2048.yaml", HorizonS: 4200, WarmupS: 600, MonthS: 2628000},
	Seed:   11, Replications: 1,
	Platforms: []metrics.PlatformDiff{{Name: "lambda", Kind: "faas",
		MonthlyCostUSD: change(18.32, 21.08, nil), LatencyP50MS: change(200, 116, nil), LatencyP99MS: change(200, 116, nil),
		ColdStartRatio: change(0, 0, nil), RejectedRatio: change(0, 0, nil), Rejected: change(0, 0, nil)}},
	OnlyInBase: []string{}, OnlyInNew: []string{},
	Notes: []string{"1 replication: no interval can be estimated and no change tested; run with --replications 5 (or more) for 95% intervals"},
}

func TestDiffGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    metrics.Diff
	}{{"diff", diffFixture}, {"diff-single", diffSingle}} {
		for _, rd := range []struct {
			ext    string
			render func(io.Writer, metrics.Diff) error
		}{{"txt", DiffText}, {"md", DiffMarkdown}, {"json", DiffJSON}} {
			t.Run(tc.name+"."+rd.ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := rd.render(&buf, tc.d); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", tc.name+"."+rd.ext+".golden"), buf.Bytes())
			})
		}
	}
}

// The JSON is the contract: decoding it gives the Diff back.
func TestDiffJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := DiffJSON(&buf, diffFixture); err != nil {
		t.Fatal(err)
	}
	var back metrics.Diff
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, diffFixture) {
		t.Errorf("round trip differs:\n%+v\nwant\n%+v", back, diffFixture)
	}
}

func TestHeadline(t *testing.T) {
	zero := change(0, 0, ci(0, 0))
	base := metrics.PlatformDiff{Name: "lambda", MonthlyCostUSD: zero, LatencyP50MS: zero, LatencyP99MS: zero,
		ColdStartRatio: zero, RejectedRatio: zero, Rejected: zero}
	with := func(f func(*metrics.PlatformDiff)) metrics.PlatformDiff { p := base; f(&p); return p }
	cases := []struct {
		name string
		p    metrics.PlatformDiff
		reps int
		want string
	}{
		{"nothing", base, 5, "no significant change"},
		{"nothing, one replication", with(func(p *metrics.PlatformDiff) {
			p.MonthlyCostUSD = change(0, 0, nil)
		}), 1, "no change"},
		{"the issue's example", with(func(p *metrics.PlatformDiff) {
			p.MonthlyCostUSD = change(228.89, 270.09, ci(40.1, 42.3))
			p.LatencyP99MS = change(912, 792, ci(-141, -99))
		}), 5, "+$41.20/month (+18%), p99 -120 ms"},
		{"interval includes 0: not a change", with(func(p *metrics.PlatformDiff) {
			p.MonthlyCostUSD = change(100, 103, ci(-1, 7))
			p.LatencyP50MS = change(50, 45, ci(-6, -4))
		}), 5, "p50 -5.00 ms"},
		{"a saving under 10%", with(func(p *metrics.PlatformDiff) {
			p.MonthlyCostUSD = change(100, 96.5, ci(-3.6, -3.4))
			p.ColdStartRatio = change(0.02, 0.0125, ci(-0.008, -0.007))
		}), 5, "-$3.50/month (-3.5%), cold starts -0.75 pp"},
		{"from nothing", with(func(p *metrics.PlatformDiff) {
			p.RejectedRatio = change(0, 0.031, ci(0.03, 0.032))
		}), 3, "rejected +3.10 pp"},
		{"one replication: untested", with(func(p *metrics.PlatformDiff) {
			p.MonthlyCostUSD = change(18.32, 21.08, nil)
		}), 1, "+$2.76/month (+15%) (1 replication: not tested)"},
		{"significant but below a cent", with(func(p *metrics.PlatformDiff) {
			p.MonthlyCostUSD = change(10, 10.001, ci(0.001, 0.001))
		}), 5, "no significant change"},
		{"saturated in NEW", with(func(p *metrics.PlatformDiff) { p.NewSaturated = true }), 5,
			"no significant change; saturated in NEW (its figures are those of falling behind the load)"},
	}
	for _, tc := range cases {
		if got := Headline(tc.p, tc.reps); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDiffForFormat(t *testing.T) {
	for _, f := range DiffFormats {
		if _, err := DiffForFormat(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, f := range []string{"csv", "html", ""} {
		if _, err := DiffForFormat(f); err == nil {
			t.Errorf("%q accepted", f)
		}
	}
}

// The Markdown is a pull-request comment: the headline comes before any
// table, a platform without a change is folded in <details>, the dollars
// of text are escaped against GitHub's math ("$18 | +$2" would be math)
// and those of code spans are not (a backslash there is shown), and no
// bracket is escaped ("\[...\]" is display math on Gitea).
func TestDiffMarkdownForPullRequest(t *testing.T) {
	d := diffFixture
	d.New.Sets = []string{"platforms.0.memory_mb=1536", "description=$5 `tick`"}
	var buf bytes.Buffer
	if err := DiffMarkdown(&buf, d); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	head, table := strings.Index(md, "**lambda**: +\\$41.20/month"), strings.Index(md, "| metric |")
	if head < 0 || table < 0 || head > table {
		t.Errorf("headline at %d, first table at %d: the headline must come first\n%s", head, table, md)
	}
	details, fargate := strings.Index(md, "<details>"), strings.Index(md, "#### fargate-fixed")
	if details < 0 || fargate < details || strings.Index(md, "#### lambda") > details {
		t.Errorf("fargate-fixed (no significant change) must be folded in <details>, lambda open\n%s", md)
	}
	if strings.Contains(md, `\[`) || strings.Contains(md, `\]`) {
		t.Errorf("escaped brackets:\n%s", md)
	}
	if !strings.Contains(md, "`--set platforms.0.memory_mb=1536` `` --set description=$5 `tick` ``") {
		t.Errorf("--set changes are not code spans with their dollars as written:\n%s", md)
	}
	// Outside code spans, every dollar is escaped.
	text := strings.ReplaceAll(md, "`` --set description=$5 `tick` ``", "")
	if strings.Count(text, "$") != strings.Count(text, `\$`) {
		t.Errorf("an unescaped dollar outside code:\n%s", md)
	}
	if strings.Contains(md, "rejected (%) | 0.00%") {
		t.Errorf("rows that are 0 in both are noise in a comment:\n%s", md)
	}

	buf.Reset()
	if err := DiffMarkdown(&buf, diffSingle); err != nil {
		t.Fatal(err)
	}
	if md := buf.String(); strings.Contains(md, "interval |") || strings.Contains(md, "significant") || !strings.Contains(md, "not tested") {
		t.Errorf("one replication: no interval column, no claim of significance, changes marked untested:\n%s", md)
	}
}
