package scenarios

import (
	"context"
	"slices"
	"sync"

	"faassim/models/metrics"
)

// folder hands each platform's runs to fold in replication order while
// they finish in any order: a run that finishes before an earlier one of
// its platform waits in pending. So that the waiting stays small whatever
// the number of replications, replication r starts only once every
// platform has folded every replication before r - ahead (see wait).
type folder struct {
	mu      sync.Mutex
	next    []int                 // per platform, the next replication to fold
	pending []map[int]metrics.Run // per platform, finished runs waiting for an earlier one
	fold    func(i, r int, run metrics.Run)
	ahead   int
	// folded has a token after a fold, waking a wait; one token is enough
	// since wait checks the state again.
	folded chan struct{}
}

func newFolder(platforms, ahead int, fold func(i, r int, run metrics.Run)) *folder {
	f := &folder{next: make([]int, platforms), pending: make([]map[int]metrics.Run, platforms),
		fold: fold, ahead: max(ahead, 1), folded: make(chan struct{}, 1)}
	for i := range f.pending {
		f.pending[i] = map[int]metrics.Run{}
	}
	return f
}

// foldAhead is how many replications may start beyond the earliest not yet
// folded: enough to keep workers busy while one replication runs long, and
// about twice workers runs waiting at most.
func foldAhead(workers, platforms int) int {
	return max(1, (2*workers+platforms-1)/max(platforms, 1))
}

// done takes platform i's run of replication r and folds what is now in
// order. It folds under the lock: folding is quick next to simulating.
func (f *folder) done(i, r int, run metrics.Run) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending[i][r] = run
	for {
		run, ok := f.pending[i][f.next[i]]
		if !ok {
			break
		}
		delete(f.pending[i], f.next[i])
		f.fold(i, f.next[i], run)
		f.next[i]++
	}
	select {
	case f.folded <- struct{}{}:
	default:
	}
}

// wait holds back job k (replication k / platforms) until its replication
// is within ahead of the earliest not folded, or ctx is done. The earliest
// unfolded replication is always allowed, so the jobs before k (started in
// order) can always finish and wake it.
func (f *folder) wait(ctx context.Context, k int) error {
	r := k / len(f.next)
	for r >= f.low()+f.ahead {
		select {
		case <-f.folded:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// low is the earliest replication some platform has not folded.
func (f *folder) low() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Min(f.next)
}
