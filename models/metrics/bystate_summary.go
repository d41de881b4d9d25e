package metrics

import (
	"errors"
	"fmt"
	"math"
)

// Summary returns cold_start_by_instances from b pooled over reps
// replications: one row per state some request arrived in, ascending by
// instances, its requests per replication rounded to the nearest integer
// (as Summarize rounds the other counts) and its cold-start ratio pooled
// like the headline cold_start_ratio: cold starts / (requests - rejected),
// 0 when none was admitted. Nil when no request was counted.
func (b ByInstances) Summary(reps int) []StateColdStarts {
	if reps <= 0 {
		return nil
	}
	var out []StateColdStarts
	for k, s := range b {
		if s.Requests <= 0 {
			continue
		}
		out = append(out, StateColdStarts{
			Instances:      int64(k),
			Requests:       int64(math.Round(float64(s.Requests) / float64(reps))),
			ColdStartRatio: ratio(float64(s.ColdStarts), float64(s.Requests-s.Rejected)),
		})
	}
	return out
}

// MaxStateInstances bounds the instance count of a by_instances entry read
// from a file: ByInstances is dense, so a count is memory (24 bytes each);
// 4 Mi counts (96 MiB) holds a run with a million instances.
const MaxStateInstances = 1 << 22

// record writes b compactly for RunRecord: [instances, requests, rejected,
// cold starts] for each state some request arrived in, ascending.
func (b ByInstances) record() [][4]int64 {
	var out [][4]int64
	for k, s := range b {
		if s != (StateCount{}) {
			out = append(out, [4]int64{int64(k), s.Requests, s.Rejected, s.ColdStarts})
		}
	}
	return out
}

// byInstancesFromRecord rebuilds the dense ByInstances of a record,
// refusing what no run could have written: states out of order or out of
// range (a request finds at most the run's peak of live instances, which
// count its function's, starting ones included: without that bound a
// 100 KB shard file of 40 runs each claiming a state at 4 million made
// the merge fill 100 MB a run), counts that are negative or exceed the
// state's requests, and totals that differ from the run's requests,
// rejections and cold starts (every model counts each of those in its
// state too).
func byInstancesFromRecord(rec [][4]int64, r *Run) (ByInstances, error) {
	if len(rec) == 0 {
		return nil, nil
	}
	last := int64(-1)
	var sum StateCount
	for i, e := range rec {
		k, s := e[0], StateCount{Requests: e[1], Rejected: e[2], ColdStarts: e[3]}
		if k <= last || k > min(r.PeakInstances, MaxStateInstances-1) {
			return nil, fmt.Errorf("run: by_instances entry %d: instances %d: want states ascending from 0, at most the peak of %d instances (and below %d)", i, k, r.PeakInstances, MaxStateInstances)
		}
		if s.Requests <= 0 || s.Rejected < 0 || s.ColdStarts < 0 || s.Rejected > s.Requests-s.ColdStarts {
			return nil, fmt.Errorf("run: by_instances entry %d (instances %d): want requests above 0 and rejected + cold starts within them, have %d, %d, %d", i, k, s.Requests, s.Rejected, s.ColdStarts)
		}
		last = k
		sum.Requests += s.Requests
		sum.Rejected += s.Rejected
		sum.ColdStarts += s.ColdStarts
		if sum.Requests > r.Requests {
			break // reported below; stops the sums from overflowing
		}
	}
	if sum != (StateCount{Requests: r.Requests, Rejected: r.Rejected, ColdStarts: r.ColdStarts}) {
		return nil, errors.New("run: by_instances does not add up to the run's requests, rejected and cold starts")
	}
	b := make(ByInstances, last+1)
	for _, e := range rec {
		b[e[0]] = StateCount{Requests: e[1], Rejected: e[2], ColdStarts: e[3]}
	}
	return b, nil
}
