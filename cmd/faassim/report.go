package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"faassim/models/metrics"
)

const reportIntro = `faassim report RESULTS.json [flags]

Renders results saved with --format json (by run, sweep or breakeven)
without simulating again: a self-contained HTML page to share, Markdown to
paste into a document, CSV for a spreadsheet, or the terminal table.

Results saved by run --per-app keep their per-application statistics: every
format shows them, and the HTML adds the keep-alive study (third-quartile
per-app cold-start % against wasted memory, as in Figure 15 of Shahrad et
al., ATC 2020) when two FaaS platforms carry them.

Examples:
  faassim run example:default --timeline 10m --format json -o results.json
  faassim report results.json --format html -o report.html
  faassim report results.json --format markdown -o report.md --charts charts
  faassim run example:keepalive-study --set workload.synth.functions=500 --per-app -o study.json
  faassim report study.json -o study.html`

func reportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", reportIntro, stdout, stderr)
	var out output
	out.register(fs, "json: the results as read, reformatted")
	budget := addBudget(fs, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := out.check("report"); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{fmt.Errorf("report: want one results file, got %d arguments", fs.NArg())}
	}
	if err := refuseSameFile("report", "-o", out.file, input{"the results file", fs.Arg(0)}); err != nil {
		return err
	}
	if err := out.open(ctx, "report", stdout); err != nil {
		return err
	}
	defer out.close()
	path := fs.Arg(0)
	// The size cap follows --max-memory; depth is checked before decoding
	// too: results nest 5 deep.
	in := resultsInput(budgetFor(budget))
	data, err := in.ReadFile(path)
	if err != nil {
		return usageError{err}
	}
	if err := in.CheckJSON(data); err != nil {
		return usageError{fmt.Errorf("%s:%d: %v", path, err.Line, err)}
	}
	var head struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return resultsJSONError(path, data, err)
	}
	// Fields unknown to this build are ignored, not refused: the schemas
	// promise that fields may be added under the same version, so a file
	// from a newer faassim of the same schema still renders.
	decode := func(v any) error {
		if err := checkResults(path, data); err != nil {
			return usageError{err}
		}
		if err := json.Unmarshal(data, v); err != nil {
			return resultsJSONError(path, data, err)
		}
		return nil
	}
	switch head.Schema {
	case metrics.Schema:
		var res metrics.Results
		if err := decode(&res); err != nil {
			return err
		}
		if err := nothingToReport(path, len(res.Platforms), "platforms"); err != nil {
			return err
		}
		return out.results(res)
	case metrics.SweepSchema:
		var sw metrics.Sweep
		if err := decode(&sw); err != nil {
			return err
		}
		if err := nothingToReport(path, len(sw.Points), "sweep points"); err != nil {
			return err
		}
		return out.sweep(sw)
	case metrics.BreakEvenSchema:
		var be metrics.BreakEven
		if err := decode(&be); err != nil {
			return err
		}
		if err := nothingToReport(path, len(be.Points), "break-even points"); err != nil {
			return err
		}
		return out.breakeven(be)
	case "":
		return usageError{fmt.Errorf("%s: no \"schema\" field: not a faassim results file", path)}
	}
	return usageError{fmt.Errorf("%s: schema %q is not one this faassim reads (%s, %s, %s)", path, head.Schema,
		metrics.Schema, metrics.SweepSchema, metrics.BreakEvenSchema)}
}
