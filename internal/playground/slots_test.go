package playground

import (
	"context"
	"fmt"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"faassim/internal/limits"
)

// A run estimated over the work or memory budget answers 422 naming the
// serve flag that lifts it.
func TestWorkBudget(t *testing.T) {
	for _, c := range []struct {
		name   string
		budget limits.Budget
		flag   string
	}{
		{"events", limits.Budget{MaxEvents: 1000}, "--max-events"},
		{"memory", limits.Budget{MaxMemory: 1_000_000}, "--max-memory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newTestServer(t, Config{Budget: c.budget}).Handler()
			for _, path := range []string{PathRun, PathExport} {
				w := call(h, "POST", path, `{"example":"cold-starts-101","sets":["horizon=200h"]}`)
				if w.Code != 422 {
					t.Fatalf("%s: status %d, want 422: %s", path, w.Code, w.Body)
				}
				if e := errorOf(t, w); !strings.Contains(e.Error, c.flag) || !strings.Contains(e.Error, "faassim serve") {
					t.Errorf("%s: error %q, want it to name faassim serve's %s", path, e.Error, c.flag)
				}
			}
		})
	}
}

// heavyScenario takes seconds to simulate: far longer than the time
// budgets below.
const heavyScenario = `name: heavy
seed: 1
horizon: 4h
workload:
  synthetic:
    functions:
      - {name: api, runtime: go, memory_mb: 512, arrival: {process: poisson, rate_per_s: 2000}, duration: {dist: deterministic, value: 50ms}}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`

// A run over the time budget is stopped and answers 504: once while it
// simulates, once when the budget ran out before it started.
func TestTimeBudget(t *testing.T) {
	unlimited := limits.Budget{MaxEvents: limits.Unlimited, MaxMemory: limits.Unlimited}
	t.Run("while simulating", func(t *testing.T) {
		s := newTestServer(t, Config{Scenario: writeScenario(t, heavyScenario), Budget: unlimited, Timeout: 100 * time.Millisecond})
		start := time.Now()
		w := call(s.Handler(), "POST", PathRun, `{"example":"@cli"}`)
		if w.Code != 504 || !strings.Contains(errorOf(t, w).Error, "--timeout") {
			t.Fatalf("status %d, want 504 naming --timeout: %s", w.Code, w.Body)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("answered after %v: the run was not stopped", d)
		}
	})
	t.Run("before starting", func(t *testing.T) {
		s := newTestServer(t, Config{Timeout: time.Millisecond})
		s.onSlot = func(ctx context.Context) { <-ctx.Done() } // the budget runs out while loading
		w := call(s.Handler(), "POST", PathRun, `{"example":"power-tuning"}`)
		if w.Code != 504 {
			t.Fatalf("status %d, want 504: %s", w.Code, w.Body)
		}
	})
}

// With every slot held, a run waits briefly for one and then answers 503
// with Retry-After; the run holding the slot still finishes.
func TestConcurrencyBound(t *testing.T) {
	s := newTestServer(t, Config{MaxConcurrent: 1})
	s.slotWait = 10 * time.Millisecond
	entered, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	s.onSlot = func(ctx context.Context) {
		if calls.Add(1) == 1 {
			close(entered)
			<-release
		}
	}
	h := s.Handler()
	first := make(chan *httptest.ResponseRecorder)
	go func() { first <- call(h, "POST", PathRun, `{"example":"power-tuning","page":"a"}`) }()
	<-entered // the first run holds the only slot
	for path, body := range map[string]string{PathRun: `{"example":"power-tuning","page":"b"}`, PathExport: `{"example":"power-tuning"}`} {
		w := call(h, "POST", path, body)
		if w.Code != 503 || w.Header().Get("Retry-After") == "" || !strings.Contains(errorOf(t, w).Error, "--max-concurrent") {
			t.Errorf("%s with the slot held: status %d, Retry-After %q: %s", path, w.Code, w.Header().Get("Retry-After"), w.Body)
		}
	}
	close(release)
	if w := <-first; w.Code != 200 {
		t.Errorf("the run holding the slot: status %d: %s", w.Code, w.Body)
	}
	if w := call(h, "POST", PathRun, `{"example":"power-tuning","page":"b"}`); w.Code != 200 {
		t.Errorf("after the slot is free: status %d", w.Code)
	}
}

// A newer run from the same page cancels the older one (409); a run from
// another page does not.
func TestCancelByPage(t *testing.T) {
	s := newTestServer(t, Config{MaxConcurrent: 2})
	entered, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	s.onSlot = func(ctx context.Context) {
		if calls.Add(1) == 1 {
			close(entered)
			select { // held until cancelled or released
			case <-ctx.Done():
			case <-release:
			}
		}
	}
	h := s.Handler()
	older := make(chan *httptest.ResponseRecorder)
	go func() { older <- call(h, "POST", PathRun, `{"example":"power-tuning","page":"page-1"}`) }()
	<-entered
	if w := call(h, "POST", PathRun, `{"example":"power-tuning","page":"page-2"}`); w.Code != 200 {
		t.Fatalf("another page's run: status %d: %s", w.Code, w.Body)
	}
	if w := call(h, "POST", PathRun, `{"example":"power-tuning","sets":["seed=2"],"page":"page-1"}`); w.Code != 200 {
		t.Fatalf("the newer run: status %d: %s", w.Code, w.Body)
	}
	close(release) // too late: the older run was cancelled already
	w := <-older
	if w.Code != 409 || !strings.Contains(errorOf(t, w).Error, "newer") {
		t.Errorf("the older run: status %d, want 409: %s", w.Code, w.Body)
	}
	if n := len(s.pages.runs); n != 0 {
		t.Errorf("%d runs still registered after all ended", n)
	}
}

// Runs cancelled mid-simulation (a page's newer run replacing its older,
// again and again) or failing in any way (a panic, the time budget, a bad
// override) give back their slot and their page's entry, and leave no
// goroutine behind.
func TestNothingLeftAfterCancelledRuns(t *testing.T) {
	unlimited := limits.Budget{MaxEvents: limits.Unlimited, MaxMemory: limits.Unlimited}
	s := newTestServer(t, Config{Scenario: writeScenario(t, heavyScenario), Budget: unlimited, Timeout: 20 * time.Second, MaxConcurrent: 2})
	s.slotWait = 5 * time.Second
	var panics atomic.Bool
	s.onSlot = func(ctx context.Context) {
		if panics.Load() {
			panic("a bug")
		}
	}
	h := s.Handler()
	before := runtime.NumGoroutine()
	const pages, runsPerPage = 3, 6
	codes := make(chan int, pages*(runsPerPage+1))
	var wg sync.WaitGroup
	for p := range pages {
		for i := range runsPerPage {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := fmt.Sprintf(`{"example":"@cli","sets":["seed=%d"],"page":"p%d"}`, i+1, p)
				codes <- call(h, "POST", PathRun, body).Code
			}()
			time.Sleep(20 * time.Millisecond) // each replaces the page's older run while it simulates
		}
	}
	// The last run of each page is heavy and not replaced: end it with a
	// newer light one (the slot then goes to a cancelled run briefly).
	for p := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- call(h, "POST", PathRun, fmt.Sprintf(`{"example":"@cli","sets":["horizon=2m"],"page":"p%d"}`, p)).Code
		}()
	}
	wg.Wait()
	close(codes)
	seen := map[int]int{}
	for c := range codes {
		seen[c]++
	}
	if seen[409] == 0 || seen[500] > 0 {
		t.Errorf("answers %v: want some 409 (replaced) and no 500", seen)
	}
	panics.Store(true)
	for _, body := range []string{`{"example":"@cli","page":"x"}`, `{"example":"@cli","sets":["seed=x"],"page":"y"}`} {
		if w := call(h, "POST", PathRun, body); w.Code != 500 {
			t.Errorf("%s with a panic: status %d, want 500", body, w.Code)
		}
	}
	panics.Store(false)
	if w := call(h, "POST", PathRun, `{"example":"@cli","sets":["seed=x"],"page":"z"}`); w.Code != 400 {
		t.Errorf("a bad override: status %d, want 400", w.Code)
	}
	if n := len(s.slots); n != 0 {
		t.Errorf("%d slots still held after every run ended", n)
	}
	if n := len(s.pages.runs); n != 0 {
		t.Errorf("%d pages still registered after every run ended", n)
	}
	// Goroutines end shortly after their run: poll, not a fixed sleep.
	var now int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if now = runtime.NumGoroutine(); now <= before {
			return
		}
	}
	buf := make([]byte, 1<<16)
	t.Errorf("%d goroutines before the runs, %d after:\n%s", before, now, buf[:runtime.Stack(buf, true)])
}
