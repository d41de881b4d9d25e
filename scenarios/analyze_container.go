package scenarios

import (
	"cmp"
	"fmt"
	"math"

	"faassim/models/analytic"
	"faassim/models/container"
	"faassim/models/dist"
	"faassim/models/metrics"
	"faassim/models/workload"
)

// fitContainer fits M/M/c/K (Erlang C when the queue is unbounded) to a
// fixed fleet of replicas.
func (plan *Plan) fitContainer(pl *containerPlan, streams []workload.Stream) analyticFit {
	s, cfg := plan.s, pl.cfg
	if why := replayedWhy(s); why != "" {
		return noFit("%s", why)
	}
	if cfg.Scaling.Policy != container.Fixed {
		return noFit("the replicas are autoscaled (%s): the models need a fixed number of servers", scalingText(cfg.Scaling))
	}
	if cfg.RequestTimeout > 0 {
		return noFit("request_timeout %v abandons waiting requests: M/M/c/K has no abandonment", cfg.RequestTimeout.Duration())
	}
	rate, meanS := 0.0, 0.0
	for k, f := range pl.fns {
		st := streams[k]
		r, why := poissonRate(s, k, f.Name, st)
		if why != "" {
			return noFit("%s", why)
		}
		if r <= 0 {
			continue
		}
		if _, ok := st.Duration.(dist.Exponential); !ok {
			return noFit("function %s's duration is %s, not exponential: with a queue, M/G/c has no closed form", f.Name, st.Duration)
		}
		speed := cmp.Or(f.Speed, 1)
		if why := cutsExecutions(f.Name, st, speed, f.Timeout); why != "" {
			return noFit("%s", why)
		}
		m := st.Duration.Mean().Seconds() * speed
		if meanS > 0 && math.Abs(m-meanS) > 1e-9*meanS {
			return noFit("the functions' mean durations differ (%.4g s and %.4g s): their mixture is not exponential", meanS, m)
		}
		meanS = m
		rate += r
	}
	if rate == 0 {
		return noFit("no function receives requests")
	}
	c := cfg.Scaling.Replicas * cfg.Replica.Slots
	k, model := c+cfg.QueueLimit, "m/m/c/k"
	if cfg.QueueLimit == 0 {
		k, model = -1, "erlang-c"
	}
	q, err := analytic.MMcK(rate, 1/meanS, c, k)
	if err != nil {
		return noFit("%v", err)
	}
	figs := &metrics.Figures{}
	figs.Set("rejection_ratio", q.Block)
	figs.Set("instances_mean", float64(cfg.Scaling.Replicas))
	figs.Set("running_mean", q.BusyMean)
	figs.Set("utilization", q.BusyMean/float64(c))
	figs.Set("wait_probability", q.WaitProbability)
	figs.Set("wait_mean_ms", q.WaitMeanS*1000)
	queue := fmt.Sprintf("at most %d waiting", cfg.QueueLimit)
	if k < 0 {
		queue = "an unbounded queue"
	}
	return analyticFit{model: model, figs: figs,
		why: fmt.Sprintf("Poisson arrivals, exponential durations, %d fixed replicas x %d slots = %d servers, %s (Gross and Harris, section 2.5)",
			cfg.Scaling.Replicas, cfg.Replica.Slots, c, queue)}
}
