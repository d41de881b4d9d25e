package validation

import (
	"context"
	"fmt"
	"math"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"
)

// The groups of cases, in the order the suite lists them.
const (
	Theory     = "theory"     // queueing formulas against replicated simulations
	Published  = "published"  // figures other simulators and models published
	Prices     = "prices"     // providers' worked pricing examples, to the cent
	Accounting = "accounting" // properties of the bill and of request counts
	Study      = "study"      // studies reported for information, no pass or fail
)

// Status of a check.
const (
	Pass = "pass"
	Fail = "fail"
	Info = "info" // reported, not judged
)

// Error kinds: how a check's error is measured.
const (
	Relative = "relative"        // |value - reference| / |reference|
	Absolute = "absolute"        // |value - reference|, in the metric's unit
	StdErrs  = "standard errors" // |mean - reference| / se, over replications
)

// Error is a check's distance from its reference, in the unit Kind says.
type Error struct {
	Kind  string  `json:"kind"`
	Value float64 `json:"value"`
}

// Tolerance is what a check allows: in words, and as the number its Error
// is held to (Error.Value <= Value passes, with any further condition the
// words state).
type Tolerance struct {
	Words string  `json:"words"`
	Value float64 `json:"value"`
}

// Check is one compared quantity of a case.
type Check struct {
	Metric    string  `json:"metric"`
	Reference float64 `json:"reference"`
	Value     float64 `json:"value"`
	// SE is the standard error of Value where Value is a mean of
	// independent replications; 0 otherwise.
	SE        float64   `json:"se"`
	Error     Error     `json:"error"`
	Tolerance Tolerance `json:"tolerance"`
	Status    string    `json:"status"`
}

// Case is one entry of the suite: what is compared with what, where the
// reference comes from, and the code that runs it. Run is deterministic
// (every seed is fixed); workers bounds the simulations it runs at once.
type Case struct {
	Name      string // stable: group/subject/point, e.g. "theory/erlang-b/c20-a18"
	Group     string
	Reference string // the formula or the published figure, in words
	Source    string // its public source
	Slow      bool   // skipped by --short and go test -short
	Run       func(ctx context.Context, workers int) ([]Check, error)
}

// Outcome is a case with the checks its run gave.
type Outcome struct {
	Name      string  `json:"name"`
	Group     string  `json:"group"`
	Reference string  `json:"reference"`
	Source    string  `json:"source"`
	Checks    []Check `json:"checks"`
}

// Status is the case's: fail if a check failed, info if every check is
// info, else pass.
func (o Outcome) Status() string {
	st := Info
	for _, c := range o.Checks {
		switch c.Status {
		case Fail:
			return Fail
		case Pass:
			st = Pass
		}
	}
	return st
}

// Report is a run of the suite: the outcomes in suite order and the
// number of checks of each status.
type Report struct {
	Schema   string    `json:"schema"`
	Outcomes []Outcome `json:"cases"`
	Passed   int       `json:"passed"`
	Failed   int       `json:"failed"`
	Info     int       `json:"info"`
	// Skipped counts the slow cases left out (--short); not in the JSON,
	// whose keys do not depend on the flags.
	Skipped int `json:"-"`
	// Elapsed is the wall time of the run; not in the JSON (not stable).
	Elapsed time.Duration `json:"-"`
}

// Schema names the JSON form of a Report.
const Schema = "faassim/validate/v1"

// Select returns the cases whose name matches pattern (a glob whose '*'
// also crosses '/', or a plain substring when it holds no wildcard; ""
// matches all), without the
// slow ones when short, and how many slow ones were left out.
func Select(cases []Case, pattern string, short bool) (kept []Case, skipped int, err error) {
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, 0, fmt.Errorf("case pattern %q: %v", pattern, err)
	}
	for _, c := range cases {
		if !matches(c.Name, pattern) {
			continue
		}
		if short && c.Slow {
			skipped++
			continue
		}
		kept = append(kept, c)
	}
	return kept, skipped, nil
}

func matches(name, pattern string) bool {
	if pattern == "" {
		return true
	}
	if !strings.ContainsAny(pattern, "*?[") {
		return strings.Contains(name, pattern)
	}
	// '*' crosses the slashes of a name: "theory/*" is every theory case.
	flat := func(s string) string { return strings.ReplaceAll(s, "/", "\x00") }
	ok, _ := path.Match(flat(pattern), flat(name))
	return ok
}

// Run runs the cases, up to workers at once (0: one per core), and returns
// their outcomes in the order given, whatever order they finish in. A case
// whose run fails gives one failing check saying why. A cancelled ctx
// stops it with ctx's error.
func Run(ctx context.Context, cases []Case, workers int) (Report, error) {
	start := time.Now()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]Outcome, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(cases), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = runCase(ctx, cases[i], workers)
			}
		}()
	}
feed:
	for i := range cases {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	r := Report{Schema: Schema, Outcomes: out, Elapsed: time.Since(start)}
	r.tally()
	return r, nil
}

// tally counts the outcomes' checks by status into Passed, Failed and
// Info.
func (r *Report) tally() {
	for _, o := range r.Outcomes {
		for _, c := range o.Checks {
			switch c.Status {
			case Pass:
				r.Passed++
			case Fail:
				r.Failed++
			default:
				r.Info++
			}
		}
	}
}

func runCase(ctx context.Context, c Case, workers int) Outcome {
	o := Outcome{Name: c.Name, Group: c.Group, Reference: c.Reference, Source: c.Source}
	checks, err := c.Run(ctx, workers)
	if err == nil && len(checks) == 0 {
		err = fmt.Errorf("the case gave no check")
	}
	if err != nil {
		checks = append(checks, Check{Metric: "run", Status: Fail,
			Tolerance: Tolerance{Words: "the case must run: " + err.Error()}})
	}
	for i := range checks {
		finite(&checks[i])
	}
	o.Checks = checks
	return o
}

// finite fails a check holding a number JSON cannot carry (NaN, an
// infinity), which then reads 0.
func finite(c *Check) {
	bad := false
	for _, v := range []*float64{&c.Reference, &c.Value, &c.SE, &c.Error.Value, &c.Tolerance.Value} {
		if math.IsNaN(*v) || math.IsInf(*v, 0) {
			*v, bad = 0, true
		}
	}
	if bad {
		c.Status = Fail
		c.Tolerance.Words += " (a value was not a finite number)"
	}
}
