package reports

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"faassim/models/metrics"
)

// byStateFixture is single with cold starts by state: a FaaS platform of
// a few states and a container platform of more states than a table shows.
var byStateFixture = func() metrics.Results {
	r := single
	r.Platforms = append([]metrics.Platform(nil), single.Platforms...)
	r.Platforms[0].ColdStartByInstances = []metrics.StateColdStarts{
		{Instances: 0, Requests: 60, ColdStartRatio: 1}, {Instances: 6, Requests: 4100, ColdStartRatio: 0.0061},
		{Instances: 7, Requests: 31000, ColdStartRatio: 0.00113}, {Instances: 8, Requests: 42600, ColdStartRatio: 0}}
	var many []metrics.StateColdStarts
	for k := range int64(maxStateRows + 5) {
		// Requests peak at k = 12 (3,000) and fall by 100 a step each
		// way: the 5 states left out are k = 0, 1, 23, 24 (1,800 or 1,900)
		// and k = 22, which ties k = 2 at 2,000 and loses (more
		// instances): 9,400 requests in all.
		many = append(many, metrics.StateColdStarts{Instances: 1000 + k, Requests: 100 * (30 - abs(k-12)), ColdStartRatio: float64(k) / 1000})
	}
	r.Platforms[1].ColdStartByInstances = many
	return r
}()

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// The markdown report gets a table per platform, folded to the states
// with the most requests.
func TestByStateMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, byStateFixture, Context{}); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "bystate.md.golden"), buf.Bytes())
}

// The text report stays short: it does not show the states (the JSON
// carries them).
func TestByStateNotInText(t *testing.T) {
	var with, without bytes.Buffer
	if err := Text(&with, byStateFixture); err != nil {
		t.Fatal(err)
	}
	if err := Text(&without, single); err != nil {
		t.Fatal(err)
	}
	if with.String() != without.String() {
		t.Errorf("the text report changed with cold starts by state:\n%s", with.String())
	}
}

// The HTML report gets a table per platform: every state of the first,
// maxStateRows of the second with a note on the rest.
func TestByStateHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, byStateFixture, fixtureContext); err != nil {
		t.Fatal(err)
	}
	if err := wellFormed(buf.Bytes()); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id       string
		rows     int
		has, not string
	}{
		{"cold-by-instances-0", 4, "31,000", "left out"},
		// Shown: 1,002 to 1,021.
		{"cold-by-instances-1", maxStateRows, "5 more states with fewer requests (9,400 requests in all) are left out", "1,022"},
	} {
		tab := find(doc, func(n *html.Node) bool { return attr(n, "id") == tc.id })
		if tab == nil {
			t.Errorf("no element with id %s", tc.id)
			continue
		}
		rows := 0
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody" {
				rows++
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(tab)
		text := textOf(tab)
		if rows != tc.rows || !strings.Contains(text, tc.has) || strings.Contains(text, tc.not) {
			t.Errorf("%s: %d rows, want %d; text %q should hold %q and not %q", tc.id, rows, tc.rows, text, tc.has, tc.not)
		}
	}
}
