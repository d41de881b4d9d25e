package metrics

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// FigureKeys is the table reports and analyze read the figures by: its
// keys must be the JSON keys, in the struct's order, each reaching its
// own field.
func TestFigureKeysAreTheJSONKeys(t *testing.T) {
	var f Figures
	for i, k := range FigureKeys {
		f.Set(k.Key, float64(i+1))
	}
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, k := range FigureKeys {
		want = append(want, `"`+k.Key+`":`+strconv.Itoa(i+1))
		if v, ok := f.Get(k.Key); !ok || v != float64(i+1) {
			t.Errorf("%s: got %v, %v", k.Key, v, ok)
		}
	}
	if got := string(data); got != "{"+strings.Join(want, ",")+"}" {
		t.Errorf("JSON %s, want the keys of FigureKeys in order", got)
	}
	if _, ok := (&Figures{}).Get("cold_start_ratio"); ok {
		t.Errorf("an unset figure reads as set")
	}
}

func TestAnalysisJSONArrays(t *testing.T) {
	data, err := json.Marshal(Analysis{Schema: AnalysisSchema, Platforms: []AnalyzedPlatform{{Name: "a"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"notes":[]`, `"analytic":null`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %s", data, want)
		}
	}
	if data, _ := json.Marshal(Analysis{}); !strings.Contains(string(data), `"platforms":[]`) {
		t.Errorf("%s: platforms not an array", data)
	}
}
