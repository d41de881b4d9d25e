package playground

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"faassim/reports"
)

// Each endpoint answers with its content type, the security headers, and
// (for the API) JSON carrying the schema.
func TestEndpoints(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		contentType              string
		api                      bool
	}{
		{"page", "GET", "/", "", 200, "text/html; charset=utf-8", false},
		{"page head", "HEAD", "/", "", 200, "text/html; charset=utf-8", false},
		{"static missing", "GET", "/static/nothing.js", "", 404, "application/json", false},
		{"static escape", "GET", "/static/../api.go", "", 404, "application/json", false},
		{"elsewhere", "GET", "/etc/passwd", "", 404, "application/json", false},
		{"catalog", "GET", PathCatalog, "", 200, "application/json", true},
		{"run", "POST", PathRun, `{"example":"cold-starts-101","sets":["platforms.0.keep_alive.ttl=1m"],"page":"p1"}`, 200, "application/json", true},
		{"export", "POST", PathExport, `{"example":"power-tuning","sets":[]}`, 200, "application/json", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := call(h, c.method, c.path, c.body)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			if got := w.Header().Get("Content-Type"); got != c.contentType {
				t.Errorf("Content-Type %q, want %q", got, c.contentType)
			}
			for k, v := range map[string]string{"Content-Security-Policy": securityPolicy, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s %q, want %q", k, got, v)
				}
			}
			if got := w.Header().Get("Cache-Control"); c.api != (got == "no-store") {
				t.Errorf("Cache-Control %q on %s", got, c.path)
			}
			if c.api || c.status >= 400 {
				var v struct{ Schema string }
				decode(t, w, &v)
				if v.Schema != Schema {
					t.Errorf("schema %q, want %q", v.Schema, Schema)
				}
			}
		})
	}
}

// Every file of the page is served under /static/ with its type.
func TestStaticTypes(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	entries, err := fsEntries()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range entries {
		w := call(h, "GET", "/static/"+name, "")
		want, ok := contentTypes[name[strings.LastIndex(name, "."):]]
		if w.Code != 200 || !ok || w.Header().Get("Content-Type") != want {
			t.Errorf("/static/%s: %d %q, want 200 %q", name, w.Code, w.Header().Get("Content-Type"), want)
		}
	}
	for ext, want := range map[string]string{".js": "text/javascript", ".css": "text/css", ".html": "text/html"} {
		if !strings.HasPrefix(contentTypes[ext], want) {
			t.Errorf("%s served as %q, want %s", ext, contentTypes[ext], want)
		}
	}
}

// The catalog offers the manifest's examples, and the command line's
// scenario first (and as the default) when one was given.
func TestCatalog(t *testing.T) {
	cli := writeScenario(t, "name: mine\ndescription: my own\n"+smallScenario)
	for _, c := range []struct {
		name     string
		cfg      Config
		def      string
		examples []string
	}{
		{"examples", Config{}, "cold-starts-101", []string{"cold-starts-101", "power-tuning"}},
		{"with cli", Config{Scenario: cli}, CLIScenario, []string{CLIScenario, "cold-starts-101", "power-tuning"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := call(newTestServer(t, c.cfg).Handler(), "GET", PathCatalog, "")
			var cat Catalog
			decode(t, w, &cat)
			var names []string
			for _, e := range cat.Examples {
				names = append(names, e.Name)
			}
			if cat.Default != c.def || !slices.Equal(names, c.examples) || cat.Lessons == nil {
				t.Errorf("catalog default %q examples %v lessons %v; want %q %v", cat.Default, names, cat.Lessons, c.def, c.examples)
			}
			if c.cfg.Scenario != "" && (cat.Examples[0].Title != "mine" || cat.Examples[0].Description != "my own") {
				t.Errorf("cli offered as %+v", cat.Examples[0])
			}
		})
	}
}

// A run answers the state simulated: the table as faassim run prints it,
// the results with a timeline of about 400 points, the notes, the
// controls' state, and the time taken.
func TestRun(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	req := RunRequest{State: State{Example: "cold-starts-101", Sets: []string{"platforms.0.keep_alive.ttl=1m"}}, Page: "abc"}
	w := call(h, "POST", PathRun, runBody(t, req))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var resp RunResponse
	decode(t, w, &resp)
	head, rows := reports.ComparisonTable(resp.Results)
	if !slices.Equal(resp.Table.Header, head) || len(resp.Table.Rows) != len(rows) || len(rows) == 0 {
		t.Errorf("table %v, want %v with %d rows", resp.Table, head, len(rows))
	}
	if resp.State.Example != req.Example || !slices.Equal(resp.State.Sets, req.Sets) {
		t.Errorf("state %+v, want %+v", resp.State, req.State)
	}
	if resp.Title == "" || resp.ElapsedMS <= 0 || !slices.Contains(resp.Notes, "horizon 200h shortened to 24h") {
		t.Errorf("title %q elapsed %v notes %v", resp.Title, resp.ElapsedMS, resp.Notes)
	}
	if resp.Results.HorizonS != 24*3600 {
		t.Errorf("horizon %v s: the playground's own override horizon=24h not applied", resp.Results.HorizonS)
	}
	if resp.Controls == nil {
		t.Error("controls null, want a list")
	}
}

// The timeline step gives about 400 points over the measured window, a
// whole number of seconds, at least one.
func TestTimelineStep(t *testing.T) {
	for _, c := range []struct{ horizon, warmup, want string }{
		{"24h", "1h", "3m27s"}, // 82,800 s / 400 = 207 s
		{"1h", "10m", "8s"},    // 3,000 s / 400 = 7.5 s, rounded
		{"5m", "0s", "1s"},     // 0.75 s, at least 1 s
	} {
		s := loadSmall(t, "horizon="+c.horizon, "warmup="+c.warmup)
		if got := timelineStep(s).String(); got != c.want {
			t.Errorf("horizon %s warmup %s: step %s, want %s", c.horizon, c.warmup, got, c.want)
		}
	}
}

// The snapshot cache never holds more than its bound, and drops the least
// recently used first.
func TestSnapshotLRU(t *testing.T) {
	c := newSnapshotLRU(3)
	for _, k := range []string{"a", "b", "c"} {
		c.put(k, &Snapshot{State: State{Example: k}})
	}
	c.get("a") // a is now the most recent: b goes first
	c.put("d", &Snapshot{})
	if c.len() != 3 || c.get("b") != nil || c.get("a") == nil || c.get("d") == nil {
		t.Errorf("after 4 puts: %d kept, b %v, a %v", c.len(), c.get("b"), c.get("a"))
	}
	for i := range 100 {
		c.put(strings.Repeat("x", i), &Snapshot{})
	}
	if c.len() != 3 {
		t.Errorf("%d kept, want 3", c.len())
	}
}

var _ = http.StatusOK

// A run remembers its state as it ran, and explains the next from the
// previous state's snapshot when the page names it (nil when it is not
// remembered): the explanations are Explain's on those snapshots.
func TestRunExplainsFromPrevious(t *testing.T) {
	s := newTestServer(t, Config{})
	h := s.Handler()
	a := State{Example: "cold-starts-101", Sets: []string{"platforms.0.keep_alive.ttl=10m"}}
	b := State{Example: "cold-starts-101", Sets: []string{"platforms.0.keep_alive.ttl=1m"}}
	unknown := State{Example: "cold-starts-101", Sets: []string{"seed=999"}}
	for _, c := range []struct {
		name     string
		prev     *State
		withPrev bool
	}{
		{"first", nil, false},
		{"after a", &a, true},
		{"after a state never run", &unknown, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if w := call(h, "POST", PathRun, runBody(t, RunRequest{State: a, Page: "p"})); w.Code != 200 {
				t.Fatalf("run a: %d %s", w.Code, w.Body)
			}
			w := call(h, "POST", PathRun, runBody(t, RunRequest{State: b, Page: "p", Previous: c.prev}))
			var resp RunResponse
			decode(t, w, &resp)
			var prev *Snapshot
			if c.withPrev {
				prev = s.snaps.get(stateKey(a))
			}
			cur := s.snaps.get(stateKey(b))
			if prev == nil && c.withPrev || cur == nil {
				t.Fatal("states run are not remembered")
			}
			want, formulas := Explain(prev, *cur)
			if resp.Explanations != want || len(resp.Formulas) != len(formulas) {
				t.Errorf("explanations %+v, want Explain's %+v", resp.Explanations, want)
			}
		})
	}
}

// Export names its file after the example and heads the YAML with where
// it came from, its overrides and the command that reproduces Results.
func TestExportFile(t *testing.T) {
	h := newTestServer(t, Config{}).Handler()
	w := call(h, "POST", PathExport, `{"example":"cold-starts-101","sets":["platforms.0.keep_alive.ttl=2m"]}`)
	var exp ExportResponse
	decode(t, w, &exp)
	if w.Code != 200 || exp.Schema != Schema || exp.Filename != "cold-starts-101-playground.yaml" {
		t.Fatalf("status %d, schema %q, filename %q", w.Code, exp.Schema, exp.Filename)
	}
	for _, want := range []string{"# Exported from the faassim playground: example:cold-starts-101.", "#   --set horizon=24h", "#   --set platforms.0.keep_alive.ttl=2m",
		"# faassim run cold-starts-101-playground.yaml --format json reproduces", "\nhorizon: 24h", "ttl: 2m"} {
		if !strings.Contains(exp.YAML, want) {
			t.Errorf("YAML lacks %q:\n%s", want, exp.YAML)
		}
	}
	if !strings.HasPrefix(exp.Results, `{`) || !strings.Contains(exp.Results, `"schema": "faassim/results/v1"`) {
		t.Errorf("results are not faassim run's JSON: %.200s", exp.Results)
	}
}
