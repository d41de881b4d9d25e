package scenarios

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseParam(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{"platforms.0.memory_mb=128,256, 512", []string{"128", "256", "512"}, ""},
		{"platforms.0.memory_mb=128:1024:4:log", []string{"128", "256", "512", "1024"}, ""},
		{"x=0:1:3", nil, "repeat values once rounded"},
		{"x=0:1.0:3", []string{"0", "1"}, "repeat"},
		{"x=0.0:1.5:4", []string{"0", "0.5", "1", "1.5"}, ""},
		{"platforms.0.keep_alive.ttl=1m:5m:3", []string{"1m0s", "3m0s", "5m0s"}, ""},
		{"x", nil, "want PATH="},
		{"x=1:2:1", nil, "steps must be an integer >= 2"},
		{"x=0:8:3:log", nil, "positive ends"},
		{"horizon=1d:3d:3", []string{"24h0m0s", "48h0m0s", "72h0m0s"}, ""},
		{"x=1m:8:3", nil, "both be numbers or both durations"},
		{"x=1,,2", nil, "empty value"},
	}
	for _, tt := range tests {
		p, err := ParseParam(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(p.Values, tt.want) {
			t.Errorf("%q: %v %v, want %v", tt.in, p.Values, err, tt.want)
		}
	}
}

const sweepBase = `name: sweep
seed: 11
horizon: 20m
workload:
  synthetic:
    functions:
      - name: f
        runtime: python
        memory_mb: 512
        arrival: {process: poisson, rate_per_s: 2}
        duration: {dist: exponential, mean: 300ms}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`

// The grid runs every combination exactly once, in a fixed order, and the
// results do not depend on how many points run at once.
func TestSweepGrid(t *testing.T) {
	path := t.TempDir() + "/s.yaml"
	if err := writeFile(path, sweepBase); err != nil {
		t.Fatal(err)
	}
	params := []Param{
		{Path: "platforms.0.memory_mb", Values: []string{"256", "1024", "2048"}},
		{Path: "platforms.0.keep_alive.ttl", Values: []string{"1m", "10m"}},
	}
	run := func(workers int) []byte {
		var calls []int
		sw, err := Sweep(context.Background(), path, nil, params, SweepOptions{
			Options:  Options{Workers: workers},
			Progress: func(done, total int) { calls = append(calls, done) },
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(calls) != 6 || calls[5] != 6 {
			t.Errorf("progress calls %v, want 1..6", calls)
		}
		var got [][]string
		for _, p := range sw.Points {
			got = append(got, p.Values)
		}
		want := [][]string{{"256", "1m"}, {"256", "10m"}, {"1024", "1m"}, {"1024", "10m"}, {"2048", "1m"}, {"2048", "10m"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("points %v, want %v", got, want)
		}
		// A CPU-bound function runs faster with more memory: the memory
		// sweep must recompute durations (a duration is measured at the
		// function's memory_mb and scales with the CPU share it gets).
		p50 := func(i int) float64 { return sw.Points[i].Results.Platforms[0].LatencyMS.P50 }
		if !(p50(0) > p50(2) && p50(2) > p50(4)) {
			t.Errorf("p50 at 256, 1024, 2048 MB: %v %v %v, want decreasing", p50(0), p50(2), p50(4))
		}
		data, _ := json.Marshal(sw)
		return data
	}
	if a, b := run(1), run(3); string(a) != string(b) {
		t.Error("results differ between 1 and 3 workers")
	}
}

func TestSweepBadValueNamesThePoint(t *testing.T) {
	path := t.TempDir() + "/s.yaml"
	if err := writeFile(path, sweepBase); err != nil {
		t.Fatal(err)
	}
	_, err := Sweep(context.Background(), path, nil, []Param{{Path: "platforms.0.keep_alive.ttl", Values: []string{"1m", "banana"}}}, SweepOptions{})
	if err == nil || !strings.Contains(err.Error(), "sweep point banana") || !strings.Contains(err.Error(), "invalid duration") {
		t.Errorf("error %v", err)
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }
