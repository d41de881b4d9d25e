package scenarios

import (
	"math"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// perFunction runs a one-function scenario: every request of the function
// fn (a flow-style map) goes to platform plat; it returns that platform's
// results.
func perFunction(t *testing.T, fn, plat string) metrics.Platform {
	t.Helper()
	res := runResults(t, `name: per-function
horizon: 1h
workload:
  synthetic:
    functions:
      - `+fn+`
platforms:
  - `+plat+`
`)
	return res.Platforms[0]
}

// Reserved concurrency caps a function's instances: one request a second
// of 10 s each needs 10 instances (Little's law); reserved 2 admits 2 at
// a time and rejects the rest, whatever the platform's own reserved.
func TestFunctionReservedConcurrency(t *testing.T) {
	fn := `{name: api, runtime: python, memory_mb: 1024, reserved_concurrency: 2, arrival: {process: deterministic, rate_per_s: 1}, duration: {dist: deterministic, value: 10s}}`
	p := perFunction(t, fn, `{name: lambda, preset: aws-lambda-x86, concurrency: {reserved: 5}}`)
	if p.Instances.Max != 2 {
		t.Errorf("%d instances at most, want 2 (reserved_concurrency)", p.Instances.Max)
	}
	// Two admitted per 10 s window of 10 arrivals: 80% rejected, less the
	// edges of the hour.
	if share := float64(p.Rejected) / float64(p.Requests); math.Abs(share-0.8) > 0.01 {
		t.Errorf("%.3f of requests rejected, want 0.8", share)
	}
}

// Provisioned instances of a function are warm from the start: a request
// every 100 s on three provisioned instances never starts cold, and the
// bill has the provisioned lines (busy and idle): 3 x 1 GB x 3,600 s of
// capacity at the sheet's price per provisioned GB-s, plus each request's
// 1 GB-s at its price per provisioned execution GB-s (AWS Lambda pricing,
// provisioned concurrency).
func TestFunctionProvisioned(t *testing.T) {
	fn := `{name: api, runtime: python, memory_mb: 1024, provisioned: 3, arrival: {process: deterministic, rate_per_s: 0.01}, duration: {dist: deterministic, value: 1s}}`
	p := perFunction(t, fn, `{name: lambda, preset: aws-lambda-x86, keep_alive: {policy: none}}`)
	if p.Requests == 0 || p.ColdStarts != 0 {
		t.Errorf("%d requests, %d cold starts: want none cold on provisioned instances", p.Requests, p.ColdStarts)
	}
	sh, err := lookupSheet("aws-lambda-x86-us-east-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	prov := p.CostUSD.Provisioned + p.CostUSD.Idle
	if want := 3*1.0*3600*sh.USDPerProvisionedGBS + float64(p.Requests)*sh.USDPerProvisionedExecGBS; math.Abs(prov-want) > 1e-9*want || want == 0 {
		t.Errorf("provisioned cost $%.6f, want $%.6f", prov, want)
	}
}

// SnapStart replaces INIT with a restore: with a 100 ms overhead, a 2 s
// INIT and 1 s runs, every request cold (keep_alive none), the median
// latency is 3.1 s without SnapStart and 100 ms + the restore's median
// (653 ms, maxday/lambda-perf's Java 21 SnapStart cold start) + 1 s with
// it. Lambda bills the Billed Restore Duration on every runtime, Java
// included (docs.aws.amazon.com/lambda/latest/dg/snapstart-monitoring.html):
// the default share of it, 182/398.97, of a restore whose mean is the
// lognormal's median x exp(sigma^2/2), so Java's compute over the run with
// INIT billed (1 s + 2 s) is (1 s + share x mean restore) / 3 s, and
// Python's equals Java's (its snapshot charges are stated, not billed).
func TestFunctionSnapStart(t *testing.T) {
	plat := `{name: lambda, preset: aws-lambda-x86, keep_alive: {policy: none}, cold_start: {overhead: {dist: deterministic, value: 100ms}, init: {dist: deterministic, value: 2s}}}`
	fn := func(runtime, snap string) string {
		return `{name: api, runtime: ` + runtime + `, memory_mb: 1024, ` + snap + `arrival: {process: deterministic, rate_per_s: 0.1}, duration: {dist: deterministic, value: 1s}}`
	}
	plain, snap := perFunction(t, fn("java", ""), plat), perFunction(t, fn("java", "snap_start: true, "), plat)
	p50Plain, javaPlain := plain.LatencyMS.P50, plain.CostUSD.Compute
	p50Snap, javaSnap := snap.LatencyMS.P50, snap.CostUSD.Compute
	pySnap := perFunction(t, fn("python", "snap_start: true, "), plat).CostUSD.Compute
	if math.Abs(p50Plain-3100) > 1 {
		t.Errorf("median latency without SnapStart %.1f ms, want 3100", p50Plain)
	}
	if want := 100 + 652.78 + 1000; math.Abs(p50Snap-want) > 0.1*652.78 {
		t.Errorf("median latency with SnapStart %.1f ms, want about %.0f", p50Snap, want)
	}
	sigma := math.Log(0.690/0.372) / 1.959964
	meanRestoreS := 0.65278 * math.Exp(sigma*sigma/2)
	// 360 restores: the sample mean is within 2% of the billed seconds.
	if r, want := javaSnap/javaPlain, (1+182/398.97*meanRestoreS)/3; math.Abs(r-want) > 0.02*want {
		t.Errorf("Java compute with SnapStart / without = %.4f, want %.4f (billed restore share, INIT was billed)", r, want)
	}
	if math.Abs(pySnap-javaSnap) > 1e-9*javaSnap {
		t.Errorf("Python SnapStart compute $%.6f, Java's $%.6f: both bill the same Billed Restore Duration", pySnap, javaSnap)
	}
}

// The run's stated settings say which SnapStart charges it leaves out:
// Python's snapshot caching and restoration (aws.amazon.com/lambda/pricing),
// which Java does not pay.
func TestSnapStartSettingsStateUnbilledCharges(t *testing.T) {
	for _, c := range []struct {
		runtime string
		named   bool
	}{{"python", true}, {"java", false}} {
		fn := `{name: api, runtime: ` + c.runtime + `, snap_start: true, arrival: {process: poisson, rate_per_s: 0.1}, duration: {dist: deterministic, value: 1s}}`
		st := perFunction(t, fn, `{name: lambda, preset: aws-lambda-x86}`).Settings
		if st == nil || len(st.Functions) != 1 {
			t.Fatalf("%s: no function settings", c.runtime)
		}
		text := st.Functions[0].ColdStart
		if got := strings.Contains(text, "not in the cost") && strings.Contains(text, "per GB restored"); got != c.named {
			t.Errorf("%s: cold start %q names the unbilled snapshot charges: %v, want %v", c.runtime, text, got, c.named)
		}
	}
}

func TestFunctionSettingsRefused(t *testing.T) {
	text := `name: x
horizon: 1h
workload:
  synthetic:
    functions:
      - {name: a, runtime: java, reserved_concurrency: 0, provisioned: 2, snap_start: true, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: deterministic, value: 1s}}
platforms:
  - {name: run, preset: gcp-cloud-run}
`
	_, err := Load("x.yaml", []byte(text), nil)
	for _, want := range []string{"x.yaml:6: workload.synthetic.functions[0].reserved_concurrency: must be >= 1",
		"x.yaml:6: workload.synthetic.functions[0].snap_start: SnapStart and provisioned instances cannot be combined",
		"platforms[0].instances_per: functions set reserved_concurrency or provisioned"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}

// SnapStart exists for Java, Python and .NET only (AWS Lambda docs,
// "Improving startup performance with Lambda SnapStart"): on a Node.js
// function it is refused on an AWS platform.
func TestSnapStartRuntime(t *testing.T) {
	text := `name: x
horizon: 1h
workload:
  synthetic:
    functions:
      - {name: a, runtime: nodejs, snap_start: true, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: deterministic, value: 1s}}
platforms:
  - {name: lambda, preset: aws-lambda-arm}
`
	_, err := Load("x.yaml", []byte(text), nil)
	if want := "x.yaml:6: workload.synthetic.functions[0].snap_start: function a: SnapStart runs on Java, Python and .NET runtimes, not nodejs"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
	// Nor with the platform's provisioned instances.
	text = strings.Replace(strings.Replace(text, "nodejs", "java", 1), "aws-lambda-arm}", "aws-lambda-arm, provisioned: 1}", 1)
	_, err = Load("x.yaml", []byte(text), nil)
	if want := "snap_start: function a: SnapStart and the platform's provisioned instances cannot be combined"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
