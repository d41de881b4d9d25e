package validation

import (
	"context"
	"testing"
)

// TestSuite runs every case of the suite once, as faassim validate does:
// the tests and the command share this one definition. -short skips the
// slow cases.
func TestSuite(t *testing.T) {
	for _, c := range All() {
		t.Run(c.Name, func(t *testing.T) {
			if c.Slow && testing.Short() {
				t.Skip("slow case: runs in the full suite, not with -short")
			}
			t.Parallel()
			r, err := Run(context.Background(), []Case{c}, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range r.Outcomes[0].Checks {
				t.Logf("%s: %.6g (se %.3g), reference %.6g, error %.4g %s, tolerance %s (%g): %s",
					k.Metric, k.Value, k.SE, k.Reference, k.Error.Value, k.Error.Kind, k.Tolerance.Words, k.Tolerance.Value, k.Status)
				if k.Status == Fail {
					t.Errorf("%s failed: %.6g (se %.3g) against %.6g (%s)", k.Metric, k.Value, k.SE, k.Reference, k.Tolerance.Words)
				}
			}
		})
	}
}
