package scenarios

import (
	"context"
	"testing"

	"faassim/internal/theory"
)

// The README's reading of example:after-quiet-night: of the 3 initial
// instances expiring at 30 s, about 1.2 expire unused, fewer than half.
// By hand: the pool serves the newest idle instance first on a tie, so the
// 3 instances kept 8 minutes serve first and an expiring one serves only
// when 4 or more requests run at once. The requests running form an
// M/G/infinity queue of load a = lambda E[S] = 2/s x 0.508 s ~ 1.02
// (lognormal median 400 ms, p99 2 s: sigma = ln 5 / 2.326, E[S] = median
// e^(sigma^2/2)); a new level k is reached at rate lambda P(N = k-1),
// P Poisson(a): 0.12/s for 4, 0.031/s for 5, 0.006/s for 6, so within
// 30 s the running count tops 3, 4 and 5 with probability 0.97, 0.60 and
// 0.17: about 1.75 of the 3 are used (and kept 10 more minutes), 1.25 not.
// Per replication the fall of the pool at 30 s (the 1-second timeline's
// instances in [29 s, 30 s) less those in [30 s, 31 s)) is those unused,
// less the rare cold start in that second.
func TestAfterQuietNightExpiriesAt30s(t *testing.T) {
	s, err := Open("example:after-quiet-night", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, runs, err := RunReplications(context.Background(), s, Options{Timeline: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	night := runs[1]
	falls := make([]float64, len(night))
	for i, r := range night {
		falls[i] = r.Timeline.Instances[29] - r.Timeline.Instances[30]
	}
	mean, se := theory.MeanSE(falls)
	t.Logf("the pool falls by %.3f (se %.3f) at 30 s over %d replications; by hand 1.25", mean, se, len(falls))
	// Fewer than half of the 3 go unused, beyond sampling error; and the
	// hand estimate holds within 4 standard errors plus the 0.1 its
	// rate-of-new-levels approximation may be off by.
	if mean+4*se >= 1.5 {
		t.Errorf("%.3f of the 3 expiring instances go unused (se %.3f): not clearly fewer than half", mean, se)
	}
	if d := mean - 1.25; d > 4*se+0.1 || d < -4*se-0.1 {
		t.Errorf("%.3f go unused (se %.3f), the hand estimate 1.25", mean, se)
	}
}
