package playground

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"faassim/scenarios"
)

// format writes a control's value as the page does: a number in its
// shortest form, an integer, or a duration from seconds.
func format(c Control, v float64) string {
	switch c.Format {
	case "integer":
		return strconv.Itoa(int(math.Round(v)))
	case "duration":
		return time.Duration(math.Round(v * 1e9)).String()
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// writes are the --set overrides that move control c to v (a choice for a
// choice control) on target t.
func writes(c Control, t Target, v float64, choice string) []string {
	var sets []string
	for _, p := range t.Paths {
		switch {
		case p.Fixed != "":
			sets = append(sets, p.Path+"="+p.Fixed)
		case c.Kind == "choice":
			sets = append(sets, p.Path+"="+choice)
		default:
			f := p.Factor
			if f == 0 {
				f = 1
			}
			sets = append(sets, p.Path+"="+format(c, v*f))
		}
	}
	return sets
}

// changesFixed reports whether writing t's current value through its paths
// changes a Fixed field (cv on a poisson function turns it into gamma).
func changesFixed(t Target) bool {
	return slices.ContainsFunc(t.Paths, func(p SetPath) bool { return p.Fixed != "" })
}

func mustResultsJSON(t *testing.T, s *scenarios.Scenario) string {
	t.Helper()
	r, err := scenarios.Run(context.Background(), s, scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestControlsRoundTrip writes every control's current value back through
// its paths, as the page would, on every offered example: the scenario
// shows the same controls and runs to the same results, byte for byte. A
// path with a Fixed value that differs from the file (cv turning poisson
// into gamma) changes the random draws, so it is checked to load and to
// read back the same value instead.
func TestControlsRoundTrip(t *testing.T) {
	m, err := loadManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range m.Examples {
		t.Run(o.Name, func(t *testing.T) {
			t.Parallel()
			base, err := loadState(o.Name, o.Sets)
			if err != nil {
				t.Fatal(err)
			}
			want := Controls(base, base)
			sets := slices.Clone(o.Sets)
			for _, c := range want {
				for _, tg := range c.Targets {
					w := writes(c, tg, tg.Value, tg.Choice)
					if !changesFixed(tg) {
						sets = append(sets, w...)
						continue
					}
					s, err := loadState(o.Name, append(slices.Clone(o.Sets), w...))
					if err != nil {
						t.Fatalf("%s on %s: %v: %v", c.ID, tg.Name, w, err)
					}
					if got := findTarget(Controls(s, base), c.ID, tg.Index); got == nil || got.Value != tg.Value {
						t.Errorf("%s on %s: wrote %v, reads back %+v", c.ID, tg.Name, w, got)
					}
				}
			}
			s, err := loadState(o.Name, sets)
			if err != nil {
				t.Fatalf("%v: %v", sets, err)
			}
			if got := Controls(s, base); !reflect.DeepEqual(got, want) {
				t.Errorf("controls after writing their values back differ:\n got %+v\nwant %+v", got, want)
			}
			if a, b := mustResultsJSON(t, base), mustResultsJSON(t, s); a != b {
				t.Errorf("results after writing every control's value back (%v) differ", sets[len(o.Sets):])
			}
		})
	}
}

func findTarget(cs []Control, id string, index int) *Target {
	for _, c := range cs {
		if c.ID != id {
			continue
		}
		for i := range c.Targets {
			if c.Targets[i].Index == index {
				return &c.Targets[i]
			}
		}
	}
	return nil
}

// TestControlsReachOnlyValidValues writes the Min and the Max of every
// range control, and every choice of every choice control, on each target
// of every offered example: each loads without a problem, so no control
// can reach an invalid scenario.
func TestControlsReachOnlyValidValues(t *testing.T) {
	m, err := loadManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range m.Examples {
		base, err := loadState(o.Name, o.Sets)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range Controls(base, base) {
			if c.Kind == "range" && !(c.Min < c.Max) {
				t.Errorf("%s %s: empty range [%v, %v]", o.Name, c.ID, c.Min, c.Max)
			}
			if c.Log && c.Min <= 0 {
				t.Errorf("%s %s: log scale from %v", o.Name, c.ID, c.Min)
			}
			for _, tg := range c.Targets {
				var all [][]string
				if c.Kind == "choice" {
					if !slices.Contains(c.Choices, tg.Choice) {
						t.Errorf("%s %s on %s: current %q is not a choice %v", o.Name, c.ID, tg.Name, tg.Choice, c.Choices)
					}
					for _, ch := range c.Choices {
						all = append(all, writes(c, tg, 0, ch))
					}
				} else {
					all = [][]string{writes(c, tg, c.Min, ""), writes(c, tg, c.Max, "")}
				}
				for _, w := range all {
					if _, err := loadState(o.Name, append(slices.Clone(o.Sets), w...)); err != nil {
						t.Errorf("%s %s on %s: %v: %v", o.Name, c.ID, tg.Name, w, err)
					}
				}
			}
		}
	}
}

// TestControlsApplyWhereTheyMeanSomething checks which targets each
// control has on examples that exercise every rule.
func TestControlsApplyWhereTheyMeanSomething(t *testing.T) {
	tests := []struct {
		example string
		want    map[string][]string // control ID -> target names; absent: no control
	}{
		{"cold-starts-101", map[string][]string{
			ControlRate: {"report"}, ControlCV: {"report"}, ControlDuration: {"report"},
			ControlMemory: {"ttl-1m", "ttl-5m", "ttl-10m", "ttl-30m"}, ControlPolicy: {"ttl-1m", "ttl-5m", "ttl-10m", "ttl-30m"},
			ControlTTL: {"ttl-1m", "ttl-5m", "ttl-10m", "ttl-30m"}, ControlProvisioned: {"ttl-1m", "ttl-5m", "ttl-10m", "ttl-30m"},
			ControlAccountLimit: {"ttl-1m", "ttl-5m", "ttl-10m", "ttl-30m"},
		}},
		// Functions of different memory: no single memory to show; hybrid
		// has no TTL; Cloud Run has no account limit and no provisioned
		// price on the instance-billed sheet, but does share instances.
		{"keep-alive-tradeoff", map[string][]string{
			ControlRate: {"api", "hourly", "rare"}, ControlCV: {"api", "hourly", "rare"}, ControlDuration: {"api", "hourly", "rare"},
			ControlPolicy: {"lambda", "cloud-run-instance-billed", "hybrid"}, ControlTTL: {"lambda", "cloud-run-instance-billed"},
			ControlPerInstance: {"cloud-run-instance-billed"}, ControlProvisioned: {"lambda", "hybrid"}, ControlAccountLimit: {"lambda", "hybrid"},
		}},
		// mmpp: a burst rate, no cv.
		{"burst-throttling", map[string][]string{
			ControlRate: {"ingest"}, ControlBurstRate: {"ingest"}, ControlDuration: {"ingest"},
			ControlMemory: {"reject", "queue"}, ControlPolicy: {"reject", "queue"}, ControlTTL: {"reject", "queue"},
			ControlProvisioned: {"reject", "queue"}, ControlAccountLimit: {"reject", "queue"},
		}},
		// Containers: replicas on the fixed fleet, target on the autoscaled one.
		{"serverless-vs-containers", map[string][]string{
			ControlRate: {"api"}, ControlCV: {"api"}, ControlDuration: {"api"}, ControlMemory: {"lambda"}, ControlPolicy: {"lambda"},
			ControlTTL: {"lambda"}, ControlProvisioned: {"lambda"}, ControlAccountLimit: {"lambda"},
			ControlReplicas: {"fargate"}, ControlTarget: {"kubernetes"},
		}},
		// The generic textbook platform has no prices: no memory.
		{"erlang-b", map[string][]string{
			ControlRate: {"server"}, ControlCV: {"server"}, ControlDuration: {"server"}, ControlPolicy: {"erlang-b-20"},
			ControlPerInstance: {"erlang-b-20"}, ControlProvisioned: {"erlang-b-20"}, ControlAccountLimit: {"erlang-b-20"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.example, func(t *testing.T) {
			s, err := loadState(tt.example, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, c := range Controls(s, s) {
				for _, tg := range c.Targets {
					got[c.ID] = append(got[c.ID], tg.Name)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("controls:\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestControlsValuesAndBase checks values read from cur, Base from base,
// preset defaults resolved, and the paths a lognormal duration writes.
func TestControlsValuesAndBase(t *testing.T) {
	base, err := loadState("serverless-vs-containers", nil)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := loadState("serverless-vs-containers", []string{
		"workload.synthetic.functions.0.arrival.rate_per_s=30", "platforms.0.keep_alive.ttl=90s", "platforms.1.scaling.replicas=5"})
	if err != nil {
		t.Fatal(err)
	}
	cs := Controls(cur, base)
	tests := []struct {
		id          string
		index       int
		value, base float64
	}{
		{ControlRate, 0, 30, 10},
		{ControlTTL, 0, 90, 360},
		{ControlReplicas, 1, 5, 2},
		{ControlAccountLimit, 0, 1000, 1000}, // Lambda's preset default, not written
		{ControlMemory, 0, 512, 512},         // the function's, the platform sets none
		{ControlDuration, 0, 0.08, 0.08},
		{ControlTarget, 2, 0.6, 0.6},
	}
	for _, tt := range tests {
		got := findTarget(cs, tt.id, tt.index)
		if got == nil || got.Value != tt.value || got.Base != tt.base {
			t.Errorf("%s[%d] = %+v, want value %v base %v", tt.id, tt.index, got, tt.value, tt.base)
		}
	}
	d := findTarget(cs, ControlDuration, 0)
	if len(d.Paths) != 2 || d.Paths[1].Path != "workload.synthetic.functions.0.duration.p99" || d.Paths[1].Factor != 6.25 {
		t.Errorf("duration paths = %+v, want median and p99 at factor 500ms/80ms", d.Paths)
	}
}

func TestNiceRange(t *testing.T) {
	tests := []struct{ x, up, down float64 }{
		{0.0833, 0.1, 0.05}, {20, 20, 20}, {3, 5, 2}, {0.3, 0.5, 0.2}, {7, 10, 5}, {1e-5, 1e-5, 1e-5},
	}
	for _, tt := range tests {
		if got := niceUp(tt.x); got != tt.up {
			t.Errorf("niceUp(%v) = %v, want %v", tt.x, got, tt.up)
		}
		if got := niceDown(tt.x); got != tt.down {
			t.Errorf("niceDown(%v) = %v, want %v", tt.x, got, tt.down)
		}
	}
}

// TestRateOfBurstyTraffic: an mmpp's rate_per_s is the rate between bursts
// (5/s on burst-throttling, whose mean is 100/s): the control's help and
// the words for a change say so, rather than let it pass for the mean.
func TestRateOfBurstyTraffic(t *testing.T) {
	s, err := loadState("burst-throttling", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Controls(s, s) {
		if c.ID == ControlRate && !strings.Contains(c.Help, "rate between bursts") {
			t.Errorf("rate help %q does not say it is the quiet rate", c.Help)
		}
	}
	if what, _ := settingWords(s, "workload.synthetic.functions.0.arrival.rate_per_s"); what != "quiet rate of ingest" {
		t.Errorf("words %q, want quiet rate of ingest", what)
	}
	p, err := loadState("cold-starts-101", nil)
	if err != nil {
		t.Fatal(err)
	}
	if what, _ := settingWords(p, "workload.synthetic.functions.0.arrival.rate_per_s"); what != "rate of report" {
		t.Errorf("words %q on Poisson traffic, want rate of report", what)
	}
}
