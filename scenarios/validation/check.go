package validation

import (
	"context"
	"fmt"
	"math"

	"faassim/internal/theory"
	"faassim/models/metrics"
	"faassim/scenarios"
)

func status(ok bool) string {
	if ok {
		return Pass
	}
	return Fail
}

// replicated is a check of a mean over independent replications against
// theory, by internal/theory's rule: within 4 standard errors, and a
// standard error of at most maxSE (said in seWords, e.g. "2% of the
// reference"), so that a noisy run cannot pass.
func replicated(metric string, xs []float64, want, maxSE float64, seWords string) Check {
	mean, se := theory.MeanSE(xs)
	z, ok := theory.Agrees(mean, se, want, maxSE)
	if se == 0 { // identical replications: no spread to measure in
		c := absolute(metric, mean, want, 0, fmt.Sprintf("equal: the %d replications are identical", len(xs)))
		c.Status = status(ok)
		return c
	}
	return Check{Metric: metric, Reference: want, Value: mean, SE: se,
		Error:     Error{Kind: StdErrs, Value: z},
		Tolerance: Tolerance{Words: fmt.Sprintf("within 4 standard errors of %d replications; se at most %s", len(xs), seWords), Value: 4},
		Status:    status(ok)}
}

// relative is a check of one value within a relative tolerance.
func relative(metric string, got, want, tol float64, words string) Check {
	if want == 0 {
		return absolute(metric, got, want, 0, words)
	}
	e := math.Abs(got-want) / math.Abs(want)
	return Check{Metric: metric, Reference: want, Value: got,
		Error: Error{Kind: Relative, Value: e}, Tolerance: Tolerance{Words: words, Value: tol}, Status: status(e <= tol)}
}

// absolute is a check of one value within an absolute tolerance.
func absolute(metric string, got, want, tol float64, words string) Check {
	e := math.Abs(got - want)
	return Check{Metric: metric, Reference: want, Value: got,
		Error: Error{Kind: Absolute, Value: e}, Tolerance: Tolerance{Words: words, Value: tol}, Status: status(e <= tol)}
}

// toTheCent is a price check: the amount, rounded to the cent as a bill
// shows it, must be the published one.
func toTheCent(metric string, usd, want float64) Check {
	c := absolute(metric, usd, want, 0.005, "equal to the cent (US dollars)")
	c.Status = status(math.Abs(math.Round(usd*100)/100-want) < 1e-9)
	return c
}

// info is a reported figure, not judged.
func info(metric string, value float64, words string) Check {
	return Check{Metric: metric, Value: value, Tolerance: Tolerance{Words: words}, Status: Info}
}

// simulate loads a scenario written in YAML (named name.yaml in messages)
// through the public path, scenarios.Load and RunReplications, with the
// --set values sets.
func simulate(ctx context.Context, workers int, name, yaml string, sets ...string) (metrics.Results, [][]metrics.Run, error) {
	return simulateWith(ctx, scenarios.Options{Workers: workers}, name, yaml, sets...)
}

// simulateWith is simulate with options (per-app statistics); ctx also
// stops the generation of a workload.synth population.
func simulateWith(ctx context.Context, opt scenarios.Options, name, yaml string, sets ...string) (metrics.Results, [][]metrics.Run, error) {
	opt.Context = ctx
	s, err := scenarios.LoadWith(name+".yaml", []byte(yaml), sets, opt)
	if err != nil {
		return metrics.Results{}, nil, err
	}
	return scenarios.RunReplications(ctx, s, opt)
}

// perRun maps each replication's record of platform 0 to a value.
func perRun(runs [][]metrics.Run, f func(r metrics.Run) float64) []float64 {
	xs := make([]float64, len(runs[0]))
	for i, r := range runs[0] {
		xs[i] = f(r)
	}
	return xs
}
