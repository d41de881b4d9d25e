package reports

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// observedFixture is single with a comparison against logs: one row per
// metric, one of them without a prediction.
var observedFixture = func() metrics.Results {
	r := single
	f := func(x float64) *float64 { return &x }
	r.Observed = &metrics.ObservedComparison{
		Sources: []string{"logs/checkout.log"}, Reports: 36_000, ColdStarts: 720, WindowS: 3600,
		Notes: []string{"billed GB-s: observed sums Billed Duration x Memory Size"},
		Platforms: []metrics.ObservedPlatform{{Platform: "lambda-512", PriceSheet: "aws-lambda-x86-us-east-1", Rows: []metrics.ObservedRow{
			{Metric: "cold_start_ratio", Predicted: f(0.021), Observed: 0.02, RelativeError: f(0.05)},
			{Metric: "duration_p50_ms", Predicted: f(98.5), Observed: 100, RelativeError: f(-0.015)},
			{Metric: "duration_p99_ms", Predicted: nil, Observed: 610},
			{Metric: "billed_gb_s", Predicted: f(1800), Observed: 1850, RelativeError: f(-50.0 / 1850)},
			{Metric: "cost_usd", Predicted: f(0.0372), Observed: 0.0380, RelativeError: f(-0.0008 / 0.038)},
		}}},
	}
	return r
}()

func TestObservedGolden(t *testing.T) {
	tests := []struct {
		file   string
		render func(*bytes.Buffer) error
	}{
		{"observed.txt", func(b *bytes.Buffer) error { return Text(b, observedFixture) }},
		{"observed.md", func(b *bytes.Buffer) error { return Markdown(b, observedFixture, Context{}) }},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", tc.file+".golden"), buf.Bytes())
		})
	}
}

// TestObservedJSON: the comparison is one added field, "observed", and a
// missing prediction is null, not 0 (a 0 would read as a prediction).
func TestObservedJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, observedFixture); err != nil {
		t.Fatal(err)
	}
	var back metrics.Results
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Observed == nil || len(back.Observed.Platforms[0].Rows) != 5 {
		t.Fatalf("observed did not round-trip: %s", buf.Bytes())
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(compact.String(), `"metric":"duration_p99_ms","predicted":null`) {
		t.Errorf("a missing prediction is not null: %s", compact.String())
	}
	var plain bytes.Buffer
	if err := JSON(&plain, single); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), `"observed"`) {
		t.Errorf("results without a comparison print an observed field")
	}
}
