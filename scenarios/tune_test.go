package scenarios

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// tuneFixture is testdata/tune/cpu-bound.yaml: function resize, 100 ms at
// 1,024 MB, fully CPU-bound, one request a second; infinite keep-alive and
// a 10 s warm-up put both cold starts (1 s and 2 s) outside the window, so
// the window's 100 requests are all warm and every figure is exact.
const tuneFixture = "testdata/tune/cpu-bound.yaml"

// handPoint is one memory size worked out by hand from published facts:
// AWS Lambda allocates CPU in proportion to memory, 1,769 MB = 1 vCPU, so a
// single-threaded, fully CPU-bound duration measured at 1,024 MB is
// d(m) = 100 ms x min(1024, 1769) / min(m, 1769); it is billed rounded up
// to 1 ms at m/1024 GB (AWS Lambda pricing: x86 $0.0000166667 and Arm
// $0.0000133334 per GB-s, $0.20 per million requests,
// aws.amazon.com/lambda/pricing).
//
//	m MB   d(m) ms                      billed ms  GB-s per invocation
//	128    100 x 1024/128  = 800        800        0.8   x 0.125  = 0.1
//	256    100 x 1024/256  = 400        400        0.4   x 0.25   = 0.1
//	512    100 x 1024/512  = 200        200        0.2   x 0.5    = 0.1
//	1024   100                          100        0.1   x 1      = 0.1
//	1536   100 x 1024/1536 = 66.667     67         0.067 x 1.5    = 0.1005
//	3008   100 x 1024/1769 = 57.886     58         0.058 x 2.9375 = 0.170375
//
// Cost per invocation = GB-s x price + $0.0000002. On x86: 128 to 1024 cost
// $0.00000186667 each (a four-way tie), 1536 $0.000001875, 3008
// $0.00000303959. The strategies compare the cost without the $0.0000002
// request fee, as Power Tuning's computePrice (duration charge only):
// 128 to 1024 $0.00000166667, 1536 $0.000001675, 3008 $0.00000283959.
// Balanced with w = 0.5, max(cost) = 3008's, max(duration) = 800 ms: cost
// ratios 0.1/0.170375 = 0.58694 and 0.1005/0.170375 = 0.58988; 128 0.29347
// + 0.5 = 0.79347; 256 0.29347 + 0.25 = 0.54347; 512 0.29347 + 0.125 =
// 0.41847; 1024 0.29347 + 0.0625 = 0.35597; 1536 0.29494 + 0.5 x
// 66.667/800 = 0.29494 + 0.04167 = 0.33661; 3008 0.5 + 0.5 x 57.886/800 =
// 0.53618. So cost picks 1024 (the fastest of the tie), speed 3008,
// balanced 1536.
type handPoint struct {
	mb                 int
	durationMS, billMS float64
}

var handPoints = []handPoint{
	{128, 800, 800}, {256, 400, 400}, {512, 200, 200}, {1024, 100, 100},
	{1536, 100 * 1024.0 / 1536, 67}, {3008, 100 * 1024.0 / 1769, 58},
}

func handCost(p handPoint, usdPerGBS float64) float64 {
	return handDurationCost(p, usdPerGBS) + 0.20/1e6
}

// handDurationCost is the duration charge alone: Power Tuning's cost.
func handDurationCost(p handPoint, usdPerGBS float64) float64 {
	return p.billMS / 1000 * float64(p.mb) / 1024 * usdPerGBS
}

func runTune(t *testing.T, ref string, spec TuneSpec, sets ...string) metrics.Tune {
	t.Helper()
	if spec.Strategy == "" {
		spec.Strategy = "cost"
	}
	res, err := Tune(context.Background(), ref, sets, spec, SweepOptions{Options: Options{Workers: 2}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func closeRel(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b)) }

func TestTuneHandWorkedCostAndDuration(t *testing.T) {
	res := runTune(t, tuneFixture, TuneSpec{Function: "resize", Strategy: "balanced", Weight: 0.5})
	if res.Platform != "lambda" {
		t.Errorf("platform %q, want lambda (the first FaaS platform; fargate is a container)", res.Platform)
	}
	if len(res.Points) != len(handPoints) {
		t.Fatalf("%d points, want %d (Power Tuning's default list)", len(res.Points), len(handPoints))
	}
	maxCost, maxDur := 0.0, 0.0
	for _, h := range handPoints {
		maxCost, maxDur = math.Max(maxCost, handDurationCost(h, 0.0000166667)), math.Max(maxDur, h.durationMS)
	}
	for i, h := range handPoints {
		p := res.Points[i]
		if p.MemoryMB != h.mb || p.Architecture != "x86_64" || p.Requests != 100 || p.ColdStartRatio != 0 {
			t.Errorf("point %d: %d MB %s, %d requests, cold %.3f; want %d MB x86_64, 100 warm requests", i, p.MemoryMB, p.Architecture, p.Requests, p.ColdStartRatio, h.mb)
		}
		// The simulator's clock is in ns: 57.886 ms is 57,885,811 ns.
		if math.Abs(p.MeanDurationMS-h.durationMS) > 1e-6 {
			t.Errorf("%d MB: mean duration %.7f ms, want %.7f", h.mb, p.MeanDurationMS, h.durationMS)
		}
		want := handCost(h, 0.0000166667)
		if !closeRel(p.CostPerInvocationUSD, want, 1e-9) {
			t.Errorf("%d MB: cost per invocation $%.12g, want $%.12g", h.mb, p.CostPerInvocationUSD, want)
		}
		if c := handDurationCost(h, 0.0000166667); !closeRel(p.CostWithoutRequestFeeUSD, c, 1e-9) {
			t.Errorf("%d MB: cost without the request fee $%.12g, want $%.12g", h.mb, p.CostWithoutRequestFeeUSD, c)
		}
		score := 0.5*handDurationCost(h, 0.0000166667)/maxCost + 0.5*h.durationMS/maxDur
		if !closeRel(p.BalancedScore, score, 1e-6) {
			t.Errorf("%d MB: balanced score %.6f, want %.6f", h.mb, p.BalancedScore, score)
		}
	}
	for strategy, mb := range map[string]int{"cost": 1024, "speed": 3008, "balanced": 1536} {
		if got := res.Points[res.Best[strategy]].MemoryMB; got != mb {
			t.Errorf("strategy %s picks %d MB, want %d", strategy, got, mb)
		}
	}
	if got := res.Points[res.Recommended].MemoryMB; got != 1536 {
		t.Errorf("recommended %d MB, want 1536 (balanced)", got)
	}
}

// The balanced score compares costs without the request fee, as Power
// Tuning does: the fee cannot tell sizes apart, and counted it dilutes the
// cost term. The fixture at 10 ms (1,024 MB, fully CPU-bound): 1024 MB 10
// ms, 0.01 GB-s, duration charge $1.66667e-7; 1536 MB 6.667 ms billed 7,
// 0.0105 GB-s, $1.75e-7; 3008 MB 5.789 ms billed 6, 0.017625 GB-s,
// $2.9375e-7 (the most); 128 MB 80 ms (the slowest). With w = 0.65:
//
//	1024: 0.65 x 0.01/0.017625 + 0.35 x 10/80     = 0.36879 + 0.04375 = 0.41254
//	1536: 0.65 x 0.0105/0.017625 + 0.35 x 6.667/80 = 0.38723 + 0.02917 = 0.41640
//
// so 1024 MB. With the $2e-7 fee counted the costs are 3.66667e-7,
// 3.75e-7 and 4.9375e-7: 1024 0.48270 + 0.04375 = 0.52645, 1536 0.49367 +
// 0.02917 = 0.52284, and 1536 MB would win.
func TestTuneBalancedWithoutRequestFee(t *testing.T) {
	res := runTune(t, tuneFixture, TuneSpec{Function: "resize", Strategy: "balanced", Weight: 0.65},
		"workload.synthetic.functions.0.duration.value=10ms")
	if got := res.Points[res.Recommended].MemoryMB; got != 1024 {
		t.Errorf("balanced w=0.65 picks %d MB, want 1024", got)
	}
	durMS := []float64{80, 40, 20, 10, 10 * 1024.0 / 1536, 10 * 1024.0 / 1769}
	gbs := []float64{0.01, 0.01, 0.01, 0.01, 0.0105, 0.017625}
	for i, p := range res.Points {
		if want := 0.65*gbs[i]/0.017625 + 0.35*durMS[i]/80; !closeRel(p.BalancedScore, want, 1e-6) {
			t.Errorf("%d MB: score %.5f, want %.5f", p.MemoryMB, p.BalancedScore, want)
		}
	}
}

// Four sizes cost the same (0.1 GB-s each): on equal cost the faster wins
// (Power Tuning's findCheapest), whatever order they are listed in; with
// 1024 left out, 512 is the fastest of the tie.
func TestTuneTieGoesToTheFaster(t *testing.T) {
	for _, tc := range []struct {
		memory []int
		want   int
	}{
		{[]int{128, 256, 512, 1024}, 1024},
		{[]int{1024, 512, 256, 128}, 1024},
		{[]int{256, 128, 512}, 512},
		{[]int{1536, 128}, 128}, // not a tie: 0.1 < 0.1005 GB-s
	} {
		res := runTune(t, tuneFixture, TuneSpec{Function: "resize", MemoryMB: tc.memory, Strategy: "cost"})
		if got := res.Points[res.Recommended].MemoryMB; got != tc.want {
			t.Errorf("cost over %v picks %d MB, want %d", tc.memory, got, tc.want)
		}
	}
}

// Weight 1 is the cost strategy and weight 0 the speed strategy (Power
// Tuning's README, balancedWeight), ties included.
func TestTuneWeightEnds(t *testing.T) {
	for _, tc := range []struct {
		w    float64
		want int
	}{{1, 1024}, {0, 3008}} {
		res := runTune(t, tuneFixture, TuneSpec{Function: "resize", Strategy: "balanced", Weight: tc.w})
		if got := res.Points[res.Recommended].MemoryMB; got != tc.want {
			t.Errorf("balanced w=%g picks %d MB, want %d", tc.w, got, tc.want)
		}
		other := map[float64]string{1: "cost", 0: "speed"}[tc.w]
		if res.Best[other] != res.Recommended {
			t.Errorf("balanced w=%g picks point %d, strategy %s point %d", tc.w, res.Recommended, other, res.Best[other])
		}
	}
}

// Arm is priced $0.0000133334 per GB-s; with speed_by_architecture
// {arm64: 0.5} (an exact binary fraction, so no rounding blurs the check)
// every Arm duration is half the x86 one, billed to the next ms: 128 MB
// 400 ms, 1024 MB 50 ms, 1536 MB 33.333 -> 34 ms, 3008 MB 28.943 -> 29 ms.
func TestTuneArchitecturesAndSpeedFactor(t *testing.T) {
	half := TuneSpec{Function: "resize", Architectures: []string{"x86_64", "arm64"}, Strategy: "speed"}
	plain := runTune(t, tuneFixture, half)
	fast := runTune(t, tuneFixture, half, "workload.synthetic.functions.0.speed_by_architecture.arm64=0.5")
	n := len(handPoints)
	if len(plain.Points) != 2*n || plain.Points[n].Architecture != "arm64" || plain.Points[n].Preset != "aws-lambda-arm" {
		t.Fatalf("points: want %d x86_64 then %d arm64 on aws-lambda-arm", n, n)
	}
	if plain.SpeedByArchitecture["arm64"] != 1 || fast.SpeedByArchitecture["arm64"] != 0.5 {
		t.Errorf("speed factors %v and %v, want arm64 1 by default and 0.5 when set", plain.SpeedByArchitecture, fast.SpeedByArchitecture)
	}
	if !strings.Contains(strings.Join(plain.Notes, " "), "arm64 x1 (the default") {
		t.Errorf("notes do not say the default factor is 1: %q", plain.Notes)
	}
	for i, h := range handPoints {
		arm := plain.Points[n+i]
		if math.Abs(arm.MeanDurationMS-h.durationMS) > 1e-6 || !closeRel(arm.CostPerInvocationUSD, handCost(h, 0.0000133334), 1e-9) {
			t.Errorf("arm %d MB at factor 1: %.4f ms $%.10g, want %.4f ms $%.10g", h.mb, arm.MeanDurationMS, arm.CostPerInvocationUSD, h.durationMS, handCost(h, 0.0000133334))
		}
		half := handPoint{h.mb, h.durationMS / 2, math.Ceil(h.durationMS/2 - 1e-9)}
		arm = fast.Points[n+i]
		if math.Abs(arm.MeanDurationMS-half.durationMS) > 1e-6 || !closeRel(arm.CostPerInvocationUSD, handCost(half, 0.0000133334), 1e-9) {
			t.Errorf("arm %d MB at factor 0.5: %.4f ms $%.10g, want %.4f ms $%.10g", h.mb, arm.MeanDurationMS, arm.CostPerInvocationUSD, half.durationMS, handCost(half, 0.0000133334))
		}
		if x86 := fast.Points[i]; math.Abs(x86.MeanDurationMS-h.durationMS) > 1e-6 {
			t.Errorf("x86 %d MB changed with the arm64 factor: %.4f ms", h.mb, x86.MeanDurationMS)
		}
	}
	// Cheapest: Arm's four-way tie, the fastest of it; fastest: Arm 3008.
	if p := fast.Points[fast.Best["cost"]]; p.MemoryMB != 1024 || p.Architecture != "arm64" {
		t.Errorf("cost picks %d MB %s, want 1024 arm64", p.MemoryMB, p.Architecture)
	}
	if p := fast.Points[fast.Recommended]; p.MemoryMB != 3008 || p.Architecture != "arm64" {
		t.Errorf("speed picks %d MB %s, want 3008 arm64", p.MemoryMB, p.Architecture)
	}
}

func TestTuneRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec TuneSpec
		sets []string
		want string
	}{
		{"container platform", TuneSpec{Function: "resize", Platform: "fargate"}, nil, "fargate is a container platform"},
		{"unknown platform", TuneSpec{Function: "resize", Platform: "nope"}, nil, "no such platform"},
		{"unknown function", TuneSpec{Function: "nope"}, nil, "its functions: resize, other"},
		{"strategy", TuneSpec{Function: "resize", Strategy: "cheap"}, nil, "want cost, speed or balanced"},
		{"weight", TuneSpec{Function: "resize", Strategy: "balanced", Weight: 5}, nil, "--weight 5"},
		{"arch with a named sheet", TuneSpec{Function: "resize", Architectures: []string{"arm64"}},
			[]string{"platforms.1.prices=aws-lambda-x86-us-east-1"}, "prices x86_64 only"},
		{"arch on a single-arch preset", TuneSpec{Function: "resize", Architectures: []string{"arm64"}},
			[]string{"platforms.1.preset=gcp-cloud-functions-gen1"}, "offers no choice of architecture"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.spec.Strategy == "" {
				tc.spec.Strategy = "cost"
			}
			_, err := Tune(context.Background(), tuneFixture, tc.sets, tc.spec, SweepOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// Payload classes reach the points: each class's share and its mean at the
// point by the speed model (0.2 + 0.8 x 1024/m of the class mean for a
// function 80% CPU-bound, below 1,769 MB).
func TestTunePayloadClasses(t *testing.T) {
	res := runTune(t, "testdata/tune/payloads.yaml", TuneSpec{Function: "render", MemoryMB: []int{512, 2048}})
	p := res.Points[0]
	if len(p.Classes) != 2 || p.Classes[0].Name != "thumbnail" || !closeRel(p.Classes[0].Share, 0.8, 1e-12) {
		t.Fatalf("classes %+v, want thumbnail 80%% then full 20%%", p.Classes)
	}
	factor := 0.2 + 0.8*1024.0/512
	if !closeRel(p.SpeedFactor, factor, 1e-12) {
		t.Errorf("speed factor %v at 512 MB, want %v", p.SpeedFactor, factor)
	}
	// The classes' means weighted by share are the mixture's mean, which
	// the simulated mean duration estimates. Its standard error: the
	// mixture's sd is about 463 ms at 1,024 MB (full: lognormal sigma
	// ln(3s/900ms)/2.326 = 0.518, mean 1,029 ms, sd 570 ms; thumbnail mean
	// 66 ms; E[X^2] = 0.2 x (1029^2 + 570^2) + 0.8 x 66^2 x 1.1 = 280,800,
	// mean 258 ms), over about 6,600 requests: 5.7 ms, 2.2% of the mean;
	// 10% is 4.5 standard errors.
	mix := 0.0
	for _, c := range p.Classes {
		mix += c.Share * c.MeanDurationMS
	}
	if !closeRel(p.MeanDurationMS, mix, 0.10) {
		t.Errorf("mean duration %.1f ms, the classes' weighted mean %.1f ms", p.MeanDurationMS, mix)
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "Payload classes") }) {
		t.Errorf("notes do not say how class means are obtained: %q", res.Notes)
	}
}

// The grid is the tuned platform's: --memory is checked against its
// preset's range (or only sizes), and without --memory Power Tuning's
// default list keeps the sizes the preset offers, saying so. Ranges:
// Azure Functions Consumption 128 to 1,536 MB, Flex 512, 2,048 or 4,096 MB
// (learn.microsoft.com/azure/azure-functions/functions-scale), Cloud Run up
// to 32 GiB (cloud.google.com/run/docs/configuring/services/memory-limits);
// Cloud Run's 1 vCPU does not follow memory, which the notes say.
func TestTuneGridFitsThePlatform(t *testing.T) {
	const az, flex, run = "platforms.1.preset=azure-consumption", "platforms.1.preset=azure-flex", "platforms.1.preset=gcp-cloud-run"
	for _, tc := range []struct {
		name   string
		memory []int
		set    string
		grid   []int
		err    string
		note   string
	}{
		{"azure default", nil, az, []int{128, 256, 512, 1024, 1536}, "", "azure-consumption offers 128 to 1,536 MB, so the grid is [128 256 512 1024 1536] MB"},
		{"azure 3008", []int{512, 3008}, az, nil, "--memory: 3008 MB is not a size azure-consumption offers (128 to 1,536 MB)", ""},
		{"flex default", nil, flex, []int{512, 2048, 4096}, "", "azure-flex offers 512, 2048, 4096 MB only"},
		{"flex 1024", []int{1024}, flex, nil, "1024 MB is not a size azure-flex offers (512, 2048, 4096 MB only)", ""},
		{"cloud run 20 GB", []int{512, 20480}, run, []int{512, 20480}, "", "gcp-cloud-run an instance has 1 vCPU whatever its memory"},
		{"lambda 20 GB", []int{512, 20480}, "", nil, "20480 MB is not a size aws-lambda-x86 offers (128 to 10,240 MB)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sets []string
			if tc.set != "" {
				sets = []string{tc.set, "platforms.1.keep_alive=null", "platforms.1.cold_start=null"}
			}
			if tc.set == flex { // the scenario must be valid as written: 1,024 MB is not a Flex size
				sets = append(sets, "platforms.1.memory_mb=2048")
			}
			res, err := Tune(context.Background(), tuneFixture, sets, TuneSpec{Function: "resize", MemoryMB: tc.memory, Strategy: "cost"}, SweepOptions{})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var grid []int
			for _, p := range res.Points {
				grid = append(grid, p.MemoryMB)
			}
			if !slices.Equal(grid, tc.grid) || !strings.Contains(strings.Join(res.Notes, "\n"), tc.note) {
				t.Errorf("grid %v, notes %q; want %v and a note %q", grid, res.Notes, tc.grid, tc.note)
			}
		})
	}
}
