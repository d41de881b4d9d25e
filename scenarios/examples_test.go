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
		"burst-throttling", "power-tuning", "serverless-vs-containers"} {
		if !slices.Contains(names, want) {
			t.Errorf("no example %s among %v", want, names)
		}
	}
}

func TestUnknownExample(t *testing.T) {
	_, err := Open("example:nope", nil)
	want := `unknown example "nope" (known: azure-sample, burst-throttling, cold-starts-101, default,`
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
