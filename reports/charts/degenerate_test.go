package charts

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"faassim/models/metrics"
)

func names(cs []Chart) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// Odd inputs give a clear error or a sensible chart: never a panic, never
// a NaN or Inf in the image.
func TestDegenerateInputs(t *testing.T) {
	noTimelines := fixtureResults()
	for i := range noTimelines.Platforms {
		noTimelines.Platforms[i].Timeline = nil
	}
	one := fixtureResults()
	one.Platforms = one.Platforms[:1]
	zeroCost := fixtureResults()
	for i := range zeroCost.Platforms {
		zeroCost.Platforms[i].CostUSD = metrics.Cost{}
		zeroCost.Platforms[i].MonthlyCostUSD = 0
	}
	noCDF := fixtureResults()
	for i := range noCDF.Platforms {
		noCDF.Platforms[i].LatencyCDF = [][2]float64{{0, 0}, {math.NaN(), 0.5}}
	}
	emptyTimeline := fixtureResults()
	for i := range emptyTimeline.Platforms {
		emptyTimeline.Platforms[i].Timeline = &metrics.Timeline{StartS: 0, StepS: 60}
	}
	onePoint := fixtureMemorySweep()
	onePoint.Points = onePoint.Points[:1]
	textParam := fixtureMemorySweep()
	for i := range textParam.Points {
		textParam.Points[i].Numeric = []float64{math.NaN()}
	}
	grid := fixtureTTLSweep()
	grid.Params = []string{"platforms.0.runtime", "platforms.0.keep_alive.ttl"}
	for i := range grid.Points {
		p := &grid.Points[i]
		p.Values = []string{"python", p.Values[0]}
		p.Numeric = []float64{math.NaN(), p.Numeric[0]}
	}
	freeTier := fixtureBreakEven()
	freeTier.Points[0].A.MonthlyCostUSD = 0
	noCrossing := fixtureBreakEven()
	noCrossing.Found, noCrossing.Crossing = false, metrics.BreakEvenPoint{}
	badRates := fixtureBreakEven()
	for i := range badRates.Points {
		badRates.Points[i].RatePerS = 0
	}
	badRates.Found = false

	tests := []struct {
		name    string
		render  func() ([]Chart, error)
		charts  []string // the chart names expected, in order
		errText string   // non-empty: the error must contain it
		caption string   // non-empty: some caption must contain it
	}{
		{"no platforms", func() ([]Chart, error) { return ForResults(metrics.Results{}, SVG) }, nil, "no platforms", ""},
		{"no timelines", func() ([]Chart, error) { return ForResults(noTimelines, SVG) },
			[]string{"latency-cdf", "cost-breakdown"}, "", ""},
		{"empty timelines", func() ([]Chart, error) { return ForResults(emptyTimeline, SVG) },
			[]string{"latency-cdf", "cost-breakdown"}, "", ""},
		{"one platform", func() ([]Chart, error) { return ForResults(one, SVG) },
			[]string{"latency-cdf", "instances", "cold-start-ratio", "cost-breakdown"}, "", "1 bucket without admitted requests"},
		{"zero costs", func() ([]Chart, error) { return ForResults(zeroCost, SVG) },
			[]string{"latency-cdf", "instances", "cold-start-ratio", "cost-breakdown"}, "", "not shown: compute, requests, provisioned, idle, storage"},
		{"no drawable CDF", func() ([]Chart, error) { return ForResults(noCDF, SVG) },
			[]string{"instances", "cold-start-ratio", "cost-breakdown"}, "", ""},
		{"sweep without points", func() ([]Chart, error) { return ForSweep(metrics.Sweep{Params: []string{"x"}}, SVG) }, nil, "no points", ""},
		{"sweep without a numeric parameter", func() ([]Chart, error) { return ForSweep(textParam, SVG) }, nil, "has a number at every point", ""},
		{"one sweep point", func() ([]Chart, error) { return ForSweep(onePoint, SVG) },
			[]string{"sweep-latency-p99", "sweep-monthly-cost", "sweep-cold-start-ratio", "power-tuning"}, "", ""},
		{"grid sweep", func() ([]Chart, error) { return ForSweep(grid, SVG) },
			[]string{"sweep-latency-p99", "sweep-monthly-cost", "sweep-cold-start-ratio", "keepalive-tradeoff"}, "", "Other parameters held at platforms.0.runtime=python"},
		{"break-even without points", func() ([]Chart, error) { return ForBreakEven(metrics.BreakEven{}, SVG) }, nil, "no rate", ""},
		{"break-even with bad rates", func() ([]Chart, error) { return ForBreakEven(badRates, SVG) }, nil, "no rate", ""},
		{"break-even with a $0 cost", func() ([]Chart, error) { return ForBreakEven(freeTier, SVG) },
			[]string{"breakeven"}, "", "the y axis is linear because some costs are $0"},
		{"break-even without crossing", func() ([]Chart, error) { return ForBreakEven(noCrossing, SVG) },
			[]string{"breakeven"}, "", "no crossing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := tt.render()
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("error %v, want one containing %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := names(cs); !slices.Equal(got, tt.charts) {
				t.Errorf("charts %v, want %v", got, tt.charts)
			}
			found := tt.caption == ""
			for _, c := range cs {
				if info := parseSVG(t, c.Data); len(info.bad) > 0 {
					t.Errorf("%s: non-finite coordinates: %v", c.Name, info.bad)
				}
				found = found || strings.Contains(c.Caption, tt.caption)
			}
			if !found {
				t.Errorf("no caption contains %q", tt.caption)
			}
		})
	}
}

func TestWriteFiles(t *testing.T) {
	cs, err := ForBreakEven(fixtureBreakEven(), PNG)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "charts")
	if err := WriteFiles(dir, cs, PNG); err != nil {
		t.Fatal(err)
	}
	// Writing again replaces the file in place.
	if err := WriteFiles(dir, cs, PNG); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if want := []string{"breakeven.png"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v (no temporary file left behind)", got, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "breakeven.png"))
	if err != nil || string(data) != string(cs[0].Data) {
		t.Errorf("breakeven.png does not hold the chart (err %v)", err)
	}

	bad := []struct {
		name   string
		charts []Chart
		f      Format
	}{
		{"path in name", []Chart{{Name: "../x"}}, SVG},
		{"empty name", []Chart{{Name: ""}}, SVG},
		{"duplicate", []Chart{{Name: "a"}, {Name: "a"}}, SVG},
		{"unknown format", []Chart{{Name: "a"}}, Format(9)},
	}
	for _, tt := range bad {
		if err := WriteFiles(t.TempDir(), tt.charts, tt.f); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}
