package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
)

var update = flag.Bool("update", false, "rewrite golden files")

// single is one replication of two platforms, numbers chosen by hand to hit
// every formatting case: grouping, sub-millisecond and four-digit
// latencies, zero counts.
var single = metrics.Results{
	Schema: metrics.Schema, Scenario: "cold-starts-101", Seed: 42,
	HorizonS: 90000, WarmupS: 3600, MonthS: 30 * 24 * 3600, Replications: 1,
	Platforms: []metrics.Platform{
		{
			Name: "lambda-512", Kind: "faas",
			Requests: 77760, Completed: 77760, ColdStarts: 109, ColdStartRatio: 109.0 / 77760,
			LatencyMS: metrics.Latency{Mean: 2012.4, P50: 1378.2, P90: 4610, P95: 5990, P99: 9163.7, P999: 13602, Max: 21877.5},
			WaitMS:    metrics.Latency{Mean: 3.1, P50: 0, P90: 0, P95: 0, P99: 0.0123, P999: 241.9, Max: 1104.2},
			Instances: metrics.Instances{Mean: 7.7042, Max: 19, Distribution: []metrics.CountFraction{
				{Count: 2, Fraction: 0.0002}, {Count: 5, Fraction: 0.0004}, {Count: 6, Fraction: 0.0554}, {Count: 7, Fraction: 0.399},
				{Count: 8, Fraction: 0.3726}, {Count: 9, Fraction: 0.1338}, {Count: 10, Fraction: 0.0315}, {Count: 11, Fraction: 0.0061},
				{Count: 12, Fraction: 0.0008}, {Count: 14, Fraction: 0.0001}, {Count: 19, Fraction: 0.0001}}},
			InstanceSeconds:           metrics.InstanceSeconds{Busy: 156489.4, Idle: 509131.2},
			Utilization:               0.2351,
			CostUSD:                   metrics.Cost{Total: 1.3195, Compute: 1.3040, Requests: 0.015552},
			CostPerMillionRequestsUSD: 16.969,
			MonthlyCostUSD:            39.585,
		},
		{
			Name: "fargate & friends", Kind: "container",
			Requests: 77760, Completed: 77001, Rejected: 759,
			LatencyMS:                 metrics.Latency{Mean: 2001.9, P50: 0.9871, P90: 9.996, P95: 120.44, P99: 999.6, P999: 1002, Max: 1010},
			Instances:                 metrics.Instances{Mean: 2, Max: 2, Distribution: []metrics.CountFraction{{Count: 2, Fraction: 1}}},
			InstanceSeconds:           metrics.InstanceSeconds{Busy: 120000, Idle: 45600},
			Utilization:               120000.0 / 165600,
			CostUSD:                   metrics.Cost{Total: 2.0712, Compute: 1.9712, ControlPlane: 0.1},
			CostPerMillionRequestsUSD: 26.636,
			MonthlyCostUSD:            1234567.891,
			Saturated:                 true, SaturatedAtS: new(45300.0),
			Warnings: []string{"saturated: offered work exceeded capacity; the queue grew through 3 of 288 buckets of 5m0s, " +
				"the first from 12h35m0s after the start (by 1368 requests waiting, 8.15 times the noise of a stable queue)"},
		},
	},
}

// replicated has five replications and intervals on some metrics only, and
// is projected to the AWS Pricing Calculator's 730-hour month.
var replicated = metrics.Results{
	Schema: metrics.Schema, Scenario: "bursty", Seed: 7,
	HorizonS: 5400, WarmupS: 1800, MonthS: 730 * 3600, Replications: 5,
	Platforms: []metrics.Platform{{
		Name: "lambda", Kind: "faas",
		Requests: 12000, Completed: 11940, Rejected: 40, TimedOut: 10, InFlight: 10, ColdStarts: 600,
		ColdStartRatio:            600.0 / 11960,
		LatencyMS:                 metrics.Latency{Mean: 180, P50: 101, P90: 350, P95: 480, P99: 812.5, P999: 1450, Max: 2010},
		Instances:                 metrics.Instances{Mean: 3.5, Max: 12},
		Utilization:               0.4,
		CostUSD:                   metrics.Cost{Total: 0.25, Compute: 0.2476, Requests: 0.0024},
		CostPerMillionRequestsUSD: 20.833,
		MonthlyCostUSD:            180,
		CI95: map[string][2]float64{
			"cold_start_ratio": {0.0482, 0.0521},
			"latency_ms.p99":   {790, 840},
			"cost_usd.total":   {0.24, 0.26},
		},
	}},
}

var goldenCases = []struct {
	name string
	r    metrics.Results
}{
	{"single", single},
	{"replicated", replicated},
	{"empty", metrics.Results{Schema: metrics.Schema, Scenario: "nothing", Replications: 1}},
}

func TestGolden(t *testing.T) {
	renderers := []struct {
		ext    string
		render func(io.Writer, metrics.Results) error
	}{
		{"json", JSON},
		{"txt", Text},
	}
	for _, tc := range goldenCases {
		for _, rd := range renderers {
			t.Run(tc.name+"."+rd.ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := rd.render(&buf, tc.r); err != nil {
					t.Fatal(err)
				}
				var again bytes.Buffer
				if err := rd.render(&again, tc.r); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
					t.Fatalf("a second rendering differs (err %v):\n%s", err, again.Bytes())
				}
				golden(t, filepath.Join("testdata", tc.name+"."+rd.ext+".golden"), buf.Bytes())
			})
		}
	}
}

// TestJSONRoundTrip checks that the JSON report is the contract itself: a
// reader decoding it gets the same Results back.
func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, replicated); err != nil {
		t.Fatal(err)
	}
	var back metrics.Results
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := JSON(&again, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Errorf("round trip changed the bytes:\n%s\nthen\n%s", buf.Bytes(), again.Bytes())
	}
}

var errDiskFull = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteErrorIsReturned(t *testing.T) {
	for name, render := range map[string]func(io.Writer, metrics.Results) error{"JSON": JSON, "Text": Text} {
		if err := render(failingWriter{}, single); !errors.Is(err, errDiskFull) {
			t.Errorf("%s to a failing writer returned %v, want %v", name, err, errDiskFull)
		}
	}
}

func TestJSONRefusesNaN(t *testing.T) {
	r := metrics.Results{Platforms: []metrics.Platform{{Utilization: math.NaN()}}}
	var buf bytes.Buffer
	if err := JSON(&buf, r); err == nil {
		t.Errorf("JSON with a NaN returned no error and wrote %q", buf.String())
	} else if buf.Len() != 0 {
		t.Errorf("JSON with a NaN wrote %q before failing", buf.String())
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{sig3(0), "0"},
		{sig3(0.012345), "0.0123"},
		{sig3(4.567), "4.57"},
		{sig3(9.996), "10.0"},
		{sig3(45.67), "45.7"},
		{sig3(456.7), "457"},
		{sig3(4567.8), "4,570"},
		{grouped(1234567.891, 2), "1,234,567.89"},
		{grouped(-1234, 0), "-1,234"},
		{grouped(999, 1), "999.0"},
		{count(1000), "1,000"},
		{percent(0.123456), "12.35"},
		{span(86400), "24h"},
		{span(5400), "1h30m"},
		{span(90), "1m30s"},
		{span(0.25), "250ms"},
		{span(0), "0s"},
		// Whole days from two days on: a multi-day replay reads at a glance.
		{span(90000), "25h"},
		{span(2*86400 - 1), "47h59m59s"},
		{span(2 * 86400), "2d"},
		{span(14*86400 + 3600), "14d1h"},
		{span(3*86400 + 90), "3d1m30s"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// A platform that completed nothing shows no latency, not an instant one.
func TestNoLatencyWithoutCompletions(t *testing.T) {
	r := metrics.Results{Schema: metrics.Schema, Scenario: "s", Replications: 1,
		Platforms: []metrics.Platform{{Name: "stuck", Kind: "container", Requests: 10, InFlight: 10}}}
	var buf bytes.Buffer
	if err := Text(&buf, r); err != nil {
		t.Fatal(err)
	}
	row := strings.Fields(strings.Split(buf.String(), "\n")[3])
	if len(row) < 9 || row[7] != "-" || row[8] != "-" {
		t.Errorf("p50 and p99 of a platform with no completions: %q, want - and -", row)
	}
}
