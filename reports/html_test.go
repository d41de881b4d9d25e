package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// htmlPage is one rendered page with the charts it must contain.
type htmlPage struct {
	name   string
	render func(io.Writer) error
	charts func() ([]charts.Chart, error)
	texts  []string // must appear in the page's text
}

// rich is single with a latency CDF and hourly timelines, so that the page
// carries every kind of results chart.
var rich = func() metrics.Results {
	r := single
	r.Platforms = append([]metrics.Platform(nil), single.Platforms...)
	for i := range r.Platforms {
		p := &r.Platforms[i]
		lat := p.LatencyMS
		p.LatencyCDF = [][2]float64{{lat.P50 / 4, 0.01}, {lat.P50, 0.5}, {lat.P90, 0.9}, {lat.P95, 0.95},
			{lat.P99, 0.99}, {lat.P999, 0.999}, {lat.Max, 1}}
		tl := &metrics.Timeline{StartS: r.WarmupS, StepS: 3600}
		for h := range 24 {
			// A day: quiet at night, busy in the afternoon.
			load := 1 + math.Sin(float64(h-9)*math.Pi/12)
			tl.Requests = append(tl.Requests, 3240*load/1.5)
			tl.Instances = append(tl.Instances, p.Instances.Mean*load)
			tl.BusyInstances = append(tl.BusyInstances, p.Instances.Mean*load*p.Utilization)
			tl.ColdStarts = append(tl.ColdStarts, float64(p.ColdStarts)/24*(2-load))
			tl.Rejected = append(tl.Rejected, float64(p.Rejected)/24*load)
		}
		p.Timeline = tl
	}
	return r
}()

// fortnight is rich over 14 days after its hour of warm-up, in hourly
// buckets with a quieter weekend: its timeline charts read in days, with
// a dashed line at each of the 14 midnights.
var fortnight = func() metrics.Results {
	r := rich
	r.HorizonS = r.WarmupS + 14*86400
	r.Platforms = append([]metrics.Platform(nil), rich.Platforms...)
	for i := range r.Platforms {
		day := *r.Platforms[i].Timeline
		tl := &metrics.Timeline{StartS: day.StartS, StepS: day.StepS}
		for d := range 14 {
			week := 1.0
			if d%7 >= 5 {
				week = 0.6
			}
			scale := func(vs []float64) []float64 {
				out := make([]float64, len(vs))
				for j, v := range vs {
					out[j] = v * week
				}
				return out
			}
			tl.Requests = append(tl.Requests, scale(day.Requests)...)
			tl.Instances = append(tl.Instances, scale(day.Instances)...)
			tl.BusyInstances = append(tl.BusyInstances, scale(day.BusyInstances)...)
			tl.ColdStarts = append(tl.ColdStarts, scale(day.ColdStarts)...)
			tl.Rejected = append(tl.Rejected, scale(day.Rejected)...)
		}
		r.Platforms[i].Timeline = tl
	}
	return r
}()

var htmlPages = []htmlPage{
	{"results", func(w io.Writer) error { return HTML(w, rich, fixtureContext) },
		func() ([]charts.Chart, error) { return charts.ForResults(rich, charts.SVG) },
		[]string{"cold-starts-101", fixtureContext.Description, fixtureContext.Workload[0],
			"free tier: off", "30-day month", "fargate & friends", "1,234,567.89", "2025-10-01", "Cost breakdown"}},
	{"sweep", func(w io.Writer) error { return SweepHTML(w, sweepFixture, fixtureContext) },
		func() ([]charts.Chart, error) { return charts.ForSweep(sweepFixture, charts.SVG) },
		[]string{"power-tuning", "platforms.0.keep_alive.ttl", "10m", "keep-alive: fixed TTL 10m", "2025-10-01"}},
	{"breakeven", func(w io.Writer) error { return BreakEvenHTML(w, breakEvenFixture, fixtureContext) },
		func() ([]charts.Chart, error) { return charts.ForBreakEven(breakEvenFixture, charts.SVG) },
		[]string{"serverless-vs-containers", "fargate is cheaper than lambda above about 2.00 requests/s",
			"lambda monthly $", "2025-10-01"}},
	{"keep-alive study", func(w io.Writer) error { return HTML(w, perApp, fixtureContext) },
		func() ([]charts.Chart, error) { return charts.ForResults(perApp, charts.SVG) },
		[]string{"Keep-alive study", "Lower and to the left is better", "Top 2 applications of ttl-10m by requests", "checkout|api",
			"No timeline in these results"}},
	{"14 days", func(w io.Writer) error { return HTML(w, fortnight, fixtureContext) },
		func() ([]charts.Chart, error) { return charts.ForResults(fortnight, charts.SVG) },
		[]string{"Dashed lines mark each midnight", "day 2 starts 24 h in", "Live instances over time"}},
}

func TestHTML(t *testing.T) {
	for _, pg := range htmlPages {
		t.Run(pg.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := pg.render(&buf); err != nil {
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
			list, err := pg.charts()
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == 0 {
				t.Fatal("no charts to look for")
			}
			for _, c := range list {
				fig := find(doc, func(n *html.Node) bool { return n.Data == "figure" && attr(n, "id") == "chart-"+c.Name })
				if fig == nil {
					t.Errorf("no <figure id=chart-%s>", c.Name)
				} else if find(fig, func(n *html.Node) bool { return n.Data == "svg" }) == nil {
					t.Errorf("figure chart-%s has no <svg>", c.Name)
				}
			}
			for _, s := range fixtureContext.Sheets {
				a := find(doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == s.Source })
				if a == nil {
					t.Errorf("no link to the price sheet source %s", s.Source)
				}
			}
			text := textOf(doc)
			for _, want := range pg.texts {
				if !strings.Contains(text, want) {
					t.Errorf("the page does not say %q", want)
				}
			}
		})
	}
}

// TestHTMLChecks shows that the checks above can fail: each page breaks one
// rule, and the checker names it.
func TestHTMLChecks(t *testing.T) {
	const head = `<!DOCTYPE html><html><head><title>t</title>`
	tests := []struct {
		name, page string
		check      func([]byte) error
		want       string
	}{
		{"unclosed", head + `</head><body><div><p>x</div></body></html>`, wellFormed, "</div>"},
		{"stray close", head + `</head><body></span></body></html>`, wellFormed, "</span>"},
		{"unterminated", head + `</head><body><div`, wellFormed, "end of file"},
		{"script", head + `<script>1</script></head><body></body></html>`, fetchesNothing, "<script>"},
		{"stylesheet", head + `<link rel="stylesheet" href="a.css"></head><body></body></html>`, fetchesNothing, "<link>"},
		{"image", head + `</head><body><img src="http://x/a.png"></body></html>`, fetchesNothing, "<img>"},
		{"audio src", head + `</head><body><source src="http://x/a.ogg"></body></html>`, fetchesNothing, "src"},
		{"import", head + `<style>@import "x.css";</style></head><body></body></html>`, fetchesNothing, "@import"},
		{"css url", head + `</head><body><div style="background:url(http://x/a.png)"></div></body></html>`, fetchesNothing, "url("},
		{"http link", head + `</head><body><a href="http://x/">x</a></body></html>`, fetchesNothing, "http://x/"},
		{"svg href", head + `</head><body><svg><image href="https://x/a.png"/></svg></body></html>`, fetchesNothing, "https://x/a.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check([]byte(tt.page))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
}

// voidElements never have an end tag (HTML Living Standard, 13.1.2).
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// wellFormed tokenizes page and checks that the tokenizer meets no error
// before the end and that every element opened is closed, in order: the
// HTML parser would repair what this refuses, and a repaired page is not
// the page we meant.
func wellFormed(page []byte) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				return z.Err()
			}
			if len(open) > 0 {
				return fmt.Errorf("end of file with <%s> open", strings.Join(open, "> <"))
			}
			if len(z.Raw()) > 0 {
				return fmt.Errorf("end of file inside a tag: %q", z.Raw())
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return fmt.Errorf("</%s> closes nothing open (open: %v)", name, open)
			}
			open = open[:len(open)-1]
		}
	}
}

// fetchesNothing checks that a browser opening page loads nothing: no
// script, no <link>, <iframe>, <object>, <embed> or <img>; no src attribute
// at all; href only on <a> and then https (a link the reader may follow,
// not a fetch) or a fragment, and elsewhere (SVG) only fragments; no
// @import and no url( but url(#fragment) in CSS, in <style> or style="".
func fetchesNothing(page []byte) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	inStyle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return nil
			}
			return z.Err()
		case html.TextToken:
			if inStyle {
				if err := cssFetchesNothing(string(z.Text())); err != nil {
					return fmt.Errorf("<style>: %w", err)
				}
			}
		case html.EndTagToken:
			inStyle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "link", "iframe", "object", "embed", "img", "frame", "audio", "video", "base":
				return fmt.Errorf("<%s>", tok.Data)
			case "style":
				inStyle = tt == html.StartTagToken
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == "src" || a.Key == "srcset" || a.Key == "poster" || a.Key == "data":
					return fmt.Errorf("<%s %s=%q>", tok.Data, a.Key, a.Val)
				case a.Key == "href" && tok.Data == "a":
					if !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "#") {
						return fmt.Errorf("<a href=%q>: only https links and fragments", a.Val)
					}
				case a.Key == "href" || strings.HasSuffix(a.Key, ":href"):
					if !strings.HasPrefix(a.Val, "#") {
						return fmt.Errorf("<%s %s=%q>: only fragments outside <a>", tok.Data, a.Key, a.Val)
					}
				case a.Key == "style":
					if err := cssFetchesNothing(a.Val); err != nil {
						return fmt.Errorf("<%s style>: %w", tok.Data, err)
					}
				}
			}
		}
	}
}

func cssFetchesNothing(css string) error {
	lower := strings.ToLower(css)
	if strings.Contains(lower, "@import") || strings.Contains(lower, "@font-face") {
		return errors.New("@import or @font-face")
	}
	for rest := lower; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return nil
		}
		rest = rest[i+len("url("):]
		if !strings.HasPrefix(strings.TrimLeft(rest, ` '"`), "#") {
			return fmt.Errorf("url(%.40s", rest)
		}
	}
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, match); f != nil {
			return f
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is the page's text with runs of white space made one space, as a
// reader sees it.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.Data == "style" || n.Data == "svg") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
