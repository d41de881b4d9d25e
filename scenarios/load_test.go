package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// tiny is a valid scenario; bad inputs are built by editing it so that each
// test case shows the one thing it breaks.
const tiny = `name: tiny
horizon: 1h
workload:
  synthetic:
    functions:
      - name: api
        arrival: {process: poisson, rate_per_s: 2}
        duration: {dist: exponential, mean: 100ms}
        runtime: python
platforms:
  - name: lambda
    preset: aws-lambda-x86
`

func TestLoadDefaults(t *testing.T) {
	s, err := Load("tiny.yaml", []byte(tiny), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := s.Platforms[0]
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"replications", s.Replications, 1},
		{"month: 30 days", s.Month, Duration(720 * time.Hour)},
		{"kind", p.Kind, "faas"},
		{"keep_alive.policy", p.KeepAlive.Policy, "fixed"},
		{"keep_alive.ttl", p.KeepAlive.TTL, Duration(10 * time.Minute)},
		{"on_limit", p.OnLimit, "reject"},
		{"idle_choice", p.IdleChoice, "mru"},
		{"per_instance (preset's)", p.Concurrency.PerInstance, 0},
		{"cold_start (preset's)", p.ColdStart == nil, true},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

// edit replaces old by new in tiny, failing loudly if old is not there.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(tiny, old) {
		t.Fatalf("tiny has no %q", old)
	}
	return strings.Replace(tiny, old, new, 1)
}

func TestLoadProblems(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // each problem line, in order
	}{
		{"unknown key names key and line",
			edit(t, "    preset: aws-lambda-x86\n", "    preset: aws-lambda-x86\n    keepalive: {ttl: 1m}\n"),
			[]string{`t.yaml:13: platforms[0].keepalive: unknown field "keepalive" (valid: name, kind, preset,`}},
		{"ttl banana",
			edit(t, "    preset: aws-lambda-x86\n", "    keep_alive: {policy: fixed, ttl: banana}\n"),
			[]string{`t.yaml:12: platforms[0].keep_alive.ttl: invalid duration "banana"`}},
		{"ttl without unit",
			edit(t, "    preset: aws-lambda-x86\n", "    keep_alive: {ttl: 600}\n"),
			[]string{`t.yaml:12: platforms[0].keep_alive.ttl: invalid duration "600"`}},
		{"negative rate",
			edit(t, "rate_per_s: 2", "rate_per_s: -2"),
			[]string{`t.yaml:7: workload.synthetic.functions[0].arrival.rate_per_s: must be a finite number > 0, got -2`}},
		{"infinite rate",
			edit(t, "rate_per_s: 2", "rate_per_s: .inf"),
			[]string{`t.yaml:7: workload.synthetic.functions[0].arrival.rate_per_s: must be a finite number > 0, got +Inf`}},
		{"missing field reported at its parent's line",
			edit(t, "        duration: {dist: exponential, mean: 100ms}\n", ""),
			[]string{`t.yaml:6: workload.synthetic.functions[0].duration: missing`}},
		{"missing parameter",
			edit(t, "{dist: exponential, mean: 100ms}", "{dist: lognormal, median: 100ms}"),
			[]string{`t.yaml:8: workload.synthetic.functions[0].duration.p99: missing (dist lognormal takes median, p99)`}},
		{"lognormal out of order",
			edit(t, "{dist: exponential, mean: 100ms}", "{dist: lognormal, median: 1s, p99: 100ms}"),
			[]string{`t.yaml:8: workload.synthetic.functions[0].duration: lognormal needs 0 < median < p99`}},
		{"percentiles decreasing",
			edit(t, "{dist: exponential, mean: 100ms}", "{dist: percentiles, p0: 1ms, p1: 2ms, p25: 3ms, p50: 2ms, p75: 5ms, p99: 6ms, p100: 7ms}"),
			[]string{`t.yaml:8: workload.synthetic.functions[0].duration.p50: percentiles must not decrease: p50 2ms < p25 3ms`}},
		{"unknown process lists the valid ones",
			edit(t, "process: poisson", "process: bursty"),
			[]string{`t.yaml:7: workload.synthetic.functions[0].arrival.process: unknown process "bursty" (valid: poisson, deterministic, gamma, diurnal, mmpp, replay, cron)`}},
		{"gamma without its cv",
			edit(t, "process: poisson", "process: gamma"),
			[]string{`arrival.cv: must be within 0.01..10 (the gaps' sd over their mean: 1 is Poisson, below 1 more regular), got 0`}},
		{"a cv on poisson",
			edit(t, "process: poisson", "process: poisson, cv: 0.5"),
			[]string{`arrival.cv: applies to process gamma only`}},
		{"mmpp without its burst parameters",
			edit(t, "process: poisson", "process: mmpp"),
			[]string{`arrival.burst_rate_per_s: must be a finite number > 0`, `arrival.burst_mean: must be at least 1ms`, `arrival.quiet_mean: must be at least 1ms`}},
		{"hybrid percentiles the wrong way round",
			edit(t, "    preset: aws-lambda-x86\n", "    preset: aws-lambda-x86\n    keep_alive: {policy: hybrid, prewarm_percentile: 99, keep_alive_percentile: 5}\n"),
			[]string{`platforms[0].keep_alive: want 0 <= prewarm percentile < keep-alive percentile <= 100`}},
		{"hybrid min_samples below zero",
			edit(t, "    preset: aws-lambda-x86\n", "    preset: aws-lambda-x86\n    keep_alive: {policy: hybrid, min_samples: -1}\n"),
			[]string{`t.yaml:13: platforms[0].keep_alive: want min samples >= 0, got -1`}},
		{"a hybrid setting on a fixed policy",
			edit(t, "    preset: aws-lambda-x86\n", "    preset: aws-lambda-x86\n    keep_alive: {policy: fixed, ttl: 10m, margin: 0.2}\n"),
			[]string{`platforms[0].keep_alive.margin: applies to policy hybrid only`}},
		{"diurnal amplitude out of range",
			edit(t, "process: poisson", "process: diurnal, amplitude: 1.5"),
			[]string{`arrival.amplitude: must be within 0..1`}},
		{"a diurnal field on a poisson process",
			edit(t, "process: poisson", "process: poisson, peak: 14h"),
			[]string{`arrival.peak: applies to process diurnal only`}},
		{"memory out of range",
			edit(t, "      - name: api\n", "      - name: api\n        memory_mb: 64\n"),
			[]string{`t.yaml:7: workload.synthetic.functions[0].memory_mb: function api at 64 MB: aws-lambda-x86 allows 128 to 10240 MB (platform lambda`}},
		{"fraction for an integer",
			edit(t, "      - name: api\n", "      - name: api\n        memory_mb: 512.5\n"),
			[]string{`t.yaml:7: workload.synthetic.functions[0].memory_mb: want an integer, got the number 512.5`}},
		{"max_wait with reject",
			edit(t, "    preset: aws-lambda-x86\n", "    max_wait: 1s\n"),
			[]string{`t.yaml:12: platforms[0].max_wait: applies to on_limit: queue only`}},
		{"bad scale rate",
			edit(t, "    preset: aws-lambda-x86\n", "    concurrency: {scale_rate: 1000}\n"),
			[]string{`t.yaml:12: platforms[0].concurrency.scale_rate: invalid scale rate "1000"`}},
		{"fixed without ttl",
			edit(t, "    preset: aws-lambda-x86\n", "    keep_alive: {policy: fixed}\n"),
			[]string{`t.yaml:12: platforms[0].keep_alive.ttl: policy fixed needs ttl > 0, got 0s`}},
		{"container without scaling or memory",
			edit(t, "    preset: aws-lambda-x86\n", "    kind: container\n    replica: {vcpu: 1, slots: 4}\n"),
			[]string{`t.yaml:11: platforms[0].preset: missing (a container platform needs one of: aws-fargate-arm, aws-fargate-x86, k8s-ec2)`, `t.yaml:11: platforms[0].scaling: missing`, `t.yaml:13: platforms[0].replica.memory_gb: must be a finite number > 0, got 0`}},
		{"container with a FaaS field",
			edit(t, "    preset: aws-lambda-x86\n", "    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 4}\n    scaling: {policy: fixed, replicas: 2}\n    provisioned: 3\n"),
			[]string{`platforms[0].provisioned: applies to kind faas only`}},
		{"target scaling out of range",
			edit(t, "    preset: aws-lambda-x86\n", "    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 4}\n    scaling: {policy: target, target: 1.5, min: 3, max: 2}\n"),
			[]string{`platforms[0].scaling.target: must be within (0, 1]`, `platforms[0].scaling: want 0 <= min <= max`}},
		{"trace and synthetic",
			edit(t, "workload:\n", "workload:\n  trace: {format: azure2019, dir: x, day: 1}\n"),
			[]string{`t.yaml:3: workload: give one of synthetic, trace and synth, not synthetic and trace`}},
		{"trace with an unknown format and spread",
			edit(t, "workload:\n", "workload:\n  trace: {format: azure2020, spread: gaussian}\n"),
			[]string{`t.yaml:3: workload: give one of synthetic, trace and synth, not synthetic and trace`, `workload.trace.format: unknown format "azure2020"`, `workload.trace.spread: unknown spread "gaussian"`}},
		{"duplicate key",
			edit(t, "horizon: 1h\n", "horizon: 1h\nhorizon: 2h\n"),
			[]string{`t.yaml:3: mapping key "horizon" already defined at [2:1]`}}, // the parser's check
		{"alias without anchor",
			edit(t, "horizon: 1h", "horizon: *h"),
			[]string{`horizon: alias *h has no anchor &h before it`}},
		{"replications written as 0 is not defaulted",
			edit(t, "horizon: 1h\n", "horizon: 1h\nreplications: 0\n"),
			[]string{`t.yaml:3: replications: must be >= 1, got 0`}},
		{"two problems at once",
			edit(t, "rate_per_s: 2", "rate_per_s: -2") + "    keep_alive: {ttl: banana}\n",
			[]string{`t.yaml:7: workload.synthetic.functions[0].arrival.rate_per_s`, `t.yaml:13: platforms[0].keep_alive.ttl: invalid duration "banana"`}},
		{"month of ten minutes",
			edit(t, "horizon: 1h\n", "horizon: 1h\nmonth: 10m\n"),
			[]string{`t.yaml:3: month: a month must be 28 to 31 days (672h to 744h; 720h is 30 days, 730h the AWS Pricing Calculator's month), got 10m`}},
		{"negative month",
			edit(t, "horizon: 1h\n", "horizon: 1h\nmonth: -720h\n"),
			[]string{`t.yaml:3: month: must be a positive duration (720h or 730h), got -720h0m0s`}},
		{"month written as 0",
			edit(t, "horizon: 1h\n", "horizon: 1h\nmonth: 0s\n"),
			[]string{`t.yaml:3: month: must be a positive duration, 720h or 730h, got 0s`}},
		{"syntax error",
			"name: [x\n",
			[]string{`t.yaml:1: sequence end token ']' not found`}},
		{"two documents",
			tiny + "---\nname: again\n",
			[]string{`t.yaml:14: a scenario file holds one YAML document, found 2`}},
		{"empty file",
			"",
			[]string{"name: missing", "horizon: must be > 0", "workload: missing", "platforms: at least one platform is needed"}},
		{"not a mapping",
			"- 1\n",
			[]string{"t.yaml:1: want a mapping (keys name, description, seed,"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("t.yaml", []byte(c.src), nil)
			checkProblems(t, err, c.want)
		})
	}
}

// checkProblems checks that err holds exactly len(want) problems, the i-th
// starting with want[i].
func checkProblems(t *testing.T, err error, want []string) {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T), want Problems", err, err)
	}
	if len(ps) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(ps), len(want), err)
	}
	for i, p := range ps {
		if !strings.Contains(p.String(), want[i]) {
			t.Errorf("problem %d = %q, want it to contain %q", i, p, want[i])
		}
	}
}

func TestProblemsFields(t *testing.T) {
	_, err := Open("testdata/two-problems.yaml", nil)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v, want Problems", err)
	}
	want := Problems{
		{File: "testdata/two-problems.yaml", Line: 7, Path: "workload.synthetic.functions[0].arrival.rate_per_s", Reason: "must be a finite number > 0, got -2"},
		{File: "testdata/two-problems.yaml", Line: 12, Path: "platforms[0].keep_alive.ttl", Reason: `invalid duration "banana" (use a Go duration such as 10m or 250ms, or days such as 7d)`},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(want), err)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Errorf("problem %d = %#v, want %#v", i, ps[i], want[i])
		}
	}
	if got := strings.Count(err.Error(), "\n"); got != 1 {
		t.Errorf("error has %d newlines, want 1 (one problem a line)", got)
	}
}

func TestOpenMissingFile(t *testing.T) {
	_, err := Open("testdata/no-such.yaml", nil)
	if err == nil || err.Error() != "open testdata/no-such.yaml: no such file or directory" {
		t.Errorf("error %v, want open ...: no such file or directory", err)
	}
}

func TestValidateWithoutSource(t *testing.T) {
	// A scenario built in Go has no file: problems carry only their path.
	s := &Scenario{Name: "go", Horizon: Duration(time.Hour), Workload: Workload{Synthetic: &Synthetic{
		Functions: []Function{{Name: "f", Runtime: "python", Arrival: Arrival{Process: "poisson", RatePerS: 1},
			Duration: Dist{Dist: "deterministic", Value: Duration(time.Second)}}}}},
		Platforms: []Platform{{Name: "p", Preset: "generic"}}}
	s.ApplyDefaults()
	if err := s.Validate(); err != nil {
		t.Fatalf("valid scenario: %v", err)
	}
	s.Platforms[0].Provisioned = -1
	if err := s.Validate(); err == nil || err.Error() != "platforms[0].provisioned: must be >= 0, got -1" {
		t.Errorf("error %v, want the path and reason only", err)
	}
}

func TestDurationText(t *testing.T) {
	var d Duration
	if err := d.UnmarshalText([]byte("1m30s")); err != nil || d != Duration(90*time.Second) {
		t.Errorf("UnmarshalText(1m30s) = %v, %v", d, err)
	}
	if b, _ := d.MarshalText(); string(b) != "1m30s" {
		t.Errorf("MarshalText = %s, want 1m30s", b)
	}
	if err := d.UnmarshalText([]byte("banana")); err == nil {
		t.Error("UnmarshalText(banana) succeeded")
	}
}

func TestParseScaleRate(t *testing.T) {
	for _, c := range []struct {
		in  string
		n   int
		per time.Duration
		ok  bool
	}{
		{"1000/10s", 1000, 10 * time.Second, true},
		{"50/s", 50, time.Second, true},
		{"3/1.5m", 3, 90 * time.Second, true},
		{" 7 / 2s ", 7, 2 * time.Second, true},
		{"1000", 0, 0, false},
		{"0/10s", 0, 0, false},
		{"-5/10s", 0, 0, false},
		{"x/10s", 0, 0, false},
		{"10/0s", 0, 0, false},
		{"10/-1s", 0, 0, false},
		{"10/", 0, 0, false},
		{"10/banana", 0, 0, false},
	} {
		n, per, err := ParseScaleRate(c.in)
		if (err == nil) != c.ok || n != c.n || per != c.per {
			t.Errorf("ParseScaleRate(%q) = %d, %v, %v; want %d, %v, ok=%v", c.in, n, per, err, c.n, c.per, c.ok)
		}
	}
}

// FuzzLoad checks that no input, file or --set, makes Load panic, and that
// a failure is always a non-empty Problems.
func FuzzLoad(f *testing.F) {
	for _, e := range Examples() {
		src, _ := ExampleSource(e.Name)
		f.Add(src, "")
		f.Add(src, "platforms.0.keep_alive.ttl=5m")
	}
	f.Add([]byte(tiny), "workload.synthetic.functions.0.duration={dist: lognormal, median: 1s, p99: 2s}")
	f.Add([]byte("a: &x {b: *x}\nname: *x\n"), "name.b=1")
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		var sets []string
		if set != "" {
			sets = []string{set}
		}
		s, err := Load("fuzz.yaml", data, sets)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v (%T), want non-empty Problems", err, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Load accepted a scenario Validate rejects: %v", err)
		}
	})
}

func ExampleLoad() {
	src := `
name: hello
horizon: 1h
workload:
  synthetic:
    functions:
      - name: api
        runtime: python
        arrival: {process: poisson, rate_per_s: 5}
        duration: {dist: lognormal, median: 80ms, p99: 600ms}
platforms:
  - name: lambda
    preset: aws-lambda-x86
`
	s, err := Load("hello.yaml", []byte(src), []string{"platforms.0.keep_alive.ttl=5m"})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := s.Platforms[0]
	fmt.Println(p.Name, p.KeepAlive.Policy, p.KeepAlive.TTL, p.OnLimit, s.Replications)
	// Output: lambda fixed 5m0s reject 1
}

func ExampleLoad_problems() {
	src := `
name: broken
horizon: 1h
workload:
  synthetic:
    functions:
      - name: api
        runtime: cobol
        arrival: {process: poisson, rate_per_s: 0}
        duration: {dist: exponential, mean: 100ms}
platforms:
  - name: lambda
    keep_alive: {policy: fixed, ttl: soon}
  - name: cloud-run
    preset: gcp-cloud-run
    memory_mb: 65536
`
	_, err := Load("broken.yaml", []byte(src), nil)
	fmt.Println(err)
	// Output:
	// broken.yaml:8: workload.synthetic.functions[0].runtime: unknown runtime "cobol" (known: container, go, java, nodejs, python)
	// broken.yaml:9: workload.synthetic.functions[0].arrival.rate_per_s: must be a finite number > 0, got 0
	// broken.yaml:13: platforms[0].keep_alive.ttl: invalid duration "soon" (use a Go duration such as 10m or 250ms, or days such as 7d)
	// broken.yaml:16: platforms[1].memory_mb: must be within 128..32768 MB on gcp-cloud-run (or 0 for each function's own), got 65536
}
