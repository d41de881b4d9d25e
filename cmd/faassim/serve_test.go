package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"faassim/internal/playground"
	"faassim/scenarios"
)

// Export's YAML, run with `faassim run FILE --format json`, prints exactly
// export's Results, byte for byte, for every offered example with a few
// overrides; and both equal what the page's state means, `faassim run
// example:NAME --set ...` with the playground's and the page's overrides
// (without this second run a field lost on export would go unnoticed:
// Results are computed from the exported file). Export writes no file.
func TestServeExportReproducesRun(t *testing.T) {
	// The page's overrides for each offered example; an example offered
	// later must be added here.
	pageSets := map[string][]string{
		"cold-starts-101":          {"platforms.0.keep_alive.ttl=2m", "seed=7"},
		"keep-alive-tradeoff":      {"replications=2", "seed=3"},
		"burst-throttling":         {"platforms.0.memory_mb=1024"},
		"power-tuning":             {"seed=5", "platforms.0.memory_mb=2048"},
		"serverless-vs-containers": {"workload.synthetic.functions.0.arrival.rate_per_s=3"},
		"erlang-b":                 {"seed=11"},
		"simfaas-readme":           {"seed=2"},
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where a temporary file of export's would land
	srv, err := playground.New(playground.Config{Addr: "127.0.0.1:8080"})
	mustDo(t, err)
	h := srv.Handler()
	var cat playground.Catalog
	mustDo(t, json.Unmarshal(serveCall(t, h, playground.PathCatalog, "").Body.Bytes(), &cat))
	if len(cat.Examples) < 5 {
		t.Fatalf("only %d examples offered", len(cat.Examples))
	}
	for _, off := range cat.Examples {
		t.Run(off.Name, func(t *testing.T) {
			sets, ok := pageSets[off.Name]
			if !ok {
				t.Fatalf("no overrides for the offered example %s: add some to this test", off.Name)
			}
			dir := t.TempDir()
			body, _ := json.Marshal(playground.State{Example: off.Name, Sets: sets})
			w := serveCall(t, h, playground.PathExport, string(body))
			if w.Code != 200 {
				t.Fatalf("export: status %d: %s", w.Code, w.Body)
			}
			var exp playground.ExportResponse
			mustDo(t, json.Unmarshal(w.Body.Bytes(), &exp))
			for _, kv := range append(append([]string(nil), off.Sets...), sets...) {
				if !strings.Contains(exp.YAML, "--set "+kv) {
					t.Errorf("head comment lacks the override %s:\n%s", kv, exp.YAML)
				}
			}
			file := filepath.Join(dir, exp.Filename)
			mustDo(t, os.WriteFile(file, []byte(exp.YAML), 0o600))
			fromFile := runJSON(t, dir, file)
			args := []string{"example:" + off.Name}
			for _, kv := range append(append([]string(nil), off.Sets...), sets...) {
				args = append(args, "--set", kv)
			}
			fromState := runJSON(t, dir, args...)
			if fromFile != exp.Results {
				t.Errorf("faassim run on the exported file differs from export's results:\nrun:    %.300s\nexport: %.300s", fromFile, exp.Results)
			}
			if fromState != exp.Results {
				t.Errorf("faassim run %s differs from export's results (the exported YAML lost or changed something):\nrun:    %.300s\nexport: %.300s",
					strings.Join(args, " "), fromState, exp.Results)
			}
		})
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("export left %d files in the temporary directory, e.g. %s", len(left), left[0].Name())
	}
}

// The command line's scenario exports too, under its own file name, and
// a state whose override cannot load exports nothing: no YAML carries it.
func TestServeExportCLIScenario(t *testing.T) {
	dir := t.TempDir()
	src, err := scenarios.ExampleSource("cold-starts-101")
	mustDo(t, err)
	given := filepath.Join(dir, "mine.yaml")
	mustDo(t, os.WriteFile(given, src, 0o600))
	srv, err := playground.New(playground.Config{Addr: "127.0.0.1:8080", Scenario: given})
	mustDo(t, err)
	h := srv.Handler()
	sets := []string{"horizon=24h", "platforms.1.keep_alive.ttl=90s"}
	body, _ := json.Marshal(playground.State{Example: playground.CLIScenario, Sets: sets})
	w := serveCall(t, h, playground.PathExport, string(body))
	var exp playground.ExportResponse
	mustDo(t, json.Unmarshal(w.Body.Bytes(), &exp))
	if w.Code != 200 || exp.Filename != "mine-playground.yaml" {
		t.Fatalf("export: status %d, file %q: %s", w.Code, exp.Filename, w.Body)
	}
	file := filepath.Join(dir, exp.Filename)
	mustDo(t, os.WriteFile(file, []byte(exp.YAML), 0o600))
	want := runJSON(t, dir, given, "--set", sets[0], "--set", sets[1])
	if got := runJSON(t, dir, file); got != exp.Results || want != exp.Results {
		t.Errorf("export's results differ from faassim run on the exported file (%v) or on the given one with the overrides (%v)", got == exp.Results, want == exp.Results)
	}
	for _, bad := range [][]string{
		{"platforms.0.keep_alive.ttl=2m", "platforms.0.memory_mb=lots"},
		{"platforms.0.keep_alive.ttl=2m", "no_such_field=1"},
		{"horizon=24h", "platforms.9.memory_mb=1024"},
	} {
		body, _ := json.Marshal(playground.State{Example: playground.CLIScenario, Sets: bad})
		w := serveCall(t, h, playground.PathExport, string(body))
		if w.Code != 400 || strings.Contains(w.Body.String(), `"yaml"`) || !strings.Contains(w.Body.String(), `"problems"`) {
			t.Errorf("export of %q: status %d, want 400 with problems and no YAML: %.300s", bad, w.Code, w.Body)
		}
	}
}

// serveCall sends a request to h with the server's own Host: GET when body
// is "", else a JSON POST.
func serveCall(t *testing.T, h http.Handler, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	if body != "" {
		r = httptest.NewRequest("POST", path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	r.Host = "127.0.0.1:8080"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// runJSON is `faassim run ARGS --format json`'s output.
func runJSON(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out := filepath.Join(dir, "out.json")
	var stderr bytes.Buffer
	if code := runMain(append(append([]string{"run"}, args...), "--format", "json", "-q", "-o", out), io.Discard, &stderr); code != 0 {
		t.Fatalf("faassim run %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
	}
	got, err := os.ReadFile(out)
	mustDo(t, err)
	return string(got)
}

// serve refuses what it cannot do safely or at all, saying why: exit 2
// for bad input, 1 for a port in use.
func TestServeRefuses(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	mustDo(t, err)
	defer busy.Close()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	mustDo(t, os.WriteFile(bad, []byte("name: bad\nhorizon: 1h\nworkload:\n  synthetic:\n    functions:\n      - {name: a, runtime: go, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: deterministic, value: 1s}}\nplatforms:\n  - {name: l, preset: aws-lambda-x86, memory_mb: lots}\n"), 0o600))
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"remote without the flag", []string{"--addr", "0.0.0.0:0"}, 2, "--allow-remote"},
		{"every interface", []string{"--addr", ":0"}, 2, "--allow-remote"},
		{"bad scenario", []string{"--addr", "127.0.0.1:0", bad}, 2, "bad.yaml:8: platforms[0].memory_mb: want an integer"},
		{"missing scenario", []string{"--addr", "127.0.0.1:0", filepath.Join(dir, "nothere.yaml")}, 2, "nothere.yaml"},
		{"two scenarios", []string{"--addr", "127.0.0.1:0", bad, bad}, 2, "at most one scenario"},
		{"bad addr", []string{"--addr", "localhost"}, 2, "want HOST:PORT"},
		{"port out of range", []string{"--addr", "127.0.0.1:65536"}, 2, "from 0 to 65535"},
		{"port by name", []string{"--addr", "127.0.0.1:http"}, 2, "PORT a number"},
		{"negative port", []string{"--addr", "127.0.0.1:-1"}, 2, "PORT a number"},
		{"no slots", []string{"--addr", "127.0.0.1:0", "--max-concurrent", "0"}, 2, "--max-concurrent 0"},
		{"no time", []string{"--addr", "127.0.0.1:0", "--timeout", "0s"}, 2, "--timeout"},
		{"bad allowed host", []string{"--addr", "127.0.0.1:0", "--allowed-host", "http://x"}, 2, "allowed host"},
		{"port in use", []string{"--addr", busy.Addr().String()}, 1, "already in use"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := runMain(append([]string{"serve"}, c.args...), io.Discard, &stderr)
			if code != c.code || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("exit %d, want %d; stderr %q, want it to hold %q", code, c.code, stderr.String(), c.want)
			}
		})
	}
}

// --help teaches: what serve does, each flag with its default, examples.
func TestServeHelp(t *testing.T) {
	var stdout bytes.Buffer
	if code := runMain([]string{"serve", "--help"}, &stdout, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"playground", `--addr HOST:PORT`, `(default "127.0.0.1:8080")`, "--allow-remote", "--allowed-host",
		"--timeout D", "(default 10s)", "--max-concurrent", "--max-events", "(default 2e7)", "(default 512MB)", "--prices", "faassim serve my.yaml"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// syncBuffer is a buffer written by the command and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serve prints its URL, says it listens on localhost only, answers there,
// and returns once interrupted (its context cancelled).
func TestServeRunsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() { done <- runContext(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, &stdout, io.Discard) }()
	url := regexp.MustCompile(`open (http://127\.0\.0\.1:\d+/)`)
	var page string
	for deadline := time.Now().Add(10 * time.Second); page == "" && time.Now().Before(deadline); {
		select {
		case err := <-done:
			t.Fatalf("serve returned at once: %v", err)
		case <-time.After(10 * time.Millisecond): // polling for the line, not timing the server
		}
		if m := url.FindStringSubmatch(stdout.String()); m != nil {
			page = m[1]
		}
	}
	if page == "" || !strings.Contains(stdout.String(), "localhost only") {
		t.Fatalf("no URL or no word of localhost in %q", stdout.String())
	}
	resp, err := http.Get(page + "api/catalog")
	mustDo(t, err)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("catalog: status %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after an interrupt: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
}
