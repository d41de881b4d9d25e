package metrics

import (
	"errors"
	"fmt"
	"math"
)

// TimesRecord is a CountTimes written out compactly for shard files:
// [count, ns] for each count held for some time, ascending by count.
// Integer nanoseconds make the merge of shards exact.
type TimesRecord [][2]int64

// MaxRecordCount is the highest count a TimesRecord read from a file may
// hold: 16,777,216 instances. A record is read back dense (8 bytes a
// count), so the bound keeps a file's few bytes from asking for gigabytes;
// it is far above what the default memory budget lets a run reach (1.5 KB
// an instance).
const MaxRecordCount = 1 << 24

// Record returns the compact record of c (nil for nil).
func (c CountTimes) Record() TimesRecord {
	if c == nil {
		return nil
	}
	out := TimesRecord{}
	for k, t := range c {
		if t != 0 {
			out = append(out, [2]int64{int64(k), t})
		}
	}
	return out
}

// countTimes rebuilds the dense record, refusing counts out of order, above
// peak (no count can exceed the run's peak of live instances) or above
// MaxRecordCount, and times that are not positive; the total time is
// checked by the caller.
func (r TimesRecord) countTimes(peak int64) (CountTimes, error) {
	if r == nil {
		return nil, nil
	}
	last := int64(-1)
	for i, e := range r {
		k, ns := e[0], e[1]
		if k <= last || k > min(peak, MaxRecordCount) {
			return nil, fmt.Errorf("entry %d: count %d: want counts ascending from 0, at most the peak of %d instances (and %d)", i, k, peak, MaxRecordCount)
		}
		if ns <= 0 {
			return nil, fmt.Errorf("entry %d: %d ns at count %d: want a positive time", i, ns, k)
		}
		last = k
	}
	c := make(CountTimes, last+1)
	for _, e := range r {
		c[e[0]] = e[1]
	}
	return c, nil
}

// times rebuilds the run's live and busy times from its record: both or
// neither, each adding up to the window (to a relative 1e-9: the window is
// written in seconds).
func (rec RunRecord) times() (live, busy CountTimes, err error) {
	if (rec.LiveTimes == nil) != (rec.BusyTimes == nil) {
		return nil, nil, errors.New("run: live_times and busy_times go together: one is missing")
	}
	windowNS := rec.WindowS * 1e9
	for _, x := range []struct {
		name string
		rec  TimesRecord
		dst  *CountTimes
	}{{"live_times", rec.LiveTimes, &live}, {"busy_times", rec.BusyTimes, &busy}} {
		c, err := x.rec.countTimes(rec.PeakInstances)
		if err != nil {
			return nil, nil, fmt.Errorf("run: %s: %w", x.name, err)
		}
		// Summed in float64: int64s from a file could overflow.
		var total float64
		for _, t := range c {
			total += float64(t)
		}
		if c != nil && math.Abs(total-windowNS) > 1e-9*windowNS {
			return nil, nil, fmt.Errorf("run: %s: %.0f ns in all, but the window is %v s", x.name, total, rec.WindowS)
		}
		*x.dst = c
	}
	return live, busy, nil
}
