package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"faassim/models/metrics"
	"faassim/reports"
	"faassim/reports/charts"
)

// output holds the flags every command that renders results shares.
type output struct {
	format, file, chartDir, chartFormat string
	fs                                  *pflag.FlagSet
}

// register adds the output flags; note says what json holds for this
// command. The formats are reports.Formats, the same for every command.
func (o *output) register(fs *pflag.FlagSet, note string) {
	o.fs = fs
	fs.StringVarP(&o.format, "format", "f", "", "output `format`: "+reports.FormatList()+" ("+note+
		"); default: from -o's extension (.json, .md, .csv, .html, .txt), else text")
	fs.StringVarP(&o.file, "output", "o", "", "write to `FILE` instead of standard output (atomically: all or nothing)")
	fs.StringVar(&o.chartDir, "charts", "", "also write every chart into `DIR` (a Markdown report links them there)")
	fs.StringVar(&o.chartFormat, "chart-format", "svg", "chart file `format`: svg or png")
}

// check refuses an unknown --format or --chart-format before anything
// runs.
func (o *output) check(cmd string) error {
	if o.fs == nil || !o.fs.Changed("format") {
		o.format = formatOf(o.file, "text")
	}
	if err := reports.CheckFormat(o.format); err != nil {
		return usageError{fmt.Errorf("%s: --format: %v", cmd, err)}
	}
	_, err := o.chartsFormat()
	return err
}

func (o *output) chartsFormat() (charts.Format, error) {
	f, err := charts.ParseFormat(o.chartFormat)
	if err != nil {
		return 0, usageError{err}
	}
	return f, nil
}

// context is the report context of saved or fresh results: the renderers
// fill the rest from the results themselves.
func (o *output) context() (reports.Context, error) {
	f, err := o.chartsFormat()
	if err != nil {
		return reports.Context{}, err
	}
	ctx := reports.Context{ChartFormat: f}
	if o.chartDir != "" {
		ctx.ChartDir = o.chartDir
		if o.file != "" {
			// Links in a Markdown file are relative to the file.
			if rel, err := filepath.Rel(filepath.Dir(o.file), o.chartDir); err == nil {
				ctx.ChartDir = rel
			}
		}
	}
	return ctx, nil
}

// results renders one run's results and writes its charts.
func (o *output) results(stdout io.Writer, res metrics.Results) error {
	render, err := reports.ForFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	ctx, err := o.context()
	if err != nil {
		return err
	}
	return o.finish(stdout, ctx, func(w io.Writer) error { return render(w, res, ctx) },
		func(f charts.Format) ([]charts.Chart, error) { return charts.ForResults(res, f) })
}

// sweep renders a sweep and writes its charts.
func (o *output) sweep(stdout io.Writer, sw metrics.Sweep) error {
	ctx, err := o.context()
	if err != nil {
		return err
	}
	render, err := reports.SweepForFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	return o.finish(stdout, ctx, func(w io.Writer) error { return render(w, sw, ctx) },
		func(f charts.Format) ([]charts.Chart, error) { return charts.ForSweep(sw, f) })
}

// breakeven renders a break-even search and writes its chart.
func (o *output) breakeven(stdout io.Writer, be metrics.BreakEven) error {
	ctx, err := o.context()
	if err != nil {
		return err
	}
	render, err := reports.BreakEvenForFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	return o.finish(stdout, ctx, func(w io.Writer) error { return render(w, be, ctx) },
		func(f charts.Format) ([]charts.Chart, error) { return charts.ForBreakEven(be, f) })
}

// finish renders the report, then writes the charts when asked (--charts),
// then the report: a report that fails to render leaves no chart behind.
func (o *output) finish(stdout io.Writer, ctx reports.Context, render func(io.Writer) error,
	draw func(charts.Format) ([]charts.Chart, error)) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if o.chartDir != "" {
		cs, err := draw(ctx.ChartFormat)
		if err != nil {
			return err
		}
		if err := charts.WriteFiles(o.chartDir, cs, ctx.ChartFormat); err != nil {
			return err
		}
	}
	return emit(o.file, stdout, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// formatOf is the output format a file name asks for by its extension
// ("-o report.html" means HTML), or def for any other name (and stdout).
func formatOf(file, def string) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".json":
		return "json"
	case ".md", ".markdown":
		return "markdown"
	case ".csv":
		return "csv"
	case ".html", ".htm":
		return "html"
	case ".txt":
		return "text"
	}
	return def
}
