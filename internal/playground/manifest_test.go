package playground

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// TestManifest checks the embedded manifest: it loads, offers the teaching
// examples (not the large studies), fills titles and descriptions from the
// examples, and every shortened horizon says so with both horizons.
func TestManifest(t *testing.T) {
	m, err := loadManifest()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range m.Examples {
		names = append(names, o.Name)
		if o.Title != o.Name || o.Description == "" {
			t.Errorf("%s: title %q, description %q: want the example's", o.Name, o.Title, o.Description)
		}
		for _, s := range o.Sets {
			h, ok := strings.CutPrefix(s, "horizon=")
			if !ok {
				continue
			}
			full, err := loadState(o.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			// The example's horizon as a Go duration, or in seconds as
			// simfaas-readme writes it.
			said := false
			for _, was := range []string{text(full.Horizon), strconv.FormatFloat(secs(full.Horizon), 'f', -1, 64) + "s"} {
				said = said || strings.Contains(o.Note, "horizon "+was+" shortened to "+h) && strings.Contains(o.Note, "example:"+o.Name+" runs "+was)
			}
			if !said {
				t.Errorf("%s: note %q does not say the horizon %s was shortened to %s", o.Name, o.Note, text(full.Horizon), h)
			}
		}
	}
	for _, want := range []string{"cold-starts-101", "keep-alive-tradeoff", "burst-throttling", "power-tuning", "serverless-vs-containers"} {
		if !slices.Contains(names, want) {
			t.Errorf("teaching example %s not offered (offered: %v)", want, names)
		}
	}
	for _, study := range []string{"keepalive-study", "keepalive-history", "azure-sample"} {
		if slices.Contains(names, study) {
			t.Errorf("large study %s offered", study)
		}
	}
	var lessons []string
	for _, l := range m.Lessons {
		lessons = append(lessons, l.Example)
	}
	if want := []string{"cold-starts-101", "keep-alive-tradeoff", "burst-throttling", "power-tuning", "serverless-vs-containers"}; !slices.Equal(lessons, want) {
		t.Errorf("lessons on %v, want %v", lessons, want)
	}
}

// TestParseManifestRefuses feeds broken manifests: each problem is named
// with its file, line and path.
func TestParseManifestRefuses(t *testing.T) {
	const step = `
      - title: T
        text: X
        sets: []
        question: Q
        platform: ttl-1m
        metric: cold_start_ratio
        choices:
          - {label: low, low: 0, high: 0.5}
          - {label: high, low: 0.5, high: 1.01}
        reveal: R`
	lesson := func(steps string) string {
		return "default: cold-starts-101\nexamples:\n  - name: cold-starts-101\nlessons:\n  - id: a\n    title: A\n    example: cold-starts-101\n    summary: S\n    steps:" + steps
	}
	ok := lesson(step + step + step)
	if _, err := parseManifest("m.yaml", []byte(ok)); err != nil {
		t.Fatalf("the valid manifest is refused: %v", err)
	}
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", strings.Replace(ok, "  - name: cold-starts-101\n", "  - name: cold-starts-101\n    horizon: 1h\n", 1), "m.yaml:4: "},
		{"unknown example", strings.Replace(ok, "  - name: cold-starts-101", "  - name: nope", 1), `m.yaml:3: examples[0].name: unknown example "nope"`},
		{"default not offered", strings.Replace(ok, "default: cold-starts-101", "default: erlang-b", 1), `m.yaml:1: default: default "erlang-b" is not an example offered`},
		{"lesson example not offered", strings.Replace(ok, "    example: cold-starts-101", "    example: erlang-b", 1), `m.yaml:7: lessons[0].example: example "erlang-b" is not offered`},
		{"sets without a note", strings.Replace(ok, "  - name: cold-starts-101\n", "  - name: cold-starts-101\n    sets: [horizon=1h]\n", 1), "m.yaml:3: examples[0].note: a note is needed"},
		{"bad override", strings.Replace(ok, "sets: []", "sets: [horizon=soon]", 1), "lessons[0].steps[0].sets: "},
		{"unknown platform", strings.Replace(ok, "platform: ttl-1m", "platform: lambda", 1), `m.yaml:14: lessons[0].steps[0].platform: no platform "lambda"`},
		{"unknown metric", strings.Replace(ok, "metric: cold_start_ratio", "metric: cold", 1), `m.yaml:15: lessons[0].steps[0].metric: unknown metric "cold"`},
		{"unknown formula", strings.Replace(ok, "metric: cold_start_ratio", "metric: cold_start_ratio\n        formula: magic", 1), `m.yaml:16: lessons[0].steps[0].formula: unknown formula "magic"`},
		{"overlapping choices", strings.Replace(ok, "{label: high, low: 0.5,", "{label: high, low: 0.4,", 1), "m.yaml:18: lessons[0].steps[0].choices[1].low: choices are ordered ranges that do not overlap"},
		{"empty choice", strings.Replace(ok, "{label: low, low: 0, high: 0.5}", "{label: low, low: 0.5, high: 0.5}", 1), "m.yaml:17: lessons[0].steps[0].choices[0]: want finite low < high"},
		{"too few steps", lesson(step + step), "lessons[0].steps: a lesson has 3 to 5 steps, got 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseManifest("m.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestMetricValue(t *testing.T) {
	p := metrics.Platform{Requests: 200, Rejected: 50, ColdStartRatio: 0.25, MonthlyCostUSD: 12.5,
		LatencyMS: metrics.Latency{P50: 40, P99: 900}, Instances: metrics.Instances{Mean: 3.5}}
	tests := []struct {
		metric string
		p      metrics.Platform
		want   float64
		ok     bool
	}{
		{MetricColdStartRatio, p, 0.25, true},
		{MetricRejectedRatio, p, 0.25, true},
		{MetricRejectedRatio, metrics.Platform{}, 0, false}, // 0/0: no value
		{MetricP50MS, p, 40, true},
		{MetricP99MS, p, 900, true},
		{MetricMonthlyCost, p, 12.5, true},
		{MetricMeanInstances, p, 3.5, true},
		{"p95_ms", p, 0, false},
	}
	for _, tt := range tests {
		got, ok := MetricValue(tt.p, tt.metric)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MetricValue(%s) = %v, %v; want %v, %v", tt.metric, got, ok, tt.want, tt.ok)
		}
	}
	// Every metric a lesson may name has a value.
	for _, m := range metricNames {
		if _, ok := MetricValue(p, m); !ok {
			t.Errorf("metric %s has no value", m)
		}
	}
}
