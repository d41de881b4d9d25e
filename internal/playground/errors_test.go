package playground

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"faassim/scenarios"
)

// Every kind of error a scenario file gives through --set comes back as a
// JSON error with the field, in the words `faassim run --set` uses.
func TestRunScenarioErrors(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	offered := testManifest().Examples[0]
	for _, c := range []struct {
		name, set string
		file      string // the first problem's File
		field     string // its Field
		reason    string // in its Reason
	}{
		{"invalid duration", "platforms.0.keep_alive.ttl=abc", "--set platforms.0.keep_alive.ttl", "platforms[0].keep_alive.ttl", "invalid duration"},
		{"unknown key", "platforms.0.nope=1", "--set platforms.0.nope", "platforms[0].nope", `unknown field "nope"`},
		{"bad index", "platforms.9.memory_mb=512", "--set platforms.9.memory_mb", "", "no platforms[9]"},
		{"wrong type", "platforms.0.memory_mb=lots", "--set platforms.0.memory_mb", "platforms[0].memory_mb", "want an integer"},
		{"yaml syntax", "horizon=[1,", "--set horizon", "", "invalid value"},
		{"out of range", "platforms.0.memory_mb=100000", "--set platforms.0.memory_mb", "platforms[0].memory_mb", "must be within 128..10240 MB"},
		{"zero ttl", "platforms.0.keep_alive.ttl=0s", "--set platforms.0.keep_alive.ttl", "platforms[0].keep_alive.ttl", "needs ttl > 0"},
		{"not key=value", "horizon", "--set horizon", "", "want key=value"},
		{"empty key", "=5", "--set =5", "", "want key=value"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := call(h, "POST", PathRun, runBody(t, RunRequest{State: State{Example: offered.Name, Sets: []string{c.set}}}))
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", w.Code, w.Body)
			}
			e := errorOf(t, w)
			if len(e.Problems) == 0 {
				t.Fatalf("no problems: %s", w.Body)
			}
			p := e.Problems[0]
			if p.File != c.file || p.Field != c.field || !strings.Contains(p.Reason, c.reason) {
				t.Errorf("problem %+v, want file %q field %q reason with %q", p, c.file, c.field, c.reason)
			}
			// The CLI's words: what loading the example with the same
			// overrides says.
			_, err := scenarios.OpenWith("example:"+offered.Name, append(offered.Sets, c.set), scenarios.Options{})
			var probs scenarios.Problems
			if !errors.As(err, &probs) || e.Error != probs.Error() {
				t.Errorf("message %q, want the CLI's %v", e.Error, err)
			}
		})
	}
}

// A problem with a line of the file carries it.
func TestRunProblemLine(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	w := call(h, "POST", PathRun, runBody(t, RunRequest{State: State{Example: "cold-starts-101", Sets: []string{"platforms.0.memory_mb=-5"}}}))
	e := errorOf(t, w)
	found := false
	for _, p := range e.Problems {
		found = found || (p.File == "cold-starts-101.yaml" && p.Line > 0 && p.Field != "")
	}
	if w.Code != 400 || !found {
		t.Errorf("status %d problems %+v: want one at cold-starts-101.yaml with a line", w.Code, e.Problems)
	}
}

// Requests refused before any scenario is loaded: each a JSON error with
// its status and, where there is one, the field.
func TestBadRequests(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	many := make([]string, MaxSets+1)
	for i := range many {
		many[i] = "seed=1"
	}
	manyBody, _ := json.Marshal(State{Example: "power-tuning", Sets: many})
	big := `{"example":"power-tuning","sets":["description=` + strings.Repeat("x", MaxBodyBytes) + `"]}`
	for _, c := range []struct {
		name, method, path, body, contentType string
		status                                int
		field                                 string // "" none
		inError                               string
	}{
		{"unknown example", "POST", PathRun, `{"example":"nope"}`, "application/json", 400, "example", `unknown example "nope" (offered: cold-starts-101, power-tuning)`},
		{"large study not offered", "POST", PathRun, `{"example":"keepalive-study"}`, "application/json", 400, "example", "unknown example"},
		{"too many sets", "POST", PathRun, string(manyBody), "application/json", 400, "sets", fmt.Sprintf("%d overrides: at most %d", MaxSets+1, MaxSets)},
		{"body too large", "POST", PathRun, big, "application/json", 413, "", "over 65536 bytes"},
		{"unknown json field", "POST", PathRun, `{"example":"power-tuning","nope":1}`, "application/json", 400, "nope", `unknown field "nope"`},
		{"wrong json type", "POST", PathRun, `{"example":"power-tuning","sets":"seed=1"}`, "application/json", 400, "sets", "want a []string"},
		{"trailing data", "POST", PathRun, `{"example":"power-tuning"} {}`, "application/json", 400, "", "data after the JSON object"},
		{"not an object", "POST", PathRun, `null`, "application/json", 400, "", "want a JSON object"},
		{"bad json", "POST", PathRun, `{"example":`, "application/json", 400, "", "request body"},
		{"bad page", "POST", PathRun, `{"example":"power-tuning","page":"a b"}`, "application/json", 400, "page", "64 characters"},
		{"wrong content type", "POST", PathRun, `{"example":"power-tuning"}`, "text/plain", 415, "", "want application/json"},
		{"json-like content type", "POST", PathRun, `{"example":"power-tuning"}`, "application/jsonx", 415, "", "want application/json"},
		{"form post (a simple request)", "POST", PathRun, `{"example":"power-tuning"}`, "application/x-www-form-urlencoded", 415, "", "want application/json"},
		{"multipart form", "POST", PathExport, `{"example":"power-tuning"}`, "multipart/form-data; boundary=x", 415, "", "want application/json"},
		{"text first", "POST", PathRun, `{"example":"power-tuning"}`, "text/plain; application/json", 415, "", "want application/json"},
		{"deeply nested", "POST", PathRun, `{"example":"power-tuning","sets":` + strings.Repeat("[", 30000) + strings.Repeat("]", 30000) + `}`, "application/json", 400, "", "request body"},
		{"deeply nested unknown field", "POST", PathRun, `{"example":"power-tuning","x":` + strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000) + `}`, "application/json", 400, "", "request body"},
		{"no content type", "POST", PathExport, `{"example":"power-tuning"}`, "", 415, "", "want application/json"},
		{"export unknown field", "POST", PathExport, `{"example":"power-tuning","page":"x"}`, "application/json", 400, "page", "unknown field"},
		{"run by GET", "GET", PathRun, "", "", 405, "", "want POST"},
		{"export by PUT", "PUT", PathExport, "", "", 405, "", "want POST"},
		{"catalog by POST", "POST", PathCatalog, `{}`, "application/json", 405, "", "want GET"},
		{"page by DELETE", "DELETE", "/", "", "", 405, "", "want GET"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := call(h, c.method, c.path, c.body, "Content-Type", c.contentType)
			if r.Code != c.status {
				t.Fatalf("status %d, want %d: %s", r.Code, c.status, r.Body)
			}
			e := errorOf(t, r)
			if !strings.Contains(e.Error, c.inError) {
				t.Errorf("error %q, want it to hold %q", e.Error, c.inError)
			}
			if c.field != "" && (len(e.Problems) != 1 || e.Problems[0].Field != c.field) {
				t.Errorf("problems %+v, want one at field %q", e.Problems, c.field)
			}
			if c.status == 405 && r.Header().Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

// Overrides that would read a file are refused before loading: each file
// key, its ancestors (a mapping may hold it) and what lies under it; the
// file is never read.
func TestLocalFilesRefused(t *testing.T) {
	secret := writeScenario(t, "functions: {}\n") // a real file: a read would change the answer
	h := newTestServer(t, Config{}).Handler()
	for _, c := range []struct{ set, field string }{
		{"workload.functions_from=" + secret, "workload.functions_from"},
		{"workload.trace.dir=/etc", "workload.trace.dir"},
		{"workload.trace.path=" + secret, "workload.trace.path"},
		{"workload.trace.paths=[" + secret + "]", "workload.trace.paths"},
		{"workload.trace.paths.0=" + secret, "workload.trace.paths"},
		{"workload.trace={format: csv, path: " + secret + "}", "workload.trace.dir"},
		{"workload={functions_from: " + secret + "}", "workload.trace.dir"},
		{" workload . functions_from =" + secret, "workload.functions_from"},
	} {
		for _, path := range []string{PathRun, PathExport} {
			t.Run(path+" "+c.set, func(t *testing.T) {
				st := State{Example: "cold-starts-101", Sets: []string{"seed=3", c.set}}
				body, _ := json.Marshal(RunRequest{State: st})
				if path == PathExport {
					body, _ = json.Marshal(st)
				}
				w := call(h, "POST", path, string(body))
				e := errorOf(t, w)
				if w.Code != 400 || len(e.Problems) != 1 || e.Problems[0].Field != c.field ||
					!strings.HasPrefix(e.Problems[0].File, "--set ") || !strings.Contains(e.Problems[0].Reason, "reads a file") {
					t.Errorf("status %d problems %+v: want one refusing %s", w.Code, e.Problems, c.field)
				}
			})
		}
	}
}

// The second lock: a scenario that reads a file its base does not is
// refused after loading, whatever let it through.
func TestLocalFilesAfterLoad(t *testing.T) {
	s := newTestServer(t, Config{})
	off := s.offers["cold-starts-101"]
	sls := filepath.Join(t.TempDir(), "serverless.yml")
	if err := os.WriteFile(sls, []byte("service: x\nprovider: {name: aws, runtime: python3.12}\nfunctions:\n  report: {handler: a.h}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Bypass checkState, as a hole in it would: the file is read (that is
	// why checkState must refuse it first), then the scenario refused.
	_, err := s.load(t.Context(), off, []string{"workload.functions_from=" + sls})
	var he *httpError
	if !errors.As(err, &he) || he.status != 400 || len(he.problems) == 0 || !strings.Contains(he.problems[0].Reason, "the playground refuses it") {
		t.Errorf("got %v, want the local file refused", err)
	}
}

// A JSON content type with parameters or in capitals is JSON.
func TestJSONContentTypes(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	for _, ct := range []string{"application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"} {
		if w := call(h, "POST", PathRun, `{"example":"power-tuning"}`, "Content-Type", ct); w.Code != 200 {
			t.Errorf("Content-Type %q: status %d: %.200s", ct, w.Code, w.Body)
		}
	}
}
