package analytic

import (
	"fmt"
	"math"
)

// Queue is the steady state of an M/M/c/K queue.
type Queue struct {
	// Block is the probability that an arrival finds the system full
	// and is turned away: P_K, by PASTA (Poisson arrivals see time
	// averages). 0 for an unbounded queue.
	Block float64
	// WaitProbability is the probability that an admitted request waits
	// for a server: P(c <= N < K) / (1 - P_K).
	WaitProbability float64
	// WaitMeanS is the mean wait of admitted requests in seconds, by
	// Little's law on the queue: Lq / (lambda (1 - P_K)).
	WaitMeanS float64
	// BusyMean is the mean number of busy servers, a (1 - Block).
	BusyMean float64
	// InSystemMean is the mean number of requests in the system (waiting
	// and in service), L.
	InSystemMean float64
}

// maxQueueStates bounds the states MMcK walks, so that a huge capacity
// with a load at or above c cannot run for minutes.
const maxQueueStates = 50_000_000

// MMcK solves the M/M/c/K queue: Poisson arrivals of lambda per second,
// c exponential servers of rate mu per second each, and room for k
// requests in the system (c in service, k-c waiting), by the birth-death
// stationary distribution of Gross and Harris (Fundamentals of Queueing
// Theory, section 2.5): p_n = p_0 a^n / n! for n <= c and
// p_n = p_c (a/c)^(n-c) above, a = lambda / mu. The weights are built as
// ratios in log space and normalised by their largest, so there is no
// factorial and no overflow for c up to tens of thousands. k < 0 is an
// unbounded queue (M/M/c, Erlang C), which needs a < c; k = c is the
// Erlang B loss system.
func MMcK(lambda, mu float64, c, k int) (Queue, error) {
	switch {
	case !(lambda >= 0) || math.IsInf(lambda, 0):
		return Queue{}, fmt.Errorf("arrival rate %v per second: want a finite number >= 0", lambda)
	case !(mu > 0) || math.IsInf(mu, 0):
		return Queue{}, fmt.Errorf("service rate %v per second: want a finite number > 0", mu)
	case c < 1:
		return Queue{}, fmt.Errorf("%d servers: want at least 1", c)
	case k >= 0 && k < c:
		return Queue{}, fmt.Errorf("system capacity %d below the %d servers: want k >= c, or k < 0 for an unbounded queue", k, c)
	}
	a := lambda / mu
	if lambda == 0 {
		return Queue{}, nil
	}
	if k < 0 {
		return mmcInfinite(lambda, mu, c, a)
	}
	rho := a / float64(c)
	// Past c the weights fall geometrically when rho < 1: stop once the
	// rest of the queue's mass is below 1e-18 of p_c (it cannot change
	// a float64 sum), but still take P_K from the closed form.
	last := k
	if rho < 1 {
		// rho^j / (1 - rho) < 1e-18 for j > (ln 1e-18 + ln(1-rho)) / ln rho.
		if j := (math.Log(1e-18) + math.Log1p(-rho)) / math.Log(rho); float64(k-c) > j {
			last = c + int(math.Ceil(j))
		}
	}
	if last > maxQueueStates {
		return Queue{}, fmt.Errorf("system capacity %d at load %.4g per server: above %d states, too many to sum", k, rho, maxQueueStates)
	}
	logRatio := func(n int) float64 { // log(p_n / p_(n-1))
		return math.Log(a / float64(min(n, c)))
	}
	// Pass 1: the largest log weight, to normalise by.
	lw, top := 0.0, 0.0
	for n := 1; n <= last; n++ {
		lw += logRatio(n)
		top = max(top, lw)
	}
	logK := lw // log weight of state last
	if last < k {
		logK += float64(k-last) * math.Log(rho)
	}
	// Pass 2: the sums.
	var total, inSystem, waiting, queued float64
	lw = 0
	for n := 0; n <= last; n++ {
		if n > 0 {
			lw += logRatio(n)
		}
		w := math.Exp(lw - top)
		total += w
		inSystem += float64(n) * w
		if n >= c {
			queued += float64(n-c) * w
			if n < k {
				waiting += w
			}
		}
	}
	pK := math.Exp(logK-top) / total
	admitted := lambda * (1 - pK)
	q := Queue{
		Block:        pK,
		BusyMean:     a * (1 - pK),
		InSystemMean: inSystem / total,
	}
	if pK < 1 {
		q.WaitProbability = waiting / total / (1 - pK)
		q.WaitMeanS = queued / total / admitted
	}
	return q, nil
}

// mmcInfinite is M/M/c with an unbounded queue: Erlang C, Wq = C / (c mu -
// lambda) and L = a + C rho / (1 - rho) (Gross and Harris, section 2.3).
func mmcInfinite(lambda, mu float64, c int, a float64) (Queue, error) {
	if a >= float64(c) {
		return Queue{}, fmt.Errorf("offered load %.4g erlangs on %d servers: an unbounded queue is stable only below c; give a capacity", a, c)
	}
	pw := ErlangC(c, a)
	rho := a / float64(c)
	return Queue{
		WaitProbability: pw,
		WaitMeanS:       pw / (float64(c)*mu - lambda),
		BusyMean:        a,
		InSystemMean:    a + pw*rho/(1-rho),
	}, nil
}
