package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"faassim/internal/browsertest"
	"faassim/internal/playground"
)

// browserExample is the example the browser test opens: one the
// playground offers, with a keep-alive TTL control.
const browserExample = "cold-starts-101"

// TestPlaygroundInBrowser drives the playground page in headless Chromium
// against a real server: it moves the keep-alive slider and checks that
// the cold % and monthly $ the page shows are `faassim run`'s with the same
// settings, steps through a lesson, and checks that the page logs no error
// and does not overflow sideways on a laptop or a phone.
func TestPlaygroundInBrowser(t *testing.T) {
	browser := browsertest.Chromium(t)
	base := startPlayground(t)
	shots := screenshotDir(t)

	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(browser), chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()), chromedp.Flag("hide-scrollbars", true)}
	for _, f := range browsertest.Flags {
		opts = append(opts, chromedp.Flag(strings.TrimPrefix(f, "--"), true))
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	// One deadline for everything: a page that never updates fails the
	// test instead of hanging it.
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()

	problems := watchConsole(t, ctx)
	do(t, ctx, "open the page",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/?example="+browserExample),
		waitRuns(1))

	// Move the keep-alive TTL slider on the first platform it acts on (an
	// absolute TTL), as a student's drag ends: input, then change.
	target := eval[string](t, ctx, `(() => {
		const sel = document.getElementById("platform");
		if (!document.querySelector('.control[data-control="ttl"]')) return "";
		const name = [...sel.options].map(o => o.value).find(v => v !== "") || "";
		if (name) { sel.value = name; sel.dispatchEvent(new Event("change")); }
		return name;
	})()`)
	if target == "" {
		t.Fatal("the page offers no keep-alive TTL control on " + browserExample)
	}
	eval[bool](t, ctx, `(() => {
		const s = document.getElementById("ctl-ttl");
		s.value = String(Math.round(Number(s.min) + 0.3 * (Number(s.max) - Number(s.min))));
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
	do(t, ctx, "wait for the update", waitRuns(2))

	search := eval[string](t, ctx, `location.search`)
	page := eval[[][]string](t, ctx, tableJS)
	q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
	mustDo(t, err)
	pageSets := q["set"]
	if !strings.Contains(strings.Join(pageSets, " "), "keep_alive.ttl=") {
		t.Errorf("the URL holds no TTL override after the slider moved: %q", search)
	}
	args := []string{"run", "example:" + browserExample}
	for _, s := range append(offeredSets(t, base, browserExample), pageSets...) {
		args = append(args, "--set", s)
	}
	compareCells(t, page, cliTable(t, args), args, "cold %", "monthly $")
	shoot(t, ctx, shots, "playground-1280.png")
	checkExport(t, ctx, ttlOf(pageSets))
	checkRefusal(t, ctx)
	shoot(t, ctx, shots, "playground-refused-1280.png")

	stepThroughLesson(t, ctx, base, shots)

	for _, vp := range [][2]int64{{1280, 900}, {390, 844}} {
		do(t, ctx, fmt.Sprintf("resize to %d px", vp[0]),
			chromedp.EmulateViewport(vp[0], vp[1]),
			chromedp.Sleep(200*time.Millisecond)) // a layout pass
		if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
			t.Errorf("the page overflows sideways at %d px", vp[0])
		}
	}
	shoot(t, ctx, shots, "playground-390.png")
	// The full page is too tall to read at a phone's width: the charts as
	// the phone shows them too.
	eval[bool](t, ctx, `document.getElementById("chart-cold").scrollIntoView(), true`)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	mustDo(t, err)
	save(t, shots, "playground-390-charts.png", png)

	// Every example offered opens on a phone without overflow or errors,
	// and on a laptop with its whole comparison table in view (monthly $
	// is its last column).
	var cat playground.Catalog
	getJSON(t, base+playground.PathCatalog, &cat)
	for _, vp := range [][2]int64{{390, 844}, {1280, 900}} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(vp[0], vp[1]))
		for _, o := range cat.Examples {
			do(t, ctx, "open "+o.Name, chromedp.Navigate(base+"/?example="+url.QueryEscape(o.Name)), waitRuns(1))
			if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
				t.Errorf("%s overflows sideways at %d px", o.Name, vp[0])
			}
			w := eval[[]int](t, ctx, `(w => [w.scrollWidth, w.clientWidth])(document.querySelector(".table-wrap"))`)
			if vp[0] == 1280 && w[0] > w[1] {
				t.Errorf("%s: the comparison table needs %d px, has %d at 1280 px: its last columns are scrolled away", o.Name, w[0], w[1])
			}
		}
	}
	checkBadAddresses(t, ctx, base)
	checkFormats(t, ctx)
	checkHistory(t, ctx, base)
	checkKeyboard(t, ctx, base)
	checkEmptyCost(t, ctx, base)

	refused := 0
	for _, p := range problems() {
		// The refusal checkRefusal provokes is logged by the browser as a
		// failed load; one is expected, and nothing else.
		if strings.Contains(p, "status of 400") && refused < 2 {
			refused++
			continue
		}
		t.Errorf("browser console: %s", p)
	}
	if refused != 2 {
		t.Errorf("the browser logged %d refusals (400), want the 2 provoked", refused)
	}
}

// stepThroughLesson opens the first lesson on the example (else the
// first), predicts on its first step, waits for the verdict (with the
// formula when the step names one) and goes to the next step.
func stepThroughLesson(t *testing.T, ctx context.Context, base, shots string) {
	t.Helper()
	var cat playground.Catalog
	getJSON(t, base+playground.PathCatalog, &cat)
	if len(cat.Lessons) == 0 {
		t.Fatal("the catalog offers no lesson")
	}
	lesson := cat.Lessons[0]
	for _, l := range cat.Lessons {
		if l.Example == browserExample {
			lesson = l
			break
		}
	}
	n, err := strconv.Atoi(eval[string](t, ctx, `document.body.dataset.runs`))
	mustDo(t, err)
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const s = document.getElementById("lesson");
		s.value = %q;
		s.dispatchEvent(new Event("change"));
		return true;
	})()`, lesson.ID))
	do(t, ctx, "open lesson "+lesson.ID,
		waitRuns(n+1),
		chromedp.Click(chromedp.CSS(`#lesson-box button.choice`)),
		waitRuns(n+2),
		chromedp.WaitVisible(chromedp.CSS(`#lesson-result .verdict`)))
	verdict := eval[string](t, ctx, `document.querySelector("#lesson-result .verdict").textContent`)
	formula := eval[string](t, ctx, `(document.querySelector("#lesson-result .formula") || {}).textContent || ""`)
	search := eval[string](t, ctx, `location.search`)
	step := lesson.Steps[0]
	if !strings.Contains(verdict, "measured") {
		t.Errorf("lesson verdict %q says no measured value", verdict)
	}
	t.Logf("lesson %s step 1: %s", lesson.ID, verdict)
	if step.Formula != "" && formula == "" {
		t.Errorf("lesson %s step 1 names formula %s, the page shows none", lesson.ID, step.Formula)
	}
	shoot(t, ctx, shots, "playground-lesson-1280.png")
	if !strings.Contains(search, "lesson="+url.QueryEscape(lesson.ID)) {
		t.Errorf("the URL %q does not hold the lesson", search)
	}
	if len(lesson.Steps) > 1 {
		do(t, ctx, "go to step 2", chromedp.Click(chromedp.ID("lesson-next")), waitRuns(n+3))
		if h := eval[string](t, ctx, `document.querySelector("#lesson-box h3").textContent`); h != lesson.Steps[1].Title {
			t.Errorf("step 2 heading %q, want %q", h, lesson.Steps[1].Title)
		}
		do(t, ctx, "predict on step 2",
			chromedp.Click(chromedp.CSS(`#lesson-box button.choice`)),
			waitRuns(n+4),
			chromedp.WaitVisible(chromedp.CSS(`#lesson-result .verdict`)))
	}
}

// checkExport asks for the export: the page shows the scenario YAML with
// the page's TTL in it and offers both files as downloads.
func checkExport(t *testing.T, ctx context.Context, ttl string) {
	t.Helper()
	do(t, ctx, "export", chromedp.Click(chromedp.ID("export")), chromedp.WaitVisible(chromedp.ID("export-box")))
	yaml := eval[string](t, ctx, `document.getElementById("export-yaml").textContent`)
	if !strings.Contains(yaml, "horizon:") || !strings.Contains(yaml, "ttl: "+ttl) {
		t.Errorf("the exported YAML lacks the horizon or ttl: %s:\n%s", ttl, yaml)
	}
	links := eval[[]string](t, ctx, `["download-yaml", "download-json"].map(id => {
		const a = document.getElementById(id);
		return a.href.startsWith("blob:") && a.download ? a.download : "";
	})`)
	for _, l := range links {
		if l == "" {
			t.Errorf("the export offers a download without a blob or a name: %q", links)
		}
	}
}

// checkRefusal types a TTL of 0: the server refuses it (400, the
// scenario file's message) and the page shows the problem next to the TTL
// control; then it puts the slider's value back.
func checkRefusal(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(() => {
		const v = document.querySelector('.control[data-control="ttl"] input.value');
		v.dataset.was = v.value;
		v.value = "0s";
		v.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
	do(t, ctx, "wait for the refusal", chromedp.Poll[chromedp.Void](`document.body.dataset.state === "error"`,
		chromedp.WithPollingTimeout(15*time.Second)))
	got := eval[string](t, ctx, `document.querySelector('.control[data-control="ttl"] .problem').textContent`)
	if !strings.Contains(got, "ttl") {
		t.Errorf("the TTL control shows %q, want the server's problem with the TTL", got)
	}
}

// ttlOf is the value of the first keep-alive TTL override in sets.
func ttlOf(sets []string) string {
	for _, s := range sets {
		if _, v, ok := strings.Cut(s, ".keep_alive.ttl="); ok {
			return v
		}
	}
	return ""
}

// tableJS reads the comparison table as the page shows it: header, rows.
const tableJS = `[...document.querySelectorAll("#comparison tr")].map(tr => [...tr.children].map(c => c.textContent))`

// compareCells checks the page's cells in columns cols against the CLI's,
// row by platform.
func compareCells(t *testing.T, page, cli [][]string, args []string, cols ...string) {
	t.Helper()
	if len(page) < 2 || len(cli) < 2 {
		t.Fatalf("tables too short: page %q, cli %q", page, cli)
	}
	idx := func(head []string, col string) int {
		for i, h := range head {
			if h == col {
				return i
			}
		}
		t.Fatalf("no column %q in %q", col, head)
		return -1
	}
	byName := map[string][]string{}
	for _, r := range cli[1:] {
		byName[r[0]] = r
	}
	for _, r := range page[1:] {
		c, ok := byName[r[0]]
		if !ok {
			t.Errorf("platform %q on the page, not in faassim %s", r[0], strings.Join(args, " "))
			continue
		}
		for _, col := range cols {
			got, want := r[idx(page[0], col)], c[idx(cli[0], col)]
			if got != want {
				t.Errorf("%s %s: page %q, faassim %s gives %q", r[0], col, got, strings.Join(args, " "), want)
			} else {
				t.Logf("%s %s: %s on the page and from faassim run", r[0], col, got)
			}
		}
	}
	if len(page) != len(cli) {
		t.Errorf("page has %d rows, faassim run %d", len(page)-1, len(cli)-1)
	}
}

var cells = regexp.MustCompile(`\s{2,}`)

// cliTable runs faassim in process and reads its text table: the lines
// from the header ("platform  kind ...") to the first blank line, cells
// apart by two spaces or more.
func cliTable(t *testing.T, args []string) [][]string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := runMain(args, &out, &errb); code != 0 {
		t.Fatalf("faassim %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	var rows [][]string
	for _, line := range strings.Split(out.String(), "\n") {
		line = strings.TrimSpace(line)
		if rows == nil && !strings.HasPrefix(line, "platform ") {
			continue
		}
		if line == "" {
			break
		}
		rows = append(rows, cells.Split(line, -1))
	}
	if rows == nil {
		t.Fatalf("no table in faassim %s:\n%s", strings.Join(args, " "), out.String())
	}
	return rows
}

// offeredSets is the playground's own overrides for an example.
func offeredSets(t *testing.T, base, name string) []string {
	t.Helper()
	var cat playground.Catalog
	getJSON(t, base+playground.PathCatalog, &cat)
	for _, o := range cat.Examples {
		if o.Name == name {
			return o.Sets
		}
	}
	t.Fatalf("the playground does not offer %s", name)
	return nil
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	mustDo(t, err)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	mustDo(t, json.NewDecoder(resp.Body).Decode(v))
}

// waitRuns waits until the page has drawn n runs' answers and is idle.
func waitRuns(n int) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.body.dataset.runs === "%d" && document.body.dataset.state === "idle"`, n),
		chromedp.WithPollingTimeout(15*time.Second))
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// watchConsole collects console errors, uncaught exceptions and error
// entries of the browser log (a script refused, a load failed); the
// returned func gives those seen so far.
func watchConsole(t *testing.T, ctx context.Context) func() []string {
	var mu sync.Mutex
	var seen []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return // the context ended
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				seen = append(seen, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

// shoot saves a full-page PNG screenshot and logs its path.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	save(t, dir, name, png)
}

func save(t *testing.T, dir, name string, png []byte) {
	t.Helper()
	path := filepath.Join(dir, name)
	mustDo(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot %s", path)
}

// screenshotDir is $FAASSIM_SCREENSHOTS when set (kept for a closing
// note), else a temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("FAASSIM_SCREENSHOTS"); d != "" {
		mustDo(t, os.MkdirAll(d, 0o755))
		return d
	}
	return t.TempDir()
}

// startPlayground serves the playground on a free loopback port for the
// test's duration and returns its base URL.
func startPlayground(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	mustDo(t, err)
	srv, err := playground.New(playground.Config{Addr: l.Addr().String()})
	mustDo(t, err)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + l.Addr().String()
}
