package metrics

// countPool pools the runs' time at each instance count over replications
// for instances.distribution and running_distribution: adding the times
// merges exactly, and the pool holds one int64 per count reached, whatever
// the number of runs.
type countPool struct {
	live, busy CountTimes
	// untimed: some run kept no times (a combination of function shards,
	// or a record written before they existed), so the pool is not the
	// window's and no distribution is given.
	untimed bool
}

// add pools r's times; call it for each run of the platform.
func (c *countPool) add(r Run) {
	if r.LiveTimes == nil || r.BusyTimes == nil {
		c.untimed = true
		return
	}
	c.live = c.live.Plus(r.LiveTimes)
	c.busy = c.busy.Plus(r.BusyTimes)
}

// fill sets in's distributions from the pool: each count's time over the
// total (the windows of every run), ascending by count. Their means are
// instances.mean and the busy instance-seconds over the window, as the
// integrals are the same sums. It leaves them nil when a run kept no times
// (or none was added: an empty pool has no fractions).
func (c *countPool) fill(in *Instances) {
	if c.untimed {
		return
	}
	in.Distribution = c.live.Fractions()
	in.RunningDistribution = c.busy.Fractions()
}
