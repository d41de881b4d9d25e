package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"faassim/internal/browsertest"
	"faassim/models/metrics"
)

// viewport is the window the reports must fit: a common laptop width.
const viewportW, viewportH = 1280, 2000

// wide has platforms with long names, so that its comparison table is
// wider than the viewport: the table must scroll inside its wrapper, not
// widen the page.
var wide = func() metrics.Results {
	r := single
	r.Platforms = nil
	for i := range 6 {
		p := single.Platforms[i%2]
		p.Name = fmt.Sprintf("aws-lambda-arm64-provisioned-concurrency-%d-us-east-1-with-a-long-name", i)
		r.Platforms = append(r.Platforms, p)
	}
	return r
}()

// headless runs the browser on a local file with the flags that keep it
// from touching the network or a profile, and returns its stdout.
func headless(t *testing.T, browser, file string, extra ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append(append(append([]string(nil), browsertest.Flags...), "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(),
		fmt.Sprintf("--window-size=%d,%d", viewportW, viewportH)), extra...)
	cmd := exec.CommandContext(ctx, browser, append(args, "file://"+file)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// TestBrowser opens each report in headless Chromium. It checks that the
// page is not blank (a screenshot with enough non-white pixels) and that it
// does not overflow horizontally at 1280 px.
//
// The report has no script, so overflow is measured on an instrumented copy:
// the test appends a script that writes the document's scrollWidth, the
// viewport's width and the elements sticking out of it (outside a scrolling
// wrapper) into a <pre>, and reads it back with --dump-dom. A screenshot
// cannot show overflow by itself: it is clipped to the window.
//
// FAASSIM_SCREENSHOTS=DIR keeps the screenshots, to look at them.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser check: not in -short")
	}
	browser := browsertest.Chromium(t)
	pages := append(htmlPages[:len(htmlPages):len(htmlPages)], htmlPage{name: "wide",
		render: func(w io.Writer) error { return HTML(w, wide, fixtureContext) }})
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			t.Parallel() // the browser, not the test, is the slow part
			dir := t.TempDir()
			var buf bytes.Buffer
			if err := pg.render(&buf); err != nil {
				t.Fatal(err)
			}
			report := filepath.Join(dir, "report.html")
			if err := os.WriteFile(report, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}

			shot := filepath.Join(dir, "screenshot.png")
			headless(t, browser, report, "--screenshot="+shot)
			img := decodePNG(t, shot)
			if b := img.Bounds(); b.Dx() != viewportW {
				t.Errorf("screenshot is %d px wide, want the %d px window", b.Dx(), viewportW)
			}
			if ink := inkRatio(img); ink < 0.03 {
				t.Errorf("screenshot is nearly blank: %.2f%% non-white pixels", 100*ink)
			}
			if keep := os.Getenv("FAASSIM_SCREENSHOTS"); keep != "" {
				data, _ := os.ReadFile(shot)
				if err := os.WriteFile(filepath.Join(keep, pg.name+".png"), data, 0o644); err != nil {
					t.Error(err)
				}
			}

			m := measure(t, browser, dir, buf.Bytes())
			if m.InnerWidth != viewportW {
				t.Fatalf("the browser's viewport is %d px wide, not %d: --window-size was not applied", m.InnerWidth, viewportW)
			}
			if m.ScrollWidth > m.ClientWidth || len(m.Overflowing) > 0 {
				t.Errorf("the page is %d px wide in a %d px viewport; sticking out: %v",
					m.ScrollWidth, m.ClientWidth, m.Overflowing)
			}
		})
	}
}

// measurement is what the instrumented copy reports.
type measurement struct {
	InnerWidth, ClientWidth, ScrollWidth int
	Overflowing                          []string
}

// measureScript lists the elements whose right edge passes the viewport and
// that are not inside a horizontally scrolling box (a wide table in its
// wrapper is fine: the page itself does not grow).
const measureScript = `<script>
(function () {
  var de = document.documentElement, vw = de.clientWidth, out = [];
  function scrolls(e) {
    for (var p = e.parentElement; p; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") return true;
    }
    return false;
  }
  var all = document.body.getElementsByTagName("*");
  for (var i = 0; i < all.length; i++) {
    var e = all[i], r = e.getBoundingClientRect();
    if (r.right > vw + 0.5 && !scrolls(e) && out.length < 10)
      out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " right=" + Math.round(r.right));
  }
  var pre = document.createElement("pre");
  pre.id = "faassim-measure";
  pre.textContent = JSON.stringify({InnerWidth: window.innerWidth, ClientWidth: vw,
    ScrollWidth: de.scrollWidth, Overflowing: out});
  document.body.appendChild(pre);
})();
</script>`

func measure(t *testing.T, browser, dir string, page []byte) measurement {
	t.Helper()
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		t.Fatal("no </body> to instrument")
	}
	copyPath := filepath.Join(dir, "measured.html")
	instrumented := append(append(append([]byte(nil), page[:i]...), measureScript...), page[i:]...)
	if err := os.WriteFile(copyPath, instrumented, 0o644); err != nil {
		t.Fatal(err)
	}
	dom := headless(t, browser, copyPath, "--dump-dom")
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		t.Fatal(err)
	}
	pre := find(doc, func(n *html.Node) bool { return n.Data == "pre" && attr(n, "id") == "faassim-measure" })
	if pre == nil || pre.FirstChild == nil {
		t.Fatalf("the measuring script left no result; dumped DOM starts %.300q", dom)
	}
	var m measurement
	if err := json.NewDecoder(strings.NewReader(pre.FirstChild.Data)).Decode(&m); err != nil {
		t.Fatalf("measurement %q: %v", pre.FirstChild.Data, err)
	}
	return m
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	return img
}

// inkRatio is the fraction of pixels that are not (nearly) white.
func inkRatio(img image.Image) float64 {
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xF000 || g < 0xF000 || bl < 0xF000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}
