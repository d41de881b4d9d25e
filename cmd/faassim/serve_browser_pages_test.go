package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// checkBadAddresses opens shared addresses that no longer fit: overrides
// for platforms the example lacks (refused: the page must say that
// nothing ran, not that it shows the last run, and how to get one), and an
// example the server does not offer (its overrides must not be applied to
// the default: dropped, and said).
func checkBadAddresses(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx, "open a refused address",
		chromedp.Navigate(base+"/?example=erlang-b&set="+url.QueryEscape("platforms.1.keep_alive.ttl=1m")),
		chromedp.Poll[chromedp.Void](`document.body.dataset.state === "error"`, chromedp.WithPollingTimeout(15*time.Second)))
	title := eval[string](t, ctx, `document.getElementById("error-title").textContent`)
	if !strings.Contains(title, "nothing ran") || !strings.Contains(title, "Reset") {
		t.Errorf("refused first state: the error says %q, want that nothing ran and that Reset helps", title)
	}
	if cmd := eval[string](t, ctx, `document.getElementById("command").textContent`); !strings.Contains(cmd, "platforms.1.keep_alive.ttl=1m") {
		t.Errorf("refused first state: the command shown is %q, not the state's", cmd)
	}
	do(t, ctx, "open an unknown example",
		chromedp.Navigate(base+"/?example=no-such-example&set="+url.QueryEscape("platforms.0.keep_alive.ttl=1m")), waitRuns(1))
	if search := eval[string](t, ctx, `location.search`); strings.Contains(search, "set=") {
		t.Errorf("an unknown example's overrides were applied to another: %s", search)
	}
	if notes := eval[string](t, ctx, `document.getElementById("notes").textContent`); !strings.Contains(notes, "no-such-example") {
		t.Errorf("the page does not say that example no-such-example is not offered: notes %q", notes)
	}
	// A value that is not a number runs nothing, and says so by the box.
	got := eval[[]string](t, ctx, `(() => {
		const v = document.querySelector('.control[data-control="ttl"] input.value');
		v.value = "ten minutes";
		v.dispatchEvent(new Event("change", {bubbles: true}));
		const p = v.closest(".control").querySelector(".problem");
		return [v.getAttribute("aria-invalid") || "", p.hidden ? "" : p.textContent];
	})()`)
	if got[0] != "true" || !strings.Contains(got[1], `"ten minutes" is not a`) {
		t.Errorf("TTL typed as text: aria-invalid %q, message %q; want true and why", got[0], got[1])
	}
}

// checkFormats runs the page's own formatting of lesson results (its ES
// module, in the browser) on values the lessons produce: each must read in
// the unit the lesson's choices are written in.
func checkFormats(t *testing.T, ctx context.Context) {
	t.Helper()
	tests := []struct {
		metric string
		value  float64
		want   string
	}{
		{"p50_ms", 753.1, "753 ms"},
		{"p99_ms", 73130, "73.1 s"},
		{"p99_ms", 1739000, "29 min"},
		{"cold_start_ratio", 0.00747, "0.747%"},
		{"rejected_ratio", 0.431, "43.1%"},
		{"monthly_cost_usd", 1234.5, "$1234.50"},
	}
	for _, tt := range tests {
		js := fmt.Sprintf(`import("/static/lessons.js").then(m => m.fmtMetric(%q, %v))`, tt.metric, tt.value)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		if got != tt.want {
			t.Errorf("fmtMetric(%s, %v) = %q, want %q", tt.metric, tt.value, got, tt.want)
		}
	}
}

// checkHistory: a new example, lesson or step is a history entry, so that
// Back and Forward return to each with the page drawn for it.
func checkHistory(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	n := 1
	act := func(what, js string) {
		t.Helper()
		eval[any](t, ctx, js)
		n++
		do(t, ctx, what, waitRuns(n))
	}
	do(t, ctx, "open cold-starts-101", chromedp.Navigate(base+"/?example=cold-starts-101"), waitRuns(1))
	act("pick an example", `(s => { s.value = "keep-alive-tradeoff"; s.dispatchEvent(new Event("change")); })(document.getElementById("example"))`)
	act("pick a lesson", `(s => { s.value = "power-tuning"; s.dispatchEvent(new Event("change")); })(document.getElementById("lesson"))`)
	act("next step", `document.getElementById("lesson-next").click()`)
	const where = `[document.getElementById("example").value, document.getElementById("lesson").value, new URLSearchParams(location.search).get("step") || "", document.getElementById("title").textContent]`
	for _, tt := range []struct {
		move string
		want []string
	}{
		{"history.back()", []string{"power-tuning", "power-tuning", "0", "power-tuning"}},
		{"history.back()", []string{"keep-alive-tradeoff", "", "", "keep-alive-tradeoff"}},
		{"history.back()", []string{"cold-starts-101", "", "", "cold-starts-101"}},
		{"history.forward()", []string{"keep-alive-tradeoff", "", "", "keep-alive-tradeoff"}},
	} {
		act(tt.move, tt.move)
		if got := eval[[]string](t, ctx, where); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("after %s the page shows example, lesson, step, title %q, want %q", tt.move, got, tt.want)
		}
	}
}

// checkKeyboard moves the TTL slider with the arrow keys: each press runs,
// and the slider keeps the focus across the redraw, so the next press
// moves it again (a redraw that drops the focus strands a keyboard user).
func checkKeyboard(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx, "open power-tuning", chromedp.Navigate(base+"/?example=power-tuning"), waitRuns(1))
	for i := 1; i <= 2; i++ {
		do(t, ctx, "arrow key", chromedp.Focus(chromedp.ID("ctl-ttl")), chromedp.KeyEvent(kb.ArrowRight), waitRuns(1+i))
		if id := eval[string](t, ctx, `document.activeElement.id`); id != "ctl-ttl" {
			t.Fatalf("after run %d the focus is on %q, not the TTL slider", 1+i, id)
		}
	}
	// The focus stays without a new Focus action: one more key press runs.
	do(t, ctx, "arrow key, focus kept", chromedp.KeyEvent(kb.ArrowRight), waitRuns(4))
	if label := eval[string](t, ctx, `document.querySelector('label[for="ctl-ttl"]').textContent`); !strings.Contains(label, "TTL") {
		t.Errorf("the TTL slider's label reads %q", label)
	}
}

// checkEmptyCost: a scenario with no price sheet has no cost to chart; the
// chart says why instead of drawing a $0 bar as if the platform were free.
func checkEmptyCost(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx, "open erlang-b", chromedp.Navigate(base+"/?example=erlang-b"), waitRuns(1))
	got := eval[string](t, ctx, `(document.querySelector("#chart-cost .empty") || {}).textContent || ""`)
	if !strings.Contains(got, "price sheet") {
		t.Errorf("erlang-b (no price sheet): the cost chart says %q, want why it has nothing to draw", got)
	}
}
