package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"faassim/models/analytic"
)

func TestExamplesLoad(t *testing.T) {
	list := Examples()
	var names []string
	for _, e := range list {
		names = append(names, e.Name)
		if e.Description == "" {
			t.Errorf("example %s has no description", e.Name)
		}
		s, err := Open("example:"+e.Name, nil)
		if err != nil {
			t.Errorf("example %s: %v", e.Name, err)
			continue
		}
		if s.Name != e.Name {
			t.Errorf("example %s is named %q inside", e.Name, s.Name)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("examples %v are not sorted", names)
	}
	for _, want := range []string{"default", "erlang-b", "simfaas-readme", "cold-starts-101", "keep-alive-tradeoff",
		"burst-throttling", "power-tuning", "serverless-vs-containers", "keepalive-study"} {
		if !slices.Contains(names, want) {
			t.Errorf("no example %s among %v", want, names)
		}
	}
}

func TestUnknownExample(t *testing.T) {
	_, err := Open("example:nope", nil)
	want := `unknown example "nope" (known: after-quiet-night, azure-sample, burst-throttling, cold-starts-101, default,`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want %s", err, want)
	}
	if _, err := ExampleSource("../load.go"); err == nil {
		t.Error("ExampleSource reached outside the examples")
	}
}

// The erlang-b example states its expected blocking probability; it must be
// the one its parameters give.
func TestErlangBExample(t *testing.T) {
	s, err := Open("example:erlang-b", nil)
	if err != nil {
		t.Fatal(err)
	}
	f := s.Workload.Synthetic.Functions[0]
	a := f.Arrival.RatePerS * time.Duration(f.Duration.Mean).Seconds()
	c := s.Platforms[0].Concurrency.AccountLimit
	want := fmt.Sprintf("Erlang B(%d, %g) = %.6f", c, a, analytic.ErlangB(c, a))
	if !strings.Contains(s.Description, want) {
		t.Errorf("description %q does not state %q", s.Description, want)
	}
}

func TestSimFaaSExample(t *testing.T) {
	s, err := Open("example:simfaas-readme", nil)
	if err != nil {
		t.Fatal(err)
	}
	f, p := s.Workload.Synthetic.Functions[0], s.Platforms[0]
	// SimFaaS's cold service rate is 1/2.244 s: cold start + warm duration.
	cold := time.Duration(p.ColdStart.Mean + f.Duration.Mean)
	if cold != 2244*time.Millisecond {
		t.Errorf("mean cold service time %v, want 2.244s", cold)
	}
	if s.Horizon != Duration(1e6*time.Second) || p.KeepAlive.TTL != Duration(600*time.Second) {
		t.Errorf("horizon %v, ttl %v; want 1e6 s and 600 s", s.Horizon, p.KeepAlive.TTL)
	}
}

// The keep-alive study is what its description says: at least 2,000
// functions over a day on the generic preset, instances per app, the five
// fixed keep-alives of Shahrad et al. (ATC 2020, Figure 15) and the hybrid
// policy; and it runs, at reduced scale, with every platform on the same
// requests.
func TestKeepaliveStudyExample(t *testing.T) {
	s, err := Open("example:keepalive-study", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := s.Workload.Synth
	if g == nil || g.Functions < 2000 || s.Horizon != Duration(24*time.Hour) || s.Warmup <= 0 {
		t.Fatalf("workload %+v, horizon %v, warm-up %v; want a synth population of >= 2,000 functions over 24h with a warm-up", g, s.Horizon, s.Warmup)
	}
	want := map[string]time.Duration{"fixed-5m": 5 * time.Minute, "fixed-10m": 10 * time.Minute, "fixed-20m": 20 * time.Minute,
		"fixed-60m": time.Hour, "fixed-120m": 2 * time.Hour, "hybrid": 0}
	if len(s.Platforms) != len(want) {
		t.Errorf("%d platforms, want %d", len(s.Platforms), len(want))
	}
	for _, p := range s.Platforms {
		ttl, ok := want[p.Name]
		switch {
		case !ok:
			t.Errorf("platform %s not in the study", p.Name)
		case p.Preset != "generic" || p.InstancesPer != "app" || p.MemoryMB != 0:
			t.Errorf("%s: preset %q, instances per %q, memory %d MB; want generic, per app, the apps' memory", p.Name, p.Preset, p.InstancesPer, p.MemoryMB)
		case ttl == 0 && p.KeepAlive.Policy != "hybrid":
			t.Errorf("%s: policy %q, want hybrid", p.Name, p.KeepAlive.Policy)
		case ttl > 0 && (p.KeepAlive.Policy != "fixed" || time.Duration(p.KeepAlive.TTL) != ttl):
			t.Errorf("%s: %s %v, want fixed %v", p.Name, p.KeepAlive.Policy, time.Duration(p.KeepAlive.TTL), ttl)
		}
	}
	pop := fmt.Sprintf("%s functions in %d apps", thousands(g.Functions), s.gen.files.Apps)
	for _, w := range []string{"Figure 15", "third-quartile", "--per-app", "normalised to the 10-minute", pop} {
		if !strings.Contains(s.Description, w) {
			t.Errorf("description does not say %q", w)
		}
	}
	res := runExample(t, "keepalive-study", cheapExampleSets["keepalive-study"]...)
	for _, p := range res.Platforms {
		if p.Requests == 0 || p.Requests != res.Platforms[0].Requests {
			t.Errorf("%s: %d requests (%s: %d); want the same non-zero requests everywhere", p.Name, p.Requests, res.Platforms[0].Name, res.Platforms[0].Requests)
		}
	}
	if len(res.Workload) != 2 || !strings.Contains(res.Workload[0], "100 functions") {
		t.Errorf("workload lines %q, want the generated population and its replay", res.Workload)
	}
}

// Large examples are those whose estimate exceeds LargeExampleEvents: the
// two studies (a day of 2,000 functions on six platforms, two weeks of
// 500 on three), and none of the teaching examples, which tests run whole.
func TestExampleIsLarge(t *testing.T) {
	large := map[string]bool{"keepalive-study": true, "keepalive-history": true}
	for _, e := range Examples() {
		got, err := ExampleIsLarge(e.Name)
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if got != large[e.Name] {
			t.Errorf("example %s: large %v, want %v", e.Name, got, large[e.Name])
		}
	}
	if _, err := ExampleIsLarge("no-such-example"); err == nil {
		t.Error("an unknown example was measured")
	}
}
