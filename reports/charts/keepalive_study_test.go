package charts

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// studyFixture is four keep-alive policies in the shape of the paper's
// Figure 15: fixed TTLs trading memory for cold starts, the hybrid below
// and left of the 10-minute one.
func studyFixture() metrics.Results {
	r := metrics.Results{Schema: metrics.Schema, Scenario: "keepalive-study", Replications: 1}
	for _, p := range []struct {
		name, keep   string
		wasted, p75  float64
		container    bool
		withoutStats bool
	}{
		{name: "fixed-5m", keep: "keep-alive 5m", wasted: 52000, p75: 31},
		{name: "fixed-10m", keep: "keep-alive 10m", wasted: 84000, p75: 22},
		{name: "fixed-60m", keep: "keep-alive 1h", wasted: 310000, p75: 9},
		{name: "fleet", container: true},
		{name: "hybrid", keep: "hybrid histogram keep-alive with pre-warming", wasted: 61000, p75: 11.5},
		{name: "no-stats", keep: "keep-alive 10m", withoutStats: true},
	} {
		pl := metrics.Platform{Name: p.name, Kind: "faas", Settings: &metrics.Settings{KeepAlive: p.keep}}
		if p.container {
			pl.Kind = "container"
		} else if !p.withoutStats {
			pl.Apps = &metrics.Apps{Count: 300, ColdStartPct: metrics.AppPercentiles{P50: p.p75 / 3, P75: p.p75, P90: 2 * p.p75}, WastedMemoryGBS: p.wasted}
		}
		r.Platforms = append(r.Platforms, pl)
	}
	return r
}

// The study chart, byte for byte (refresh with go test -update after
// looking at the image), and its caption naming the baseline.
func TestGoldenKeepAliveStudy(t *testing.T) {
	c, err := keepAliveStudy(studyFixture(), SVG)
	if err != nil || c == nil {
		t.Fatalf("%v, %v", c, err)
	}
	if !strings.Contains(c.Caption, "relative to fixed-10m, the fixed 10-minute keep-alive") {
		t.Errorf("caption: %s", c.Caption)
	}
	path := filepath.Join("testdata", "keepalive-study.svg")
	if *update {
		if err := os.WriteFile(path, c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(c.Data, want) {
		t.Errorf("keepalive-study SVG differs from %s; look at the new image, then run go test -update", path)
	}
}

// No study with fewer than two FaaS platforms carrying per-app
// statistics; the first FaaS platform is the baseline when no policy is a
// fixed 10 minutes, and the caption says so.
func TestKeepAliveStudyWhenItApplies(t *testing.T) {
	r := studyFixture()
	one := r
	one.Platforms = r.Platforms[3:]
	for name, res := range map[string]metrics.Results{"one with statistics": one, "none": {Platforms: r.Platforms[3:4]}} {
		c, err := keepAliveStudy(res, SVG)
		if err != nil || c != nil {
			t.Errorf("%s: chart %v, error %v; want neither", name, c != nil, err)
		}
	}
	r.Platforms[1].Settings.KeepAlive = "keep-alive 15m"
	c, err := keepAliveStudy(r, SVG)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Caption, "relative to fixed-5m, the first FaaS platform (none keeps instances a fixed 10 minutes)") {
		t.Errorf("caption: %s", c.Caption)
	}
	list, err := ForResults(studyFixture(), SVG)
	if err != nil {
		t.Fatal(err)
	}
	if last := list[len(list)-1]; last.Name != "keepalive-study" {
		t.Errorf("ForResults ends with %s, want keepalive-study", last.Name)
	}
}
