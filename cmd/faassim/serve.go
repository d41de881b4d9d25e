package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"faassim/internal/limits"
	"faassim/internal/playground"
)

const serveIntro = `faassim serve [--addr 127.0.0.1:8080] [SCENARIO] [flags]

Starts the playground: a page in the browser where each trade-off of FaaS
is a control to move and watch (request rate, burstiness, duration, memory,
keep-alive, concurrency, provisioned instances, account limit, container
replicas and autoscaling), with guided lessons on the teaching examples.
Every change reruns the simulation here and updates the latency CDF,
instances over time, cold starts, monthly cost and the comparison table,
with explanations generated from the numbers. "Export" gives the scenario
YAML and the JSON results that "faassim run FILE --format json" prints.

The page, its script and styles are inside the binary: it works offline
and fetches nothing from elsewhere. SCENARIO (a YAML file) is offered next
to the examples, read and checked once at start; the page may change any
field with --set overrides except those that read files (workload.trace
paths, workload.functions_from).

It listens on localhost only unless --allow-remote: anyone who can reach
the port can run simulations. Requests must name the server (Host and
Origin headers: no DNS rebinding), each run has a time and a work budget,
and at most --max-concurrent simulations run at once.
  faassim serve                      then open http://127.0.0.1:8080/
  faassim serve my.yaml --addr 127.0.0.1:9000 --timeout 30s`

// Per-run budget defaults for the page: 20 million simulated requests is
// about 10 s of CPU at the slowest measured speed (limits.EventsPerSecond),
// the time budget's length, and 50 times what the teaching examples ask
// at their playground horizons; 512MB keeps two runs at once within 1GB.
const (
	serveMaxEvents = 20e6
	serveMaxMemory = limits.Bytes(512_000_000)
	// serveStopGrace is how long an interrupt waits for runs under way
	// before cutting them (main exits after interruptGrace anyway).
	serveStopGrace = 1500 * time.Millisecond
)

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", serveIntro, stdout, stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (a loopback address unless --allow-remote; port 0 picks a free one)")
	remote := fs.Bool("allow-remote", false, "allow an address other machines can reach (0.0.0.0, a LAN address): anyone reaching it can run simulations")
	allowed := fs.StringArray("allowed-host", nil, "also accept `NAME[:PORT]` in Host and Origin headers (a name behind a proxy; repeatable; no port: any port)")
	timeout := durationFlag(fs, "timeout", playground.DefaultTimeout, "time budget of one run (`D`, e.g. 30s); a run over it answers 504")
	concurrent := fs.Int("max-concurrent", runtime.NumCPU(), "simulations run at once (`N`; the default is the number of cores); others wait up to 2 s, then answer 503")
	prices := fs.StringArray("prices", nil, "price sheets in `FILE` (YAML; repeatable), read at start, used before the embedded ones of the same name")
	budget := addBudget(fs, "simulated requests in one run")
	budget.MaxEvents, budget.MaxMemory = serveMaxEvents, serveMaxMemory
	// The page's defaults, not the CLI's hour of CPU: a run must answer
	// within a second or two.
	ev, mem := fs.Lookup("max-events"), fs.Lookup("max-memory")
	ev.DefValue, mem.DefValue = limits.FormatCount(serveMaxEvents), serveMaxMemory.String()
	ev.Usage = "refuse a run estimated at more than `N` simulated requests (about 10 s of CPU; unlimited lifts the bound); such a run answers 422"
	mem.Usage = "refuse a run estimated to need more memory than `SIZE` (e.g. 1GB; unlimited lifts the bound); such a run answers 422"
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return usageError{fmt.Errorf("serve: want at most one scenario file, got %s", argsText(fs.Args()))}
	}
	if *timeout <= 0 {
		return usageError{fmt.Errorf("serve: --timeout %v: want a positive duration", *timeout)}
	}
	if *concurrent < 1 {
		return usageError{fmt.Errorf("serve: --max-concurrent %d: want at least 1", *concurrent)}
	}
	host, port, err := net.SplitHostPort(*addr)
	n, perr := strconv.Atoi(port)
	if err != nil || perr != nil || n < 0 || n > 65535 {
		// A port out of range or a service name is the user's slip, not
		// the system's refusal: say what is wanted (exit 2).
		return usageError{fmt.Errorf("serve: --addr %q: want HOST:PORT, PORT a number from 0 to 65535 (0 picks a free one), e.g. 127.0.0.1:8080", *addr)}
	}
	local := playground.IsLoopback(host)
	if !local && !*remote {
		return usageError{fmt.Errorf("serve: --addr %s can be reached from other machines, and anyone reaching it can run simulations here: "+
			"add --allow-remote to mean it, or listen on 127.0.0.1", *addr)}
	}
	sheets, err := loadPrices(*prices)
	if err != nil {
		return err
	}
	cfg := playground.Config{Addr: *addr, AllowedHosts: *allowed, Prices: sheets, Budget: *budget,
		Timeout: *timeout, MaxConcurrent: *concurrent}
	if fs.NArg() == 1 {
		cfg.Scenario = fs.Arg(0)
	}
	srv, err := playground.New(cfg)
	if err != nil {
		return usageError{err}
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("serve: %s is already in use (another faassim serve?): choose another port with --addr, e.g. %s", *addr, net.JoinHostPort(host, strconv.Itoa(n+1)))
		}
		return fmt.Errorf("serve: cannot listen on %s: %w", *addr, err)
	}
	where := "localhost only"
	if !local {
		where = l.Addr().String() + ", reachable from other machines (--allow-remote)"
	}
	fmt.Fprintf(stdout, "faassim playground: open %s\nlistening on %s; Ctrl-C stops it\n", pageURL(host, l.Addr()), where)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), serveStopGrace)
	defer cancel()
	srv.Shutdown(stop) // runs still going after the grace are cut: nothing to save
	<-done
	return nil
}

// pageURL is the page's address: the host as given (a name stays a name),
// the port as bound (port 0 picks one).
func pageURL(host string, bound net.Addr) string {
	_, port, _ := net.SplitHostPort(bound.String())
	if host == "" || net.ParseIP(host).IsUnspecified() { // a nil IP is not unspecified
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
