package synth

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"

	"faassim/scenarios/trace"
	"faassim/sim"
)

// Config sizes a synthetic population.
type Config struct {
	Functions int
	Days      int    // written as days 1..Days (files dNN, as the release)
	Seed      uint64 // the population and every day's arrivals derive from it
	// Progress, when set, is called with the apps written so far and the
	// total (apps x days): it does not change the output.
	Progress func(done, total int)
}

const minutes = 1440

// renewalLimit: functions expecting at most this many invocations a day
// are simulated event by event (a renewal process in operational time);
// busier ones get Poisson minute counts, whose inside-minute placement a
// per-minute trace does not record anyway.
const renewalLimit = 20000

// Generate writes cfg.Days days of an Azure-calibrated population to dir,
// in the Azure Functions 2019 layout. Memory stays O(functions): each
// function's 1,440 counts are written as soon as they are drawn.
func Generate(dir string, cfg Config) error {
	return GenerateContext(context.Background(), dir, cfg)
}

// GenerateContext is Generate stopping with ctx's error once ctx is
// cancelled. Each day's files appear whole or not at all; days written
// before a failure stay, so a caller that wants all or nothing writes into
// a temporary directory and renames it (as faassim trace synth does).
func GenerateContext(ctx context.Context, dir string, cfg Config) error {
	if cfg.Functions < 1 || cfg.Days < 1 || cfg.Days > 99 {
		return fmt.Errorf("synth: want at least 1 function and 1-99 days, got %d and %d", cfg.Functions, cfg.Days)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	apps := population(cfg.Functions, cfg.Seed)
	d := newDayState()
	for day := 1; day <= cfg.Days; day++ {
		w, err := trace.NewAzure2019Writer(dir, day, true)
		if err != nil {
			return err
		}
		progress := func(done int) {
			if cfg.Progress != nil {
				cfg.Progress((day-1)*len(apps)+done, cfg.Days*len(apps))
			}
		}
		if err := d.write(ctx, w, apps, day, cfg.Seed, progress); err != nil {
			return err
		}
	}
	return nil
}

// dayState is the scratch one day's generation reuses app after app.
type dayState struct {
	counts      []uint32
	shape       []float64
	invocations int64 // written so far
}

func newDayState() *dayState {
	return &dayState{counts: make([]uint32, minutes), shape: make([]float64, minutes)}
}

// write writes day of apps to w and closes it (aborts it on failure). A
// day's arrivals come from streams named by the day and the app alone, so
// day D is the same whichever days are written with it.
func (d *dayState) write(ctx context.Context, w *trace.Azure2019Writer, apps []app, day int, seed uint64, progress func(done int)) error {
	for i := range apps {
		if err := ctx.Err(); err != nil {
			w.Abort()
			return err
		}
		a := &apps[i]
		r := sim.NewStream(seed, fmt.Sprintf("synth/day%d/%s", day, a.name))
		a.dayShape(d.shape, r)
		// Day-to-day variation of an app's volume (ours: 10%), and the
		// week's (weekly.go: diurnal apps are quieter at weekends).
		volume := a.dailyRate * math.Exp(0.1*r.NormFloat64()-0.005) * a.weeklyFactor(day)
		for _, f := range a.functions {
			f.counts(d.counts, d.shape, volume*f.share, a.kind, r)
			for _, n := range d.counts {
				d.invocations += int64(n)
			}
			if err := w.Function(f.row(a, d.counts)); err != nil {
				w.Close()
				return err
			}
		}
		if err := w.App(a.memoryRow()); err != nil {
			w.Close()
			return err
		}
		progress(i + 1)
	}
	return w.Close()
}

// dayShape fills s with the app's relative intensity per minute, mean 1.
func (a *app) dayShape(s []float64, r *rand.Rand) {
	switch a.kind {
	case steady:
		for m := range s {
			s[m] = 1
		}
		return
	case diurnal:
		for m := range s {
			s[m] = 1 + a.amplitude*math.Sin(2*math.Pi*(float64(m)/minutes-a.phase))
		}
	case bursty:
		// Two-state on/off (an MMPP with an off rate of 0): exponential
		// on and off periods, starting in the stationary state.
		on := r.Float64() < a.onMean/(a.onMean+a.offMean)
		left := r.ExpFloat64() * a.offMean
		if on {
			left = r.ExpFloat64() * a.onMean
		}
		any := false
		for m := range s {
			for left <= 0 {
				on = !on
				if on {
					left += r.ExpFloat64() * a.onMean
				} else {
					left += r.ExpFloat64() * a.offMean
				}
			}
			s[m] = 0
			if on {
				s[m], any = 1, true
			}
			left--
		}
		if !any { // an all-off day would lose the app's volume
			start := r.IntN(minutes)
			for m := start; m < min(minutes, start+int(a.onMean)+1); m++ {
				s[m] = 1
			}
		}
	}
	var sum float64
	for _, v := range s {
		sum += v
	}
	for m := range s {
		s[m] *= minutes / sum
	}
}

// counts fills c with one day of the function's per-minute counts for an
// expected daily volume.
func (f *function) counts(c []uint32, shape []float64, volume float64, k kind, r *rand.Rand) {
	clear(c)
	if f.trigger == "timer" {
		step := f.periodMin
		for t := float64(f.offsetMin); t < minutes; t += step {
			c[int(t)]++
		}
		return
	}
	if volume > renewalLimit {
		for m := range c {
			c[m] = poisson(volume*shape[m]/minutes, r)
		}
		return
	}
	// A renewal process in operational time: gaps of mean 1 in units of
	// expected invocations, mapped to minutes through the cumulative
	// intensity. Erlang-2 gaps (CV 0.71) for steady and diurnal apps,
	// exponential inside the on periods of bursty ones.
	gap := func() float64 {
		if k == bursty {
			return r.ExpFloat64()
		}
		return (r.ExpFloat64() + r.ExpFloat64()) / 2
	}
	tau := gap() * r.Float64() // start part-way through a gap
	var cum float64
	for m := range c {
		next := cum + volume*shape[m]/minutes
		for tau < next {
			c[m]++
			tau += gap()
		}
		cum = next
	}
}

// poisson draws a Poisson count: Knuth's product method for small means,
// the normal approximation (error O(1/sqrt(mean))) above 50.
func poisson(mean float64, r *rand.Rand) uint32 {
	if mean <= 0 {
		return 0
	}
	if mean > 50 {
		return uint32(max(0, math.Round(mean+math.Sqrt(mean)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-mean), uint32(0), r.Float64()
	for p > l {
		k++
		p *= r.Float64()
	}
	return k
}

// zQ are the standard normal quantiles of the Azure percentile columns;
// 0 and 100 are taken at 0.1% and 99.9%.
var zQ = [7]float64{-3.0902, -2.3263, -0.6745, 0, 0.6745, 2.3263, 3.0902}

// row is the function's line of the three files: its durations are
// lognormal around its average with its own spread.
func (f *function) row(a *app, c []uint32) trace.AzureFunctionRow {
	row := trace.AzureFunctionRow{Owner: a.owner, App: a.name, Function: f.name, Trigger: f.trigger,
		Counts: c, AverageMS: f.avgMS}
	// Percentiles of a lognormal of median 1 and the function's spread,
	// scaled so that the distribution a reader samples (piecewise-linear
	// through them) has mean avgMS exactly: the average the population
	// drew is the average a replay shows.
	var p [7]float64
	for i, z := range zQ {
		p[i] = math.Exp(f.spread * z)
	}
	q := [7]float64{0, 0.01, 0.25, 0.5, 0.75, 0.99, 1}
	var mean float64
	for i := 1; i < len(p); i++ {
		mean += (q[i] - q[i-1]) * (p[i] + p[i-1]) / 2
	}
	for i := range p {
		row.PercentilesMS[i] = p[i] * f.avgMS / mean
	}
	return row
}

// memoryRow reports the app's Burr XII memory with a narrow spread over
// the day (ours: +-25%).
func (a *app) memoryRow() trace.AzureAppRow {
	m := a.memoryMB
	return trace.AzureAppRow{Owner: a.owner, App: a.name, SampleCount: 100, AverageMB: m,
		PercentilesMB: [8]float64{0.75 * m, 0.8 * m, 0.9 * m, m, 1.05 * m, 1.15 * m, 1.2 * m, 1.25 * m}}
}
