package charts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// svgInfo is what the tests read from a rendered SVG.
type svgInfo struct {
	texts   []string        // every <text> content, in order
	strokes map[string]bool // stroke colours of <path>s, as "#RRGGBB"
	fills   map[string]bool // fill colours of <path>s
	bad     []string        // attribute values holding NaN or Inf
}

var colourIn = regexp.MustCompile(`(stroke|fill):(#[0-9A-F]{6})`)

// parseSVG decodes an SVG as XML (failing the test if it is not) and
// collects its texts, colours and any non-finite coordinate.
func parseSVG(t *testing.T, data []byte) svgInfo {
	t.Helper()
	info := svgInfo{strokes: map[string]bool{}, fills: map[string]bool{}}
	dec := xml.NewDecoder(bytes.NewReader(data))
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
			for _, a := range tok.Attr {
				if strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "Inf") {
					info.bad = append(info.bad, tok.Name.Local+" "+a.Name.Local+"="+a.Value)
				}
				if tok.Name.Local == "path" && a.Name.Local == "style" {
					for _, m := range colourIn.FindAllStringSubmatch(a.Value, -1) {
						if m[1] == "stroke" {
							info.strokes[m[2]] = true
						} else {
							info.fills[m[2]] = true
						}
					}
				}
			}
		case xml.CharData:
			if inText {
				info.texts = append(info.texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
	return info
}

func hex(i int) string {
	c := Palette[i]
	return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
}

// series counts the platform colours drawn as lines, in palette order: a
// chart of n platforms uses exactly Palette[0:n].
func (s svgInfo) series() int {
	n := 0
	for n < len(Palette) && s.strokes[hex(n)] {
		n++
	}
	return n
}

// want is what one chart must show.
type want struct {
	title  string
	texts  []string // exact <text> contents: axis labels, legend entries
	series int      // platform colours used for lines (-1: not checked)
}

func byName(t *testing.T, cs []Chart) map[string]Chart {
	t.Helper()
	m := map[string]Chart{}
	for _, c := range cs {
		if _, dup := m[c.Name]; dup {
			t.Errorf("two charts named %q", c.Name)
		}
		m[c.Name] = c
	}
	return m
}

func TestChartsShowTheirSeries(t *testing.T) {
	tests := []struct {
		name   string
		render func() ([]Chart, error)
		want   map[string]want
	}{
		{"results", func() ([]Chart, error) { return ForResults(fixtureResults(), SVG) }, map[string]want{
			"latency-cdf": {"End-to-end latency CDF", []string{"Latency (ms, log scale; 1 point at 0 ms not drawn)",
				"Fraction of requests at or below", "lambda", "cloud-run", "fargate-fixed", "p99"}, 3},
			"instances": {"Live instances over time", []string{"Simulated time (min)", "Instances (mean per bucket)",
				"lambda", "cloud-run", "fargate-fixed (same as cloud-run)"}, 3},
			"cold-start-ratio": {"Cold-start ratio over time", []string{"Simulated time (min)", "Cold starts (% of admitted requests)",
				"lambda", "cloud-run (no cold starts)", "fargate-fixed (no cold starts)"}, 3},
			"cost-breakdown": {"Monthly cost by billing line", []string{"Monthly cost (USD, 30-day month)",
				"compute", "requests", "idle", "lambda", "cloud-run", "fargate-fixed", "$21.50", "$47.00", "$53.00"}, -1},
		}},
		{"730-hour month, EKS control plane", func() ([]Chart, error) {
			r := fixtureResults()
			r.MonthS = 730 * 3600
			c := &r.Platforms[2].CostUSD
			c.ControlPlane, c.Total = 0.1, c.Total+0.1
			return ForResults(r, SVG)
		}, map[string]want{
			"cost-breakdown": {"Monthly cost by billing line", []string{"Monthly cost (USD, 730-hour month)",
				"compute", "requests", "idle", "control plane"}, -1},
			"latency-cdf":      {"End-to-end latency CDF", nil, 3},
			"instances":        {"Live instances over time", nil, 3},
			"cold-start-ratio": {"Cold-start ratio over time", nil, 3},
		}},
		{"memory sweep", func() ([]Chart, error) { return ForSweep(fixtureMemorySweep(), SVG) }, map[string]want{
			"sweep-latency-p99": {"p99 latency against platforms.0.memory_mb", []string{"platforms.0.memory_mb (MB, log scale)",
				"p99 end-to-end latency (ms)", "lambda", "fargate-fixed", "128", "2048"}, 2},
			"sweep-monthly-cost": {"Monthly cost against platforms.0.memory_mb", []string{"Monthly cost (USD, 30-day month)", "lambda", "fargate-fixed"}, 2},
			"sweep-cold-start-ratio": {"Cold-start ratio against platforms.0.memory_mb", []string{"Cold starts (% of admitted requests)",
				"lambda", "fargate-fixed"}, 2},
			"power-tuning": {"Power tuning of lambda: cost and p99 latency against memory", []string{"Monthly cost (USD)",
				"p99 latency (ms)", "platforms.0.memory_mb (MB, log scale)", "cheapest: 512", "fastest: 2048"}, 1},
		}},
		{"TTL sweep", func() ([]Chart, error) { return ForSweep(fixtureTTLSweep(), SVG) }, map[string]want{
			"sweep-latency-p99":      {"p99 latency against platforms.0.keep_alive.ttl", []string{"lambda", "cloud-run", "1m", "30m"}, 2},
			"sweep-monthly-cost":     {"Monthly cost against platforms.0.keep_alive.ttl", []string{"lambda", "cloud-run"}, 2},
			"sweep-cold-start-ratio": {"Cold-start ratio against platforms.0.keep_alive.ttl", []string{"lambda", "cloud-run"}, 2},
			"keepalive-tradeoff": {"Keep-alive trade-off of lambda: cold starts against idle time", []string{
				"Idle instance-seconds (measured window)", "Cold starts (% of admitted requests)", "1m", "5m", "10m", "30m"}, 1},
		}},
		{"break-even", func() ([]Chart, error) { return ForBreakEven(fixtureBreakEven(), SVG) }, map[string]want{
			"breakeven": {"Break-even: lambda against fargate-fixed", []string{"Offered load (requests per second, log scale)",
				"Monthly cost (USD, log scale)", "lambda", "fargate-fixed", "break-even ≈ 14.0 req/s, $53.10/month"}, 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			got := byName(t, cs)
			if len(got) != len(tt.want) {
				t.Errorf("charts %v, want %d charts", slices.Sorted(mapsKeys(got)), len(tt.want))
			}
			for name, w := range tt.want {
				c, ok := got[name]
				if !ok {
					t.Errorf("no %q chart", name)
					continue
				}
				if c.Title != w.title {
					t.Errorf("%s: Title %q, want %q", name, c.Title, w.title)
				}
				if c.Caption == "" {
					t.Errorf("%s: no caption", name)
				}
				info := parseSVG(t, c.Data)
				if len(info.bad) > 0 {
					t.Errorf("%s: non-finite coordinates: %v", name, info.bad)
				}
				for _, s := range append([]string{w.title}, w.texts...) {
					if !slices.Contains(info.texts, s) {
						t.Errorf("%s: no text %q in %q", name, s, info.texts)
					}
				}
				if w.series >= 0 && info.series() != w.series {
					t.Errorf("%s: %d platform colours drawn, want %d", name, info.series(), w.series)
				}
			}
		})
	}
}

func mapsKeys(m map[string]Chart) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// The cost breakdown stacks each line in its own colour and leaves out the
// lines that are zero everywhere (provisioned, storage), saying so.
func TestCostBreakdownColours(t *testing.T) {
	cs, err := ForResults(fixtureResults(), SVG)
	if err != nil {
		t.Fatal(err)
	}
	c := byName(t, cs)["cost-breakdown"]
	info := parseSVG(t, c.Data)
	for line, col := range costColors {
		hexc := fmt.Sprintf("#%02X%02X%02X", col.R, col.G, col.B)
		drawn := line == "compute" || line == "requests" || line == "idle"
		if info.fills[hexc] != drawn {
			t.Errorf("%s (%s) filled: %v, want %v", line, hexc, info.fills[hexc], drawn)
		}
	}
	if !strings.Contains(c.Caption, "not shown: provisioned, storage") {
		t.Errorf("caption does not name the omitted lines: %q", c.Caption)
	}
}

// Same input, same bytes, in both formats: what golden tests rely on.
func TestDeterministic(t *testing.T) {
	for _, f := range []Format{SVG, PNG} {
		t.Run(f.String(), func(t *testing.T) {
			render := func() []Chart {
				var all []Chart
				for _, g := range []func() ([]Chart, error){
					func() ([]Chart, error) { return ForResults(fixtureResults(), f) },
					func() ([]Chart, error) { return ForSweep(fixtureMemorySweep(), f) },
					func() ([]Chart, error) { return ForSweep(fixtureTTLSweep(), f) },
					func() ([]Chart, error) { return ForBreakEven(fixtureBreakEven(), f) },
				} {
					cs, err := g()
					if err != nil {
						t.Fatal(err)
					}
					all = append(all, cs...)
				}
				return all
			}
			a, b := render(), render()
			for i := range a {
				if !bytes.Equal(a[i].Data, b[i].Data) {
					t.Errorf("%s: two renderings differ", a[i].Name)
				}
			}
			if f == PNG && !bytes.HasPrefix(a[0].Data, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("PNG output does not start with the PNG signature")
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"svg", SVG, false},
		{"png", PNG, false},
		{" PNG ", PNG, false},
		{"pdf", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
