package scenarios

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func runYAML(t *testing.T, text string, opt Options) []float64 {
	t.Helper()
	s, err := Load("t.yaml", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	var monthly []float64
	for _, p := range res.Platforms {
		monthly = append(monthly, p.MonthlyCostUSD)
	}
	return monthly
}

// Costs through the whole runner, against hand computation from the AWS
// price pages (aws.amazon.com/lambda/pricing, aws.amazon.com/fargate/pricing): 1,000 requests of 120 ms at 1,536 MB
// over 1,000 s, cold starts of zero length, projected to a 30-day month
// (x 2,592): 466,560 GB-s x $0.0000166667 + 2.592 M requests x $0.20/M =
// $7.7760 + $0.5184 = $8.2944. A fixed Fargate fleet of 2 replicas of
// 1 vCPU and 2 GB for a month: 2 x 720 h x ($0.04048 + 2 x $0.004445) =
// $71.0928.
func TestRunnerBillsLikeThePricePages(t *testing.T) {
	got := runYAML(t, billYAML, Options{})
	// The deterministic process puts the first arrival at 1 s and the
	// 1,000th at 1,000 s, which is the horizon: 999 requests.
	want := []float64{8.2944 * 999 / 1000, 71.0928}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 0.005 {
			t.Errorf("platform %d: monthly $%.4f, want $%.4f", i, got[i], want[i])
		}
	}
}

// TestMonthIsSelectable: with month: 730h (the AWS Pricing Calculator's
// month) the same run projects to 730 / 720 of the 30-day figures above:
// Lambda $8.2944 x 999/1000 x 730/720, Fargate 2 x 730 h x ($0.04048 + 2 x
// $0.004445) = $72.0802; the JSON records month_s and the assumptions say
// which month.
func TestMonthIsSelectable(t *testing.T) {
	s, err := Load("t.yaml", []byte(strings.Replace(billYAML, "horizon: 1000s\n", "horizon: 1000s\nmonth: 730h\n", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MonthS != 730*3600 {
		t.Errorf("month_s = %v, want 2,628,000", res.MonthS)
	}
	want := []float64{8.2944 * 999 / 1000 * 730 / 720, 72.0802}
	for i := range want {
		if got := res.Platforms[i].MonthlyCostUSD; math.Abs(got-want[i]) > 0.005 {
			t.Errorf("platform %d: monthly $%.4f, want $%.4f", i, got, want[i])
		}
	}
	if !strings.Contains(strings.Join(res.Assumptions, "\n"), "730-hour month (365 days / 12, the AWS Pricing Calculator's month)") {
		t.Errorf("assumptions do not name the month:\n%s", strings.Join(res.Assumptions, "\n"))
	}
	def := runYAML(t, billYAML, Options{})
	if math.Abs(res.Platforms[1].MonthlyCostUSD/def[1]-730.0/720) > 1e-9 {
		t.Errorf("fargate 730h / 720h = %v, want 730/720", res.Platforms[1].MonthlyCostUSD/def[1])
	}
}

const billYAML = `name: bill
seed: 1
horizon: 1000s
workload:
  synthetic:
    functions:
      - name: f
        memory_mb: 1536
        arrival: {process: deterministic, rate_per_s: 1}
        duration: {dist: deterministic, value: 120ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    cold_start: {dist: deterministic, value: 0s}
  - name: fargate
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 1}
    scaling: {policy: fixed, replicas: 2}
`

// Break-even against a closed form: Lambda at 1,024 MB and 200 ms costs
// 30 days x rate x (0.2 GB-s x $0.0000166667 + $0.0000002) = $9.1584 per
// request/s a month (init not billed: zero-length cold starts), against a
// fixed Fargate replica of 0.25 vCPU and 0.5 GB: 720 h x ($0.01012 +
// $0.0022225) = $8.8866 a month. They cross at 0.97032 requests/s.
func TestBreakEvenMatchesClosedForm(t *testing.T) {
	s, err := Load("t.yaml", []byte(beYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	var progress []int
	be, err := FindBreakEven(context.Background(), s, "lambda", "fargate",
		BreakEvenOptions{Low: 0.1, High: 10, Points: 5, Bisections: 8, Tolerance: 0.005,
			Progress: func(done, total int) {
				if total != 13 {
					t.Errorf("progress out of %d, want the 5 points and at most 8 steps", total)
				}
				progress = append(progress, done)
			}})
	if err != nil {
		t.Fatal(err)
	}
	// Progress counts every evaluation once, in order.
	for i, d := range progress {
		if d != i+1 {
			t.Fatalf("progress %v, want 1, 2, 3, ...", progress)
		}
	}
	if len(progress) < 5 || len(progress) > 13 {
		t.Errorf("%d evaluations reported, want the 5 grid points and at most 8 steps", len(progress))
	}
	if !be.Found || be.Direction != "B cheaper above" {
		t.Fatalf("found %v, direction %q", be.Found, be.Direction)
	}
	// Poisson arrivals over 2 h at ~1/s: the realised count has a relative
	// sd of 1/sqrt(7200) = 1.2%, which moves the crossing as much; 5% is
	// four sd.
	if got, want := be.Crossing.RatePerS, 0.97032; math.Abs(got-want)/want > 0.05 {
		t.Errorf("crossing at %.4f requests/s, closed form %.4f", got, want)
	}
	for i := 1; i < len(be.Points); i++ {
		if be.Points[i].A.MonthlyCostUSD <= be.Points[i-1].A.MonthlyCostUSD {
			t.Errorf("Lambda's cost does not grow with the rate: %v then %v", be.Points[i-1].A.MonthlyCostUSD, be.Points[i].A.MonthlyCostUSD)
		}
	}
}

const beYAML = `name: be
seed: 3
horizon: 2h
workload:
  synthetic:
    functions:
      - name: f
        memory_mb: 1024
        arrival: {process: poisson, rate_per_s: 1}
        duration: {dist: deterministic, value: 200ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
    cold_start: {dist: deterministic, value: 0s}
  - name: fargate
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 0.25, memory_gb: 0.5, slots: 10}
    scaling: {policy: fixed, replicas: 1}
`

// TestBreakEvenWorkers: the grid points run side by side, each writing its
// own slot; the search is the same whatever the number of workers.
func TestBreakEvenWorkers(t *testing.T) {
	s, err := Load("t.yaml", []byte(beYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) []byte {
		be, err := FindBreakEven(context.Background(), s, "lambda", "fargate",
			BreakEvenOptions{Low: 0.1, High: 10, Points: 5, Bisections: 3, Tolerance: 0.01, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(be)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if a, b := run(1), run(4); string(a) != string(b) {
		t.Error("break-even differs between 1 and 4 workers")
	}
	// A cancelled search stops with the context's error.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := FindBreakEven(ctx, s, "lambda", "fargate", BreakEvenOptions{Low: 0.1, High: 10, Points: 5}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

func TestFreeTierLowersTheBill(t *testing.T) {
	text := `name: free
horizon: 1h
workload:
  synthetic:
    functions:
      - name: f
        arrival: {process: poisson, rate_per_s: 5}
        duration: {dist: exponential, mean: 100ms}
        runtime: python
platforms:
  - name: lambda
    preset: aws-lambda-x86
`
	without, with := runYAML(t, text, Options{}), runYAML(t, text, Options{FreeTier: true})
	if !(with[0] < without[0]) {
		t.Errorf("free tier: $%.4f, without: $%.4f", with[0], without[0])
	}
}

// Every preset, and every way of billing a FaaS platform, runs and costs
// something: a sheet whose model does not fit the usage reported to it
// would panic in the meter.
func TestEveryPresetBills(t *testing.T) {
	platforms := []string{
		"{name: a, preset: aws-lambda-x86, provisioned: 1}",
		"{name: b, preset: aws-lambda-arm, package_mb: 0}",
		"{name: c, preset: aws-lambda-x86, architecture: arm64}",
		"{name: d, preset: gcp-cloud-run}",
		"{name: e, preset: gcp-cloud-run, prices: gcp-cloud-run-instance-tier1}",
		"{name: f, preset: gcp-cloud-functions-gen1}",
		"{name: g, preset: azure-consumption}",
		"{name: h, preset: azure-flex, provisioned: 1}",
		"{name: i, kind: container, preset: aws-fargate-x86, replica: {vcpu: 1, memory_gb: 2, slots: 4}, scaling: {policy: fixed, replicas: 1}}",
		"{name: j, kind: container, preset: aws-fargate-arm, replica: {vcpu: 1, memory_gb: 2, slots: 4}, scaling: {policy: target, target: 0.6, min: 1, max: 4}}",
		"{name: k, kind: container, preset: k8s-ec2, node: m7g.large, replica: {vcpu: 0.5, memory_gb: 1, slots: 4}, scaling: {policy: target, target: 0.6, min: 1, max: 8}}",
	}
	text := `name: presets
horizon: 30m
workload:
  synthetic:
    functions:
      - name: f
        runtime: python
        arrival: {process: poisson, rate_per_s: 3}
        duration: {dist: exponential, mean: 150ms}
platforms:
`
	for _, p := range platforms {
		text += "  - " + p + "\n"
	}
	text = strings.Replace(text, ", package_mb: 0", "", 1)
	for i, monthly := range runYAML(t, text, Options{}) {
		if !(monthly > 0) {
			t.Errorf("%s: monthly cost %v", platforms[i], monthly)
		}
	}
}
