package scenarios

import (
	"context"
	"fmt"
	"slices"
	"time"

	"faassim/models/metrics"
)

// DiffOptions tune Diff. Options apply to both scenarios (its Progress
// sees the two runs as one, 0 to 1).
type DiffOptions struct {
	Options
	// Replications, when positive, is the number both scenarios run; 0
	// takes the larger of their own.
	Replications int
}

// Diff runs base and next with common random numbers and compares them
// platform by platform, matched by name (see metrics.Diff). Both run the
// same number of replications, and replication r of both uses the seed
// sim.DeriveSeed(base.Seed, r): next's own seed is replaced, and a note
// says so, because the pairing is what makes the interval of a change
// narrow (the arrivals and durations both see are the same draws). The
// scenarios themselves are not modified.
func Diff(ctx context.Context, base, next *Scenario, opt DiffOptions) (metrics.Diff, error) {
	reps := max(base.Replications, next.Replications, 1)
	if opt.Replications > 0 {
		reps = opt.Replications
	}
	b, n := *base, *next
	b.Replications, n.Replications = reps, reps
	d := metrics.Diff{Schema: metrics.DiffSchema, Seed: base.Seed, Replications: reps,
		Base: side(&b), New: side(&n), OnlyInBase: []string{}, OnlyInNew: []string{}}
	if n.Seed != b.Seed {
		d.Notes = append(d.Notes, fmt.Sprintf("NEW's seed %d was replaced by BASE's %d: common random numbers need both to draw the same arrivals and durations", n.Seed, b.Seed))
		n.Seed = b.Seed
	}
	if opt.Replications <= 0 && base.Replications != next.Replications {
		d.Notes = append(d.Notes, fmt.Sprintf("BASE asks for %d replications and NEW for %d: both ran %d", base.Replications, next.Replications, reps))
	}
	d.Notes = append(d.Notes, windowNotes(d.Base, d.New)...)
	if reps == 1 {
		d.Notes = append(d.Notes, "1 replication: no interval can be estimated and no change tested; run with --replications 5 (or more) for 95% intervals")
	}

	bPlan, probs := b.resolvePlan(opt.Options)
	if len(probs) > 0 {
		return metrics.Diff{}, probs
	}
	nPlan, probs := n.resolvePlan(opt.Options)
	if len(probs) > 0 {
		return metrics.Diff{}, probs
	}
	// BASE's records stay until the comparison, so the NEW side runs
	// with them held: without this, each side fitted the bound alone and
	// the two together went over it (30,000 replications of a 5-minute
	// scenario under --max-memory 500MB: a 983 MB peak). Checked before
	// BASE runs, not after.
	nOpt := opt.Options
	nOpt.keepRuns = true
	nOpt.held = part{bPlan.costAt(1, nOpt).keptBytes, "BASE's records, kept for the comparison while NEW runs"}
	if err := nPlan.estimate(nOpt).Check(opt.Budget); err != nil {
		return metrics.Diff{}, err
	}
	baseRuns, err := runHalf(ctx, bPlan, opt.Options, 0)
	if err != nil {
		return metrics.Diff{}, err
	}
	newRuns, err := runHalf(ctx, nPlan, nOpt, 0.5)
	if err != nil {
		return metrics.Diff{}, err
	}

	for i, p := range b.Platforms {
		j := slices.IndexFunc(n.Platforms, func(q Platform) bool { return q.Name == p.Name })
		if j < 0 {
			d.OnlyInBase = append(d.OnlyInBase, p.Name)
			continue
		}
		q := n.Platforms[j]
		pd := metrics.NewPlatformDiff(p.Name, q.Kind, baseRuns[i], newRuns[j], b.month().Seconds(), n.month().Seconds())
		if p.Kind != q.Kind {
			pd.BaseKind = p.Kind
		}
		d.Platforms = append(d.Platforms, pd)
	}
	for _, q := range n.Platforms {
		if !slices.ContainsFunc(b.Platforms, func(p Platform) bool { return p.Name == q.Name }) {
			d.OnlyInNew = append(d.OnlyInNew, q.Name)
		}
	}
	if len(d.Platforms) == 0 {
		d.Notes = append(d.Notes, "no platform has the same name in both scenarios: nothing to compare")
	}
	return d, nil
}

// runHalf runs one side of a diff, reporting progress as half of the
// whole from offset (0 or 0.5).
func runHalf(ctx context.Context, plan *Plan, opt Options, offset float64) ([][]metrics.Run, error) {
	if report := opt.Progress; report != nil {
		opt.Progress = func(done float64) { report(offset + done/2) }
	}
	_, runs, err := plan.runKeep(ctx, opt)
	return runs, err
}

func side(s *Scenario) metrics.DiffSide {
	return metrics.DiffSide{Scenario: s.Name, HorizonS: time.Duration(s.Horizon).Seconds(),
		WarmupS: time.Duration(s.Warmup).Seconds(), MonthS: s.month().Seconds()}
}

// windowNotes warn when the two sides do not measure the same thing: a
// month of another length changes every monthly cost by itself, and
// windows of other lengths pair their arrivals only over the common part
// (and count rejections over different spans).
func windowNotes(b, n metrics.DiffSide) []string {
	var notes []string
	if b.MonthS != n.MonthS {
		notes = append(notes, fmt.Sprintf("BASE projects costs to a %s and NEW to a %s: that alone changes every monthly cost by %+.1f%% (set month alike in both to compare the change itself)",
			metrics.MonthName(b.MonthS), metrics.MonthName(n.MonthS), 100*(n.MonthS/b.MonthS-1)))
	}
	if b.HorizonS != n.HorizonS || b.WarmupS != n.WarmupS {
		notes = append(notes, fmt.Sprintf("the measured windows differ (BASE %s after a %s warm-up, NEW %s after %s): replications pair their arrivals only over the common part, so intervals are wider, and counts cover different spans",
			metrics.ShortDuration(b.HorizonS-b.WarmupS), metrics.ShortDuration(b.WarmupS), metrics.ShortDuration(n.HorizonS-n.WarmupS), metrics.ShortDuration(n.WarmupS)))
	}
	return notes
}
