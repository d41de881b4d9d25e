package pricing

import (
	"math"
	"testing"
)

func mustLookup(t testing.TB, name string) Sheet {
	t.Helper()
	s, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// cents rounds dollars to the cent, as a bill shows them.
func cents(usd float64) float64 { return math.Round(usd*100) / 100 }
