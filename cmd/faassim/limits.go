package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"faassim/internal/limits"
	"faassim/models/workload"
	"faassim/scenarios/trace"
	"faassim/sim"
)

// bytesValue is a --max-memory flag: a size such as 1GB or 4GiB.
type bytesValue struct{ b *limits.Bytes }

func (v bytesValue) String() string {
	if *v.b == 0 {
		return limits.DefaultMaxMemory.String()
	}
	return v.b.String()
}

func (v bytesValue) Set(s string) error {
	b, err := limits.ParseBytes(s)
	if err == nil {
		*v.b = b
	}
	return err
}

func (v bytesValue) Type() string { return "size" }

// eventsValue is a --max-events flag: a count such as 1e10.
type eventsValue struct{ n *float64 }

func (v eventsValue) String() string {
	if *v.n == 0 {
		return limits.FormatCount(limits.DefaultMaxEvents)
	}
	return limits.FormatCount(*v.n)
}

func (v eventsValue) Set(s string) error {
	n, err := limits.ParseEvents(s)
	if err == nil {
		*v.n = n
	}
	return err
}

func (v eventsValue) Type() string { return "count" }

// addBudget registers --max-memory and, when events says what an event is
// for this command, --max-events; the budget is filled by parsing.
func addBudget(fs *pflag.FlagSet, events string) *limits.Budget {
	b := &limits.Budget{}
	fs.Var(bytesValue{&b.MaxMemory}, "max-memory",
		"refuse work estimated to need more memory than `SIZE` (e.g. 4GiB; unlimited lifts the bound); inputs may be a thousandth of it")
	if events != "" {
		fs.Var(eventsValue{&b.MaxEvents}, "max-events",
			fmt.Sprintf("refuse work estimated at more than `N` %s (the default is an hour of CPU at %s a second; unlimited lifts the bound)",
				events, limits.FormatCount(limits.EventsPerSecond)))
	}
	return b
}

// budgetFor makes the garbage collector keep the heap under the memory
// bound (the guard's measurements are then fresh) and returns the budget.
func budgetFor(b *limits.Budget) limits.Budget {
	limits.SetGCLimit(*b)
	return *b
}

// overBudget reports an error that is a bound refused or a run stopped for
// going over one: bad input (exit status 2), not a failure.
func overBudget(err error) bool {
	var e *limits.Exceeded
	return errors.As(err, &e)
}

// progressFor returns a progress bar on stderr when it is a terminal, nil
// otherwise: logs and pipes get no control characters. count shows
// "done/total" (sweep points) rather than a bare percentage.
func progressFor(stderr io.Writer, quiet bool, total int, desc string, count bool) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	opts := []progressbar.Option{progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(desc),
		progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true), progressbar.OptionFullWidth()}
	if count {
		opts = append(opts, progressbar.OptionShowCount())
	}
	return progressbar.NewOptions(total, opts...)
}

// traceProgress shows how far through its window a trace command has read,
// when stderr is a terminal: its stream comes in time order, so the share
// of the span behind the latest arrival is the share done.
func traceProgress(stderr io.Writer, quiet bool, desc string, t *trace.Trace) func() {
	if t.Span <= 0 {
		return func() {}
	}
	bar := progressFor(stderr, quiet, 1000, desc, false)
	if bar == nil {
		return func() {}
	}
	t.Source = &progressSource{Source: t.Source, span: t.Span, bar: bar}
	return func() { bar.Finish() }
}

// progressSource passes a trace's invocations through, moving a progress
// bar every 65,536 of them.
type progressSource struct {
	workload.Source
	span sim.Time
	bar  *progressbar.ProgressBar
	n    uint32
}

func (p *progressSource) Next(inv *workload.Invocation) bool {
	ok := p.Source.Next(inv)
	if p.n++; ok && p.n%(1<<16) == 0 {
		p.bar.Set(int(min(1000, 1000*float64(inv.Arrival)/float64(p.span))))
	}
	return ok
}
