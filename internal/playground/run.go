package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"faassim/internal/limits"
	"faassim/models/metrics"
	"faassim/reports"
	"faassim/scenarios"
	"faassim/sim"
)

// timelinePoints is about how many points each series of a run has: enough
// for a smooth chart, few enough to send and draw at once.
const timelinePoints = 400

func (s *Server) serveRun(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var req RunRequest
	if e := readJSON(w, r, &req); e != nil {
		writeError(w, e)
		return
	}
	if !pageID.MatchString(req.Page) {
		reason := "want up to 64 characters of A-Z, a-z, 0-9, _ and -"
		writeError(w, &httpError{status: http.StatusBadRequest, msg: "page: " + reason, problems: []Problem{{Field: "page", Reason: reason}}})
		return
	}
	off, e := s.checkState(req.State)
	if e != nil {
		writeError(w, e)
		return
	}
	ctx, done := s.pages.start(r.Context(), req.Page)
	defer done()
	resp, e := s.run(ctx, off, req)
	if e != nil {
		writeError(w, e)
		return
	}
	resp.ElapsedMS = float64(time.Since(start).Microseconds()) / 1000
	writeJSON(w, resp)
}

// run simulates a state under a slot and the time budget, and builds its
// answer (without ElapsedMS).
func (s *Server) run(ctx context.Context, off *offering, req RunRequest) (*RunResponse, *httpError) {
	ctx, release, err := s.acquire(ctx)
	if err != nil {
		return nil, s.runError(ctx, err)
	}
	defer release()
	cur, res, err := s.simulate(ctx, off, req.Sets)
	if err != nil {
		return nil, s.runError(ctx, err)
	}
	st := State{Example: req.Example, Sets: nonNil(req.Sets)}
	snap := Snapshot{State: st, Scenario: cur, Results: res}
	var prev *Snapshot
	if req.Previous != nil {
		prev = s.snaps.get(stateKey(*req.Previous))
	}
	s.snaps.put(stateKey(st), &snap)
	head, rows := reports.ComparisonTable(res)
	resp := &RunResponse{Schema: Schema, State: st, Title: cur.Name, Description: cur.Description,
		Notes: notes(off, res), Controls: nonNil(Controls(cur, off.base)), Table: Table{Header: head, Rows: nonNil(rows)}, Results: res}
	resp.Explanations, resp.Formulas = Explain(prev, snap)
	return resp, nil
}

// simulate loads the state's scenario and runs it (with a timeline for
// the page's charts), under ctx's time budget.
func (s *Server) simulate(ctx context.Context, off *offering, sets []string) (*scenarios.Scenario, metrics.Results, error) {
	if s.onSlot != nil {
		s.onSlot(ctx)
	}
	cur, err := s.load(ctx, off, sets)
	if err != nil {
		return nil, metrics.Results{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, metrics.Results{}, err // the budget is spent (or the page moved on): do not start
	}
	opt := s.loadOptions(ctx)
	opt.Timeline = sim.FromDuration(timelineStep(cur))
	res, err := scenarios.Run(ctx, cur, opt)
	return cur, res, err
}

// load loads the state's scenario: the offering's bytes with its own
// overrides, then the state's. Whatever the overrides, the scenario may
// read no file its base does not (checkState refused every key that
// could; this is the second lock).
func (s *Server) load(ctx context.Context, off *offering, sets []string) (*scenarios.Scenario, error) {
	all := append(slices.Clip(off.Sets), sets...)
	sc, err := scenarios.LoadWith(off.file, off.data, all, s.loadOptions(ctx))
	if err != nil {
		return nil, err
	}
	if files := sc.LocalFiles(); !slices.Equal(problemTexts(files), off.baseFiles) {
		probs := fromProblems(files)
		for i := range probs {
			probs[i].Reason += ": the playground refuses it"
		}
		return nil, problemsError(probs)
	}
	return sc, nil
}

// timelineStep is the step giving about timelinePoints points over the
// measured window (horizon less warm-up), a whole number of seconds.
func timelineStep(sc *scenarios.Scenario) time.Duration {
	window := time.Duration(sc.Horizon - sc.Warmup)
	step := (window / timelinePoints).Round(time.Second)
	return max(step, time.Second)
}

// notes are what the student should know about a run: the playground's
// own overrides and the results' warnings.
func notes(off *offering, res metrics.Results) []string {
	var out []string
	if off.Note != "" {
		out = append(out, off.Note)
	}
	out = append(out, res.Warnings...)
	for _, p := range res.Platforms {
		for _, w := range p.Warnings {
			out = append(out, p.Name+": "+w)
		}
	}
	return out
}

// stateKey is a state's canonical form: the LRU's key.
func stateKey(st State) string {
	b, _ := json.Marshal(State{Example: st.Example, Sets: nonNil(st.Sets)})
	return string(b)
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// runError maps a failed load or run to its answer; ctx is the run's
// (with its time budget): the page's newer run (409), the time budget
// (504), the client gone or the server stopping (503), the work budget
// (422), the scenario's problems (400).
func (s *Server) runError(ctx context.Context, err error) *httpError {
	var he *httpError
	var probs scenarios.Problems
	var over *limits.Exceeded
	switch {
	case errors.As(err, &he):
		return he
	case errors.Is(context.Cause(ctx), errReplaced):
		return &httpError{status: http.StatusConflict, msg: "this run was replaced by a newer one from the same page"}
	case errors.Is(context.Cause(ctx), context.DeadlineExceeded):
		return &httpError{status: http.StatusGatewayTimeout, msg: fmt.Sprintf(
			"the simulation took longer than %v, the playground's time budget per run (faassim serve --timeout raises it): shorten the horizon or lower the rate", s.cfg.Timeout)}
	case ctx.Err() != nil:
		return &httpError{status: http.StatusServiceUnavailable, msg: "the run was cancelled (the page went away or the server is stopping)"}
	case errors.As(err, &over):
		return &httpError{status: http.StatusUnprocessableEntity, msg: over.Msg + " (the playground's budget per run: faassim serve --max-events and --max-memory)"}
	case errors.As(err, &probs):
		return &httpError{status: http.StatusBadRequest, msg: probs.Error(), problems: fromProblems(probs)}
	}
	return &httpError{status: http.StatusInternalServerError, msg: err.Error()}
}
