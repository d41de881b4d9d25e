package reports

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

func fig(kv ...any) metrics.Figures {
	var f metrics.Figures
	for i := 0; i < len(kv); i += 2 {
		f.Set(kv[i].(string), kv[i+1].(float64))
	}
	return f
}

// analysisFixture has a platform the semi-Markov model fits, one with
// the M/M/c/K model and one that no model fits.
func analysisFixture(reps int) metrics.Analysis {
	model := fig("cold_start_ratio", 0.0011863, "rejection_ratio", 0.0, "instances_mean", 7.6055, "running_mean", 1.7922, "utilization", 0.23540)
	queue := fig("rejection_ratio", 0.0235, "instances_mean", 2.0, "running_mean", 1.562, "utilization", 0.781, "wait_probability", 0.62, "wait_mean_ms", 2797.4)
	a := metrics.Analysis{Schema: metrics.AnalysisSchema, Scenario: "fixture & co", Seed: 3, Replications: reps,
		Platforms: []metrics.AnalyzedPlatform{
			{Name: "lambda", Model: "semi-markov", Fits: true, Why: "Poisson arrivals, a fixed TTL of 10m", Analytic: &model,
				Simulated: fig("cold_start_ratio", 0.0013568, "rejection_ratio", 0.0, "instances_mean", 7.7178, "running_mean", 1.7885, "utilization", 0.23147),
				Notes:     []string{"the semi-Markov model is an approximation"}},
			{Name: "fargate", Model: "m/m/c/k", Fits: true, Why: "2 replicas x 1 slot, at most 8 waiting", Analytic: &queue,
				Simulated: fig("rejection_ratio", 0.0241, "instances_mean", 2.0, "running_mean", 1.5601, "utilization", 0.78, "wait_probability", 0.6188, "wait_mean_ms", 2811.0)},
			{Name: "cloud-run", Model: "none", Why: "80 requests per instance",
				Simulated: fig("cold_start_ratio", 0.0, "rejection_ratio", 0.0, "instances_mean", 1.0, "running_mean", 0.5627, "utilization", 0.007033)},
		}}
	if reps > 1 {
		a.Platforms[0].SimulatedCI95 = map[string][2]float64{"cold_start_ratio": {0.00128, 0.00143}, "rejection_ratio": {0, 0},
			"instances_mean": {7.70, 7.73}, "running_mean": {1.786, 1.791}, "utilization": {0.2310, 0.2319}}
	}
	return a
}

func TestAnalysisGolden(t *testing.T) {
	for _, reps := range []int{1, 5} {
		name := "analyze-single"
		if reps > 1 {
			name = "analyze-replicated"
		}
		for _, f := range []struct{ format, ext string }{{"text", "txt"}, {"json", "json"}, {"markdown", "md"}} {
			render, err := AnalysisForFormat(f.format)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := render(&buf, analysisFixture(reps)); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", name+"."+f.ext+".golden"), buf.Bytes())
		}
	}
}

// The JSON contract: the schema's keys, "analytic" null for a platform no
// model fits, notes always an array, simulated_ci95 only with
// replications.
func TestAnalysisJSONKeys(t *testing.T) {
	for _, reps := range []int{1, 5} {
		var buf bytes.Buffer
		if err := AnalysisJSON(&buf, analysisFixture(reps)); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Schema    string
			Platforms []map[string]json.RawMessage
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Schema != "faassim/analyze/v1" {
			t.Errorf("schema %q", got.Schema)
		}
		for i, p := range got.Platforms {
			for _, k := range []string{"name", "model", "fits", "why", "analytic", "simulated", "notes"} {
				if _, ok := p[k]; !ok {
					t.Errorf("platform %d: no %q", i, k)
				}
			}
			if _, ok := p["simulated_ci95"]; ok != (reps > 1 && i == 0) {
				t.Errorf("platform %d, %d replications: simulated_ci95 present %v", i, reps, ok)
			}
		}
		if string(got.Platforms[2]["analytic"]) != "null" || string(got.Platforms[1]["notes"]) != "[]" {
			t.Errorf("analytic %s, notes %s", got.Platforms[2]["analytic"], got.Platforms[1]["notes"])
		}
		if !strings.Contains(buf.String(), `"fixture & co"`) {
			t.Errorf("names are escaped: %s", buf.String())
		}
	}
}

func TestAnalysisFormats(t *testing.T) {
	for _, f := range []string{"csv", "html", "xml"} {
		if _, err := AnalysisForFormat(f); err == nil {
			t.Errorf("format %s accepted", f)
		}
	}
	tests := []struct {
		v    float64
		want string
	}{{0, "0"}, {0.0011863, "0.001186"}, {7.6055, "7.606"}, {251.41, "251.4"}, {16034.2, "16,034"}, {-0.5, "-0.5000"},
		{0.000007712, "0.000007712"}, {6.3241e-21, "6.324e-21"}, {-2.5e-9, "-2.500e-09"}}
	for _, tt := range tests {
		if got := sig4(tt.v); got != tt.want {
			t.Errorf("sig4(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	if relDiff(1.1, 1) != "+10.0%" || relDiff(0, 0) != "0%" || relDiff(1, 0) != "-" {
		t.Errorf("relDiff: %s %s %s", relDiff(1.1, 1), relDiff(0, 0), relDiff(1, 0))
	}
}
