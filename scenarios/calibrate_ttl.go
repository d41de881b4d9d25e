package scenarios

import (
	"container/heap"
	"slices"
	"time"
)

// DefaultTTLGrid is the keep-alive grid calibrate searches: 1 to 30
// minutes by the minute, then 45 and 60. AWS has measured idle Lambda
// instances living 5 to 7 minutes (Shilkov 2021) and Azure 20 minutes
// (Shahrad et al., ATC 2020), so the fine part of the grid covers both.
func DefaultTTLGrid() []time.Duration {
	var g []time.Duration
	for m := 1; m <= 30; m++ {
		g = append(g, time.Duration(m)*time.Minute)
	}
	return append(g, 45*time.Minute, 60*time.Minute)
}

// invocation is one observed request as the keep-alive search replays it:
// 16 bytes, so a million of them take 16 MB.
type invocation struct {
	arrival int64  // ns since the epoch
	runUS   uint32 // execution, µs (Lambda's limit is 900 s)
	initUS  uint32 // the observed INIT, µs; 0 when the line was warm
}

// replayColdStarts replays sorted invocations on instances that serve one
// request at a time and stay warm ttl after their last request, the most
// recently used idle one serving first (faassim's default for Lambda), and
// returns how many requests found no warm instance. A request that was warm
// in the log but is cold here runs for its execution plus initUS (the
// function's median INIT): it holds its instance that much longer.
//
// What was warm before the logs begin is unknown: when the first request
// was warm in the log, one instance is taken to be idle and warm at its
// arrival (else a function seen warm all along would count one cold start
// no TTL can remove, and the search would drift to any TTL).
func replayColdStarts(invs []invocation, ttl time.Duration, medianInitUS uint32) int64 {
	var busy endHeap // instances running, by when they finish
	var idle []int64 // when each idle instance became idle, oldest first
	var cold int64
	if len(invs) > 0 && invs[0].initUS == 0 {
		idle = append(idle, invs[0].arrival)
	}
	ttlNs := int64(ttl)
	for _, inv := range invs {
		for len(busy) > 0 && busy[0] <= inv.arrival {
			// Released in end order, so idle stays sorted.
			idle = append(idle, heap.Pop(&busy).(int64))
		}
		hold := int64(inv.runUS) * 1e3
		if n := len(idle); n > 0 && idle[n-1]+ttlNs >= inv.arrival {
			idle = idle[:n-1] // the most recently used is still warm
		} else {
			// The newest has expired, so every idle one has.
			idle = idle[:0]
			cold++
			init := inv.initUS
			if init == 0 {
				init = medianInitUS
			}
			hold += int64(init) * 1e3
		}
		heap.Push(&busy, inv.arrival+hold)
	}
	return cold
}

type endHeap []int64

func (h endHeap) Len() int           { return len(h) }
func (h endHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h endHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *endHeap) Push(x any)        { *h = append(*h, x.(int64)) }
func (h *endHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TTLSearch is the keep-alive inferred from the observed cold starts.
type TTLSearch struct {
	TTL time.Duration
	// Grid and SimRatio: each TTL tried and the cold-start ratio its
	// replay gave, over every function.
	Grid     []time.Duration
	SimRatio []float64
	// Observed is cold / reports over the functions replayed.
	Observed float64
}

// searchTTL replays every function's invocations (each sorted by arrival)
// under each TTL of grid and picks the one whose cold-start ratio over all
// of them is closest to the observed one (the smaller TTL on a tie: the
// ratio does not change past the longest idle gap, and the smallest TTL
// explaining the data is the one the data supports).
func searchTTL(fns [][]invocation, medianInitUS []uint32, observedCold, reports int64, grid []time.Duration) TTLSearch {
	s := TTLSearch{Grid: slices.Clone(grid), SimRatio: make([]float64, len(grid))}
	if reports == 0 {
		return s
	}
	s.Observed = float64(observedCold) / float64(reports)
	best := -1.0
	for i, ttl := range grid {
		var cold int64
		for k, invs := range fns {
			cold += replayColdStarts(invs, ttl, medianInitUS[k])
		}
		s.SimRatio[i] = float64(cold) / float64(reports)
		if d := abs(s.SimRatio[i] - s.Observed); best < 0 || d < best {
			best, s.TTL = d, ttl
		}
	}
	return s
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
