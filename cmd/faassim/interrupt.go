package main

import (
	"context"
	"errors"
	"faassim/internal/printable"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"golang.org/x/term"
)

// exitInterrupted is the status of a command stopped by SIGINT or SIGTERM
// (128 + SIGINT, as shells report it).
const exitInterrupted = 130

// interruptGrace is how long an interrupted command has to stop on its own
// (every command watches its context) before main removes what it left
// and exits anyway: a simulation step that does not look at the context
// must not keep the user waiting.
const interruptGrace = 2 * time.Second

// errInterrupted is returned by the output writers once an interrupt has
// been seen: nothing may be renamed into place after it.
var errInterrupted = errors.New("interrupted")

// runMain runs the program under signal handling and returns its exit
// status. On SIGINT or SIGTERM it cancels the command's context, gives it
// interruptGrace to return, removes every temporary file or directory
// still registered, prints one line and returns 130, so an interrupted
// command leaves nothing half-written whatever it was doing.
func runMain(args []string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	done := make(chan error, 1)
	go func() {
		// A panic is a bug, not the user's doing: the command's deferred
		// clean-ups have run by the time it is recovered here; say so in one
		// line, without the goroutine dump, and exit 1.
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("internal error: %v (a bug in faassim: please report it with the command that caused it)", r)
			}
		}()
		done <- runContext(ctx, args, stdout, stderr)
	}()
	select {
	case err := <-done:
		if err == nil {
			return 0
		}
		if !errors.Is(err, errQuiet) {
			// Messages quote names from the user's files: escaped, so
			// that one cannot write control sequences to the terminal.
			fmt.Fprintln(stderr, "faassim:", printable.Paragraph(err.Error()))
		}
		return exitCode(err)
	case sig := <-sigs:
		temps.interrupt()
		cancel()
		select {
		case <-done:
		case <-sigs: // a second signal: stop waiting
		case <-time.After(interruptGrace):
		}
		temps.removeAll()
		fmt.Fprintf(stderr, "%sfaassim: interrupted by %s\n", clearLine(stderr), signalName(sig))
		return exitInterrupted
	}
}

func signalName(sig os.Signal) string {
	if sig == syscall.SIGTERM {
		return "SIGTERM"
	}
	return "SIGINT"
}

// clearLine erases a progress bar left on a terminal, so the message
// starts on a clean line.
func clearLine(w io.Writer) string {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return "\r\x1b[K"
	}
	return ""
}

// temps holds the temporary files and directories the commands have
// created and not yet renamed into place or removed. It is what main
// removes on an interrupt; its lock orders renames against that removal,
// so a file is either wholly in place or gone.
var temps = &tempRegistry{paths: map[string]bool{}}

type tempRegistry struct {
	mu          sync.Mutex
	paths       map[string]bool
	interrupted bool
}

// add registers path. After an interrupt it removes path at once and
// returns errInterrupted: the command must stop.
func (r *tempRegistry) add(path string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.interrupted {
		os.RemoveAll(path)
		return errInterrupted
	}
	r.paths[path] = true
	return nil
}

// commit runs install (renames a temporary into place) and forgets path,
// unless an interrupt came first: then it installs nothing.
func (r *tempRegistry) commit(path string, install func() error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.interrupted {
		return errInterrupted
	}
	if err := install(); err != nil {
		return err
	}
	delete(r.paths, path)
	return nil
}

// drop removes path (a file or a whole directory) and forgets it.
func (r *tempRegistry) drop(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	os.RemoveAll(path)
	delete(r.paths, path)
}

// interrupt marks the process interrupted: no later commit installs
// anything.
func (r *tempRegistry) interrupt() {
	r.mu.Lock()
	r.interrupted = true
	r.mu.Unlock()
}

// removeAll removes every registered path.
func (r *tempRegistry) removeAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.interrupted = true
	for p := range r.paths {
		os.RemoveAll(p)
		delete(r.paths, p)
	}
}

// chartTemps registers the chart writer's temporary files in temps, so an
// interrupt removes them and no chart is renamed into place after it.
type chartTemps struct{}

func (chartTemps) Add(path string) error                          { return temps.add(path) }
func (chartTemps) Commit(path string, install func() error) error { return temps.commit(path, install) }
func (chartTemps) Drop(path string)                               { temps.drop(path) }
