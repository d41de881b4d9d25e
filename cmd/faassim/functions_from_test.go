package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// functions_from on a trace workload, through faassim run: the trace's
// functions named in serverless.yml get its memory, timeout, runtime (the
// cold-start family: Java's 372 ms median, Shilkov 2021, for api; Python's
// 215 ms for worker) and reserved concurrency; the trace's function the
// file lacks keeps the scenario's settings and is listed in the warnings.
func TestRunFunctionsFromTrace(t *testing.T) {
	stdout, stderr, code := call("run", filepath.Join("testdata", "functions_from", "scenario.yaml"), "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Warnings  []string `json:"warnings"`
		Platforms []struct {
			Settings struct {
				Functions []struct {
					Name      string  `json:"name"`
					MemoryMB  int     `json:"memory_mb"`
					TimeoutS  float64 `json:"timeout_s"`
					Reserved  int     `json:"reserved"`
					ColdStart string  `json:"cold_start"`
				} `json:"functions"`
			} `json:"settings"`
		} `json:"platforms"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	type want struct {
		memMB    int
		timeoutS float64
		reserved int
		cold     string
	}
	wants := map[string]want{"api": {2048, 20, 3, "median 372ms"}, "worker": {256, 10, 0, "median 215ms"}, "other": {128, 900, 0, "median 215ms"}}
	got := res.Platforms[0].Settings.Functions
	if len(got) != len(wants) {
		t.Fatalf("functions %+v, want api, worker and other", got)
	}
	for _, f := range got {
		w := wants[f.Name]
		if f.MemoryMB != w.memMB || f.TimeoutS != w.timeoutS || f.Reserved != w.reserved || !strings.Contains(f.ColdStart, w.cold) {
			t.Errorf("%s: %+v, want %+v", f.Name, f, w)
		}
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "workload function other is not in the file") {
		t.Errorf("warnings %q: want other listed as not in the file", res.Warnings)
	}
}
