package playground

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"faassim/internal/limits"
	"faassim/models/pricing"
	"faassim/scenarios"
)

// Config is what `faassim serve` gives the server.
type Config struct {
	Addr          string          // host:port it listens on; Host/Origin must match (loopback names too on loopback)
	AllowedHosts  []string        // more host[:port] names accepted in Host/Origin (serve --allowed-host)
	Scenario      string          // the command line's scenario file ("" none): offered as State.Example "@cli"
	Prices        []pricing.Sheet // serve --prices FILE, read at start
	Budget        limits.Budget   // per request (serve --max-events/--max-memory; defaults chosen for the page)
	Timeout       time.Duration   // per request time budget
	MaxConcurrent int             // simulations at once (others wait briefly, then 503)
}

// Defaults for a zero Config field.
const (
	DefaultTimeout = 10 * time.Second
	// slotWait is how long a run waits for a simulation slot before 503:
	// long enough to ride out a neighbour's update, short enough that the
	// page says "busy" rather than hanging.
	slotWait = 2 * time.Second
	// snapshotsKept bounds the states remembered for explanations: a page
	// compares with the state it showed last, so a few per page suffice.
	snapshotsKept = 64
)

// offering is a scenario the server offers, read once at start.
type offering struct {
	Offered
	file string // the name problems carry: NAME.yaml, or the CLI's path
	data []byte
	// base is the scenario with only the playground's own overrides:
	// Controls' Base values, and the local files a state may read.
	base      *scenarios.Scenario
	baseFiles []string
}

// Server is the playground's HTTP server.
type Server struct {
	cfg      Config
	offers   map[string]*offering
	catalog  []byte // the Catalog as JSON, rendered once
	slots    chan struct{}
	pages    *pageRuns
	snaps    *snapshotLRU
	hosts    *hostGuard
	mu       sync.Mutex
	srv      *http.Server
	stopRuns context.CancelFunc

	// Knobs unexported for tests.
	slotWait          time.Duration
	readHeaderTimeout time.Duration
	onSlot            func(ctx context.Context) // called once a run holds a slot
}

// New reads the manifest and the command line's scenario once, and loads
// each offered scenario with its own overrides (a bad one fails here, not
// at the first request).
func New(cfg Config) (*Server, error) {
	man, err := loadManifest()
	if err != nil {
		return nil, err
	}
	return newServer(cfg, man)
}

// newServer is New with the manifest given (tests offer their own).
func newServer(cfg Config, man *manifest) (*Server, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = runtime.NumCPU()
	}
	s := &Server{cfg: cfg, offers: map[string]*offering{}, slots: make(chan struct{}, cfg.MaxConcurrent),
		pages: newPageRuns(), snaps: newSnapshotLRU(snapshotsKept), slotWait: slotWait, readHeaderTimeout: 5 * time.Second}
	var err error
	if s.hosts, err = newHostGuard(cfg.Addr, cfg.AllowedHosts); err != nil {
		return nil, err
	}
	cat := Catalog{Schema: Schema, Default: man.Default, Examples: []Offered{}, Lessons: man.Lessons}
	if cat.Lessons == nil {
		cat.Lessons = []Lesson{}
	}
	if cfg.Scenario != "" {
		// Read once, under the scenario file's size cap: later loads use
		// these bytes, so the file may change or vanish without effect.
		data, err := limits.YAMLInput("scenario file", cfg.Budget).ReadFile(cfg.Scenario)
		if err != nil {
			return nil, err
		}
		o := &offering{Offered: Offered{Name: CLIScenario}, file: cfg.Scenario, data: data}
		if err := s.offer(o); err != nil {
			return nil, err
		}
		o.Title, o.Description = cmp.Or(o.base.Name, filepath.Base(cfg.Scenario)), o.base.Description
		cat.Examples = append(cat.Examples, o.Offered)
		cat.Default = CLIScenario
	}
	for _, off := range man.Examples {
		data, err := scenarios.ExampleSource(off.Name)
		if err != nil {
			return nil, fmt.Errorf("playground manifest: %w", err)
		}
		if err := s.offer(&offering{Offered: off, file: off.Name + ".yaml", data: data}); err != nil {
			return nil, fmt.Errorf("playground manifest: example %s: %w", off.Name, err)
		}
		cat.Examples = append(cat.Examples, off)
	}
	if s.catalog, err = render(cat); err != nil {
		return nil, err
	}
	return s, nil
}

// offer loads o's base scenario and registers it.
func (s *Server) offer(o *offering) error {
	if _, dup := s.offers[o.Name]; dup {
		return fmt.Errorf("%s offered twice", o.Name)
	}
	base, err := scenarios.LoadWith(o.file, o.data, o.Sets, s.loadOptions(context.Background()))
	if err != nil {
		return err
	}
	o.base, o.baseFiles = base, problemTexts(base.LocalFiles())
	s.offers[o.Name] = o
	return nil
}

func (s *Server) loadOptions(ctx context.Context) scenarios.Options {
	return scenarios.Options{Budget: s.cfg.Budget, Prices: s.cfg.Prices, Context: ctx}
}

// Handler serves every route behind the Host/Origin guard and the
// security headers.
func (s *Server) Handler() http.Handler {
	catalog := s.method(http.MethodGet, s.serveCatalog)
	run := s.method(http.MethodPost, s.serveRun)
	export := s.method(http.MethodPost, s.serveExport)
	// A switch rather than a ServeMux: the mux redirects "/static/../x"
	// to a cleaned path; the playground answers 404 to anything but its
	// own names.
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case PathCatalog:
			catalog(w, r)
		case PathRun:
			run(w, r)
		case PathExport:
			export(w, r)
		default:
			s.serveStatic(w, r)
		}
	})
	return s.guard(recoverJSON(mux))
}

// Serve answers on l until Shutdown; the address l listens on is added to
// the names Host and Origin may carry (a port chosen by the system too).
func (s *Server) Serve(l net.Listener) error {
	if err := s.hosts.add(l.Addr().String()); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	// A run answers within Timeout after waiting at most slotWait for a
	// slot; the write deadline leaves room for both and the answer.
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: s.readHeaderTimeout,
		ReadTimeout:       s.readHeaderTimeout + 5*time.Second, // a body is at most MaxBodyBytes
		WriteTimeout:      s.cfg.Timeout + s.slotWait + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          log.New(os.Stderr, "faassim serve: ", 0),
	}
	s.mu.Lock()
	if s.srv != nil {
		s.mu.Unlock()
		cancel()
		return errors.New("playground: Serve called twice")
	}
	s.srv, s.stopRuns = srv, cancel
	s.mu.Unlock()
	err := srv.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for the runs under way
// until ctx is done; then it cancels them and closes every connection.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv, stop := s.srv, s.stopRuns
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	stop()
	if err != nil {
		// The runs are cancelled now: their handlers answer 503 at once,
		// so a page says the server stopped rather than "network error".
		// Then every connection still open is cut.
		late, cancel := context.WithTimeout(context.Background(), answerGrace)
		defer cancel()
		if srv.Shutdown(late) != nil {
			srv.Close()
		}
	}
	return err
}

// answerGrace is how long Shutdown lets cancelled runs answer before it
// closes their connections: a cancelled simulation stops within
// milliseconds.
const answerGrace = 300 * time.Millisecond

// method answers 405 to any method but want (GET also takes HEAD).
func (s *Server) method(want string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if allowMethod(w, r, want) {
			h(w, r)
		}
	}
}

// allowMethod answers 405 and reports false for any method but want (GET
// also takes HEAD).
func allowMethod(w http.ResponseWriter, r *http.Request, want string) bool {
	if r.Method == want || want == http.MethodGet && r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", want)
	writeError(w, &httpError{status: http.StatusMethodNotAllowed,
		msg: fmt.Sprintf("%s %s: want %s", r.Method, r.URL.Path, want)})
	return false
}

func (s *Server) serveCatalog(w http.ResponseWriter, r *http.Request) {
	writeBody(w, http.StatusOK, "application/json", s.catalog)
}

// contentTypes are the page's file types; anything else is served as
// bytes (and nosniff keeps the browser from guessing).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".json": "application/json",
}

// serveStatic serves GET / (index.html) and /static/NAME from the embedded
// files, and 404 for anything else.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	var name string
	switch {
	case r.URL.Path == "/":
		name = "index.html"
	case strings.HasPrefix(r.URL.Path, "/static/"):
		name = strings.TrimPrefix(r.URL.Path, "/static/")
	default:
		writeError(w, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("no page at %s", r.URL.Path)})
		return
	}
	if !allowMethod(w, r, http.MethodGet) {
		return
	}
	var data []byte
	err := fs.ErrNotExist
	if fs.ValidPath(name) && name != "." {
		data, err = fs.ReadFile(staticFS(), name)
	}
	if err != nil {
		writeError(w, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("no file %s", r.URL.Path)})
		return
	}
	ct, ok := contentTypes[path.Ext(name)]
	if !ok {
		ct = "application/octet-stream"
	}
	writeBody(w, http.StatusOK, ct, data)
}

// httpError is a failed request's status and answer.
type httpError struct {
	status     int
	msg        string
	problems   []Problem
	retryAfter string
}

func (e *httpError) Error() string { return e.msg }

func writeError(w http.ResponseWriter, e *httpError) {
	body, err := render(ErrorResponse{Schema: Schema, Error: e.msg, Problems: e.problems})
	if err != nil {
		body = []byte(`{"schema":"` + Schema + `","error":"internal error"}`)
	}
	if e.retryAfter != "" {
		w.Header().Set("Retry-After", e.retryAfter)
	}
	writeBody(w, e.status, "application/json", body)
}

// writeJSON answers 200 with v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	body, err := render(v)
	if err != nil {
		writeError(w, &httpError{status: http.StatusInternalServerError, msg: err.Error()})
		return
	}
	writeBody(w, http.StatusOK, "application/json", body)
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	w.Write(body) // a client gone is no error of ours
}

// render writes v as JSON, names and messages as they are (no \u0026).
func render(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// recoverJSON turns a panic in a handler into a 500 answer: one bad state
// must not take the connection (or the page's trust) with it.
func recoverJSON(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Printf("faassim serve: internal error on %s: %v", r.URL.Path, v)
				writeError(w, &httpError{status: http.StatusInternalServerError,
					msg: fmt.Sprintf("internal error: %v (a bug in faassim: please report it with the page's state)", v)})
			}
		}()
		h.ServeHTTP(w, r)
	})
}
