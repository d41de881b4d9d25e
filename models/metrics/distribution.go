package metrics

// CountTimes is the time a level spent at each value within the window, in
// nanoseconds: CountTimes[k] at exactly k (live or busy instances). It is
// dense, indexed by the count, and grows only when the level reaches a
// value it never had; integer nanoseconds add exactly, so replications
// (and replication shards) merge without error by adding the times.
type CountTimes []int64

// Plus returns c with o added count by count (c may grow; o is unchanged):
// the exact merge of two records over windows of the same length.
func (c CountTimes) Plus(o CountTimes) CountTimes {
	if len(o) > len(c) {
		c = append(c, make(CountTimes, len(o)-len(c))...)
	}
	for k, t := range o {
		c[k] += t
	}
	return c
}

// Total is the time recorded at every count: the window's length (times
// the replications merged), once the record is complete.
func (c CountTimes) Total() int64 {
	var t int64
	for _, x := range c {
		t += x
	}
	return t
}

// CountFraction is one entry of an instance-count distribution: the share
// of the measured window during which exactly Count instances existed.
type CountFraction struct {
	Count    int64   `json:"count"`
	Fraction float64 `json:"fraction"`
}

// Fractions returns the distribution: one entry per count the level spent
// time at, ascending by count, each its time over the total (nil when no
// time was recorded). Counts never reached are left out.
func (c CountTimes) Fractions() []CountFraction {
	total := c.Total()
	if total <= 0 {
		return nil
	}
	var out []CountFraction
	for k, t := range c {
		if t > 0 {
			out = append(out, CountFraction{Count: int64(k), Fraction: float64(t) / float64(total)})
		}
	}
	return out
}
