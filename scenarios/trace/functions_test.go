package trace

import (
	"fmt"
	"strings"
	"testing"
)

// A trace of many one-row functions is refused at the row that passes the
// bound on distinct functions, in every format that lists functions as it
// reads them, before the function table fills the memory.
func TestFunctionBound(t *testing.T) {
	dir := t.TempDir()
	var csv, az strings.Builder
	csv.WriteString("timestamp,function,duration_ms\n")
	az.WriteString("HashOwner,HashApp,HashFunction,Trigger,1\n")
	for i := range 150 {
		fmt.Fprintf(&csv, "%d,f%d,10\n", i, i)
		fmt.Fprintf(&az, "o,a%d,f%d,http,1\n", i, i)
	}
	for _, c := range []struct {
		name string
		spec Spec
	}{
		{"csv", Spec{Format: FormatCSV, Path: writeFile(t, dir, "many.csv", csv.String())}},
		{"azure2019", Spec{Format: FormatAzure2019, Path: writeFile(t, dir, "invocations_per_function_md.anon.d01.csv", az.String())}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.spec.MaxFunctions = 100
			_, err := Open(c.spec, 1)
			if err == nil || !strings.Contains(err.Error(), ":102: ") || !strings.Contains(err.Error(), "more than 100 distinct functions") ||
				!strings.Contains(err.Error(), "--max-memory") {
				t.Fatalf("error %v, want the 101st function (line 102) refused naming --max-memory", err)
			}
			c.spec.MaxFunctions = 150 // exactly as many: admitted
			if _, err := Open(c.spec, 1); err != nil && strings.Contains(err.Error(), "distinct functions") {
				t.Fatalf("150 functions refused at a bound of 150: %v", err)
			}
		})
	}
	if got := FunctionsFor(1 << 30); got != 1<<20 {
		t.Errorf("FunctionsFor(1 GiB) = %d, want %d at %d bytes a function", got, 1<<20, BytesPerFunction)
	}
}
