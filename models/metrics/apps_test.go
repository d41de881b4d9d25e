package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"faassim/sim"
)

// The nearest-rank rule on hand-made sets: rank ceil(p/100 x n), 1-based.
func TestNearestRank(t *testing.T) {
	ten := []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90} // n 10: ranks 3, 5, 8, 9
	four := []float64{5, 25, 50, 100}                       // n 4: ranks 1, 2, 3, 4
	tests := []struct {
		name   string
		sorted []float64
		p      float64
		want   float64
	}{
		{"ten p25", ten, 25, 20},
		{"ten p50", ten, 50, 40},
		{"ten p75", ten, 75, 70},
		{"ten p90", ten, 90, 80},
		{"ten p100", ten, 100, 90},
		{"four p25", four, 25, 5},
		{"four p50", four, 50, 25},
		{"four p75", four, 75, 50},
		{"four p90", four, 90, 100},
		{"one", []float64{42}, 25, 42},
		{"none", nil, 50, 0},
	}
	for _, tc := range tests {
		if got := NearestRank(tc.sorted, tc.p); got != tc.want {
			t.Errorf("%s: NearestRank(%v, %v) = %v, want %v", tc.name, tc.sorted, tc.p, got, tc.want)
		}
	}
}

// app is a record with its idle memory-time given in GB-seconds.
func app(name string, requests, cold int64, gbS float64) AppCount {
	return AppCount{Name: name, Requests: requests, ColdStarts: cold, idleMBNS: gbS * 1024 * float64(sim.Second)}
}

// Two replications of four apps: pooled, x has 4 requests and 1 cold (25%),
// y 10 and 5 (50%), z 3 and 3 (100%: 3 >= 2 x 2 replications is false, so
// z is left out), w 20 and 2 (10%). Counted: w 10, x 25, y 50; nearest rank
// over n 3: p25 rank 1, p50 rank 2, p75 rank 3, p90 rank 3. Wasted memory:
// (1+2+3+4) + (4+3+2+1) GB-s over 2 replications = 10.
func TestSummarizeAppsPools(t *testing.T) {
	runs := []Run{
		{Requests: 1, WindowS: 1, Apps: []AppCount{app("x", 1, 1, 1), app("y", 6, 3, 2), app("z", 2, 2, 3), app("w", 10, 1, 4)}},
		{Requests: 1, WindowS: 1, Apps: []AppCount{app("x", 3, 0, 4), app("y", 4, 2, 3), app("z", 1, 1, 2), app("w", 10, 1, 1)}},
	}
	got := Summarize("p", "faas", runs, 720*sim.Hour).Apps
	want := &Apps{Count: 3, ColdStartPct: AppPercentiles{P25: 10, P50: 25, P75: 50, P90: 50}, WastedMemoryGBS: 10}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	top := TopApps(runs, 3)
	wantTop := []TopApp{
		{App: "w", Requests: 10, ColdStarts: 1, ColdStartPct: 10, WastedMemoryGBS: 2.5},
		{App: "y", Requests: 5, ColdStarts: 3, ColdStartPct: 50, WastedMemoryGBS: 2.5}, // 2.5 cold rounds half away from zero
		{App: "x", Requests: 2, ColdStarts: 1, ColdStartPct: 25, WastedMemoryGBS: 2.5},
	}
	if !reflect.DeepEqual(top, wantTop) {
		t.Errorf("top 3:\n got %+v\nwant %+v", top, wantTop)
	}
	if TopApps(runs, 0) != nil || TopApps([]Run{{WindowS: 1}}, 3) != nil {
		t.Error("a top list with n 0 or without records")
	}
	if got := Summarize("c", "container", []Run{{WindowS: 1}}, 720*sim.Hour).Apps; got != nil {
		t.Errorf("apps without records: %+v", got)
	}
}

// Ties in requests go by name, whatever the order of the records.
func TestTopAppsTiesByName(t *testing.T) {
	runs := []Run{{Apps: []AppCount{app("b", 5, 0, 0), app("c", 7, 0, 0), app("a", 5, 1, 0)}}}
	var names []string
	for _, a := range TopApps(runs, 10) {
		names = append(names, a.App)
	}
	if got := strings.Join(names, ","); got != "c,a,b" {
		t.Errorf("order %s, want c,a,b", got)
	}
}

// The JSON keys of apps are part of the results contract.
func TestAppsJSONKeys(t *testing.T) {
	b, err := json.Marshal(Platform{Name: "p", Kind: "faas", Apps: &Apps{Count: 1, Top: []TopApp{{App: "a"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	apps := m["apps"].(map[string]any)
	want := map[string][]string{
		"apps":           {"cold_start_pct", "count", "top", "wasted_memory_gb_s"},
		"cold_start_pct": {"p25", "p50", "p75", "p90"},
		"top":            {"app", "cold_start_pct", "cold_starts", "requests", "wasted_memory_gb_s"},
	}
	for name, obj := range map[string]any{"apps": apps, "cold_start_pct": apps["cold_start_pct"], "top": apps["top"].([]any)[0]} {
		if got := keysOf(t, obj); !reflect.DeepEqual(got, want[name]) {
			t.Errorf("%s keys %v, want %v", name, got, want[name])
		}
	}
	b, _ = json.Marshal(Platform{Name: "c", Kind: "container"})
	if strings.Contains(string(b), `"apps"`) {
		t.Errorf("a platform without per-app records writes apps: %s", b)
	}
}

func TestAppCountAddIdleClips(t *testing.T) {
	s := sim.Second
	var a AppCount
	a.AddIdle(0, 5*s, 2*s, 10*s, 2048)    // 3 s inside
	a.AddIdle(8*s, 20*s, 2*s, 10*s, 1024) // 2 s inside
	a.AddIdle(11*s, 20*s, 2*s, 10*s, 1024)
	if got := a.WastedGBSeconds(); math.Abs(got-8) > 1e-12 {
		t.Errorf("%v GB-s, want 3 s x 2 GB + 2 s x 1 GB = 8", got)
	}
}

func ExampleNearestRank() {
	pcts := []float64{0, 0, 5, 20, 50, 100} // sorted per-app cold-start percentages
	for _, p := range []float64{25, 50, 75, 90} {
		fmt.Printf("p%v %v\n", p, NearestRank(pcts, p))
	}
	// Output:
	// p25 0
	// p50 5
	// p75 50
	// p90 100
}
