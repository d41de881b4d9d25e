package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"faassim/internal/limits"
	"faassim/scenarios/trace/synth"
)

const traceSynthIntro = `faassim trace synth --functions N --days D --seed S --out DIR

Writes an Azure-calibrated synthetic population in the Azure Functions 2019
layout (three files per day, as the real trace): app volumes spanning about
8 orders of magnitude (45% of apps at most once an hour, 81% at most once a
minute), steady, diurnal and bursty on/off apps, timers at fixed periods,
lognormal durations and Burr XII app memory (Shahrad et al., ATC'20).
Check it with "faassim trace inspect DIR".

Days follow the calendar of the Azure Functions 2019 release, whose day 1
is Monday 2019-07-15: days 6, 7, 13 and 14 are a Saturday and a Sunday.
Every function keeps its app, trigger, durations, memory and daily peak
from day to day; only its arrivals are drawn again. On Saturdays and
Sundays diurnal apps run at 0.70 of their weekday volume, steady and
bursty apps keep theirs and timers fire on schedule: the factor is ours,
chosen so the population's weekend/weekday ratio is 0.81 in expectation
(diurnal apps make 64% of the invocations), the ratio of the platform's
invocations per hour plotted over the two weeks in Shahrad et al., ATC'20,
Figure 4. "trace inspect --days" prints its inverse, a weekday/weekend
ratio (1.23 expected). One population strays from it, as its few busiest
apps decide: 3,000 functions with seeds 1 to 3 give 0.75 to 0.88, 300
functions with seed 7 over 14 days 0.97. Weekdays are byte for byte what earlier versions wrote.

DIR appears whole or not at all: the days are written into a temporary
directory beside it, renamed to DIR at the end, so an interrupted or
failed run never looks like a finished shorter trace.

A scenario can replay the same day without writing it: workload.synth
{functions: N, seed: S, day: D} generates it in memory, byte for byte
the day this command writes ("faassim examples --show keepalive-study"
shows one).

Examples:
  faassim trace synth --functions 1000 --days 1 --out day
  faassim trace synth --functions 500 --days 14 --seed 7 --out twoweeks`

func traceSynthCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trace synth", traceSynthIntro, stdout, stderr)
	n := fs.Int("functions", 1000, "number of functions (`N`)")
	days := fs.Int("days", 1, "number of days (`D`, 1-99; day 1 is a Monday, days 6 and 7 a weekend)")
	seed := fs.Uint64("seed", 1, "seed of the population and its arrivals (`S`)")
	out := fs.String("out", "", "directory to write the day files into (`DIR`; its parent must exist)")
	force := fs.Bool("force", false, "replace DIR when it holds only the day files of an earlier trace synth (they are deleted)")
	budget := addBudget(fs, "per-minute counts drawn and written (1,440 a function a day)")
	quiet := fs.BoolP("quiet", "q", false, "no progress bar, even on a terminal")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("trace synth: unexpected argument %q", fs.Arg(0))}
	}
	if *out == "" {
		fs.Usage()
		return usageError{fmt.Errorf("trace synth: --out DIR is required")}
	}
	if *n < 1 || *days < 1 || *days > 99 {
		return usageError{fmt.Errorf("trace synth: want --functions >= 1 and --days 1-99, got %d and %d", *n, *days)}
	}
	// The estimate comes before --out is touched: a refusal leaves nothing.
	cfg := synth.Config{Functions: *n, Days: *days, Seed: *seed}
	if err := checkSynth(cfg, budgetFor(budget)); err != nil {
		return err
	}
	d, err := openOutDir(*out, *force)
	if err != nil {
		return err
	}
	defer temps.drop(d.tmp) // a no-op once renamed
	if bar := progressFor(stderr, *quiet, 1000, "trace synth", false); bar != nil {
		cfg.Progress = func(done, total int) {
			if done%64 == 0 || done == total {
				bar.Set(1000 * done / total)
			}
		}
		defer bar.Finish()
	}
	if err := synth.GenerateContext(ctx, d.tmp, cfg); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The writers' errors name the temporary files: name DIR.
		return fmt.Errorf("%s %s: %w", outDirFlag, *out, unwrapPath(err))
	}
	if err := d.commit(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "faassim: wrote %d day(s) of %d functions to %s\n", *days, *n, *out)
	return nil
}

// checkSynth refuses, before anything is written, a population whose
// counts or memory exceed the budget.
func checkSynth(cfg synth.Config, b limits.Budget) error {
	counts, bytes := synth.Cost(cfg)
	if counts > b.Events() {
		return usageError{&limits.Exceeded{Msg: fmt.Sprintf("trace synth: --functions %d x --days %d make %s per-minute counts to draw and write (about %s of files), more than %s allows; raise --max-events to write them, or generate fewer functions or days",
			cfg.Functions, cfg.Days, limits.FormatCount(counts), limits.FormatSize(counts*synth.BytesPerCount), b.EventsFlag())}}
	}
	if bytes > b.Memory() {
		return usageError{&limits.Exceeded{Msg: fmt.Sprintf("trace synth: --functions %d need about %s of memory for the population, more than %s allows; raise --max-memory to generate them, or generate fewer functions",
			cfg.Functions, limits.FormatSize(bytes), b.MemoryFlag())}}
	}
	return nil
}

// synthFile is the name of a file trace synth writes: the Azure Functions
// 2019 day files, days 01 to 99.
var synthFile = regexp.MustCompile(`^(invocations_per_function_md|function_durations_percentiles|app_memory_percentiles)\.anon\.d(0[1-9]|[1-9][0-9])\.csv$`)

// notSynthFile returns the first entry (in name order) that an earlier
// trace synth would not have written: --force deletes the directory whole,
// so it must hold nothing else of the user's (a thesis.tex beside the day
// files, a subdirectory, a symlink).
func notSynthFile(entries []fs.DirEntry) string {
	for _, e := range entries {
		if !e.Type().IsRegular() || !synthFile.MatchString(e.Name()) {
			return e.Name()
		}
	}
	return ""
}

// strconvQuoteIfOdd quotes a file name with spaces or control characters,
// so a message never carries them raw to the terminal.
func strconvQuoteIfOdd(name string) string {
	if q := strconv.Quote(name); q[1:len(q)-1] != name || strings.ContainsAny(name, " ") {
		return q
	}
	return name
}

// outDir is a directory written whole: files go into tmp, a temporary
// directory beside dest, renamed over dest by commit.
type outDir struct {
	user, dest, tmp string
	replace         bool        // dest exists: move it aside, then delete it
	mode            fs.FileMode // dest's, or that of a new directory
}

const outDirFlag = "trace synth: --out"

// openOutDir creates the temporary directory for --out DIR before any
// work. An existing DIR must be an empty directory unless force; a symlink
// to a directory is followed, and its target replaced.
func openOutDir(path string, force bool) (*outDir, error) {
	d := &outDir{user: path, mode: 0o755}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", outDirFlag, path, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	d.dest = abs
	fi, err := os.Stat(abs)
	switch {
	case err == nil && !fi.IsDir():
		return nil, usageError{fmt.Errorf("%s %s: is a file, not a directory", outDirFlag, path)}
	case err == nil:
		entries, err := os.ReadDir(abs)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", outDirFlag, path, unwrapPath(err))
		}
		if len(entries) > 0 && !force {
			return nil, usageError{fmt.Errorf("%s %s: exists and is not empty (--force replaces it)", outDirFlag, path)}
		}
		if cwd, err := os.Getwd(); err == nil && (cwd == abs || strings.HasPrefix(cwd, abs+string(filepath.Separator))) {
			return nil, usageError{fmt.Errorf("%s %s: is the current directory or holds it: give another", outDirFlag, path)}
		}
		if name := notSynthFile(entries); name != "" {
			return nil, usageError{fmt.Errorf("%s %s: holds %s, which trace synth does not write: --force replaces only a directory of day files from an earlier trace synth; move it or give another directory",
				outDirFlag, path, strconvQuoteIfOdd(name))}
		}
		d.replace, d.mode = true, fi.Mode().Perm()
	case errors.Is(err, syscall.ENOTDIR):
		return nil, fmt.Errorf("%s %s: %s is not a directory", outDirFlag, path, fileAncestor(filepath.Dir(path)))
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s %s: %w", outDirFlag, path, unwrapPath(err))
	}
	parent := filepath.Dir(abs)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		if _, serr := os.Stat(parent); errors.Is(serr, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s %s: directory %s does not exist", outDirFlag, path, filepath.Dir(path))
		}
		return nil, fmt.Errorf("%s %s: cannot create a directory in %s: %w", outDirFlag, path, filepath.Dir(path), unwrapPath(err))
	}
	if err := temps.add(tmp); err != nil {
		return nil, err
	}
	d.tmp = tmp
	// MkdirTemp makes the directory private; a trace is data to share.
	if err := os.Chmod(tmp, d.mode); err != nil {
		return nil, fmt.Errorf("%s %s: %w", outDirFlag, path, unwrapPath(err))
	}
	return d, nil
}

// commit renames the temporary directory to DIR. An existing DIR is moved
// aside first and deleted after, and put back if the rename fails: at no
// moment does DIR hold part of the new trace.
func (d *outDir) commit() error {
	var old string
	err := temps.commit(d.tmp, func() error {
		if !d.replace {
			return os.Rename(d.tmp, d.dest)
		}
		aside := d.tmp + ".old"
		if err := os.Rename(d.dest, aside); err != nil {
			return err
		}
		if err := os.Rename(d.tmp, d.dest); err != nil {
			os.Rename(aside, d.dest)
			return err
		}
		old = aside
		return nil
	})
	if old != "" {
		// Registered only now: an interrupt from here on deletes what the
		// user asked to replace, never the new trace.
		if temps.add(old) == nil {
			temps.drop(old)
		}
	}
	if err != nil && !errors.Is(err, errInterrupted) {
		return fmt.Errorf("%s %s: %w", outDirFlag, d.user, unwrapPath(err))
	}
	return err
}
