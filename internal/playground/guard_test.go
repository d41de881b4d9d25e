package playground

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"faassim/internal/limits"
)

// Host and Origin must name the server: a page elsewhere, or one whose
// name was rebound to 127.0.0.1, is refused on every route.
func TestHostAndOrigin(t *testing.T) {
	for _, c := range []struct {
		name, addr     string
		allowed        []string
		host, origin   string
		path           string
		status         int
		inErrorMessage string
	}{
		{"own", testAddr, nil, testAddr, "", "/", 200, ""},
		{"own origin", testAddr, nil, testAddr, "http://" + testAddr, PathCatalog, 200, ""},
		{"localhost", testAddr, nil, "localhost:8080", "http://localhost:8080", PathCatalog, 200, ""},
		{"ipv6 loopback", testAddr, nil, "[::1]:8080", "", PathCatalog, 200, ""},
		{"case", testAddr, nil, "LocalHost:8080", "", "/", 200, ""},
		{"evil host", testAddr, nil, "evil.example", "", "/", 403, `Host "evil.example"`},
		{"rebinding", testAddr, nil, "evil.example:8080", "", PathCatalog, 403, "--allowed-host"},
		{"other port", testAddr, nil, "127.0.0.1:9999", "", "/", 403, "Host"},
		{"no host", testAddr, nil, "", "", "/", 403, "Host"},
		{"evil origin", testAddr, nil, testAddr, "http://evil.example", PathCatalog, 403, `Origin "http://evil.example"`},
		{"evil origin same port", testAddr, nil, testAddr, "http://evil.example:8080", PathCatalog, 403, "Origin"},
		{"null origin", testAddr, nil, testAddr, "null", PathCatalog, 403, "Origin"},
		{"origin with path", testAddr, nil, testAddr, "http://127.0.0.1:8080/x", PathCatalog, 403, "Origin"},
		{"origin other scheme", testAddr, nil, testAddr, "ftp://127.0.0.1:8080", PathCatalog, 403, "Origin"},
		{"allowed name any port", testAddr, []string{"play.example"}, "play.example", "https://play.example", PathCatalog, 200, ""},
		{"allowed name and port", testAddr, []string{"play.example:9000"}, "play.example:9000", "http://play.example:9000", PathCatalog, 200, ""},
		{"allowed name other port", testAddr, []string{"play.example:9000"}, "play.example:9001", "", PathCatalog, 403, "Host"},
		{"every interface takes localhost", "0.0.0.0:8080", nil, "localhost:8080", "", "/", 200, ""},
		{"every interface, other name", "0.0.0.0:8080", nil, "evil.example:8080", "", "/", 403, "Host"},
		{"lan address not loopback names", "192.168.1.5:8080", nil, "localhost:8080", "", "/", 403, "Host"},
		{"lan address", "192.168.1.5:8080", nil, "192.168.1.5:8080", "", "/", 200, ""},
		{"default port", "127.0.0.1:80", nil, "localhost", "http://localhost", PathCatalog, 200, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newTestServer(t, Config{Addr: c.addr, AllowedHosts: c.allowed}).Handler()
			r := httptest.NewRequest("GET", c.path, nil)
			r.Host = c.host
			if c.origin != "" {
				r.Header.Set("Origin", c.origin)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if c.status == 403 {
				if e := errorOf(t, w); !strings.Contains(e.Error, c.inErrorMessage) {
					t.Errorf("error %q, want it to hold %q", e.Error, c.inErrorMessage)
				}
				if w.Header().Get("Content-Security-Policy") != securityPolicy {
					t.Error("403 without the security headers")
				}
			}
		})
	}
}

// Bad --allowed-host values are refused by New.
func TestAllowedHostsChecked(t *testing.T) {
	for _, bad := range []string{"", "http://x", "a b", ":80", "x:"} {
		if _, err := newServer(Config{Addr: testAddr, AllowedHosts: []string{bad}}, testManifest()); err == nil {
			t.Errorf("allowed host %q accepted", bad)
		}
	}
	if _, err := newServer(Config{Addr: "nonsense"}, testManifest()); err == nil {
		t.Error(`address "nonsense" accepted`)
	}
}

// serveTest serves s on a free loopback port until the test ends and
// returns its address.
func serveTest(t *testing.T, s *Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return l.Addr().String()
}

// Serve accepts the port it was given (0 in Config.Addr: the system's
// choice) and answers over a real connection; Shutdown ends Serve with nil.
func TestServe(t *testing.T) {
	s := newTestServer(t, Config{Addr: "127.0.0.1:0"})
	addr := serveTest(t, s)
	resp, err := http.Get("http://" + addr + PathCatalog)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), Schema) {
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
}

// A client trickling its headers is cut off by the header timeout: it
// cannot hold a connection (nor, since bodies are read before a slot is
// taken, a simulation).
func TestSlowClient(t *testing.T) {
	s := newTestServer(t, Config{Addr: "127.0.0.1:0"})
	s.readHeaderTimeout = 200 * time.Millisecond
	addr := serveTest(t, s)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		// One header byte every 20 ms: 20 s for the whole, a hundred
		// times the timeout.
		conn.Write([]byte("GET / HTTP/1.1\r\nHost: " + addr + "\r\nX-Slow: "))
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for range 1000 {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	n, err := io.Copy(io.Discard, conn)
	if ne := (net.Error)(nil); errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("connection still open after %v: the header timeout did not cut it", time.Since(start))
	}
	if n > 0 && n < 20 {
		t.Errorf("read %d bytes before the close", n)
	}
}

// An address given in another spelling of an IP (v4-mapped, long IPv6)
// and port 0 is reported bound in the short form: the URL serve prints
// with the spelling given must still be accepted, and other names not.
func TestHostSpellingsOfTheBoundAddress(t *testing.T) {
	for _, c := range []struct {
		addr, listen, hostSpelling string
	}{
		{"[::ffff:127.0.0.1]:0", "127.0.0.1:0", "[::ffff:127.0.0.1]"},
		{"[0:0:0:0:0:0:0:1]:0", "[::1]:0", "[0:0:0:0:0:0:0:1]"},
		{"127.0.0.1:0", "127.0.0.1:0", "[::FFFF:7f00:1]"},
	} {
		t.Run(c.addr, func(t *testing.T) {
			l, err := net.Listen("tcp", c.listen)
			if err != nil {
				t.Skipf("no %s here: %v", c.listen, err)
			}
			l.Close()
			g, err := newHostGuard(c.addr, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := g.add(l.Addr().String()); err != nil {
				t.Fatal(err)
			}
			_, port, _ := net.SplitHostPort(l.Addr().String())
			for host, want := range map[string]bool{
				c.hostSpelling + ":" + port:      true,
				l.Addr().String():                true,
				c.hostSpelling + ":1":            false,
				"evil.example:" + port:           false,
				"127.0.0.1.evil.example:" + port: false,
			} {
				if got := g.allows(host, "80"); got != want {
					t.Errorf("Host %q: allowed %v, want %v", host, got, want)
				}
			}
		})
	}
}

// A run still going when Shutdown's time is up is cancelled and answers
// 503 before its connection closes: the page hears that the server
// stopped, not a broken connection.
func TestShutdownAnswersRunsInFlight(t *testing.T) {
	unlimited := limits.Budget{MaxEvents: limits.Unlimited, MaxMemory: limits.Unlimited}
	s := newTestServer(t, Config{Addr: "127.0.0.1:0", Scenario: writeScenario(t, heavyScenario), Budget: unlimited})
	entered := make(chan struct{})
	s.onSlot = func(context.Context) { close(entered) }
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	type answer struct {
		status int
		body   string
		err    error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Post("http://"+l.Addr().String()+PathRun, "application/json", strings.NewReader(`{"example":"@cli"}`))
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- answer{resp.StatusCode, string(b), err}
	}()
	<-entered // the heavy run simulates for seconds
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown with a run going: %v, want its deadline exceeded", err)
	}
	a := <-got
	if a.err != nil || a.status != 503 || !strings.Contains(a.body, "stopping") {
		t.Errorf("the run in flight: status %d, error %v: %s", a.status, a.err, a.body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
