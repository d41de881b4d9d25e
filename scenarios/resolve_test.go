package scenarios

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// The three defects that the resolved plan removes, as a user met them.
func TestReportStatesWhatRan(t *testing.T) {
	res := runExample(t, "default", "platforms.0.memory_mb=2048", "horizon=20m", "warmup=0s")
	st := res.Platforms[0].Settings
	if st == nil {
		t.Fatal("no settings in the results")
	}
	for _, f := range st.Functions {
		if f.MemoryMB != 2048 {
			t.Errorf("lambda runs %s at %d MB, the override says 2048", f.Name, f.MemoryMB)
		}
	}
	line := assumptionOf(t, res.Assumptions, "lambda: ")
	for _, want := range []string{"browse at 2048 MB", "checkout at 2048 MB", "webhook at 2048 MB"} {
		if !strings.Contains(line, want) {
			t.Errorf("the assumptions do not say %q:\n%s", want, line)
		}
	}
	// The CPU assumption is stated, with each platform's factor.
	assumptionOf(t, res.Assumptions, "Durations are taken as measured at each function's memory_mb")
	if fargate := assumptionOf(t, res.Assumptions, "fargate-fixed: "); !strings.Contains(fargate, "browse (0.5 vCPU, durations x0.874 of those measured at 512 MB)") {
		t.Errorf("the fargate assumption does not give browse's factor (0.7 + 0.3 x 0.289 / 0.5 = 0.874):\n%s", fargate)
	}
	// Cloud Run keeps each function's own memory.
	if got := res.Platforms[1].Settings.Functions[0].MemoryMB; got != 512 {
		t.Errorf("cloud-run runs browse at %d MB, want its own 512", got)
	}
}

func TestMemoryRangeIsThePresets(t *testing.T) {
	// Cloud Run allows 32 GiB (cloud.google.com/run/docs/configuring/services/memory-limits);
	// Lambda's 10,240 MB ceiling must not apply to it.
	res := runExample(t, "default", "platforms.1.memory_mb=16384", "horizon=10m", "warmup=0s")
	if f := res.Platforms[1].Settings.Functions[0]; f.MemoryMB != 16384 || f.VCPU != 4 {
		t.Errorf("cloud-run at %d MB with %g vCPU, want 16384 MB with the 4 vCPU Cloud Run requires above 8 GiB", f.MemoryMB, f.VCPU)
	}
	_, err := Open("example:default", []string{"platforms.0.memory_mb=16384"})
	checkProblems(t, err, []string{"--set platforms.0.memory_mb: must be within 128..10240 MB on aws-lambda-x86"})
}

func TestUnknownRuntimeWithTheOtherProblems(t *testing.T) {
	_, err := Open("example:default", []string{
		"workload.synthetic.functions.0.runtime=cobol",
		"platforms.0.keep_alive.ttl=-1s",
		"platforms.2.replica.slots=0",
	})
	checkProblems(t, err, []string{
		`--set workload.synthetic.functions.0.runtime: unknown runtime "cobol"`,
		"--set platforms.0.keep_alive.ttl: policy fixed needs ttl > 0",
		"--set platforms.2.replica.slots: must be >= 1",
	})
}

// An invalid platform cold_start is reported once: the runtime defaults do
// not stand in for it, so a function without a runtime is not blamed too.
func TestInvalidColdStartReportedOnce(t *testing.T) {
	_, err := Load("t.yaml", []byte(`name: t
horizon: 1h
workload:
  synthetic:
    functions:
      - {name: f, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: exponential, mean: 100ms}}
platforms:
  - {name: l, preset: aws-lambda-x86, cold_start: {dist: lognormal, median: 1s, p99: 100ms}}
`), nil)
	checkProblems(t, err, []string{"t.yaml:8: platforms[0].cold_start: lognormal needs 0 < median < p99"})
}

func assumptionOf(t *testing.T, lines []string, prefix string) string {
	t.Helper()
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no assumption starts with %q in %q", prefix, lines)
	return ""
}

// lambdaUSDPerGBS is the AWS Lambda x86 duration price of tier 1, us-east-1
// (aws.amazon.com/lambda/pricing), Arm 20% lower.
var lambdaUSDPerGBS = map[string]float64{"aws-lambda-x86": 0.0000166667, "aws-lambda-arm": 0.0000133334}

// What a report states is what was simulated, on random valid scenarios: the
// memory, vCPU and duration factor each function is described with are
// checked against what the run shows (the bill, the latency, the cold
// starts), each computed here from the scenario's inputs by the published
// rules, not by the resolver.
func TestDescribedIsSimulated(t *testing.T) {
	presets := []struct {
		name       string
		minMB      int
		maxMB      int
		defaultMB  int
		vcpu       float64 // 0: memory / 1,769 MB
		perInvoice bool
	}{
		{"aws-lambda-x86", 128, 10240, 128, 0, true},
		{"aws-lambda-arm", 128, 10240, 128, 0, true},
		{"gcp-cloud-run", 128, 32768, 512, 1, false},
		{"generic", 1, 1 << 20, 128, 0, false},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 24 {
		pr := presets[r.IntN(len(presets))]
		fnMB := []int{0, 128 + 64*r.IntN(100)}[r.IntN(2)]
		platMB := []int{0, pr.minMB + r.IntN(min(pr.maxMB, 12000)-pr.minMB)}[r.IntN(2)]
		durMS := 10 + r.IntN(990)
		frac := math.Round(100*r.Float64()) / 100
		gapS := 2 + r.IntN(20)
		ttlS := 1 + r.IntN(30) // under a minute: the report writes "keep-alive 17s"
		const n = 20
		fnMem := ""
		if fnMB > 0 {
			fnMem = fmt.Sprintf("memory_mb: %d, ", fnMB)
		}
		platMem := ""
		if platMB > 0 {
			platMem = fmt.Sprintf(", memory_mb: %d", platMB)
		}
		text := fmt.Sprintf(`name: prop
horizon: %ds
workload:
  synthetic:
    functions:
      - {name: f, runtime: python, %scpu_bound_fraction: %g,
         arrival: {process: deterministic, rate_per_s: %g},
         duration: {dist: deterministic, value: %dms}}
platforms:
  - {name: p, preset: %s%s, keep_alive: {policy: fixed, ttl: %ds}, cold_start: {dist: deterministic, value: 0s}}
`, n*gapS+gapS/2, fnMem, frac, 1/float64(gapS), durMS, pr.name, platMem, ttlS)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			p := runConserved(t, text)
			f := p.Settings.Functions[0]
			runMB := fnMB
			if platMB > 0 {
				runMB = platMB
			}
			if runMB == 0 {
				runMB = pr.defaultMB
			}
			vcpu := pr.vcpu
			if vcpu == 0 {
				vcpu = float64(runMB) / 1769
			}
			// d(m) = d_io + d_cpu cpu(measured)/cpu(m), cpu(m) = min(m/1769, 1);
			// no measured memory: durations as given.
			speed := 1.0
			if fnMB > 0 {
				speed = (1 - frac) + frac*math.Min(float64(fnMB)/1769, 1)/math.Min(vcpu, 1)
			}
			if f.MemoryMB != runMB || math.Abs(f.VCPU-vcpu) > 1e-9 || math.Abs(f.SpeedFactor-speed) > 1e-3 {
				t.Errorf("described %d MB, %g vCPU, x%g; want %d MB, %g vCPU, x%g", f.MemoryMB, f.VCPU, f.SpeedFactor, runMB, vcpu, speed)
			}
			// The duration that ran: every request is warm or has a zero
			// cold start, so its latency is its run time (sketch: 1%).
			run := float64(durMS) * speed
			if got := p.LatencyMS.P50; math.Abs(got-run) > 0.011*run+0.001 {
				t.Errorf("p50 %v ms, the described factor gives %v ms", got, run)
			}
			// The policy that ran: requests every gapS seconds find the
			// instance warm when the TTL outlasts the gap, never otherwise.
			wantCold := int64(n)
			if float64(ttlS) > float64(gapS)-run/1000 {
				wantCold = 1
			}
			if p.ColdStarts != wantCold || p.Settings.KeepAlive != fmt.Sprintf("keep-alive %ds", ttlS) {
				t.Errorf("%d cold starts with %s, want %d (gap %ds)", p.ColdStarts, p.Settings.KeepAlive, wantCold, gapS)
			}
			// The memory that was billed: per invocation, rounded up to 1 ms.
			if price, ok := lambdaUSDPerGBS[pr.name]; ok {
				billedS := math.Ceil(run) / 1000
				want := n * billedS * float64(runMB) / 1024 * price
				if math.Abs(p.CostUSD.Compute-want) > 1e-9+1e-6*want {
					t.Errorf("compute $%.10f, %d MB x %d x %.3f s gives $%.10f", p.CostUSD.Compute, runMB, n, billedS, want)
				}
			}
		})
	}
}

// The same for container platforms: the replica described is the one
// billed, and the duration factor is the one that ran.
func TestDescribedIsSimulatedOnContainers(t *testing.T) {
	sizes := []struct{ vcpu, gb float64 }{{0.25, 0.5}, {0.5, 1}, {1, 2}, {2, 4}, {4, 8}, {0.5, 3}, {1, 7}}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 10 {
		sz := sizes[r.IntN(len(sizes))]
		fnMB := 128 + 64*r.IntN(100)
		frac := math.Round(100*r.Float64()) / 100
		durMS := 10 + r.IntN(990)
		replicas := 1 + r.IntN(4)
		const horizonS = 600
		text := fmt.Sprintf(`name: prop
horizon: %ds
workload:
  synthetic:
    functions:
      - {name: f, runtime: go, memory_mb: %d, cpu_bound_fraction: %g,
         arrival: {process: deterministic, rate_per_s: 0.2}, duration: {dist: deterministic, value: %dms}}
platforms:
  - {name: c, kind: container, preset: aws-fargate-x86, replica: {vcpu: %g, memory_gb: %g, slots: 1},
     scaling: {policy: fixed, replicas: %d}}
`, horizonS, fnMB, frac, durMS, sz.vcpu, sz.gb, replicas)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			p := runConserved(t, text)
			if rp := p.Settings.Replica; rp.VCPU != sz.vcpu || rp.MemoryGB != sz.gb || rp.Slots != 1 {
				t.Errorf("described replica %+v, want %g vCPU %g GB", *rp, sz.vcpu, sz.gb)
			}
			// Fargate x86 us-east-1: $0.04048 per vCPU-hour, $0.004445 per
			// GB-hour (aws.amazon.com/fargate/pricing), every replica for
			// the whole window.
			want := float64(replicas) * horizonS / 3600 * (sz.vcpu*0.04048 + sz.gb*0.004445)
			if math.Abs(p.CostUSD.Total-want) > 1e-9 {
				t.Errorf("cost $%.8f, %d replicas of %g vCPU %g GB give $%.8f", p.CostUSD.Total, replicas, sz.vcpu, sz.gb, want)
			}
			speed := (1 - frac) + frac*math.Min(float64(fnMB)/1769, 1)/math.Min(sz.vcpu, 1)
			run := float64(durMS) * speed
			if got := p.LatencyMS.P50; math.Abs(got-run) > 0.011*run+0.001 {
				t.Errorf("p50 %v ms, the described x%g gives %v ms", got, p.Settings.Functions[0].SpeedFactor, run)
			}
		})
	}
}

// runConserved runs a one-platform scenario and checks that every request
// of the window has exactly one fate.
func runConserved(t *testing.T, text string) metrics.Platform {
	t.Helper()
	p := runResults(t, text).Platforms[0]
	if p.Requests != p.Completed+p.Rejected+p.TimedOut+p.InFlight {
		t.Errorf("%d requests, %d completed + %d rejected + %d timed out + %d in flight", p.Requests, p.Completed, p.Rejected, p.TimedOut, p.InFlight)
	}
	return p
}
