package trace

import (
	"testing"

	"faassim/sim"
)

// An azure2019 replay of one day hands out each function's duration table
// (Trace.Durations), the one its invocations are sampled from: the
// medians of testdata's three rows are 93,192, 200 and 17 ms.
func TestAzure2019Durations(t *testing.T) {
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: "testdata/azure2019", Day: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Durations) != len(tr.Functions) {
		t.Fatalf("%d durations for %d functions", len(tr.Durations), len(tr.Functions))
	}
	want := map[sim.Time]bool{93192 * sim.Millisecond: true, 200 * sim.Millisecond: true, 17 * sim.Millisecond: true}
	got := 0
	for k, d := range tr.Durations {
		if d == nil {
			continue
		}
		got++
		if m := d.Quantile(0.5); !want[m] {
			t.Errorf("function %s: median %v, not one of the rows' medians", tr.Functions[k].Name, m)
		}
	}
	if got != len(want) {
		t.Errorf("%d functions with a duration table, want %d", got, len(want))
	}
}
