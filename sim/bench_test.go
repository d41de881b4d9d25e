package sim

import (
	"math/rand/v2"
	"testing"
)

// The hold model (Jones, "An empirical comparison of priority-queue and
// event-set implementations", CACM 1986): with n events pending, repeatedly
// take the earliest and schedule one at now + Exp(1). It measures the cost of
// one event in steady state. The bare typed binary heap below is the floor
// the engine is compared with: the engine adds FIFO tie-breaking, handler
// dispatch and cancellable IDs, and must stay within 1.5x of it.
const holdPending = 10_000

type holdHandler struct {
	e   *Engine
	rng *rand.Rand
}

func (h *holdHandler) Handle(now Time, data uint64) {
	h.e.Schedule(now+FromSeconds(h.rng.ExpFloat64()), h, data)
}

func BenchmarkHold(b *testing.B) {
	b.Run("engine", func(b *testing.B) {
		e := NewEngine()
		h := &holdHandler{e: e, rng: rand.New(rand.NewPCG(1, 1))}
		for i := 0; i < holdPending; i++ {
			e.Schedule(FromSeconds(h.rng.ExpFloat64()), h, uint64(i))
		}
		e.Run(e.Now() + Second) // warm up
		start := e.Fired()
		b.ReportAllocs()
		b.ResetTimer()
		for e.Fired()-start < uint64(b.N) {
			e.Run(e.now + Second)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(e.Fired()-start), "ns/event")
	})
	b.Run("bare-heap", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		var h bareHeap
		for i := 0; i < holdPending; i++ {
			h.push(bareEntry{at: FromSeconds(rng.ExpFloat64())})
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			top := h.pop()
			h.push(bareEntry{at: top.at + FromSeconds(rng.ExpFloat64()), data: top.data})
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/event")
	})
}

// bareHeap is the minimal typed binary min-heap on time: no sequence
// numbers, no cancellation, no dispatch.
type bareEntry struct {
	at   Time
	data uint64
}

type bareHeap []bareEntry

func (h *bareHeap) push(x bareEntry) {
	*h = append(*h, x)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p].at <= x.at {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = x
}

func (h *bareHeap) pop() bareEntry {
	s := *h
	top := s[0]
	n := len(s) - 1
	x := s[n]
	s = s[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && s[c+1].at < s[c].at {
			c++
		}
		if s[c].at >= x.at {
			break
		}
		s[i] = s[c]
		i = c
	}
	if n > 0 {
		s[i] = x
	}
	*h = s
	return top
}
