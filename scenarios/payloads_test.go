package scenarios

import (
	"context"
	"math"
	"strings"
	"testing"
)

// payloadScenario is a one-function scenario whose function part is fn.
func payloadScenario(fn string) string {
	return `name: p
horizon: 1h
workload:
  synthetic:
    functions:
      - name: api
        runtime: python
        memory_mb: 1024
        arrival: {process: deterministic, rate_per_s: 1}
` + fn + `
platforms:
  - {name: lambda, preset: aws-lambda-x86, keep_alive: {policy: infinite}}
  - {name: graviton, preset: aws-lambda-arm, keep_alive: {policy: infinite}}
`
}

func TestPayloadsAndSpeedValidation(t *testing.T) {
	for _, tc := range []struct {
		name, fn, want string
	}{
		{"both", `        duration: {dist: deterministic, value: 1s}
        payloads: [{name: a, weight: 1, duration: {dist: deterministic, value: 1s}}]`,
			"p.yaml:11: workload.synthetic.functions[0].payloads: give duration or payloads, not both"},
		{"neither", `        payloads: []`, "payloads: at least one class is needed"},
		{"zero weight", `        payloads: [{name: a, weight: 0, duration: {dist: deterministic, value: 1s}}]`,
			"payloads[0].weight: must be a finite number > 0"},
		{"infinite weight", `        payloads: [{name: a, weight: .inf, duration: {dist: deterministic, value: 1s}}]`,
			"payloads[0].weight: must be a finite number > 0"},
		{"NaN weight", `        payloads: [{name: a, weight: .nan, duration: {dist: deterministic, value: 1s}}]`,
			"payloads[0].weight: must be a finite number > 0"},
		{"duplicate class", `        payloads:
          - {name: a, weight: 1, duration: {dist: deterministic, value: 1s}}
          - {name: a, weight: 2, duration: {dist: deterministic, value: 2s}}`,
			"p.yaml:12: workload.synthetic.functions[0].payloads[1].name: duplicate class name \"a\""},
		{"class without duration", `        payloads: [{name: a, weight: 1}]`, "payloads[0].duration: missing"},
		{"bad class duration", `        payloads: [{name: a, weight: 1, duration: {dist: lognormal, median: 2s, p99: 1s}}]`,
			"payloads[0].duration: lognormal needs 0 < median < p99"},
		{"speed factor 0", `        duration: {dist: deterministic, value: 1s}
        speed_by_architecture: {arm64: 0}`, "speed_by_architecture.arm64: must be a finite number in (0, 100]"},
		{"speed factor unknown arch", `        duration: {dist: deterministic, value: 1s}
        speed_by_architecture: {arm: 0.9}`, "speed_by_architecture.arm: unknown field \"arm\" (valid: x86_64, arm64)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("p.yaml", []byte(payloadScenario(tc.fn)), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant one containing %q", err, tc.want)
			}
		})
	}
}

// `run` honours speed_by_architecture: with {arm64: 0.5} the function's 1 s
// runs in 500 ms on the Arm platform and 1 s on the x86 one (the factor is
// 1 there, not written), and every report's settings carry the factor.
func TestRunHonoursSpeedByArchitecture(t *testing.T) {
	s, err := Load("p.yaml", []byte(payloadScenario(`        duration: {dist: deterministic, value: 200ms}
        speed_by_architecture: {arm64: 0.5}`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{200, 100} {
		p := res.Platforms[i]
		if math.Abs(p.MeanExecutionMS-want) > 1e-6 || p.Settings.Functions[0].SpeedFactor != want/200 {
			t.Errorf("%s: mean execution %.4f ms, speed factor %v; want %v ms, %v", p.Name, p.MeanExecutionMS, p.Settings.Functions[0].SpeedFactor, want, want/200)
		}
	}
	if w := strings.Join(res.Workload, " "); !strings.Contains(w, "durations x0.5 on arm64") {
		t.Errorf("workload line does not state the factor: %q", w)
	}
	if a := strings.Join(res.Assumptions, "\n"); strings.Contains(a, "speed factor 1") {
		t.Errorf("the factor is set, yet the assumptions state the default:\n%s", a)
	}
}

// Without speed_by_architecture an Arm platform runs the durations as
// measured, and the assumptions say so, with why (no ratio holds for all
// code: AWS's own claim is "up to 19 percent", AWS News Blog, 2021-09-29).
func TestRunStatesDefaultArchFactor(t *testing.T) {
	s, err := Load("p.yaml", []byte(payloadScenario(`        duration: {dist: deterministic, value: 200ms}`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := strings.Join(res.Assumptions, "\n"); !strings.Contains(a, "On arm64, durations are as measured (speed factor 1) for api") || !strings.Contains(a, "up to 19 percent") {
		t.Errorf("assumptions do not state the default arm64 factor:\n%s", a)
	}
}

// A mixture runs: its classes appear in the workload line.
func TestRunPayloadClasses(t *testing.T) {
	s, err := Load("p.yaml", []byte(payloadScenario(`        payloads:
          - {name: small, weight: 0.8, duration: {dist: deterministic, value: 100ms}}
          - {name: large, weight: 0.2, duration: {dist: deterministic, value: 600ms}}`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 0.8 x 100 + 0.2 x 600 = 200 ms; 3,600 requests, each 100 or 600 ms:
	// the share of large ones is binomial, sd sqrt(0.16 / 3600) = 0.0067,
	// so the mean is within 5 sd x 500 ms = 17 ms.
	if got := res.Platforms[0].MeanExecutionMS; math.Abs(got-200) > 17 {
		t.Errorf("mean execution %.1f ms, want 200 +- 17", got)
	}
	if w := strings.Join(res.Workload, " "); !strings.Contains(w, "small 80%") {
		t.Errorf("workload line does not list the classes: %q", w)
	}
}

// Scenarios written by commands (Marshal) keep payload classes and speed
// factors: what is written reads back the same.
func TestMarshalKeepsPayloadsAndSpeed(t *testing.T) {
	s, err := Load("p.yaml", []byte(payloadScenario(`        payloads:
          - {name: small, weight: 4, duration: {dist: lognormal, median: 50ms, p99: 300ms}}
          - {name: large, weight: 1, duration: {dist: exponential, mean: 2s}}
        speed_by_architecture: {arm64: 0.85}`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load("back.yaml", out, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	f, g := s.Workload.Synthetic.Functions[0], back.Workload.Synthetic.Functions[0]
	if len(g.Payloads) != 2 || g.Payloads[1] != f.Payloads[1] || g.SpeedByArchitecture == nil || *g.SpeedByArchitecture.Arm64 != 0.85 || g.SpeedByArchitecture.X86_64 != nil {
		t.Errorf("read back %+v, %+v\n%s", g.Payloads, g.SpeedByArchitecture, out)
	}
}
