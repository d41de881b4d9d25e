package metrics

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func keysOf(t *testing.T, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%v is not a JSON object", v)
	}
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestJSONContract pins the key names of schema faassim/results/v1:
// renaming one breaks every reader.
func TestJSONContract(t *testing.T) {
	r := Results{Schema: Schema, MonthS: 2592000, Platforms: []Platform{{CI95: map[string][2]float64{"utilization": {0.1, 0.2}}}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	latency := []string{"max", "mean", "p50", "p90", "p95", "p99", "p999"}
	plat := doc["platforms"].([]any)[0].(map[string]any)
	tests := []struct {
		name string
		obj  any
		want []string
	}{
		{"results", doc, []string{"horizon_s", "month_s", "platforms", "replications", "scenario", "schema", "seed", "warmup_s"}},
		{"platform", plat, []string{"ci95", "cold_start_ratio", "cold_starts", "completed",
			"cost_per_million_requests_usd", "cost_usd", "in_flight", "instance_seconds", "instances", "kind",
			"latency_ms", "monthly_cost_usd", "name", "rejected", "requests", "saturated", "timed_out",
			"utilization", "wait_ms"}},
		{"latency_ms", plat["latency_ms"], latency},
		{"wait_ms", plat["wait_ms"], latency},
		{"instances", plat["instances"], []string{"max", "mean"}},
		{"instance_seconds", plat["instance_seconds"], []string{"busy", "idle"}},
		{"cost_usd", plat["cost_usd"], []string{"compute", "control_plane", "idle", "provisioned", "requests", "storage", "total"}},
	}
	for _, tt := range tests {
		if got := keysOf(t, tt.obj); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s keys = %v\nwant %v", tt.name, got, tt.want)
		}
	}
	if got := plat["ci95"].(map[string]any)["utilization"]; !reflect.DeepEqual(got, []any{0.1, 0.2}) {
		t.Errorf("ci95.utilization = %v, want [0.1 0.2]", got)
	}
}

func TestJSONEmptyArrayAndNoCI(t *testing.T) {
	b, err := json.Marshal(Results{Schema: Schema})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"schema":"faassim/results/v1","scenario":"","seed":0,"horizon_s":0,` +
		`"warmup_s":0,"replications":0,"platforms":[]}`
	if string(b) != want {
		t.Errorf("no platforms: got %s\nwant %s", b, want)
	}
	// One replication has no interval: the key is left out, not null.
	b, err = json.Marshal(Summarize("a", "faas", []Run{{Requests: 1}}, month30))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "ci95") {
		t.Errorf("one run: ci95 present in %s", b)
	}
}
