package reports

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// tuneFixture is the tuning of scenarios/testdata/tune/cpu-bound.yaml (a
// 100 ms function at 1,024 MB, fully CPU-bound) as worked out by hand in
// scenarios/tune_test.go, with one point marked saturated to show how it is
// shown, and a payload class.
var tuneFixture = func() metrics.Tune {
	t := metrics.Tune{Schema: metrics.TuneSchema, Scenario: "cpu-bound", Function: "resize", Platform: "lambda",
		Strategy: "balanced", BalancedWeight: 0.5, Seed: 1, HorizonS: 110, WarmupS: 10, Replications: 1,
		SpeedByArchitecture: map[string]float64{"x86_64": 1}, Recommended: 4,
		Best:  map[string]int{"cost": 3, "speed": 5, "balanced": 4},
		Notes: []string{"Simulated, not measured."},
		PriceSheets: []metrics.SheetRef{{Name: "aws-lambda-x86-us-east-1", Provider: "aws", Product: "AWS Lambda (x86)",
			Region: "us-east-1", Effective: "2025-08-01", Source: "https://aws.amazon.com/lambda/pricing/"}},
	}
	for _, p := range []struct {
		mb       int
		dur, gbs float64
	}{{128, 800, 0.1}, {256, 400, 0.1}, {512, 200, 0.1}, {1024, 100, 0.1}, {1536, 66.667, 0.1005}, {3008, 57.886, 0.170375}} {
		noFee := p.gbs * 0.0000166667
		cost := noFee + 0.2e-6
		t.Points = append(t.Points, metrics.TunePoint{MemoryMB: p.mb, Architecture: "x86_64", Preset: "aws-lambda-x86", Requests: 100,
			MeanDurationMS: p.dur, MeanLatencyMS: p.dur, CostPerInvocationUSD: cost, CostPerMillionUSD: cost * 1e6,
			CostWithoutRequestFeeUSD: noFee, BalancedScore: 0.5*p.gbs/0.170375 + 0.5*p.dur/800, SpeedFactor: 100 / p.dur,
			Classes: []metrics.TuneClass{{Name: "all", Share: 1, MeanDurationMS: p.dur}}})
	}
	t.Points[0].Saturated, t.Points[0].BalancedScore = true, 0
	return t
}()

func TestTuneGolden(t *testing.T) {
	for _, rd := range []struct {
		ext    string
		render func(*bytes.Buffer) error
	}{
		{"txt", func(b *bytes.Buffer) error { return TuneText(b, tuneFixture) }},
		{"md", func(b *bytes.Buffer) error { return TuneMarkdown(b, tuneFixture, Context{}) }},
		{"csv", func(b *bytes.Buffer) error { return TuneCSV(b, tuneFixture) }},
		{"json", func(b *bytes.Buffer) error { return TuneJSON(b, tuneFixture) }},
	} {
		t.Run(rd.ext, func(t *testing.T) {
			var buf bytes.Buffer
			if err := rd.render(&buf); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "tune."+rd.ext+".golden"), buf.Bytes())
		})
	}
}

// The text table marks the winner on its row, the other strategies'
// picks and the saturated point; the JSON is the contract and reads back.
func TestTuneReportContent(t *testing.T) {
	var buf bytes.Buffer
	if err := TuneText(&buf, tuneFixture); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Recommended for resize on lambda, strategy balanced: 1536 MB on x86_64", "<- recommended", "best cost", "best speed", "saturated"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "<- recommended") && !strings.HasPrefix(strings.TrimSpace(line), "1536") {
			t.Errorf("the mark is on the wrong row: %q", line)
		}
	}
	buf.Reset()
	if err := TuneJSON(&buf, tuneFixture); err != nil {
		t.Fatal(err)
	}
	var back metrics.Tune
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || !reflect.DeepEqual(back, tuneFixture) || back.Schema != "faassim/tune/v1" {
		t.Errorf("JSON does not read back (err %v)", err)
	}
}

func TestTuneHTMLAndChart(t *testing.T) {
	for _, name := range Formats {
		render, err := TuneForFormat(name)
		var buf bytes.Buffer
		if err == nil {
			err = render(&buf, tuneFixture, fixtureContext)
		}
		if err != nil || buf.Len() == 0 {
			t.Errorf("tune as %s: %d bytes, error %v", name, buf.Len(), err)
		}
		if name == "html" && (!strings.Contains(buf.String(), "<svg") || !strings.Contains(buf.String(), "Power tuning")) {
			t.Error("the HTML page has no trade-off chart")
		}
	}
	cs, err := charts.ForTune(tuneFixture, charts.SVG)
	if err != nil || len(cs) != 1 || cs[0].Name != "tune-tradeoff" {
		t.Fatalf("ForTune: %v, %d charts", err, len(cs))
	}
	svg := string(cs[0].Data)
	for _, want := range []string{"recommended (balanced: 1536 MB x86_64)", "3008 MB", "128 MB (saturated)"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if !strings.Contains(cs[0].Caption, "ringed point is the recommendation") {
		t.Errorf("caption %q", cs[0].Caption)
	}
	none := tuneFixture
	none.Points = nil
	if _, err := charts.ForTune(none, charts.PNG); err == nil {
		t.Error("a tuning without points drew a chart")
	}
}
