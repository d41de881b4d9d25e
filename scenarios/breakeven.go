package scenarios

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"faassim/internal/limits"
	"faassim/models/metrics"
	"faassim/models/pricing"
)

// ScaleRate returns a copy of s whose arrival rates are all multiplied by
// k, keeping every process's shape (a diurnal swing stays a swing, a burst
// stays a burst, k times as intense); a trace's rate_scale is multiplied.
func (s *Scenario) ScaleRate(k float64) (*Scenario, error) {
	if !(k > 0) || math.IsInf(k, 0) {
		return nil, fmt.Errorf("rate scale must be a finite number > 0, got %v", k)
	}
	c := *s
	if t := s.Workload.Trace; t != nil {
		tc := *t
		tc.RateScale = k * cmp.Or(t.RateScale, 1)
		c.Workload.Trace = &tc
		c.cache = nil // the reader kept for the first run has the old scale
		return &c, nil
	}
	if g := s.Workload.Synth; g != nil {
		gc := *g
		gc.RateScale = k * cmp.Or(g.RateScale, 1)
		c.Workload.Synth = &gc
		c.cache = nil // as a trace's; the population (c.gen) is the same
		return &c, nil
	}
	syn := *s.Workload.Synthetic
	syn.Functions = slices.Clone(syn.Functions)
	for i := range syn.Functions {
		a := &syn.Functions[i].Arrival
		if a.Process == "replay" {
			return nil, fmt.Errorf("function %s replays fixed arrivals, which cannot be scaled", syn.Functions[i].Name)
		}
		a.RatePerS *= k
		a.BurstRatePerS *= k
	}
	c.Workload.Synthetic = &syn
	return &c, nil
}

// only returns a copy of s with just the named platforms, in that order;
// where each was written moves with it.
func (s *Scenario) only(names ...string) (*Scenario, error) {
	c := *s
	c.Platforms = nil
	var from []int
	for _, n := range names {
		i := slices.IndexFunc(s.Platforms, func(p Platform) bool { return p.Name == n })
		if i < 0 {
			var known []string
			for _, p := range s.Platforms {
				known = append(known, p.Name)
			}
			return nil, fmt.Errorf("no platform %q in scenario %s (it has %v)", n, s.Name, known)
		}
		c.Platforms = append(c.Platforms, s.Platforms[i])
		from = append(from, i)
	}
	if s.src != nil {
		c.src = s.src.keepPlatforms(from)
	}
	return &c, nil
}

// BreakEvenOptions bound the search: scales from Low to High (multiples of
// the scenario's rates) on a log grid of Points, then at most Bisections
// refining steps between the two grid points that bracket the crossing,
// until the bracket is narrower than Tolerance (relative, e.g. 0.02).
type BreakEvenOptions struct {
	Low, High  float64
	Points     int
	Bisections int
	Tolerance  float64
	Workers    int
	Prices     []pricing.Sheet // as Options.Prices
	FreeTier   bool
	Budget     limits.Budget // as Options.Budget, for the whole search
	// Progress, when set, is called with the evaluations done and the most
	// there can be (the grid points, then at most Bisections more), from
	// one goroutine at a time.
	Progress func(done, total int)
	// Shard, when on, runs only the grid points k with k mod Count =
	// Index, and returns them unrefined (see BreakEvenShard).
	Shard Shard
	// Grid, when set, is the scan's points merged from shards: the search
	// refines from them rather than running the scan (see MergeBreakEven).
	Grid []metrics.BreakEvenPoint
}

// FindBreakEven scales the workload's rate and finds where platform b's
// monthly cost crosses platform a's. Each evaluation runs both platforms on
// the same arrivals (common random numbers), so the difference in cost is
// not noise of the workload.
func FindBreakEven(ctx context.Context, s *Scenario, a, b string, opt BreakEvenOptions) (*metrics.BreakEven, error) {
	if !(opt.Low > 0) || !(opt.High > opt.Low) || math.IsInf(opt.High, 0) || opt.Points < 2 {
		return nil, fmt.Errorf("breakeven: want 0 < low < high and at least 2 points, got %v..%v with %d", opt.Low, opt.High, opt.Points)
	}
	if opt.Grid != nil && len(opt.Grid) != opt.Points {
		return nil, fmt.Errorf("breakeven: %d merged grid points for a grid of %d", len(opt.Grid), opt.Points)
	}
	if !(opt.Tolerance >= 0) || math.IsInf(opt.Tolerance, 0) || opt.Bisections < 0 {
		return nil, fmt.Errorf("breakeven: want a finite tolerance >= 0 and bisections >= 0, got %v and %d", opt.Tolerance, opt.Bisections)
	}
	if a == b {
		// The difference is 0 at every rate: nothing to find.
		return nil, fmt.Errorf("breakeven: platform %q on both sides: compare two different platforms", a)
	}
	pair, err := s.only(a, b)
	if err != nil {
		return nil, err
	}
	ratio := math.Pow(opt.High/opt.Low, 1/float64(opt.Points-1))
	// The whole search is estimated before it starts: its grid, and the
	// refining steps at worst at the top of the range.
	plan, probs := pair.resolvePlan(Options{Prices: opt.Prices, FreeTier: opt.FreeTier, Budget: opt.Budget})
	if len(probs) > 0 {
		return nil, probs
	}
	est := breakEvenEstimate(plan, opt, ratio)
	if err := est.Check(opt.Budget); err != nil {
		return nil, err
	}
	base := offeredRate(pair)
	eval := func(ctx context.Context, k float64, workers int) (metrics.BreakEvenPoint, error) {
		sc, err := pair.ScaleRate(k)
		if err != nil {
			return metrics.BreakEvenPoint{}, err
		}
		res, err := Run(ctx, sc, Options{Workers: workers, Prices: opt.Prices, FreeTier: opt.FreeTier, Budget: opt.Budget})
		if err != nil {
			return metrics.BreakEvenPoint{}, err
		}
		pa, pb := res.Platforms[0], res.Platforms[1]
		rate := base * k
		if base == 0 { // a trace: its offered rate is what was replayed
			rate = float64(pa.Requests) / (res.HorizonS - res.WarmupS)
		}
		return metrics.NewBreakEvenPoint(k, rate, pa, pb), nil
	}
	be := &metrics.BreakEven{Schema: metrics.BreakEvenSchema, Scenario: s.Name, A: a, B: b,
		MonthS: s.month().Seconds(), Points: make([]metrics.BreakEvenPoint, opt.Points)}
	// Grid points are independent: run them side by side, each point's two
	// platforms one after the other, to keep every core busy. Each writes
	// only its own slot; the first failure cancels the rest.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(est.Workers)
	var (
		mu   sync.Mutex
		done int
	)
	tick := func() {
		if opt.Progress != nil {
			mu.Lock()
			done++
			opt.Progress(done, opt.Points+opt.Bisections)
			mu.Unlock()
		}
	}
	for i := range be.Points {
		switch {
		case opt.Grid != nil:
			be.Points[i] = opt.Grid[i]
			continue
		case opt.Shard.On() && i%opt.Shard.Count != opt.Shard.Index:
			continue
		}
		g.Go(func() error {
			pt, err := eval(gctx, opt.Low*math.Pow(ratio, float64(i)), 1)
			be.Points[i] = pt
			tick()
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if opt.Shard.On() {
		// The shard's own points; the refinement runs after the merge.
		var mine []metrics.BreakEvenPoint
		for i := opt.Shard.Index; i < len(be.Points); i += opt.Shard.Count {
			mine = append(mine, be.Points[i])
		}
		be.Points = mine
		return be, nil
	}
	// The crossing is of the costs alone, saturated or not: a platform
	// saturated there is flagged at the crossing (and never called cheaper,
	// see BreakEvenPoint.BCheaper), but the costs still cross there.
	for i := 1; i < len(be.Points); i++ {
		lo, hi := be.Points[i-1], be.Points[i]
		if lo.CostBCheaper() == hi.CostBCheaper() {
			continue
		}
		be.Found = true
		be.Direction = "B cheaper above"
		if lo.CostBCheaper() {
			be.Direction = "B cheaper below"
		}
		// Regula falsi on the cost difference against log(rate), with the
		// Illinois fix so that one end cannot stall: costs are close to
		// linear in the rate, so a few steps pin the crossing where plain
		// bisection would need many more simulations.
		side := 0
		for step := 0; step < opt.Bisections; step++ {
			la, lb := math.Log(lo.Scale), math.Log(hi.Scale)
			fa, fb := lo.MonthlyDiff, hi.MonthlyDiff
			if side == -1 {
				fa /= 2
			} else if side == 1 {
				fb /= 2
			}
			x := (la*fb - lb*fa) / (fb - fa)
			if !(x > la && x < lb) || math.IsNaN(x) {
				x = (la + lb) / 2
			}
			mid, err := eval(ctx, math.Exp(x), workers(opt.Workers))
			if err != nil {
				return nil, err
			}
			tick()
			if mid.CostBCheaper() == lo.CostBCheaper() {
				lo, side = mid, -1
			} else {
				hi, side = mid, 1
			}
			if hi.Scale/lo.Scale < 1+opt.Tolerance {
				break
			}
		}
		// Report the bracket end nearer to equal cost.
		be.Crossing = lo
		if math.Abs(hi.MonthlyDiff) < math.Abs(lo.MonthlyDiff) {
			be.Crossing = hi
		}
		break
	}
	return be, nil
}

// offeredRate is the scenario's mean offered request rate, per second.
func offeredRate(s *Scenario) float64 {
	var total float64
	if s.Workload.Synthetic == nil {
		return 0
	}
	for _, f := range s.Workload.Synthetic.Functions {
		a := f.Arrival
		switch a.Process {
		case "mmpp":
			total += a.MMPPMeanRatePerS()
		case "replay":
			if s.Horizon > 0 {
				total += float64(len(a.At)) / (float64(s.Horizon) / 1e9)
			}
		default:
			total += a.RatePerS
		}
	}
	return total
}
