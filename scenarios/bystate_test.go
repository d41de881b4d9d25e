package scenarios

import (
	"context"
	"testing"

	"faassim/models/faas"
	"faassim/models/metrics"
)

// On every embedded example (shortened, two replications, a warm-up),
// requests by arrival state account for every request: pooled over the
// replications, the states' requests, rejections and cold starts add up
// to the platform's.
//
// And the k = 0 row of a FaaS platform that rejects what it cannot place
// (on_limit: reject) has a cold-start ratio of exactly 1: a request that
// finds no instance of its function is either rejected or starts one at
// once. Where requests queue instead, that is not so (see
// models/faas TestByInstancesByHand: a request queued with no instance
// can take, warm, the instance the one ahead of it started), so only a
// ratio of at most 1 holds there.
//
// And every run's record reads back (metrics.RunFromRecord): no request
// finds more instances than the run's peak of live instances.
func TestByInstancesAddUpOnEveryExample(t *testing.T) {
	for _, e := range Examples() {
		t.Run(e.Name, func(t *testing.T) {
			skipLargeUnderShort(t, e.Name)
			s, err := Open("example:"+e.Name, CheapExampleSets(e.Name, "horizon=20m", "warmup=2m", "replications=2"))
			if err != nil {
				t.Fatal(err)
			}
			plan, err := s.planFor(context.Background(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, runs, err := plan.runKeep(context.Background(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range res.Platforms {
				var pooled metrics.ByInstances
				var want metrics.StateCount
				for _, r := range runs[i] {
					// A shard file's record reads back: the states it
					// writes lie within the run's peak of live instances,
					// the bound a record read from a file is held to.
					if _, err := metrics.RunFromRecord(r.Record(false)); err != nil {
						t.Errorf("%s: the run's record does not read back: %v", p.Name, err)
					}
					pooled = pooled.Plus(r.ByInstances)
					want.Requests += r.Requests
					want.Rejected += r.Rejected
					want.ColdStarts += r.ColdStarts
				}
				var sum metrics.StateCount
				for _, st := range pooled {
					sum.Requests += st.Requests
					sum.Rejected += st.Rejected
					sum.ColdStarts += st.ColdStarts
				}
				if sum != want {
					t.Errorf("%s: states add up to %+v, the runs to %+v", p.Name, sum, want)
				}
				if want.Requests > 0 && len(p.ColdStartByInstances) == 0 {
					t.Errorf("%s: %d requests but no cold_start_by_instances", p.Name, want.Requests)
				}
				for j, row := range p.ColdStartByInstances {
					if j > 0 && row.Instances <= p.ColdStartByInstances[j-1].Instances {
						t.Errorf("%s: rows not ascending: %v", p.Name, p.ColdStartByInstances)
					}
					if !(row.ColdStartRatio >= 0 && row.ColdStartRatio <= 1) {
						t.Errorf("%s: ratio %v at %d instances", p.Name, row.ColdStartRatio, row.Instances)
					}
				}
				fp, ok := plan.platforms[i].(*faasPlan)
				if !ok || fp.cfg.OnLimit != faas.Reject || len(pooled) == 0 {
					continue
				}
				if z := pooled[0]; z.ColdStarts != z.Requests-z.Rejected {
					t.Errorf("%s: %d requests found no instance, %d rejected, but %d cold starts", p.Name, z.Requests, z.Rejected, z.ColdStarts)
				}
			}
		})
	}
}
