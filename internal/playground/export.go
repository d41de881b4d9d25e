package playground

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"

	"faassim/reports"
	"faassim/scenarios"
)

func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	var st State
	if e := readJSON(w, r, &st); e != nil {
		writeError(w, e)
		return
	}
	off, e := s.checkState(st)
	if e != nil {
		writeError(w, e)
		return
	}
	resp, e := s.export(r.Context(), off, st)
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, resp)
}

// export writes the state's scenario as a file, then loads that file back
// and runs it as `faassim run FILE --format json` would: Results is by
// construction what that command prints for the file.
func (s *Server) export(ctx context.Context, off *offering, st State) (*ExportResponse, *httpError) {
	ctx, release, err := s.acquire(ctx)
	if err != nil {
		return nil, s.runError(ctx, err)
	}
	defer release()
	sc, err := s.load(ctx, off, st.Sets)
	if err != nil {
		return nil, s.runError(ctx, err)
	}
	filename := exportName(off)
	yaml, err := scenarios.Marshal(sc, scenarios.Comments{"$": s.headComment(off, st, filename)})
	if err != nil {
		return nil, s.runError(ctx, err)
	}
	// The file as written, loaded as `faassim run` loads it (under the
	// offering's name, so a functions_from of the command line's scenario
	// resolves as it did).
	back, err := scenarios.LoadWith(off.file, yaml, nil, s.loadOptions(ctx))
	if err != nil {
		return nil, s.runError(ctx, err)
	}
	res, err := scenarios.Run(ctx, back, s.loadOptions(ctx))
	if err != nil {
		return nil, s.runError(ctx, err)
	}
	var buf bytes.Buffer
	if err := reports.JSON(&buf, res); err != nil {
		return nil, s.runError(ctx, err)
	}
	return &ExportResponse{Schema: Schema, Filename: filename, YAML: string(yaml), Results: buf.String()}, nil
}

// unsafeName is what a suggested file name may not hold.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// exportName is NAME-playground.yaml, NAME the example's (or the command
// line file's base name).
func exportName(off *offering) string {
	name := off.Name
	if name == CLIScenario {
		name = strings.TrimSuffix(filepath.Base(off.file), filepath.Ext(off.file))
	}
	name = strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-.")
	if name == "" {
		name = "scenario"
	}
	return name + "-playground.yaml"
}

// headComment says where the file came from and how to reproduce the
// playground's results with it.
func (s *Server) headComment(off *offering, st State, filename string) []string {
	from := "example:" + off.Name
	if off.Name == CLIScenario {
		from = off.file + " (given to faassim serve)"
	}
	lines := []string{"Exported from the faassim playground: " + from + "."}
	if len(off.Sets)+len(st.Sets) > 0 {
		lines = append(lines, "Overrides applied (playground's own, then the page's):")
		for _, kv := range append(append([]string(nil), off.Sets...), st.Sets...) {
			lines = append(lines, "  --set "+kv)
		}
	}
	run := "faassim run " + filename + " --format json"
	if len(s.cfg.Prices) > 0 {
		run += " --prices FILE (the price sheets given to faassim serve)"
	}
	return append(lines, run+" reproduces the playground's results.")
}
