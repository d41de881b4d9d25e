package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"faassim/models/metrics"
	"faassim/reports"
	"faassim/reports/charts"
)

// output holds the flags every command that renders results shares, and
// the sink the report goes to once opened.
type output struct {
	format, file, chartDir, chartFormat string
	sink                                *sink
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

// open opens the report's destination and checks the chart directory
// before any work, so that an unwritable -o or --charts fails at once;
// commands defer o.close().
func (o *output) open(ctx context.Context, cmd string, stdout io.Writer) error {
	if err := checkChartDir(cmd, o.chartDir); err != nil {
		return err
	}
	s, err := openSink(ctx, cmd, "-o", o.file, stdout)
	if err != nil {
		return err
	}
	o.sink = s
	return nil
}

// close removes the report's temporary file unless it was committed.
func (o *output) close() { o.sink.abort() }

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
func (o *output) results(res metrics.Results) error {
	render, err := reports.ForFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	ctx, err := o.context()
	if err != nil {
		return err
	}
	return o.finish(ctx, func(w io.Writer) error { return render(w, res, ctx) },
		func(f charts.Format) ([]charts.Chart, error) { return charts.ForResults(res, f) })
}

// sweep renders a sweep and writes its charts.
func (o *output) sweep(sw metrics.Sweep) error {
	ctx, err := o.context()
	if err != nil {
		return err
	}
	render, err := reports.SweepForFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	return o.finish(ctx, func(w io.Writer) error { return render(w, sw, ctx) },
		func(f charts.Format) ([]charts.Chart, error) { return charts.ForSweep(sw, f) })
}

// breakeven renders a break-even search and writes its chart.
func (o *output) breakeven(be metrics.BreakEven) error {
	ctx, err := o.context()
	if err != nil {
		return err
	}
	render, err := reports.BreakEvenForFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	return o.finish(ctx, func(w io.Writer) error { return render(w, be, ctx) },
		func(f charts.Format) ([]charts.Chart, error) { return charts.ForBreakEven(be, f) })
}

// finish renders the report, then writes the charts when asked (--charts),
// then the report: a report that fails to render leaves no chart behind.
func (o *output) finish(ctx reports.Context, render func(io.Writer) error,
	draw func(charts.Format) ([]charts.Chart, error)) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if err := o.sink.ctx.Err(); err != nil {
		return err // interrupted: write no chart
	}
	if o.chartDir != "" {
		cs, err := draw(ctx.ChartFormat)
		if err != nil {
			return err
		}
		if err := charts.WriteFilesWith(o.chartDir, cs, ctx.ChartFormat, chartTemps{}); err != nil {
			return err
		}
	}
	if _, err := o.sink.Write(buf.Bytes()); err != nil {
		return err
	}
	return o.sink.commit()
}

// checkChartDir refuses, before any work, a --charts path that cannot
// become a directory: a file, a path under one, or one under a directory
// that takes no new entries (probed by creating and removing a temporary
// directory in the nearest existing one). A missing directory is created
// when the charts are written.
func checkChartDir(cmd, dir string) error {
	if dir == "" {
		return nil
	}
	existing := dir
	for {
		fi, err := os.Stat(existing)
		switch {
		case err == nil && !fi.IsDir() && existing == dir:
			return usageError{fmt.Errorf("%s: --charts %s: is not a directory", cmd, dir)}
		case err == nil && !fi.IsDir(), errors.Is(err, syscall.ENOTDIR):
			return fmt.Errorf("%s: --charts %s: %s is not a directory", cmd, dir, fileAncestor(filepath.Dir(dir)))
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s: --charts %s: %w", cmd, dir, unwrapPath(err))
		}
		if err == nil || existing == filepath.Dir(existing) {
			break
		}
		existing = filepath.Dir(existing)
	}
	probe, err := os.MkdirTemp(existing, ".faassim-probe-*")
	if err != nil {
		return fmt.Errorf("%s: --charts %s: cannot create a directory in %s: %w", cmd, dir, existing, unwrapPath(err))
	}
	return os.Remove(probe)
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
