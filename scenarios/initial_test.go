package scenarios

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/models/metrics"
	"faassim/reports"
)

// initialBase is a one-function scenario whose platforms a test appends.
const initialBase = `name: transient
seed: 3
horizon: 30s
warmup: 0s
workload:
  synthetic:
    functions:
      - name: api
        runtime: python
        cpu_bound_fraction: 0
        arrival: {process: replay, at: [25s]}
        duration: {dist: exponential, mean: 10s}
      - name: worker
        runtime: python
        cpu_bound_fraction: 0
        arrival: {process: replay, at: [26s]}
        duration: {dist: deterministic, value: 1s}
platforms:
`

// Problems with initial_instances are reported at their file, line and
// field: bad states and counts, functions that do not exist, expiries where
// they mean nothing or are missing, counts over the platform's limits, and
// what a container platform cannot start from.
func TestInitialInstancesProblems(t *testing.T) {
	lambda := "  - name: lambda\n    preset: aws-lambda-x86\n    initial_instances:\n"
	target := "  - name: run\n    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 1}\n" +
		"    scaling: {policy: target, target: 0.7, min: 1, max: 4}\n    initial_instances:\n"
	fixed := "  - name: run\n    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 1}\n" +
		"    scaling: {policy: fixed, replicas: 2}\n    initial_instances:\n"
	for _, c := range []struct {
		name, platform string
		want           []string
	}{
		{"unknown state", lambda + "      - {state: warm, count: 1}\n",
			[]string{`t.yaml:22: platforms[0].initial_instances[0].state: want busy or idle, got "warm"`}},
		{"count 0", lambda + "      - {state: busy, count: 0}\n",
			[]string{`t.yaml:22: platforms[0].initial_instances[0].count: want 1 to 1,000,000 instances, got 0`}},
		{"no such function", lambda + "      - {state: busy, count: 1}\n      - {state: idle, count: 2, expires_in: 5m, function: web}\n",
			[]string{`t.yaml:23: platforms[0].initial_instances[1].function: no function "web" in the workload (its functions: api, worker)`}},
		{"idle without expiry", lambda + "      - {state: idle, count: 2}\n",
			[]string{`t.yaml:22: platforms[0].initial_instances[0].expires_in: idle instances need a positive expiry`}},
		{"busy with expiry", lambda + "      - {state: busy, count: 2, expires_in: 5m}\n",
			[]string{`t.yaml:22: platforms[0].initial_instances[0].expires_in: applies to idle instances only`}},
		{"over the account limit", lambda + "      - {state: busy, count: 501}\n",
			[]string{`t.yaml:21: platforms[0].initial_instances: 1,002 busy instances in all, over the 1000 the account limit leaves to functions without reserved concurrency (each busy instance runs an execution, which counts as in flight): lower their counts or raise concurrency.account_limit`}},
		{"hostile count on a generic platform", "  - name: g\n    concurrency: {max_instances: 100}\n    initial_instances:\n      - {state: idle, count: 1000000, expires_in: 1h}\n",
			[]string{`t.yaml:21: platforms[0].initial_instances: function api starts with 1e6 initial and 0 provisioned instances, over max_instances 100: lower the counts or raise concurrency.max_instances`}},
		{"container busy", target + "      - {state: busy, count: 2}\n",
			[]string{`t.yaml:25: platforms[0].initial_instances[0].state: a container platform starts from ready replicas`}},
		{"container expiry", target + "      - {state: idle, count: 2, expires_in: 1m}\n",
			[]string{`t.yaml:25: platforms[0].initial_instances[0].expires_in: applies to FaaS platforms only`}},
		{"container over max", target + "      - {state: idle, count: 3}\n      - {state: idle, count: 2}\n",
			[]string{`t.yaml:24: platforms[0].initial_instances: 5 ready replicas: want scaling.min 1 to scaling.max 4`}},
		{"fixed fleet", fixed + "      - {state: idle, count: 2}\n",
			[]string{`t.yaml:24: platforms[0].initial_instances: a fixed fleet is always fully ready`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("t.yaml", []byte(initialBase+c.platform), nil)
			checkProblems(t, err, c.want)
		})
	}
}

// Busy instances on a trace draw from the function's duration table where
// the reader keeps one per function: an azure2019 replay of one day (the
// bundled excerpt's percentile rows; a generated population). Lambda
// REPORT logs give durations with their invocations only, and several
// azure2019 days read their tables as the replay reaches them: busy
// entries are refused there, idle ones run.
func TestInitialBusyOnTraces(t *testing.T) {
	run := func(workload, state string) (metrics.Platform, error) {
		horizon := "10m"
		if strings.Contains(workload, "days:") {
			horizon = "25h" // into the second day: a horizon of one day replays only the first
		}
		src := "name: t\nhorizon: " + horizon + "\nwarmup: 0s\nworkload:\n  " + workload + "\nplatforms:\n  - name: lambda\n    preset: aws-lambda-x86\n" +
			"    initial_instances: [{state: " + state + ", count: 2}]\n"
		if state == "idle" {
			src = strings.Replace(src, "count: 2}", "count: 2, expires_in: 1m}", 1)
		}
		s, err := Load("examples/t.yaml", []byte(src), nil)
		if err != nil {
			return metrics.Platform{}, err
		}
		res, err := Run(context.Background(), s, Options{})
		if err != nil {
			return metrics.Platform{}, err
		}
		return res.Platforms[0], nil
	}
	for _, w := range []string{"trace: {format: azure2019, dir: traces/azure2019-excerpt, day: 1}", "synth: {functions: 5}"} {
		p, err := run(w, "busy")
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		if p.Settings.InitialInstances != "2 busy per function" {
			t.Errorf("%s: settings %q", w, p.Settings.InitialInstances)
		}
	}
	// Two days of the excerpt: day 1 copied as day 2.
	dir := t.TempDir()
	for _, name := range []string{"app_memory_percentiles.anon", "function_durations_percentiles.anon", "invocations_per_function_md.anon"} {
		data, err := os.ReadFile("examples/traces/azure2019-excerpt/" + name + ".d01.csv")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{".d01.csv", ".d02.csv"} {
			if err := os.WriteFile(filepath.Join(dir, name+d), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, w := range []string{"trace: {format: lambda-report, paths: [own-system/logs/*.log]}", "trace: {format: azure2019, dir: " + dir + ", days: 1-2}"} {
		if _, err := run(w, "busy"); err == nil || !strings.Contains(err.Error(), "this trace keeps none for it") {
			t.Errorf("%s: error %v, want busy refused for want of a duration distribution", w, err)
		}
		if _, err := run(w, "idle"); err != nil {
			t.Errorf("%s with idle instances: %v", w, err)
		}
	}
}

// --set gives initial_instances like any other list key, and the settings
// say what the run started from.
func TestInitialInstancesBySet(t *testing.T) {
	p := runResults(t, initialBase+"  - name: lambda\n    preset: aws-lambda-x86\n",
		"platforms.0.initial_instances=[{state: idle, count: 5, expires_in: 10s}, {state: busy, count: 1, function: worker}]").Platforms[0]
	if want := "5 idle expiring in 10s per function, 1 busy for worker"; p.Settings.InitialInstances != want {
		t.Errorf("settings %q, want %q", p.Settings.InitialInstances, want)
	}
	// api's request at 25 s is cold (its 5 idle instances expired at
	// 10 s); worker's at 26 s is warm on the instance whose initial
	// execution ended at 1 s (the keep-alive is 10 minutes). Instance-
	// seconds: 2 x 5 x 10 s idle, worker's busy one 30 s, api's new one
	// 25-30 s: 135.
	if p.ColdStarts != 1 || p.Requests != 2 {
		t.Errorf("%d cold starts of %d requests, want 1 of 2", p.ColdStarts, p.Requests)
	}
	if got := p.InstanceSeconds.Busy + p.InstanceSeconds.Idle; math.Abs(got-135) > 1e-9 {
		t.Errorf("%v instance-seconds, want 135", got)
	}
}

// Without initial_instances the results are byte-identical to a run that
// never heard of them; with them, the arrivals are the same requests (their
// own stream leaves the others alone).
func TestInitialLeavesOtherStreams(t *testing.T) {
	render := func(sets ...string) ([]byte, metrics.Results) {
		s, err := Open("example:default", append([]string{"horizon=20m", "warmup=0s"}, sets...))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), s, Options{Timeline: 60e9})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := reports.JSON(&buf, res); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), res
	}
	a, plain := render()
	b, _ := render("platforms.0.initial_instances=[]")
	if !bytes.Equal(a, b) {
		t.Error("an empty initial_instances changed the JSON")
	}
	_, warm := render("platforms.0.initial_instances=[{state: busy, count: 2}, {state: idle, count: 3, expires_in: 2m}]")
	for i := range plain.Platforms {
		p, w := plain.Platforms[i], warm.Platforms[i]
		if p.Requests != w.Requests || !equalFloats(p.Timeline.Requests, w.Timeline.Requests) {
			t.Errorf("platform %s: %d requests, %d with initial instances (or a different timeline)", p.Name, p.Requests, w.Requests)
		}
	}
	if p, w := plain.Platforms[0], warm.Platforms[0]; w.ColdStarts >= p.ColdStarts {
		t.Errorf("platform %s: %d cold starts with warm instances at the start, %d without: want fewer", p.Name, w.ColdStarts, p.ColdStarts)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The transient check: 3 busy instances with exponential durations
// of mean m = 10 s and no arrivals. Each is still busy at t with
// probability p(t) = e^(-t/m) (memoryless durations from time 0), so the
// expected number busy is 3p(t), and a bucket [a, b) of the mean timeline
// (busy_instances, a time average per bucket) expects 3 x (m/(b-a)) x
// (e^(-a/m) - e^(-b/m)). Per replication the bucket's value is a time
// average of a binomial(3, p(t)) count; its variance is at most the
// average of 3p(1-p) over the bucket, which is at most 3p̄(1-p̄) for the
// bucket's mean p̄ (p(1-p) is concave). Over R = 2,000 replications the
// mean's standard error is then at most sqrt(3p̄(1-p̄)/R); 4 of them bound
// each of the 30 buckets with a false-alarm rate of 30 x 6e-5.
func TestInitialBusyDecay(t *testing.T) {
	const reps, mean = 2000, 10.0
	s, err := Load("t.yaml", []byte(initialBase+"  - name: g\n    keep_alive: {policy: none}\n    initial_instances: [{state: busy, count: 3, function: api}]\n"),
		[]string{"replications=2000", "workload.synthetic.functions.0.arrival.at=[1h]", "workload.synthetic.functions.1.arrival.at=[1h]"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{Timeline: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Platforms[0]
	if p.Requests != 0 || p.ColdStarts != 0 {
		t.Fatalf("%d requests, %d cold starts: want none", p.Requests, p.ColdStarts)
	}
	busy := p.Timeline.BusyInstances
	if len(busy) != 30 {
		t.Fatalf("%d buckets, want 30", len(busy))
	}
	for k, got := range busy {
		a, b := float64(k), float64(k+1)
		pbar := mean / (b - a) * (math.Exp(-a/mean) - math.Exp(-b/mean))
		se := math.Sqrt(3 * pbar * (1 - pbar) / reps)
		if want := 3 * pbar; math.Abs(got-want) > 4*se {
			t.Errorf("second %d: %.4f busy on average, want 3e^(-t/m) averaged over the bucket = %.4f ± %.4f (4 standard errors)", k, got, want, 4*se)
		}
	}
}

// Hostile input: a million idle instances on each of 10,000 functions of a
// platform without limits is refused by the memory estimate, which names
// them, before any instance exists.
func TestInitialHostileCountIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: hostile\nhorizon: 1m\nworkload:\n  synthetic:\n    functions:\n")
	for k := range 10_000 {
		fmt.Fprintf(&b, "    - {name: f%d, arrival: {process: replay, at: [1h]}, duration: {dist: exponential, mean: 1s}}\n", k)
	}
	b.WriteString("platforms:\n  - name: g\n    cold_start: {dist: deterministic, value: 100ms}\n    initial_instances: [{state: idle, count: 1000000, expires_in: 1h}]\n")
	s, err := Load("t.yaml", []byte(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), s, Options{})
	if err == nil || !strings.Contains(err.Error(), "platform g starts with 1e10 initial instances") {
		t.Errorf("error %v, want the estimate to refuse 1e10 initial instances", err)
	}
}

// A container service started with 3 ready replicas serves 3 requests
// arriving together at once, none cold; started from min (1), the same
// requests queue on its one replica (the autoscaler's first sync is at
// 15 s), the third for 2 s.
func TestInitialReadyReplicas(t *testing.T) {
	platform := func(initial string) string {
		return "  - name: run\n    kind: container\n    preset: aws-fargate-x86\n    replica: {vcpu: 1, memory_gb: 2, slots: 1, startup: 60s}\n" +
			"    scaling: {policy: target, target: 0.5, min: 1, max: 4}\n" + initial
	}
	sets := []string{"workload.synthetic.functions.0.arrival.at=[1s, 1s, 1s]", "workload.synthetic.functions.1.arrival.at=[1h]",
		"workload.synthetic.functions.0.duration={dist: deterministic, value: 1s}"}
	run := func(initial string) metrics.Platform {
		return runResults(t, initialBase+platform(initial), sets...).Platforms[0]
	}
	ready := run("    initial_instances: [{state: idle, count: 3}]\n")
	if ready.Settings.InitialInstances != "3 ready replicas" || ready.Completed != 3 || ready.ColdStarts != 0 || ready.LatencyMS.Max > 1001 {
		t.Errorf("3 ready replicas: settings %q, %d completed, %d cold starts, max latency %v ms; want 3 served at once, none cold",
			ready.Settings.InitialInstances, ready.Completed, ready.ColdStarts, ready.LatencyMS.Max)
	}
	if one := run(""); one.LatencyMS.Max != 3000 {
		t.Errorf("from min 1: max latency %v ms, want 3000 (2 s queued, 1 s run)", one.LatencyMS.Max)
	}
}
