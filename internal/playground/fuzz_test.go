package playground

import (
	"encoding/json"
	"net/http"
	"testing"

	"faassim/internal/limits"
)

// FuzzRun sends arbitrary bodies to /api/run and /api/export: whatever a
// page (or anything else reaching the port) sends, the answer is JSON with
// the schema, a status the API names, and no panic. The work budget is
// small, so that a body that loads runs a short simulation at most.
func FuzzRun(f *testing.F) {
	for _, seed := range []string{
		`{"example":"cold-starts-101","sets":[]}`,
		`{"example":"cold-starts-101","sets":["platforms.0.keep_alive.ttl=1m"],"page":"p1"}`,
		`{"example":"power-tuning","sets":["platforms.0.memory_mb=2048"],"previous":{"example":"power-tuning","sets":[]}}`,
		`{"example":"cold-starts-101","sets":["workload.functions_from=/etc/passwd"]}`,
		`{"example":"cold-starts-101","sets":["workload={trace: {format: csv, path: /etc/passwd}}"]}`,
		`{"example":"cold-starts-101","sets":["platforms.0.keep_alive.ttl=banana"]}`,
		`{"example":"cold-starts-101","sets":["horizon=&a [*a, *a]"]}`,
		`{"example":"nope","sets":null}`,
		`{"example":1}`,
		`{"example":"cold-starts-101"} {}`,
		`[]`,
	} {
		f.Add(seed)
	}
	s := newTestServer(f, Config{Budget: limits.Budget{MaxEvents: 2e5, MaxMemory: 200e6}})
	h := s.Handler()
	named := map[int]bool{http.StatusOK: true, http.StatusBadRequest: true, http.StatusConflict: true,
		http.StatusRequestEntityTooLarge: true, http.StatusUnsupportedMediaType: true, http.StatusUnprocessableEntity: true,
		http.StatusServiceUnavailable: true, http.StatusGatewayTimeout: true}
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{PathRun, PathExport} {
			w := call(h, http.MethodPost, path, body)
			if !named[w.Code] {
				t.Fatalf("%s %q: status %d\n%s", path, body, w.Code, w.Body)
			}
			var answer struct {
				Schema string `json:"schema"`
				Error  string `json:"error"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || answer.Schema != Schema {
				t.Fatalf("%s %q: answer %d is not the API's JSON (%v)\n%s", path, body, w.Code, err, w.Body)
			}
			if w.Code != http.StatusOK && answer.Error == "" {
				t.Fatalf("%s %q: status %d without an error message", path, body, w.Code)
			}
		}
	})
}
