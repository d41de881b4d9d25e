package charts

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// dist builds a distribution from (count, share) pairs.
func dist(pairs ...float64) []metrics.CountFraction {
	var d []metrics.CountFraction
	for i := 0; i < len(pairs); i += 2 {
		d = append(d, metrics.CountFraction{Count: int64(pairs[i]), Fraction: pairs[i+1]})
	}
	return d
}

// The SimFaaS README point as faassim measures it: counts 0 to 5 hold
// 0.02% of the time (the low head), 12 holds 0.12%, so 99.9% is covered
// only at 12 and nothing beyond is folded.
var simfaasDist = dist(0, 2.7e-6, 1, 1.1e-6, 2, 2.2e-5, 3, 7e-7, 4, 4e-7, 5, 1.94e-4,
	6, 0.05378, 7, 0.39904, 8, 0.37259-2.9e-6, 9, 0.13383, 10, 0.03153, 11, 0.00781, 12, 0.001202)

func TestLayoutDistribution(t *testing.T) {
	wide := []metrics.CountFraction{}
	for k := int64(100); k <= 400; k++ {
		wide = append(wide, metrics.CountFraction{Count: k, Fraction: 1.0 / 301})
	}
	cases := []struct {
		name   string
		d      []metrics.CountFraction
		mean   float64
		labels string // the bars' labels, then the mean's bar after "|"
		width  int64
		folded int
	}{
		{"SimFaaS point: low head folded", simfaasDist, 7.72,
			"5 or fewer 6 7 8 9 10 11 12|8", 1, 6},
		{"far tail folded", dist(1, 0.5, 2, 0.499, 3, 0.0005, 7, 0.0005), 1.5,
			"1 2 3 or more|2", 1, 2},
		{"one count beyond 99.9%", dist(1, 0.5, 2, 0.4985, 3, 0.001, 7, 0.0005), 1.5,
			"1 2 3 7|2", 1, 1},
		{"a gap inside the body is an empty bar", dist(1, 0.5, 3, 0.5), 2,
			"1 2 3|2", 1, 0},
		{"one count", dist(2, 1), 2, "2|2", 1, 0},
		{"counts too many for a bar each: bins of 50", wide, 250,
			"100-149 150-199 200-249 250-299 300-349 350-399 400|250-299", 50, 0},
		{"mean past the body: the tail bar", dist(0, 0.0005, 1, 0.9990, 1000, 0.0005), 1.5,
			"0 1 1000|1000", 1, 2},
		{"mean inside the body", dist(0, 0.0005, 1, 0.9990, 1000, 0.0005), 1.499,
			"0 1 1000|1", 1, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := LayoutDistribution(tc.d, tc.mean)
			var labels []string
			sum := 0.0
			for _, b := range l.Bars {
				labels = append(labels, b.Label())
				sum += b.Fraction
			}
			got := strings.Join(labels, " ") + "|" + l.Bars[l.MeanBar].Label()
			if got != tc.labels || l.Width != tc.width || l.Folded() != tc.folded {
				t.Errorf("bars %q, width %d, %d folded; want %q, %d, %d", got, l.Width, l.Folded(), tc.labels, tc.width, tc.folded)
			}
			if len(l.Bars) > MaxBodyBars+3 {
				t.Errorf("%d bars", len(l.Bars))
			}
			if d := sum - 1; d > 1e-9 || d < -1e-9 {
				t.Errorf("bars hold %v of the time", sum)
			}
		})
	}
}

// The distribution chart of a two-platform fixture, byte for byte (refresh
// with go test -update after looking at the image): one panel per
// platform, the mean's line, the folded head said in the caption.
func TestGoldenInstanceDistribution(t *testing.T) {
	r := fixtureResults()
	r.Platforms[0].Instances = metrics.Instances{Mean: 7.72, Max: 12, Distribution: simfaasDist}
	r.Platforms[2].Instances = metrics.Instances{Mean: 3, Max: 3, Distribution: dist(3, 1)}
	cs, err := ForResults(r, SVG)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := byName(t, cs)["instance-distribution"]
	if !ok {
		t.Fatal("no instance-distribution chart")
	}
	for _, want := range []string{"lambda: 6 counts folded into the tail bars", "99.9%", "dashed line marks the mean"} {
		if !strings.Contains(c.Caption, want) {
			t.Errorf("caption %q lacks %q", c.Caption, want)
		}
	}
	if strings.Contains(c.Caption, "cloud-run") {
		t.Errorf("caption %q names cloud-run, which has no distribution", c.Caption)
	}
	path := filepath.Join("testdata", "instance-distribution.svg")
	if *update {
		if err := os.WriteFile(path, c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if png := os.Getenv("DIST_PNG"); png != "" { // a look at the image
		cs, _ := ForResults(r, PNG)
		os.WriteFile(png, byName(t, cs)["instance-distribution"].Data, 0o644)
	}
	if !bytes.Equal(c.Data, want) {
		t.Errorf("instance-distribution SVG differs from %s; look at the new image, then run go test -update", path)
	}
}
