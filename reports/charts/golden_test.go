package charts

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The break-even chart of the fixture, byte for byte: a change in layout,
// styling or gonum/plot shows up in review as a diff of testdata/ (refresh
// with go test -update after looking at the new image).
func TestGoldenBreakEven(t *testing.T) {
	cs, err := ForBreakEven(fixtureBreakEven(), SVG)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "breakeven.svg")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, cs[0].Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(cs[0].Data, want) {
		t.Errorf("breakeven SVG differs from %s; look at the new image, then run go test -update", path)
	}
}
