package scenarios

import (
	"testing"
	"time"
)

func TestSet(t *testing.T) {
	for _, c := range []struct {
		name string
		sets []string
		// check inspects the loaded scenario; nil when want is an error.
		check func(*Scenario) bool
		want  []string
	}{
		{name: "existing leaf", sets: []string{"workload.synthetic.functions.0.arrival.rate_per_s=7.5"},
			check: func(s *Scenario) bool { return s.Workload.Synthetic.Functions[0].Arrival.RatePerS == 7.5 }},
		{name: "top-level number", sets: []string{"seed=7"},
			check: func(s *Scenario) bool { return s.Seed == 7 }},
		{name: "new leaf in an existing mapping", sets: []string{"platforms.0.memory_mb=2048"},
			check: func(s *Scenario) bool { return s.Platforms[0].MemoryMB == 2048 }},
		{name: "new mapping", sets: []string{"platforms.0.keep_alive.ttl=5m"},
			check: func(s *Scenario) bool {
				k := s.Platforms[0].KeepAlive
				return k.Policy == "fixed" && k.TTL == Duration(5*time.Minute)
			}},
		{name: "two new mappings deep", sets: []string{"platforms.0.cold_start.dist=deterministic", "platforms.0.cold_start.value=1s"},
			check: func(s *Scenario) bool {
				cs := s.Platforms[0].ColdStart
				return cs != nil && cs.Dist.Dist == "deterministic" && cs.Value == Duration(time.Second)
			}},
		{name: "a flow mapping as the value", sets: []string{"platforms.0.cold_start={dist: exponential, mean: 250ms}"},
			check: func(s *Scenario) bool { return s.Platforms[0].ColdStart.Mean == Duration(250*time.Millisecond) }},
		{name: "later set wins", sets: []string{"seed=1", "seed=2"},
			check: func(s *Scenario) bool { return s.Seed == 2 }},
		{name: "index out of range", sets: []string{"platforms.9.name=x"},
			want: []string{"--set platforms.9.name: no platforms[9] (the scenario has 1)"}},
		{name: "index into an absent list", sets: []string{"platforms.0.initial_instances.0.count=5"},
			want: []string{"--set platforms.0.initial_instances.0.count: no platforms[0].initial_instances[0] (the scenario has no platforms[0].initial_instances): set the whole list, e.g. platforms.0.initial_instances='[...]'"}},
		{name: "into a scalar", sets: []string{"platforms.0.name.first=x"},
			want: []string{`--set platforms.0.name.first: cannot set first inside platforms[0].name: it is "lambda", not a mapping`}},
		{name: "list without index", sets: []string{"platforms.lambda.name=x"},
			want: []string{"--set platforms.lambda.name: platforms is a list: use an index, e.g. platforms.0"}},
		{name: "unknown field added by set", sets: []string{"platforms.0.colour=blue"},
			want: []string{`--set platforms.0.colour: unknown field "colour"`}},
		{name: "bad value type", sets: []string{"seed=many"},
			want: []string{`--set seed: want an integer, got "many"`}},
		{name: "bad value", sets: []string{"platforms.0.keep_alive.ttl=banana"},
			want: []string{`--set platforms.0.keep_alive.ttl: invalid duration "banana"`}},
		{name: "invalid value reported against the set", sets: []string{"workload.synthetic.functions.0.arrival.rate_per_s=-1"},
			want: []string{"--set workload.synthetic.functions.0.arrival.rate_per_s: must be a finite number > 0, got -1"}},
		{name: "no equals sign", sets: []string{"seed"},
			want: []string{"--set seed: want key=value"}},
		{name: "empty path element", sets: []string{"platforms..name=x"},
			want: []string{"--set platforms..name: empty element in key"}},
		{name: "bad YAML value", sets: []string{"seed=[1"},
			want: []string{`--set seed: invalid value "[1"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Load("t.yaml", []byte(tiny), c.sets)
			if c.want != nil {
				checkProblems(t, err, c.want)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(s) {
				t.Errorf("--set %v not applied: %+v", c.sets, s)
			}
		})
	}
}

// A --set must not move the lines of the rest of the file.
func TestSetKeepsLines(t *testing.T) {
	src := edit(t, "rate_per_s: 2", "rate_per_s: -2")
	_, err := Load("t.yaml", []byte(src), []string{"platforms.0.keep_alive={policy: none}", "seed=3"})
	checkProblems(t, err, []string{"t.yaml:7: workload.synthetic.functions[0].arrival.rate_per_s"})
}

func TestSetThroughAlias(t *testing.T) {
	src := tiny + "  - &p {name: other, preset: generic}\n  - *p\n"
	_, err := Load("t.yaml", []byte(src), []string{"platforms.2.name=x"})
	// The alias decodes to a copy of the anchored platform, name included.
	checkProblems(t, err, []string{
		"--set platforms.2.name: platforms[2] is an alias (*p): set the anchored value instead",
		`t.yaml:13: platforms[2].name: duplicate platform name "other" (also platforms[1])`,
	})
}
