package playground

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"faassim/internal/printable"
	"faassim/scenarios"
)

// readJSON reads the whole body (at most MaxBodyBytes) and decodes it
// strictly into v: application/json only, no unknown field, nothing after
// the object. The body is read before any slot is taken.
func readJSON(w http.ResponseWriter, r *http.Request, v any) *httpError {
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return &httpError{status: http.StatusUnsupportedMediaType,
			msg: fmt.Sprintf("Content-Type %q: want application/json", ct)}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		if mbe := new(http.MaxBytesError); errors.As(err, &mbe) {
			return &httpError{status: http.StatusRequestEntityTooLarge,
				msg: fmt.Sprintf("request body over %d bytes (a state is an example and a few overrides)", MaxBodyBytes)}
		}
		return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf("reading the request body: %v", err)}
	}
	bad := func(field, format string, args ...any) *httpError {
		msg := "request body: " + fmt.Sprintf(format, args...)
		e := &httpError{status: http.StatusBadRequest, msg: msg}
		if field != "" {
			e.problems = []Problem{{Field: field, Reason: fmt.Sprintf(format, args...)}}
		}
		return e
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return bad("", "want a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			te.Field = strings.TrimPrefix(te.Field, "State.") // RunRequest's embedded State
			return bad(te.Field, "%s: want a %s, got a JSON %s", te.Field, te.Type, te.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return bad(name, "unknown field %q", name)
		}
		return bad("", "%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("", "data after the JSON object")
	}
	return nil
}

// pageID is what RunRequest.Page may be.
var pageID = regexp.MustCompile(`^[A-Za-z0-9_-]{0,64}$`)

// checkState refuses a state before anything is loaded: an example not
// offered, too many overrides, an override that is not path=value, or one
// that would read a file from this machine's disk (loading
// workload.functions_from reads it, so it must be refused before).
func (s *Server) checkState(st State) (*offering, *httpError) {
	o := s.offers[st.Example]
	if o == nil {
		known := make([]string, 0, len(s.offers))
		for name := range s.offers {
			known = append(known, name)
		}
		sort.Strings(known)
		reason := fmt.Sprintf("unknown example %q (offered: %s)", st.Example, strings.Join(known, ", "))
		return nil, &httpError{status: http.StatusBadRequest, msg: reason, problems: []Problem{{Field: "example", Reason: reason}}}
	}
	if len(st.Sets) > MaxSets {
		reason := fmt.Sprintf("%d overrides: at most %d", len(st.Sets), MaxSets)
		return nil, &httpError{status: http.StatusBadRequest, msg: reason, problems: []Problem{{Field: "sets", Reason: reason}}}
	}
	var probs []Problem
	for _, kv := range st.Sets {
		key, _, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(key) == "" {
			// The message scenarios gives such an override.
			probs = append(probs, Problem{File: "--set " + shorten(kv), Reason: "want key=value, e.g. platforms.0.keep_alive.ttl=5m"})
			continue
		}
		if field, bad := scenarios.ReadsLocalFile(key); bad {
			probs = append(probs, Problem{File: "--set " + shorten(strings.TrimSpace(key)), Field: field, Reason: fmt.Sprintf(
				"%s reads a file from this machine's disk: the playground refuses it (give the scenario to faassim serve on its command line)", field)})
		}
	}
	if len(probs) > 0 {
		return nil, problemsError(probs)
	}
	return o, nil
}

// shownBytes is as much of an override as a message echoes, as the
// scenario loader does.
const shownBytes = 80

// shorten cuts s to shownBytes (at a character boundary), control
// characters escaped.
func shorten(s string) string {
	if len(s) <= shownBytes {
		return printable.Escape(s)
	}
	cut := shownBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return printable.Escape(s[:cut]) + "..."
}

// problemsError is a 400 answer listing problems, its message the lines
// the CLI prints.
func problemsError(probs []Problem) *httpError {
	ps := make(scenarios.Problems, len(probs))
	for i, p := range probs {
		ps[i] = scenarios.Problem{File: p.File, Line: p.Line, Path: p.Field, Reason: p.Reason}
	}
	return &httpError{status: http.StatusBadRequest, msg: ps.Error(), problems: probs}
}

// fromProblems converts a scenario's problems to JSON.
func fromProblems(ps scenarios.Problems) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		out[i] = Problem{File: p.File, Line: p.Line, Field: p.Path, Reason: p.Reason}
	}
	return out
}

// problemTexts is ps as lines, for comparing two lists.
func problemTexts(ps scenarios.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Path + ": " + p.Reason
	}
	return out
}
