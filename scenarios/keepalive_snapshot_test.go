package scenarios

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// keepaliveHistorySmall scales example:keepalive-history down to run in
// about two seconds: 200 functions over days 1-3, the first 2 days the
// warm-up where the hybrid policy trains, day 3 measured. Its seed is the
// example's (19).
var keepaliveHistorySmall = []string{"workload.synth.functions=200", "workload.synth.days=1-3", "horizon=3d", "warmup=2d"}

// TestKeepaliveHistorySnapshot is a regression snapshot, not a validation:
// the figures are what faassim computed when the golden file was last
// written (go test ./scenarios -run KeepaliveHistorySnapshot -update), not
// a published result. It pins what the keep-alive study reports (requests,
// cold starts, the third quartile of the per-app cold-start percentage,
// wasted memory-time, and the hybrid policy's decisions by reason), so
// that a change to the hybrid policy, the per-app statistics or the
// multi-day replay shows here and its commit must argue it. (The paper's
// finding is judged nowhere: faassim validate reports its study for
// information.)
func TestKeepaliveHistorySnapshot(t *testing.T) {
	s, err := Open("example:keepalive-history", keepaliveHistorySmall)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), s, Options{Workers: 1, PerApp: PerApp{On: true}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "example:keepalive-history %v, seed %d\n", keepaliveHistorySmall, res.Seed)
	for _, p := range res.Platforms {
		if p.Apps == nil {
			t.Fatalf("%s: no per-app statistics", p.Name)
		}
		fmt.Fprintf(&b, "%s: %d requests, %d cold, %d apps, p75 cold %.6g%%, wasted %.6g GB-s\n",
			p.Name, p.Requests, p.ColdStarts, p.Apps.Count, p.Apps.ColdStartPct.P75, p.Apps.WastedMemoryGBS)
		if d := p.KeepAliveDecisions; d != nil {
			fmt.Fprintf(&b, "%s decisions: %+v\n", p.Name, *d)
		}
	}
	golden := filepath.Join("testdata", "keepalive-history-snapshot.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("the keep-alive study changed (argue it, then go test -run KeepaliveHistorySnapshot -update):\ngot:\n%s\nwant:\n%s", b.Bytes(), want)
	}
}
