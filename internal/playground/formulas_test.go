package playground

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mathext"

	"faassim/models/metrics"
)

// z99 is the standard normal's 99th percentile: a lognormal's sigma is
// ln(p99 / median) / z99.
const z99 = 2.3263478740408408

// lognormalMean is the mean of a lognormal given its median and p99.
func lognormalMean(median, p99 float64) float64 {
	s := math.Log(p99/median) / z99
	return median * math.Exp(s*s/2)
}

// erlangBSum is the test's own Erlang B: the textbook sum a^c/c! / Σ a^k/k!,
// in logs to stay finite (not the recursion the code uses).
func erlangBSum(c int, a float64) float64 {
	logTerm := func(k int) float64 { lg, _ := math.Lgamma(float64(k) + 1); return float64(k)*math.Log(a) - lg }
	top := logTerm(c)
	var sum float64
	for k := 0; k <= c; k++ {
		sum += math.Exp(logTerm(k) - top)
	}
	return 1 / sum
}

// batchRatioSE is the standard error of rejected/requests from the
// timeline's buckets as batch means (a ratio estimator): losses in a loss
// system come in clusters, so a binomial error would understate it. The
// buckets (10 minutes) are far longer than the executions (1 s) that
// correlate them.
func batchRatioSE(tl *metrics.Timeline, ratio float64) float64 {
	var k, sumN float64
	var ss float64
	for i := range tl.Requests {
		n, r := tl.Requests[i], tl.Rejected[i]
		if n == 0 {
			continue
		}
		k++
		sumN += n
		ss += (r - ratio*n) * (r - ratio*n)
	}
	mean := sumN / k
	return math.Sqrt(ss/(k*(k-1))) / mean
}

func formulaOf(t *testing.T, fs []Formula, id, platform string) Formula {
	t.Helper()
	for _, f := range fs {
		if f.ID == id && f.Platform == platform {
			return f
		}
	}
	t.Fatalf("no %s formula on %s in %+v", id, platform, fs)
	return Formula{}
}

func TestFormulas(t *testing.T) {
	cases := []struct {
		name, example string
		sets          []string
		id, platform  string
		// want is the closed form computed here, independently; tol the
		// simulation's allowed distance from it, with its reason.
		want func(s Snapshot) float64
		tol  func(s Snapshot, f Formula) float64
	}{{
		name: "fixed-ttl poisson", example: "cold-starts-101", sets: []string{"horizon=400h"},
		id: FormulaFixedTTL, platform: "ttl-5m",
		want: func(Snapshot) float64 { return math.Exp(-0.008333333 * 300) },
		// Each request's fate is its own gap's: binomial, plus the
		// overlaps the formula leaves out (λS, about 0.2%).
		tol: func(s Snapshot, f Formula) float64 {
			p := resultOf(s.Results, f.Platform)
			return 4*binomialSE(f.Value, p.Requests) + 0.003
		},
	}, {
		name: "fixed-ttl gamma", example: "cold-starts-101",
		sets: []string{"horizon=400h", "workload.synthetic.functions.0.arrival.process=gamma", "workload.synthetic.functions.0.arrival.cv=0.5"},
		id:   FormulaFixedTTL, platform: "ttl-1m",
		// Gamma gaps of mean 1/λ and cv 1/2: shape 4, rate 4λ; P(gap > T)
		// is the regularized upper incomplete gamma Q(4, 4λT).
		want: func(Snapshot) float64 { return mathext.GammaIncRegComp(4, 4*0.008333333*60) },
		tol: func(s Snapshot, f Formula) float64 {
			p := resultOf(s.Results, f.Platform)
			return 4*binomialSE(f.Value, p.Requests) + 0.003
		},
	}, {
		name: "erlang-b poisson", example: "erlang-b",
		id: FormulaErlangB, platform: "erlang-b-20",
		want: func(Snapshot) float64 { return erlangBSum(20, 18*1) },
		tol: func(s Snapshot, f Formula) float64 {
			p := resultOf(s.Results, f.Platform)
			return 4 * batchRatioSE(p.Timeline, f.Simulated)
		},
	}, {
		name: "erlang-b mmpp in bursts", example: "burst-throttling", sets: []string{"horizon=4h"},
		id: FormulaErlangB, platform: "reject",
		want: func(s Snapshot) float64 {
			p := resultOf(s.Results, "reject")
			svc := lognormalMean(0.9, 2) + p.WaitMS.Mean/1000
			inBurst, inQuiet := 2000.0*30, 5.0*600
			share := inBurst / (inBurst + inQuiet)
			return share*erlangBSum(1000, 2000*svc) + (1-share)*erlangBSum(1000, 5*svc)
		},
		// Not a sampling bound: the quasi-static approximation ignores the
		// ramp at each burst's start (the scaling rate) and its end.
		tol: func(Snapshot, Formula) float64 { return 0.04 },
	}, {
		name: "littles-law", example: "keep-alive-tradeoff", sets: []string{"horizon=26h"},
		id: FormulaLittle, platform: "lambda",
		want: func(s Snapshot) float64 {
			p := resultOf(s.Results, "lambda")
			exec := 2*lognormalMean(0.05, 0.3) + 0.01*lognormalMean(0.4, 2) + 0.0005*1
			return exec + 2.0105*p.WaitMS.Mean/1000
		},
		// Busy time sums about N executions: relative error
		// sqrt((1 + cv²) / N) for Poisson counts and lognormal durations
		// (cv² = e^(σ²) - 1, below 1 here).
		tol: func(s Snapshot, f Formula) float64 {
			p := resultOf(s.Results, f.Platform)
			return 4 * f.Value * math.Sqrt(2/float64(p.Requests))
		},
	}, {
		// 80 requests to an instance: one instance per function, busy
		// while any of its requests runs, 1 - e^(-λS) of the time
		// (λS/k would say 80 times too few).
		name: "littles-law shared instances", example: "keep-alive-tradeoff", sets: []string{"horizon=26h"},
		id: FormulaLittle, platform: "cloud-run-instance-billed",
		want: func(s Snapshot) float64 {
			p := resultOf(s.Results, "cloud-run-instance-billed")
			speed := func(name string) float64 { return speedOf(p.Settings, name) }
			cold := p.WaitMS.Mean / 1000
			var v float64
			for _, f := range []struct {
				name        string
				rate, meanS float64
			}{{"api", 2, lognormalMean(0.05, 0.3)}, {"hourly", 0.01, lognormalMean(0.4, 2)}, {"rare", 0.0005, 1}} {
				v += 1 - math.Exp(-f.rate*(f.meanS*speed(f.name)+cold))
			}
			return v
		},
		tol: func(s Snapshot, f Formula) float64 {
			p := resultOf(s.Results, f.Platform)
			return 4 * f.Value * math.Sqrt(2/float64(p.Requests))
		},
	}, {
		name: "cpu-share", example: "power-tuning", sets: []string{"horizon=1h", "platforms.0.memory_mb=2048"},
		id: FormulaCPUShare, platform: "lambda",
		want: func(Snapshot) float64 { return 400 * (0.1 + 0.9*(1024.0/1769)/1) },
		// The sample median's error sqrt(1/(4N)) / f(median), f(median) =
		// 1 / (median σ √(2π)) for a lognormal, and the sketch's 1%.
		tol: func(s Snapshot, f Formula) float64 {
			p := resultOf(s.Results, f.Platform)
			sigma := math.Log(1200.0/400) / z99 // the speed factor scales median and p99 alike
			se := math.Sqrt(1/(4*float64(p.Requests))) * f.Value * sigma * math.Sqrt(2*math.Pi)
			return 4*se + 0.01*f.Value
		},
	}, {
		name: "fleet-load", example: "serverless-vs-containers", sets: []string{"horizon=3h"},
		id: FormulaFleetLoad, platform: "fargate",
		want: func(Snapshot) float64 {
			// 30% CPU-bound, measured on Lambda at 512 MB, run on 0.5 vCPU:
			// as much CPU as 885 MB on Lambda (0.5 x 1769, to the MB).
			speed := 0.7 + 0.3*512.0/885
			return 10 * lognormalMean(0.08, 0.5) * speed / (2 * 8)
		},
		tol: func(s Snapshot, f Formula) float64 {
			p := resultOf(s.Results, f.Platform)
			return 4 * f.Value * math.Sqrt(2/float64(p.Requests))
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := snap(t, c.example, c.sets...)
			_, fs := Explain(nil, s)
			f := formulaOf(t, fs, c.id, c.platform)
			want := c.want(s)
			if math.Abs(f.Value-want) > 1e-9*math.Max(1, want) {
				t.Errorf("value %.12g, closed form %.12g (worked: %s)", f.Value, want, f.Worked)
			}
			tol := c.tol(s, f)
			t.Logf("formula %.6g, simulated %.6g, tolerance %.3g", f.Value, f.Simulated, tol)
			if math.Abs(f.Simulated-f.Value) > tol {
				t.Errorf("simulated %.6g, formula %.6g: %.3g apart, more than %.3g", f.Simulated, f.Value, math.Abs(f.Simulated-f.Value), tol)
			}
			if f.Source == "" || f.Equation == "" || f.Worked == "" || f.SimulatedLabel == "" {
				t.Errorf("incomplete formula %+v", f)
			}
		})
	}
}

// TestBreakEven checks the break-even rate by running the scenario at it:
// there the FaaS platform and the fleet must cost the same.
func TestBreakEven(t *testing.T) {
	s := snap(t, "serverless-vs-containers", "horizon=3h")
	_, fs := Explain(nil, s)
	var f Formula
	for _, g := range fs {
		if g.ID == FormulaBreakEven && g.Name == "Break-even rate, lambda against fargate" {
			f = g
		}
	}
	if f.ID == "" {
		t.Fatalf("no break-even of lambda against fargate in %+v", fs)
	}
	lambda, fargate := resultOf(s.Results, "lambda"), resultOf(s.Results, "fargate")
	now := float64(lambda.Requests) / windowS(s.Results)
	if want := now * fargate.MonthlyCostUSD / lambda.MonthlyCostUSD; math.Abs(f.Value-want) > 1e-9*want {
		t.Errorf("break-even %v, want %v", f.Value, want)
	}
	at := snap(t, "serverless-vs-containers", "horizon=3h", "workload.synthetic.functions.0.arrival.rate_per_s="+sig(f.Value, 6))
	l, c := resultOf(at.Results, "lambda").MonthlyCostUSD, resultOf(at.Results, "fargate").MonthlyCostUSD
	// The request count at about 12/s over 2.5 h is Poisson (se 0.2%);
	// cold starts and billing rounding add a little more.
	if math.Abs(l-c)/c > 0.02 {
		t.Errorf("at %v/s lambda costs %v a month and fargate %v: not the same", f.Value, l, c)
	}
}

// TestBreakEvenWhereItHolds: λ* = M_fleet / (cost per request × month)
// needs a FaaS bill proportional to the rate. A free tier (a fixed saving)
// and provisioned instances (a fixed charge) break that, and the average
// cost per request would put the rate in the wrong place: no formula, and
// the words say why. Past a fixed fleet's capacity the rate is no
// break-even: the words say the fleet saturates first.
func TestBreakEvenWhereItHolds(t *testing.T) {
	for _, c := range []struct {
		set, reason string
	}{
		{"platforms.0.free_tier=true", "free tier"},
		{"platforms.0.provisioned=5", "provisioned instances"},
	} {
		t.Run(c.set, func(t *testing.T) {
			s := snap(t, "serverless-vs-containers", "horizon=2h", c.set)
			e, fs := Explain(nil, s)
			for _, f := range fs {
				if f.ID == FormulaBreakEven {
					t.Errorf("break-even given with %s: %+v", c.set, f)
				}
			}
			if !strings.Contains(e.Cost, "no break-even rate") || !strings.Contains(e.Cost, c.reason) {
				t.Errorf("cost %q does not say why there is no break-even rate (%s)", e.Cost, c.reason)
			}
		})
	}
	t.Run("past the fleet's capacity", func(t *testing.T) {
		// One slot per 4-vCPU task: a dear fleet that serves little.
		s := snap(t, "serverless-vs-containers", "horizon=2h", "platforms.1.replica.slots=1",
			"platforms.1.replica.vcpu=4", "platforms.1.replica.memory_gb=8")
		e, fs := Explain(nil, s)
		f := formulaOf(t, fs, FormulaBreakEven, "lambda")
		fleet := resultOf(s.Results, "fargate")
		capacity := 2 / (fleet.LatencyMS.Mean / 1000) // 2 slots over the time one request holds one
		if f.Value < 1.5*capacity {
			t.Fatalf("break-even %v/s is not past the capacity of about %v/s", f.Value, capacity)
		}
		if !strings.Contains(e.Cost, "fargate serves at most") || strings.Contains(e.Cost, "so they cost the same") {
			t.Errorf("cost %q claims a break-even the fleet cannot serve", e.Cost)
		}
	})
}

// TestNotProportional: where a FaaS bill is a price per request, and each
// reason it is not.
func TestNotProportional(t *testing.T) {
	const sheet = "aws-lambda-x86-us-east-1"
	// $100 of compute a month at tier 1 ($0.0000166667 per GB-s) is 6 M
	// GB-s: far below the 6 B GB-s tier boundary unless scaled by 1,000.
	plain := metrics.Platform{Kind: "faas", MonthlyCostUSD: 100, CostUSD: metrics.Cost{Total: 1, Compute: 1},
		Settings: &metrics.Settings{PriceSheet: sheet}}
	with := func(f func(p *metrics.Platform)) metrics.Platform {
		p := plain
		st := *plain.Settings
		p.Settings = &st
		f(&p)
		return p
	}
	for _, c := range []struct {
		name  string
		p     metrics.Platform
		scale float64
		want  string // a phrase of the reason, "" for proportional
	}{
		{"proportional", plain, 10, ""},
		{"past the first tier", plain, 1001, "price tier"},
		{"free tier", with(func(p *metrics.Platform) { p.Settings.FreeTier = true }), 1, "free tier"},
		{"provisioned", with(func(p *metrics.Platform) { p.CostUSD.Provisioned = 0.1 }), 1, "provisioned"},
		{"idle billed", with(func(p *metrics.Platform) { p.CostUSD.Idle = 0.1 }), 1, "idle instance time"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := notProportional(&c.p, c.scale)
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("notProportional = %q, want %q", got, c.want)
			}
		})
	}
}

// TestFixedTTLSaysWhatItLeavesOut: where one function's requests overlap
// often (the api at 2/s × 67 ms), its pool's growth makes cold starts
// e^(-λT) leaves out, more than the formula's own on keep-alive-tradeoff:
// the worked line and the words must say so rather than let the gap
// between formula and simulation stand unexplained.
func TestFixedTTLSaysWhatItLeavesOut(t *testing.T) {
	s := snap(t, "keep-alive-tradeoff", "horizon=8h")
	_, fs := Explain(nil, s)
	f := formulaOf(t, fs, FormulaFixedTTL, "lambda")
	if f.Simulated < 1.5*f.Value {
		t.Fatalf("simulated %v against formula %v: no gap to explain", f.Simulated, f.Value)
	}
	lambdaS := 2 * lognormalMean(0.05, 0.3)
	want := "api keeps " + sig(lambdaS, 2) + " executions in flight on average"
	if !strings.Contains(f.Worked, want) || !strings.Contains(f.Worked, "not in the formula") {
		t.Errorf("worked %q lacks %q", f.Worked, want)
	}
	x := explainer{cur: s}
	x.ds = formulasOf(s)
	if why := x.coldWhy("lambda"); !strings.Contains(why, "the extra instances api starts") {
		t.Errorf("cold-start words %q do not name the api's pool", why)
	}
}

// TestLittleOnTheRunsArrivals: an MMPP's long-run rate (100/s on
// burst-throttling) is far from what a two-hour run with a handful of
// bursts sees; Little's law holds on the run's own arrivals, and the words
// use them, so busy and idle add up to the instances shown.
func TestLittleOnTheRunsArrivals(t *testing.T) {
	s := snap(t, "burst-throttling")
	p := resultOf(s.Results, "queue")
	obs := float64(p.Requests) / windowS(s.Results)
	if math.Abs(obs-100) < 10 {
		t.Fatalf("this run's rate %v/s is the long-run one: nothing to check", obs)
	}
	_, fs := Explain(nil, s)
	f := formulaOf(t, fs, FormulaLittle, "queue")
	busyObs := obs * lognormalMean(0.9, 2) // on_limit queue: no cold-start share
	if !strings.Contains(f.Worked, "this run's requests came at "+rate(obs)) || !strings.Contains(f.Worked, num(busyObs)) {
		t.Errorf("worked %q does not give Little's law at the run's %s: %s", f.Worked, rate(obs), num(busyObs))
	}
	if math.Abs(busyObs-f.Simulated) > 0.05*f.Simulated {
		t.Errorf("at the run's rate %v busy, simulated %v", busyObs, f.Simulated)
	}
	x := explainer{cur: s, ds: formulasOf(s)}
	if why := x.instancesWhy(pair{name: "queue", cur: p}); !strings.Contains(why, "keeps "+num(busyObs)+" instances busy") {
		t.Errorf("instances %q do not use the run's rate", why)
	}
}

// TestFleetPastCapacity: at ρ ≥ 1 a fleet with a bounded queue does not
// queue without end: it turns away about 1 - 1/ρ of the requests, and
// the rejected count says why.
func TestFleetPastCapacity(t *testing.T) {
	s := snap(t, "serverless-vs-containers", "horizon=1h", "workload.synthetic.functions.0.arrival.rate_per_s=200", "platforms.1.queue_limit=100")
	e, fs := Explain(nil, s)
	f := formulaOf(t, fs, FormulaFleetLoad, "fargate")
	p := resultOf(s.Results, "fargate")
	lost := float64(p.Rejected) / float64(p.Requests)
	if want := 1 - 1/f.Value; math.Abs(lost-want) > 0.02 {
		t.Errorf("rejected %v, 1 - 1/ρ = %v", lost, want)
	}
	for _, w := range []string{"fills to its limit of 100", "about " + pct(1-1/f.Value) + " of requests, is turned away"} {
		if !strings.Contains(f.Worked, w) || !strings.Contains(e.Table, w) {
			t.Errorf("worked %q or table %q lacks %q", f.Worked, e.Table, w)
		}
	}
	if strings.Contains(f.Worked, "without bound") {
		t.Errorf("worked %q: a bounded queue does not grow without bound", f.Worked)
	}
}

// TestFixedTTLOverlapsOnlyWithOneInstance: the overlap correction P(gap <
// S) counts requests that find the only warm instance busy. On Cloud Run
// at one request per instance the api (2/s × 20 ms) overlaps about 5 times
// in every 10-minute keep-alive, so the instance an overlap starts is
// almost always still warm at the next: the correction (3.8%) would
// overstate its cold starts a hundredfold, and is not given.
func TestFixedTTLOverlapsOnlyWithOneInstance(t *testing.T) {
	s := snap(t, "keep-alive-tradeoff", "horizon=8h", "platforms.1.concurrency.per_instance=1")
	_, fs := Explain(nil, s)
	f := formulaOf(t, fs, FormulaFixedTTL, "cloud-run-instance-billed")
	if strings.Contains(f.Worked, "add about") {
		t.Errorf("worked %q gives an overlap correction; simulated %v, formula %v", f.Worked, f.Simulated, f.Value)
	}
	if !strings.Contains(f.Worked, "api keeps") {
		t.Errorf("worked %q does not name the api's pool", f.Worked)
	}
}
