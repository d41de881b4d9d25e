package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// wrote reports whether the scenario file (or a --set) wrote path.
func (s *Scenario) wrote(path string) bool {
	if s.src == nil {
		return false
	}
	_, ok := s.src.at[path]
	return ok
}

// problemAt places a build problem at path, with the line it was written on.
func (s *Scenario) problemAt(path, format string, args ...any) Problem {
	reason := fmt.Sprintf(format, args...)
	if s.src == nil {
		return Problem{Path: path, Reason: reason}
	}
	return s.src.problem(path, s.src.locate(path), reason)
}

// Build converts the distribution to a model distribution.
func (d Dist) Build() (dist.Dist, error) {
	t := func(x Duration) sim.Time { return sim.FromDuration(time.Duration(x)) }
	switch d.Dist {
	case "deterministic":
		return dist.NewDeterministic(t(d.Value))
	case "exponential":
		return dist.NewExponential(t(d.Mean))
	case "lognormal":
		return dist.NewLogNormal(t(d.Median), t(d.P99))
	case "percentiles":
		got := d.params()
		var pts []dist.Point
		for _, p := range percentilePoints {
			if v, ok := got[p.name]; ok {
				pts = append(pts, dist.Point{Q: p.q, Value: t(v)})
			}
		}
		return dist.NewPercentiles(pts)
	}
	return nil, fmt.Errorf("unknown distribution %q (want deterministic, exponential, lognormal or percentiles)", d.Dist)
}

// functions returns the workload's functions and, for a synthetic
// workload, their streams.
func (s *Scenario) functions() ([]workload.Function, []workload.Stream, Problems) {
	if s.replayed() != nil {
		fns, err := s.traceFunctions()
		var probs Problems
		if errors.As(err, &probs) { // a population refused, at its line
			return nil, nil, probs
		}
		if err != nil {
			// The path already says it is the trace: "workload.trace:
			// trace: ..." would say it twice.
			msg := strings.TrimPrefix(err.Error(), "trace: ")
			if g := s.Workload.Synth; g != nil {
				msg = synthMessage(g, msg)
			}
			return nil, nil, Problems{s.problemAt(s.replayPath(), "%s", msg)}
		}
		fns = slices.Clone(fns) // the trace cache's own list is shared
		s.configure(fns)
		return fns, nil, nil
	}
	var probs Problems
	syn := s.Workload.Synthetic
	if syn == nil {
		return nil, nil, Problems{s.problemAt("workload", "no workload")}
	}
	fns := make([]workload.Function, len(syn.Functions))
	streams := make([]workload.Stream, len(syn.Functions))
	for i, f := range syn.Functions {
		path := fmt.Sprintf("workload.synthetic.functions[%d]", i)
		cpu := 1.0
		if f.CPUBoundFraction != nil {
			cpu = *f.CPUBoundFraction
		}
		fns[i] = workload.Function{
			Name: f.Name, App: cmp.Or(f.App, f.Name), // a function alone is its own app
			Runtime: f.Runtime, Trigger: f.Trigger,
			MemoryMB: f.MemoryMB, EphemeralStorageMB: f.EphemeralStorageMB, PackageMB: f.PackageMB,
			Timeout: sim.FromDuration(time.Duration(f.Timeout)), CPUBoundFraction: cpu,
			SpeedByArch: f.SpeedByArchitecture.factors(),
		}
		d, err := f.durationDist()
		if err != nil {
			probs = append(probs, s.problemAt(path+".duration", "%v", err))
		}
		streams[i].Duration = d
		switch f.Arrival.Process {
		case "poisson":
			streams[i].Arrivals = workload.Poisson{RatePerS: f.Arrival.RatePerS}
		case "deterministic":
			streams[i].Arrivals = workload.Deterministic{RatePerS: f.Arrival.RatePerS}
		case "gamma":
			streams[i].Arrivals = workload.Gamma{RatePerS: f.Arrival.RatePerS, CV: f.Arrival.CV}
		case "diurnal":
			period := sim.FromDuration(time.Duration(f.Arrival.Period))
			if period == 0 {
				period = 24 * sim.Hour
			}
			streams[i].Arrivals = workload.Diurnal{RatePerS: f.Arrival.RatePerS, Amplitude: f.Arrival.Amplitude,
				Period: period, Peak: sim.FromDuration(time.Duration(f.Arrival.Peak))}
		case "mmpp":
			m := f.Arrival.mmpp()
			m.Until = sim.FromDuration(time.Duration(s.Horizon)) // no switching past the run
			streams[i].Arrivals = m
		case "replay":
			at := make([]sim.Time, len(f.Arrival.At))
			for k, x := range f.Arrival.At {
				at[k] = sim.FromDuration(time.Duration(x))
			}
			streams[i].Arrivals = &workload.Offsets{At: at}
		case "cron":
			sched, err := ParseCron(f.Arrival.Expression)
			if err != nil {
				probs = append(probs, s.problemAt(path+".arrival.expression", "%v", err))
			}
			streams[i].Arrivals = &workload.Cron{Schedule: sched, Start: s.startTime()}
		default:
			probs = append(probs, s.problemAt(path+".arrival.process", "unsupported arrival process %q", f.Arrival.Process))
		}
	}
	s.configure(fns)
	return fns, streams, probs
}

// source builds the workload stream of one replication. Every platform gets
// its own Source from the same seed, so all see the same invocations.
func (s *Scenario) source(seed uint64) (workload.Source, error) {
	if s.replayed() != nil {
		return s.traceSource(seed)
	}
	fns, streams, probs := s.functions()
	if len(probs) > 0 {
		return nil, probs
	}
	return workload.NewSynthetic(seed, fns, streams)
}

// mmpp is an mmpp arrival as the model runs it (without Until).
func (a Arrival) mmpp() *workload.MMPP {
	return &workload.MMPP{RatePerS: a.RatePerS, BurstRatePerS: a.BurstRatePerS,
		QuietMean: sim.FromDuration(time.Duration(a.QuietMean)),
		BurstMean: sim.FromDuration(time.Duration(a.BurstMean))}
}

// MMPPMeanRatePerS is an mmpp arrival's long-run rate, each level weighed
// by its share of time (workload.MMPP.MeanRate); 0 when its sojourns are
// not set.
func (a Arrival) MMPPMeanRatePerS() float64 {
	if a.QuietMean+a.BurstMean <= 0 {
		return 0
	}
	return a.mmpp().MeanRate()
}
