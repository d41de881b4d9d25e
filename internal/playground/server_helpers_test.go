package playground

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// testAddr is the address test servers are told they listen on.
const testAddr = "127.0.0.1:8080"

// testManifest offers two small examples with overrides of the
// playground's own, independent of the embedded manifest's content.
func testManifest() *manifest {
	return &manifest{
		Default: "cold-starts-101",
		Examples: []Offered{
			{Name: "cold-starts-101", Sets: []string{"horizon=24h"}, Note: "horizon 200h shortened to 24h"},
			{Name: "power-tuning", Sets: []string{"horizon=1h"}},
		},
	}
}

// newTestServer is a server on testManifest with cfg's zero fields set for
// tests: the address, a one-second-scale time budget, two slots.
func newTestServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Addr == "" {
		cfg.Addr = testAddr
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxConcurrent == 0 {
		cfg.MaxConcurrent = 2
	}
	s, err := newServer(cfg, testManifest())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// call sends a request through h with the server's own Host (and JSON
// when body is not "") and returns the recorded answer.
func call(h http.Handler, method, path, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Host = testAddr
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// decode reads a JSON answer into v, failing the test on bad JSON.
func decode(t testing.TB, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("answer %d is not JSON: %v\n%s", w.Code, err, w.Body)
	}
}

// runBody is a RunRequest's JSON.
func runBody(t testing.TB, req RunRequest) string {
	t.Helper()
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// errorOf decodes an ErrorResponse, checking its schema.
func errorOf(t testing.TB, w *httptest.ResponseRecorder) ErrorResponse {
	t.Helper()
	var e ErrorResponse
	decode(t, w, &e)
	if e.Schema != Schema || e.Error == "" {
		t.Errorf("error answer %d lacks schema or message: %s", w.Code, w.Body)
	}
	return e
}
