package playground

import (
	"container/list"
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// errReplaced is the cause a run is cancelled with when a newer run from
// the same page replaces it.
var errReplaced = errors.New("replaced by a newer run from the same page")

// acquire takes a simulation slot, waiting at most s.slotWait, and starts
// the run's time budget (s.cfg.Timeout) on ctx; release gives the slot
// back. The request's body has been read by then, and its answer is
// rendered before it is written, so a slow client never holds a slot.
// On an error ctx comes back as it was, for runError.
func (s *Server) acquire(ctx context.Context) (context.Context, func(), error) {
	release, err := s.slot(ctx)
	if err != nil {
		return ctx, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	return ctx, func() { cancel(); release() }, nil
}

func (s *Server) slot(ctx context.Context) (release func(), err error) {
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	default:
	}
	t := time.NewTimer(s.slotWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, &httpError{status: http.StatusServiceUnavailable, retryAfter: "1",
			msg: "every simulation slot is busy (faassim serve --max-concurrent raises their number): try again in a moment"}
	}
}

// pageRuns holds the run under way for each page, so that a newer run
// from the page cancels it: a student dragging a slider wants the last
// position simulated, not every one on the way.
type pageRuns struct {
	mu   sync.Mutex
	runs map[string]*pageRun
}

type pageRun struct{ cancel context.CancelCauseFunc }

func newPageRuns() *pageRuns { return &pageRuns{runs: map[string]*pageRun{}} }

// start registers a run of page (none when page is ""), cancelling the
// page's older run; done forgets it. The map holds only runs under way,
// so it stays as small as the number of requests in flight.
func (p *pageRuns) start(ctx context.Context, page string) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	if page == "" {
		return ctx, func() { cancel(nil) }
	}
	run := &pageRun{cancel: cancel}
	p.mu.Lock()
	if old := p.runs[page]; old != nil {
		old.cancel(errReplaced)
	}
	p.runs[page] = run
	p.mu.Unlock()
	return ctx, func() {
		p.mu.Lock()
		if p.runs[page] == run {
			delete(p.runs, page)
		}
		p.mu.Unlock()
		cancel(nil)
	}
}

// snapshotLRU remembers the last states run, for the explanations of the
// next: bounded, the least recently used dropped first.
type snapshotLRU struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *Snapshot entries, most recent first
	at    map[string]*list.Element
}

type snapEntry struct {
	key  string
	snap *Snapshot
}

func newSnapshotLRU(max int) *snapshotLRU {
	return &snapshotLRU{max: max, order: list.New(), at: map[string]*list.Element{}}
}

func (c *snapshotLRU) get(key string) *Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.at[key]
	if e == nil {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*snapEntry).snap
}

func (c *snapshotLRU) put(key string, snap *Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.at[key]; e != nil {
		e.Value.(*snapEntry).snap = snap
		c.order.MoveToFront(e)
		return
	}
	c.at[key] = c.order.PushFront(&snapEntry{key, snap})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.at, last.Value.(*snapEntry).key)
	}
}

func (c *snapshotLRU) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
