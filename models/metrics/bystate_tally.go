package metrics

// The models record ByInstances through these three calls, for window
// requests only (counted by arrival, like Requests): ArriveIn when the
// request arrives, with the instances of its function that existed then;
// RejectIn and ColdIn later, with the same k, once its fate is known (a
// queued request may start cold long after it arrived, when the count has
// moved on). None allocates but ArriveIn at a count never seen before.

// ArriveIn counts a window request that found k instances of its function.
func (t *Tally) ArriveIn(k int) {
	if k >= len(t.ByInstances) {
		t.ByInstances = t.ByInstances.grow(k)
	}
	t.ByInstances[k].Requests++
}

// RejectIn counts the rejection of a window request that arrived in state
// k (after ArriveIn(k)).
func (t *Tally) RejectIn(k int) { t.ByInstances[k].Rejected++ }

// ColdIn counts the cold start of a window request that arrived in state k
// (after ArriveIn(k)).
func (t *Tally) ColdIn(k int) { t.ByInstances[k].ColdStarts++ }

// grow returns b long enough to index k. Out of line so that ArriveIn
// inlines; append doubles the capacity, so growing to the run's highest
// count allocates O(log k) times.
func (b ByInstances) grow(k int) ByInstances {
	for len(b) <= k {
		b = append(b, StateCount{})
	}
	return b
}
