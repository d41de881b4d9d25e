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
// export's Results, byte for byte, for several examples with overrides.
func TestServeExportReproducesRun(t *testing.T) {
	for _, c := range []struct {
		example string
		sets    []string
	}{
		{"cold-starts-101", []string{"horizon=24h", "platforms.0.keep_alive.ttl=2m"}},
		{"power-tuning", []string{"horizon=1h", "seed=5"}},
		{"serverless-vs-containers", []string{"horizon=2h", "workload.synthetic.functions.0.arrival.rate_per_s=3"}},
		{"burst-throttling", []string{"horizon=1h", "platforms.0.memory_mb=1024"}},
		{"keep-alive-tradeoff", []string{"horizon=12h", "replications=2"}},
	} {
		t.Run(c.example, func(t *testing.T) {
			dir := t.TempDir()
			src, err := scenarios.ExampleSource(c.example)
			mustDo(t, err)
			given := filepath.Join(dir, c.example+".yaml")
			mustDo(t, os.WriteFile(given, src, 0o600))
			srv, err := playground.New(playground.Config{Addr: "127.0.0.1:8080", Scenario: given})
			mustDo(t, err)
			body, _ := json.Marshal(playground.State{Example: playground.CLIScenario, Sets: c.sets})
			r := httptest.NewRequest("POST", playground.PathExport, bytes.NewReader(body))
			r.Host = "127.0.0.1:8080"
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			srv.Handler().ServeHTTP(w, r)
			if w.Code != 200 {
				t.Fatalf("export: status %d: %s", w.Code, w.Body)
			}
			var exp playground.ExportResponse
			mustDo(t, json.Unmarshal(w.Body.Bytes(), &exp))
			for _, kv := range c.sets {
				if !strings.Contains(exp.YAML, "--set "+kv) {
					t.Errorf("head comment lacks the override %s:\n%s", kv, exp.YAML)
				}
			}
			file := filepath.Join(dir, exp.Filename)
			mustDo(t, os.WriteFile(file, []byte(exp.YAML), 0o600))
			out := filepath.Join(dir, "out.json")
			var stderr bytes.Buffer
			if code := runMain([]string{"run", file, "--format", "json", "-q", "-o", out}, io.Discard, &stderr); code != 0 {
				t.Fatalf("faassim run %s: exit %d: %s", exp.Filename, code, stderr.String())
			}
			got, err := os.ReadFile(out)
			mustDo(t, err)
			if string(got) != exp.Results {
				t.Errorf("faassim run on the exported file differs from export's results:\nrun:    %.300s\nexport: %.300s", got, exp.Results)
			}
		})
	}
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
