package analytic

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// Hand-computed values: B(1, 1) = 1/2 (one server, a = 1: a / (1 + a));
// B(20, 18) and B(5, 3) from the recurrence; C(2, 1) = 1/3 (M/M/2 at
// rho = 1/2: P(wait) = 2 rho^2 / (1 + rho)); M/M/1: C(1, a) = a.
func TestErlang(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"B(1,1)", ErlangB(1, 1), 0.5},
		{"B(0,5)", ErlangB(0, 5), 1},
		{"B(3,0)", ErlangB(3, 0), 0},
		{"B(2,1)", ErlangB(2, 1), 0.2}, // (1/2) / (1 + 1 + 1/2)
		{"B(20,18)", ErlangB(20, 18), 0.10921284587},
		{"C(2,1)", ErlangC(2, 1), 1.0 / 3},
		{"C(1,0.5)", ErlangC(1, 0.5), 0.5},
		{"C(3,3)", ErlangC(3, 3), 1},
		{"e^(-lambda T)", FixedTTLColdProbability(0.01, 100), math.Exp(-1)},
		{"infinite TTL", FixedTTLColdProbability(5, math.Inf(1)), 0},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-10 {
			t.Errorf("%s = %.12f, want %.12f", tt.name, tt.got, tt.want)
		}
	}
	// Large c: no overflow, and B(c, a) for a well below c is tiny.
	if b := ErlangB(10000, 9000); !(b > 0 && b < 1e-6) {
		t.Errorf("B(10000, 9000) = %g", b)
	}
}

// TestErlangBHugeLimit: a concurrency limit of 2^40 (typed into the
// playground) answers at once, not after 2^40 steps of the recurrence.
func TestErlangBHugeLimit(t *testing.T) {
	done := make(chan float64, 1)
	go func() { done <- ErlangB(1<<40, 18) }()
	select {
	case b := <-done:
		if b != 0 {
			t.Errorf("B(2^40, 18) = %g, want 0", b)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("B(2^40, 18) still computing after 2 s")
	}
}

// M/M/1/K closed form (Gross and Harris, section 2.5.1): with r = lambda /
// mu != 1, p_n = (1 - r) r^n / (1 - r^(K+1)), so P_K = (1 - r) r^K /
// (1 - r^(K+1)), L = r/(1-r) - (K+1) r^(K+1) / (1 - r^(K+1)).
func mm1k(r float64, k int) (block, l float64) {
	kf := float64(k)
	block = (1 - r) * math.Pow(r, kf) / (1 - math.Pow(r, kf+1))
	l = r/(1-r) - (kf+1)*math.Pow(r, kf+1)/(1-math.Pow(r, kf+1))
	return
}

func TestMMcK(t *testing.T) {
	close := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) {
			t.Errorf("%s = %.12g, want %.12g", name, got, want)
		}
	}
	for _, tc := range []struct {
		lambda, mu float64
		k          int
	}{{0.5, 1, 1}, {0.5, 1, 5}, {2, 1, 4}, {0.9, 1, 50}} {
		q, err := MMcK(tc.lambda, tc.mu, 1, tc.k)
		if err != nil {
			t.Fatal(err)
		}
		r := tc.lambda / tc.mu
		block, l := mm1k(r, tc.k)
		name := fmt.Sprintf("M/M/1/%d at r=%g", tc.k, r)
		close(name+" block", q.Block, block)
		close(name+" L", q.InSystemMean, l)
		close(name+" busy", q.BusyMean, 1-(1-r)/(1-math.Pow(r, float64(tc.k+1)))) // 1 - p_0
		// Little on the queue: Wq = (L - busy) / admitted rate.
		close(name+" Wq", q.WaitMeanS, (l-q.BusyMean)/(tc.lambda*(1-block)))
		// An admitted request waits unless it finds the system empty:
		// p_0 / (1 - P_K).
		p0 := (1 - r) / (1 - math.Pow(r, float64(tc.k+1)))
		close(name+" P(wait)", q.WaitProbability, 1-p0/(1-block))
	}
	// k = c is the Erlang B loss system.
	q, _ := MMcK(18, 1, 20, 20)
	close("M/M/20/20 block", q.Block, ErlangB(20, 18))
	close("M/M/20/20 P(wait)", q.WaitProbability, 0)
	// A huge capacity tends to Erlang C (the tail past it is negligible),
	// and k < 0 is Erlang C exactly: Wq = C / (c mu - lambda).
	for _, k := range []int{-1, 1_000_000} {
		q, err := MMcK(17, 1, 20, k)
		if err != nil {
			t.Fatal(err)
		}
		c := ErlangC(20, 17)
		close(fmt.Sprintf("k=%d P(wait)", k), q.WaitProbability, c)
		close(fmt.Sprintf("k=%d Wq", k), q.WaitMeanS, c/(20-17))
		close(fmt.Sprintf("k=%d L", k), q.InSystemMean, 17+c*0.85/0.15)
	}
	// c = 10,000 servers: no overflow.
	q, err := MMcK(9500, 1, 10000, 12000)
	if err != nil || math.IsNaN(q.WaitProbability) || q.BusyMean > 9500 || q.BusyMean < 9499 {
		t.Errorf("c = 10000: %+v, %v", q, err)
	}
}

func TestMMcKErrors(t *testing.T) {
	for _, tc := range []struct {
		lambda, mu float64
		c, k       int
	}{
		{-1, 1, 1, 1}, {math.NaN(), 1, 1, 1}, {1, 0, 1, 1}, {1, 1, 0, 1},
		{1, 1, 3, 2},  // capacity below servers
		{5, 1, 3, -1}, // unbounded and unstable
		{2, 1, 1, maxQueueStates + 10},
	} {
		if _, err := MMcK(tc.lambda, tc.mu, tc.c, tc.k); err == nil {
			t.Errorf("MMcK(%v, %v, %d, %d): no error", tc.lambda, tc.mu, tc.c, tc.k)
		}
	}
}
