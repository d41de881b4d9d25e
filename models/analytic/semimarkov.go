package analytic

import (
	"fmt"
	"math"
)

// ServerlessParams are the inputs of the semi-Markov serverless model.
type ServerlessParams struct {
	ArrivalRate  float64 // Poisson arrivals, requests per second
	WarmServiceS float64 // mean execution time on a warm instance, seconds
	ColdServiceS float64 // mean cold-start time plus execution, seconds
	ThresholdS   float64 // idle time after which an instance expires, seconds
	// MaxConcurrency is the most instances there may be; arrivals that
	// find them all busy are rejected. 0 means no limit.
	MaxConcurrency int
}

// Serverless is the steady state of the semi-Markov serverless model.
type Serverless struct {
	ColdProbability float64 // probability that an arrival meets a cold start
	// RejectProbability is the probability that an arrival is rejected:
	// pi_max x B(max, rho), the chance of being in the last state times
	// the chance that its instances are all busy. pacsltk's
	// rejection_prob was B(max, rho) alone in its releases of February
	// 2020 (v0.1.3, v0.1.4) and pi_max x B(max) since; it is 0 whenever
	// its truncation stops short of the maximum.
	RejectProbability float64
	InstancesMean     float64 // mean instances (pacsltk avg_server_count)
	RunningMean       float64 // mean requests executing, warm and cold (avg_running_count)
	WarmRunningMean   float64 // mean requests executing on warm instances (avg_running_warm_count)
	IdleMean          float64 // InstancesMean - WarmRunningMean (avg_idle_count)
	// Utilization is WarmRunningMean / InstancesMean (avg_utilization);
	// 0 when there are no instances.
	Utilization   float64
	ResponseMeanS float64 // mean response time, seconds (avg_resp_time)
	// States is the stationary distribution: States[n] is the
	// probability of n instances, up to the truncation.
	States []float64
}

// tailMass is where SemiMarkov truncates the chain: the probability of
// all states past the last one kept is below it.
const tailMass = 1e-15

// maxServerlessStates bounds the chain, so a huge arrival rate with no
// concurrency limit cannot allocate without end.
const maxServerlessStates = 1_000_000

// SemiMarkov solves the steady-state model of Mahmoudi and Khazaei,
// "Performance Modeling of Serverless Computing Platforms" (IEEE
// Transactions on Cloud Computing, 2020), whose authors' implementation is
// pacsltk's perfmodel.get_sls_warm_count_dist.
//
// The model is a birth-death chain on the number n of instances. In state
// n an arrival finds the n instances busy with the Erlang B probability
// B(n, rho), rho = lambda x warm service, and then meets a cold start that
// adds an instance, which joins the pool when its cold request ends: the
// birth rate is 1 / (1/(lambda B(n)) + cold service), the rate pacsltk
// uses since March 2020 (its earlier lambda B(n) misses the published
// points by 9% in P(cold)). The m-th instance
// receives the arrivals the first m-1 turned away and it did not,
// lambda (B(m-1) - B(m)), and expires after a mean inter-kill time
// computed from those arrivals and the threshold; the death rate of state
// n is the sum of 1/inter-kill time over instances 1..n. Each state runs
// lambda (1-B) warm service and lambda B cold service (state 0: every
// request cold). At MaxConcurrency the blocked arrivals are rejected, not
// cold starts, so that state has no birth and no cold running.
//
// The stationary distribution is the birth-death product form,
// pi(n+1) / pi(n) = birth(n) / death(n+1), accumulated in log space (no
// matrix solve, no overflow). Truncation: the ratio falls with n (B falls,
// the death rate only grows), so once it is below 1 the states past n hold
// at most pi(n) r / (1 - r) of the mass; the chain stops at the first
// state where that bound is below 1e-15 of the mass so far, or at
// MaxConcurrency, whichever comes first. It never stops below
// MaxConcurrency while the bound is above 1e-15. pacsltk instead stops 30
// states past the last state whose birth rate exceeds its death rate; the
// two agree to far better than the 1% the published points are given to.
//
// A threshold of 0 keeps no instance warm: the chain stays in state 0,
// every request is cold, InstancesMean and Utilization are 0 (the model
// counts only instances waiting for work, not those cold-starting).
func SemiMarkov(p ServerlessParams) (Serverless, error) {
	if err := p.validate(); err != nil {
		return Serverless{}, err
	}
	lambda, warm, cold, idle := p.ArrivalRate, p.WarmServiceS, p.ColdServiceS, p.ThresholdS
	if lambda == 0 {
		return Serverless{States: []float64{1}, ResponseMeanS: cold}, nil
	}
	if idle == 0 {
		return Serverless{ColdProbability: 1, RunningMean: lambda * cold, ResponseMeanS: cold, States: []float64{1}}, nil
	}
	rho := lambda * warm
	// The rate at which the pool grows in a state whose arrivals are
	// cold with probability bn: a cold start begins at lambda bn and its
	// instance joins the pool when the cold request ends, so the mean
	// time to the next birth is 1/(lambda bn) + cold service.
	birth := func(bn float64) float64 { return lambda * bn / (1 + lambda*bn*cold) }
	limit := p.MaxConcurrency
	if limit == 0 || limit > maxServerlessStates {
		limit = maxServerlessStates
	}

	// blocks[n] = B(n, rho); logW[n] = log pi(n) up to a constant.
	blocks := []float64{1}
	logW := []float64{0}
	top := 0.0               // largest log weight so far
	sum := 1.0               // sum of exp(logW - top)
	logDeath := math.Inf(-1) // log of the death rate of the current state
	b := 1.0
	negligible := false // the tail past the last state is below tailMass
	for n := 0; n < limit; n++ {
		// Step to state m = n+1.
		m := n + 1
		bPrev := b
		b = rho * bPrev / (float64(m) + rho*bPrev)
		// B(m-1) - B(m) without cancellation: B(m-1) (m - rho(1-B(m-1))) /
		// (m + rho B(m-1)), where m - rho(1-B(m-1)) > 1 (the m-1 servers
		// carry less than m-1 erlangs).
		share := bPrev * (float64(m) - rho*(1-bPrev)) / (float64(m) + rho*bPrev)
		logDeath = logAddExp(logDeath, logKillRate(lambda*share, idle, warm))
		if math.IsInf(logDeath, -1) {
			return Serverless{}, fmt.Errorf("threshold %v s at %v requests per second: no instance would ever expire (e^(lambda x threshold) overflows); the model needs a shorter threshold", idle, lambda)
		}
		logRatio := math.Log(birth(blocks[n])) - logDeath
		lw := logW[n] + logRatio
		blocks = append(blocks, b)
		logW = append(logW, lw)
		if lw > top {
			sum = sum*math.Exp(top-lw) + 1
			top = lw
		} else {
			sum += math.Exp(lw - top)
		}
		// Stop when the tail past m is provably negligible; the ratio
		// out of m is birth(B(m)) / death(m+1) <= birth(B(m)) / death(m).
		r := birth(b) / math.Exp(logDeath)
		if r < 1 && math.Exp(lw-top)*r/(1-r) < tailMass*sum {
			negligible = true
			break
		}
	}
	last := len(logW) - 1
	if !negligible && limit != p.MaxConcurrency {
		return Serverless{}, fmt.Errorf("arrival rate %v per second with warm service %v s needs more than %d instance states: give a concurrency limit", lambda, warm, maxServerlessStates)
	}
	atMax := p.MaxConcurrency > 0 && last == p.MaxConcurrency

	var out Serverless
	out.States = make([]float64, len(logW))
	for n, lw := range logW {
		pi := math.Exp(lw-top) / sum
		out.States[n] = pi
		bn := blocks[n]
		warmRun := lambda * (1 - bn) * warm
		coldRun := lambda * bn * cold
		resp := bn*cold + (1-bn)*warm
		if atMax && n == last {
			// Blocked arrivals are rejected: no cold starts here.
			out.RejectProbability = pi * bn
			coldRun, resp = 0, warm
		} else {
			out.ColdProbability += pi * bn
		}
		out.InstancesMean += pi * float64(n)
		out.WarmRunningMean += pi * warmRun
		out.RunningMean += pi * (warmRun + coldRun)
		out.ResponseMeanS += pi * resp
	}
	out.IdleMean = out.InstancesMean - out.WarmRunningMean
	if out.InstancesMean > 0 {
		out.Utilization = out.WarmRunningMean / out.InstancesMean
	}
	return out, nil
}

// logKillRate is the log of 1 / (mean time from an instance's creation to
// its expiry) for an instance receiving Poisson arrivals at l per second
// that expires after idle seconds without one (Mahmoudi and Khazaei,
// section 4; pacsltk's inter_kill_time): the number of requests before the
// gap that kills it is geometric with mean e^(l idle) (a gap exceeds idle
// with probability e^(-l idle)), and the gaps that do not kill it average
// avg = (1 - e^(-l T)) / l - T e^(-l T), T = idle + warm service. The
// inter-kill time is idle + (e^(l idle) - 1) avg, taken in log space so
// that a busy instance's tiny rate does not underflow to zero.
func logKillRate(l, idle, warm float64) float64 {
	if !(l > 0) {
		return -math.Log(idle) // no arrivals: killed after idle seconds
	}
	t := idle + warm
	avg := -math.Expm1(-l*t)/l - t*math.Exp(-l*t)
	if !(avg > 0) {
		return -math.Log(idle)
	}
	x := l * idle
	// log((e^x - 1) avg) = x + log(1 - e^(-x)) + log(avg)
	logExtra := x + math.Log(-math.Expm1(-x)) + math.Log(avg)
	return -logAddExp(math.Log(idle), logExtra)
}

// logAddExp is log(e^x + e^y) without overflow.
func logAddExp(x, y float64) float64 {
	if math.IsInf(x, -1) {
		return y
	}
	if math.IsInf(y, -1) {
		return x
	}
	if x < y {
		x, y = y, x
	}
	return x + math.Log1p(math.Exp(y-x))
}

func (p ServerlessParams) validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !finite(p.ArrivalRate) || p.ArrivalRate < 0:
		return fmt.Errorf("arrival rate %v per second: want a finite number >= 0", p.ArrivalRate)
	case !finite(p.WarmServiceS) || p.WarmServiceS <= 0:
		return fmt.Errorf("warm service time %v s: want a finite number > 0", p.WarmServiceS)
	case !finite(p.ColdServiceS) || p.ColdServiceS <= 0:
		return fmt.Errorf("cold service time %v s: want a finite number > 0", p.ColdServiceS)
	case !finite(p.ThresholdS) || p.ThresholdS < 0:
		return fmt.Errorf("expiration threshold %v s: want a finite number >= 0", p.ThresholdS)
	case p.MaxConcurrency < 0:
		return fmt.Errorf("maximum concurrency %d: want >= 1, or 0 for no limit", p.MaxConcurrency)
	}
	return nil
}
