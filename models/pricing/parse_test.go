package pricing

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// valid is a minimal valid sheet; the bad-input cases edit one line of it.
const valid = `name: test-sheet
provider: aws
product: test
region: us-east-1
currency: USD
effective: 2025-10-01
source: https://aws.amazon.com/lambda/pricing/
model: per-invocation
rounding: {step_ms: 1}
duration_tiers:
  - {usd_per_gb_s: 0.0000166667}
usd_per_million_requests: 0.20
`

func TestParseFile(t *testing.T) {
	data, err := os.ReadFile("testdata/custom.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sheets, err := Parse("custom.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 1 || sheets[0].Name != "my-lambda-discount" || sheets[0].Effective != "2026-01-01" {
		t.Errorf("got %+v", sheets)
	}
}

func TestParseShapes(t *testing.T) {
	second := strings.Replace(valid, "test-sheet", "other", 1)
	tests := []struct {
		name, src string
		want      int
	}{
		{"one mapping", valid, 1},
		{"a list", "- " + strings.ReplaceAll(strings.TrimSuffix(valid, "\n"), "\n", "\n  ") + "\n", 1},
		{"two documents", valid + "---\n" + second, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheets, err := Parse("f.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(sheets) != tt.want {
				t.Errorf("got %d sheets, want %d", len(sheets), tt.want)
			}
		})
	}
}

// TestParseBadInput: each mistake gives an error naming the file, the line
// (where the key is), the sheet and the field.
func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"negative price", "usd_per_million_requests: 0.20", "usd_per_million_requests: -0.20",
			[]string{"f.yaml:12: sheet test-sheet: usd_per_million_requests: must not be negative"}},
		{"negative tier price", "{usd_per_gb_s: 0.0000166667}", "{usd_per_gb_s: -1}",
			[]string{"f.yaml:10: sheet test-sheet: duration_tiers[0].usd_per_gb_s: must not be negative"}},
		{"no source", "source: https://aws.amazon.com/lambda/pricing/\n", "",
			[]string{"f.yaml:1: sheet test-sheet: source: required"}},
		{"source not a URL", "source: https://aws.amazon.com/lambda/pricing/", "source: the AWS website",
			[]string{"f.yaml:7: sheet test-sheet: source: want an http(s) URL"}},
		{"no effective date", "effective: 2025-10-01\n", "",
			[]string{"f.yaml:1: sheet test-sheet: effective: required"}},
		{"bad date", "effective: 2025-10-01", "effective: 2025-13-01",
			[]string{"f.yaml:6: sheet test-sheet: effective: want a date YYYY-MM-DD"}},
		{"unknown key", "usd_per_million_requests: 0.20", "usd_per_million_request: 0.20",
			[]string{"f.yaml:12:", `unknown field "usd_per_million_request"`}},
		{"unknown model", "model: per-invocation", "model: per-request",
			[]string{"f.yaml:8: sheet test-sheet: model: unknown billing model \"per-request\" (known: per-invocation,"}},
		{"price of another model", "usd_per_million_requests: 0.20", "usd_per_vcpu_hour: 0.04",
			[]string{"sheet test-sheet: usd_per_vcpu_hour: does not apply to model per-invocation"}},
		{"Fargate storage price on Lambda", "usd_per_million_requests: 0.20", "usd_per_storage_gb_hour: 0.000111",
			[]string{"sheet test-sheet: usd_per_storage_gb_hour: does not apply to model per-invocation"}},
		{"cluster fee on Lambda", "usd_per_million_requests: 0.20", "usd_per_cluster_hour: 0.10",
			[]string{"sheet test-sheet: usd_per_cluster_hour: does not apply to model per-invocation"}},
		{"control plane without its fee", "model: per-invocation", "model: control-plane",
			[]string{"usd_per_cluster_hour: required for model control-plane", "duration_tiers: does not apply to model control-plane"}},
		{"not USD", "currency: USD", "currency: EUR",
			[]string{"f.yaml:5: sheet test-sheet: currency: only USD"}},
		{"no tiers", "duration_tiers:\n  - {usd_per_gb_s: 0.0000166667}\n", "",
			[]string{"duration_tiers: required for model per-invocation"}},
		{"bounded last tier", "{usd_per_gb_s: 0.0000166667}", "{up_to_gb_s: 100, usd_per_gb_s: 0.0000166667}",
			[]string{"duration_tiers[0].up_to_gb_s: the last tier must have no bound"}},
		{"zero step", "rounding: {step_ms: 1}", "rounding: {step_ms: 0}",
			[]string{"f.yaml:9: sheet test-sheet: rounding.step_ms: must be >= 1"}},
		{"not a mapping", valid, "just text",
			[]string{"f.yaml:1: want a price sheet (a mapping) or a list of them"}},
		{"YAML syntax", "model: per-invocation", "model: [per-invocation",
			[]string{"f.yaml:9:", "must be specified"}},
		{"tag where a list belongs (goccy/go-yaml v1.19.2 panics)", "duration_tiers:\n  - {usd_per_gb_s: 0.0000166667}\n", "duration_tiers: !x 5\n",
			[]string{"f.yaml: cannot decode this sheet (YAML decoder failure"}},
		{"empty", valid, "",
			[]string{"f.yaml: no price sheet in the file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(valid, tt.old, tt.new, 1)
			_, err := Parse("f.yaml", []byte(src))
			if err == nil {
				t.Fatalf("no error for:\n%s", src)
			}
			var probs Problems
			if !errors.As(err, &probs) {
				t.Errorf("error is %T, want Problems", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
		})
	}
}

func TestParseDuplicateNames(t *testing.T) {
	_, err := Parse("f.yaml", []byte(valid+"---\n"+valid))
	if err == nil || !strings.Contains(err.Error(), "used twice in this file (first on line 1)") {
		t.Errorf("got %v", err)
	}
}
