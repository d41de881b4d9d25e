package reports

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"faassim/models/metrics"
)

// perApp is a run of three keep-alive policies with per-app statistics
// (one listing its top applications) beside a container platform, whose
// names need escaping in every format.
var perApp = func() metrics.Results {
	r := metrics.Results{Schema: metrics.Schema, Scenario: "keepalive-study", Seed: 3,
		HorizonS: 90000, WarmupS: 3600, MonthS: 30 * 24 * 3600, Replications: 2}
	faas := func(name, keep string, wasted, p50, p75, p90 float64) metrics.Platform {
		return metrics.Platform{Name: name, Kind: "faas", Requests: 5000, Completed: 5000, ColdStarts: 400, ColdStartRatio: 0.08,
			Settings: &metrics.Settings{Preset: "generic", KeepAlive: keep},
			Apps:     &metrics.Apps{Count: 180, ColdStartPct: metrics.AppPercentiles{P25: p50 / 2, P50: p50, P75: p75, P90: p90}, WastedMemoryGBS: wasted}}
	}
	r.Platforms = []metrics.Platform{
		faas("ttl-1m", "keep-alive 1m", 21000, 8, 40, 75),
		faas("ttl-10m", "keep-alive 10m", 84000, 2, 20, 50),
		faas("<b>hybrid</b> & co", "hybrid histogram keep-alive with pre-warming (Shahrad et al., ATC'20): 4h range", 60000, 1.5, 12.5, 33.3),
		{Name: "fleet", Kind: "container", Requests: 5000, Completed: 5000},
	}
	r.Platforms[1].Apps.Top = []metrics.TopApp{
		{App: "checkout|api", Requests: 2400, ColdStarts: 3, ColdStartPct: 0.125, WastedMemoryGBS: 1234.5},
		{App: "nightly", Requests: 30, ColdStarts: 30, ColdStartPct: 100, WastedMemoryGBS: 0},
	}
	return r
}()

func TestGoldenPerApp(t *testing.T) {
	var txt, md bytes.Buffer
	if err := Text(&txt, perApp); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "perapp.txt.golden"), txt.Bytes())
	if err := Markdown(&md, perApp, Context{}); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "perapp.md.golden"), md.Bytes())
}

// The study's reading is worked out from the numbers. Here, against
// ttl-10m (wasted 84,000 GB-s, p75 20%): ttl-1m wastes 0.25x but starts
// more cold (40%), a trade; the hybrid wastes 0.71x and p75 12.5%: it
// dominates. Neither the hybrid nor ttl-1m dominates the other.
func TestStudyReading(t *testing.T) {
	s := metrics.NewKeepAliveStudy(perApp)
	if s == nil || s.Points[s.Baseline].Platform != "ttl-10m" || !s.FixedTenMinutes {
		t.Fatalf("study %+v: want ttl-10m as the baseline", s)
	}
	got := strings.Join(studyReading(s, perApp), "\n")
	for _, want := range []string{
		"Lower and to the left is better",
		"relative to ttl-10m (its keep-alive is the fixed 10 minutes",
		"ttl-1m trades one axis for the other against ttl-10m: third-quartile cold starts 40.00% against 20.00%, wasted memory 0.25x ttl-10m's.",
		"<b>hybrid</b> & co dominates ttl-10m: third-quartile cold starts 12.50% against 20.00%, wasted memory 0.71x ttl-10m's.",
		"Dominated by no other policy: ttl-1m, <b>hybrid</b> & co;",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the reading does not say %q:\n%s", want, got)
		}
	}

	// No fixed 10-minute policy: the first FaaS platform is the baseline,
	// and the reading says so; a policy worse on both axes is dominated.
	r := perApp
	r.Platforms = []metrics.Platform{perApp.Platforms[0], perApp.Platforms[2]}
	r.Platforms[1].Apps = &metrics.Apps{ColdStartPct: metrics.AppPercentiles{P75: 60}, WastedMemoryGBS: 42000}
	s = metrics.NewKeepAliveStudy(r)
	got = strings.Join(studyReading(s, r), "\n")
	for _, want := range []string{
		"relative to ttl-1m (the first FaaS platform: none keeps instances a fixed 10 minutes)",
		"<b>hybrid</b> & co is dominated by ttl-1m: third-quartile cold starts 60.00% against 40.00%, wasted memory 2.00x ttl-1m's.",
		"ttl-1m dominates every other policy here.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the reading does not say %q:\n%s", want, got)
		}
	}

	// A baseline that wasted nothing: no ratio, GB-s instead.
	r.Platforms[0].Apps = &metrics.Apps{ColdStartPct: metrics.AppPercentiles{P75: 100}}
	s = metrics.NewKeepAliveStudy(r)
	if got := strings.Join(studyReading(s, perApp), "\n"); s.Normalised || !strings.Contains(got, "wasted memory 42,000.0 GB-s against 0.0") {
		t.Errorf("not normalised: %s", got)
	}
}

// The HTML report has the study section only when two FaaS platforms or
// more carry per-app statistics; names in it are escaped, and the page
// still loads nothing.
func TestHTMLKeepAliveStudy(t *testing.T) {
	one := perApp
	one.Platforms = []metrics.Platform{perApp.Platforms[1], perApp.Platforms[3]}
	none := single
	for _, tc := range []struct {
		name  string
		r     metrics.Results
		study bool
	}{{"three policies", perApp, true}, {"one policy", one, false}, {"no per-app statistics", none, false}} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := HTML(&buf, tc.r, Context{}); err != nil {
				t.Fatal(err)
			}
			page := buf.Bytes()
			if err := wellFormed(page); err != nil {
				t.Errorf("not well-formed: %v", err)
			}
			if err := fetchesNothing(page); err != nil {
				t.Errorf("the page would fetch something: %v", err)
			}
			doc, err := html.Parse(bytes.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			sec := find(doc, func(n *html.Node) bool { return n.Data == "section" && attr(n, "id") == "keepalive-study" })
			if (sec != nil) != tc.study {
				t.Fatalf("study section present %v, want %v", sec != nil, tc.study)
			}
			if !tc.study {
				if bytes.Contains(page, []byte("chart-keepalive-study")) {
					t.Error("a keep-alive study chart without the study")
				}
				return
			}
			if find(sec, func(n *html.Node) bool { return n.Data == "figure" && attr(n, "id") == "chart-keepalive-study" }) == nil {
				t.Error("no chart in the study section")
			}
			if n := strings.Count(string(page), `id="chart-keepalive-study"`); n != 1 {
				t.Errorf("the study chart appears %d times", n)
			}
			text := textOf(sec)
			for _, want := range []string{"Lower and to the left is better", "ttl-10m (baseline)", "<b>hybrid</b> & co", "0.71", "12.50"} {
				if !strings.Contains(text, want) {
					t.Errorf("the study does not say %q", want)
				}
			}
			if bytes.Contains(page, []byte("<b>hybrid")) {
				t.Error("a platform name went into the page unescaped")
			}
			if find(doc, func(n *html.Node) bool { return n.Data == "section" && attr(n, "id") == "top-apps-1" }) == nil {
				t.Error("no top-applications table for ttl-10m")
			}
		})
	}
}

// A top list of one application reads as one, not "top 1 applications".
func TestTopTitleOfOne(t *testing.T) {
	p := metrics.Platform{Name: "lambda", Apps: &metrics.Apps{Top: []metrics.TopApp{{App: "api"}}}}
	if got := topTitle(p); got != "The application of lambda with the most requests" {
		t.Errorf("one app: %q", got)
	}
	p.Apps.Top = append(p.Apps.Top, metrics.TopApp{App: "web"})
	if got := topTitle(p); got != "Top 2 applications of lambda by requests" {
		t.Errorf("two apps: %q", got)
	}
}

// A platform that differs from the baseline in more than its keep-alive
// is said to: its point mixes the difference in.
func TestStudyReadingMixedSettings(t *testing.T) {
	r := metrics.Results{Platforms: []metrics.Platform{
		{Name: "lambda", Kind: "faas", Apps: &metrics.Apps{Count: 3, WastedMemoryGBS: 10, ColdStartPct: metrics.AppPercentiles{P75: 50}},
			Settings: &metrics.Settings{Preset: "aws-lambda-x86", KeepAlive: "keep-alive 10m", PerInstance: 1, InstancesPer: "function"}},
		{Name: "run", Kind: "faas", Apps: &metrics.Apps{Count: 3, WastedMemoryGBS: 5, ColdStartPct: metrics.AppPercentiles{P75: 50}},
			Settings: &metrics.Settings{Preset: "gcp-cloud-run", KeepAlive: "keep-alive 10m", PerInstance: 80, InstancesPer: "function"}},
		{Name: "hybrid", Kind: "faas", Apps: &metrics.Apps{Count: 3, WastedMemoryGBS: 12, ColdStartPct: metrics.AppPercentiles{P75: 5}},
			Settings: &metrics.Settings{Preset: "aws-lambda-x86", KeepAlive: "hybrid", PerInstance: 1, InstancesPer: "function"}},
	}}
	s := metrics.NewKeepAliveStudy(r)
	got := strings.Join(studyReading(s, r), "\n")
	want := "run differs from lambda in more than its keep-alive (preset gcp-cloud-run against aws-lambda-x86, 80 requests per instance against 1): its point mixes that difference in."
	if !strings.Contains(got, want) {
		t.Errorf("the reading does not say %q:\n%s", want, got)
	}
	if strings.Contains(got, "hybrid differs") {
		t.Errorf("the reading says hybrid differs in more than its keep-alive:\n%s", got)
	}
}
