package metrics

// StateCount counts the window's requests that arrived while a given
// number of instances of their function existed (see ByInstances).
type StateCount struct {
	// Requests arrived in the state; Rejected of them were turned away;
	// ColdStarts of the admitted ones met a cold start.
	Requests, Rejected, ColdStarts int64
}

// ByInstances counts requests by the state they arrived in:
// ByInstances[k] is the requests that found k instances of their function
// (of its app's pool where instances are shared per app; a container
// platform's replicas) when they arrived. Dense, indexed by k; adding it
// count by count merges replications exactly.
type ByInstances []StateCount

// Plus returns b with o added state by state (b may grow).
func (b ByInstances) Plus(o ByInstances) ByInstances {
	if len(o) > len(b) {
		b = append(b, make(ByInstances, len(o)-len(b))...)
	}
	for k, s := range o {
		b[k].Requests += s.Requests
		b[k].Rejected += s.Rejected
		b[k].ColdStarts += s.ColdStarts
	}
	return b
}

// StateColdStarts is one row of cold_start_by_instances: the requests that
// arrived when Instances instances of their function existed (per
// replication, rounded) and the share of the admitted ones that met a cold
// start (pooled over replications; 0 when none was admitted).
type StateColdStarts struct {
	Instances      int64   `json:"instances"`
	Requests       int64   `json:"requests"`
	ColdStartRatio float64 `json:"cold_start_ratio"`
}

// total is the requests counted in every state.
func (b ByInstances) total() int64 {
	var t int64
	for _, s := range b {
		t += s.Requests
	}
	return t
}
