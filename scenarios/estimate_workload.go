package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"time"

	"faassim/internal/limits"
	"faassim/models/metrics"
)

// The workload side of the estimate: what the scenario's functions, or its
// replayed trace, bring to every platform's simulation.

// fnLoad is what the estimate knows of a function's requests: their mean
// rate over the horizon and their rate at the busiest (both a second),
// their mean duration as measured, the most that can ever be in the system
// at once (a replay list's length; +Inf otherwise), and how many
// functions it stands for (a trace's functions are one load).
type fnLoad struct {
	rate, peak, meanS, most float64
	count                   float64
	app                     string
}

// costInput is the workload side of a simulation's cost, shared by the
// platforms.
type costInput struct {
	loads     []fnLoad
	functions int
	apps      int
	requests  float64 // per replication, over the horizon
	// switches is the state switches of the mmpp processes per
	// replication (each a little work, with or without an arrival), and
	// switchWhat says whose, for messages.
	switches   float64
	switchWhat string
	source     part // what one simulation's workload source holds
	horizonS   float64
	base       float64 // a simulation's fixed memory: engine, tally, buckets, timeline
	timelineN  int     // timeline points, 0 without one
	desc       string  // "58 requests/s over horizon 10h", for messages
	perApp     bool    // FaaS platforms keep per-app records (Options.PerApp)
}

// switchEvents is the work of an mmpp state switch in events (a request's
// work): a switch draws two random numbers, about 10 ns measured against
// the 500 ns a request is assumed to take (limits.EventsPerSecond);
// rounded up.
const switchEvents = 0.05

// requestWork is the events of a simulation's requests and mmpp switches,
// with the switches as its other work.
func (in *costInput) requestWork() (float64, part) {
	w := in.switches * switchEvents
	return in.requests + w, part{w, in.switchWhat}
}

// workload works out the loads of the scenario at rate scale k.
func (s *Scenario) workload(k float64, timeline time.Duration) costInput {
	w := s.window()
	h := w.horizon.Seconds()
	in := costInput{horizonS: h}
	if timeline > 0 {
		in.timelineN = int(math.Ceil((w.horizon - w.warmup).Seconds() / timeline.Seconds()))
	}
	buckets := math.Min(math.Ceil((w.horizon-w.warmup).Seconds()/metrics.OverloadBucket.Seconds()), 366*24*12)
	in.base = simBaseBytes + buckets*backlogBucketBytes + float64(in.timelineN)*timelinePointBytes
	if t := s.replayed(); t != nil {
		s.traceLoad(&in, k*cmp.Or(t.RateScale, 1))
		return in
	}
	apps := map[string]bool{}
	var replayed, most float64
	for _, f := range s.Workload.Synthetic.Functions {
		a := f.Arrival
		l := fnLoad{rate: a.RatePerS * k, peak: a.RatePerS * k, most: math.Inf(1), count: 1, app: cmp.Or(f.App, f.Name)}
		switch a.Process {
		case "diurnal":
			l.peak *= 1 + a.Amplitude
		case "mmpp":
			q, b := time.Duration(a.QuietMean).Seconds(), time.Duration(a.BurstMean).Seconds()
			if q+b > 0 {
				l.rate = a.MMPPMeanRatePerS() * k
				// Two switches a cycle, whatever the rate scale.
				n := 2 * h / (q + b)
				in.switches += n
				if n > most {
					most = n
					in.switchWhat = fmt.Sprintf("function %s switching between bursts and quiet %s times (burst_mean %s, quiet_mean %s)",
						f.Name, limits.FormatCount(n), a.BurstMean, a.QuietMean)
				}
			}
			l.peak = math.Max(a.RatePerS, a.BurstRatePerS) * k
		case "replay":
			n := 0.0
			for _, at := range a.At {
				if at >= 0 && time.Duration(at) < time.Duration(s.Horizon) {
					n++
				}
			}
			// All at once, at worst: a replay list is short.
			l.rate, l.peak, l.most = n/h, n, n
			replayed += float64(len(a.At))
		case "cron":
			// At most one firing a minute: the rate is counted over the
			// horizon's first firings, at most a week of minutes of work.
			l.rate = s.cronRate(a.Expression, h) * k
			l.peak = k / 60
		}
		if d, err := f.durationDist(); err == nil {
			l.meanS = d.Mean().Seconds()
		}
		in.loads = append(in.loads, l)
		in.requests += l.rate * h
		apps[l.app] = true
	}
	in.functions, in.apps = len(in.loads), len(apps)
	in.source = part{replayed * replayArrivalBytes, fmt.Sprintf("%s replayed arrivals", limits.FormatCount(replayed))}
	in.desc = fmt.Sprintf("%s over horizon %s", rateText(in.requests/h), metrics.ShortDuration(h))
	return in
}

// traceMeanS is the mean duration the estimate assumes for a trace's
// invocations, whose durations it does not read ahead: a second, above
// the invocation-weighted means of the public traces (most Azure 2019
// functions average under a second).
const traceMeanS = 1.0

// traceLoad works out a trace replay's load at rate scale k from what
// opening the trace counted (Trace.Invocations, PeakMinute, Held).
func (s *Scenario) traceLoad(in *costInput, k float64) {
	fns, _, _ := s.functions() // opened once and cached
	st := s.cache.stats
	span := st.Span.Seconds()
	if span <= 0 {
		span = in.horizonS
	}
	in.requests = float64(st.Invocations) * k * math.Min(1, in.horizonS/span)
	rate := in.requests / in.horizonS
	peak := rate * 10 // a per-invocation trace's bursts are not counted ahead: ten times its mean
	if st.PerMinute && st.PeakMinute > 0 {
		peak = float64(st.PeakMinute) * k / 60
	}
	apps := map[string]bool{}
	for _, fn := range fns {
		apps[fn.App] = true
	}
	in.functions, in.apps = len(fns), len(apps)
	in.loads = []fnLoad{{rate: rate, peak: peak, meanS: traceMeanS, most: math.Inf(1), count: float64(len(fns))}}
	held := st.ReaderBytes(k)
	in.source = part{held, fmt.Sprintf("the trace reader holds %s of counts and arrivals", limits.FormatSize(held))}
	in.desc = fmt.Sprintf("%s invocations of the trace x rate_scale %s", limits.FormatCount(float64(st.Invocations)*math.Min(1, in.horizonS/span)), numText(k))
}

// meanDuration is the rate-weighted mean duration of the loads on a
// platform, each times its speed factor there.
func meanDuration(loads []fnLoad, speed func(i int) float64) float64 {
	var rate, sum float64
	for i, l := range loads {
		rate += l.rate
		sum += l.rate * l.meanS * speed(i)
	}
	if rate == 0 {
		return 0
	}
	return sum / rate
}

func sumPeak(loads []fnLoad) float64 {
	var p float64
	for _, l := range loads {
		p += l.peak
	}
	return p
}
