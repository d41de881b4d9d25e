package trace

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// excerptCounts sums the per-minute counts of the Azure 2019 excerpt
// with encoding/csv, independently of the reader under test.
func excerptCounts(t *testing.T, from, to int) (total int64) {
	f, err := os.Open("testdata/azure2019/invocations_per_function_md.anon.d01.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		for j, v := range r[4:] {
			minute, _ := strconv.Atoi(rows[0][4+j]) // 1-based label
			if minute-1 < from || minute-1 >= to {
				continue
			}
			n, _ := strconv.Atoi(v)
			total += int64(n)
		}
	}
	return total
}

func TestAzure2019Excerpt(t *testing.T) {
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: "testdata/azure2019", Day: 1, Spread: SpreadEquidistant}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Warnings) != 0 {
		t.Errorf("warnings %q, want none", tr.Warnings)
	}
	var got strings.Builder
	for _, f := range tr.Functions {
		fmt.Fprintf(&got, "function %.8s app %.8s trigger %s memory %d MB\n", f.Name, f.App, f.Trigger, f.MemoryMB)
	}
	invs := drain(t, tr)
	checkSorted(t, invs)
	fmt.Fprintf(&got, "span %v, %d invocations\n", tr.Span, len(invs))
	for _, inv := range invs[:12] {
		fmt.Fprintf(&got, "%v f%d %v %d MB\n", inv.Arrival, inv.Function, inv.Duration, inv.MemoryMB)
	}
	golden(t, "testdata/azure2019.golden", got.String())
	if want := excerptCounts(t, 0, minutesPerDay); int64(len(invs)) != want {
		t.Errorf("replayed %d invocations, the file counts %d", len(invs), want)
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

// Conservation: replayed invocations = the per-minute counts of the
// window, for every spreading mode and minute-aligned window.
func TestAzure2019Conservation(t *testing.T) {
	for _, spread := range []string{SpreadUniform, SpreadEquidistant, SpreadPoisson} {
		for _, w := range []struct{ from, to int }{{0, 0}, {540, 600}, {600, 1440}, {0, 545}} {
			t.Run(fmt.Sprintf("%s/%d-%d", spread, w.from, w.to), func(t *testing.T) {
				spec := Spec{Format: FormatAzure2019, Dir: "testdata/azure2019", Day: 1, Spread: spread,
					From: sim.Time(w.from) * sim.Minute, To: sim.Time(w.to) * sim.Minute}
				tr, err := Open(spec, 7)
				if err != nil {
					t.Fatal(err)
				}
				invs := drain(t, tr)
				checkSorted(t, invs)
				to := w.to
				if to == 0 {
					to = minutesPerDay
				}
				if want := excerptCounts(t, w.from, to); int64(len(invs)) != want {
					t.Errorf("replayed %d, counts in the window %d", len(invs), want)
				}
				for _, inv := range invs {
					if inv.Arrival < 0 || inv.Arrival >= sim.Time(to-w.from)*sim.Minute {
						t.Fatalf("arrival %v outside the window", inv.Arrival)
					}
				}
			})
		}
	}
}

// Equidistant: n arrivals in a minute sit exactly 60/n s apart (to the
// nanosecond, the rounding of a float offset), whatever n.
func TestEquidistantGaps(t *testing.T) {
	counts := []uint32{1, 2, 3, 7, 60, 1000, 0, 13}
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: azureDay(t, counts), Day: 1, Spread: SpreadEquidistant}, 3)
	if err != nil {
		t.Fatal(err)
	}
	invs := drain(t, tr)
	byMinute := map[int][]sim.Time{}
	for _, inv := range invs {
		m := int(inv.Arrival / sim.Minute)
		byMinute[m] = append(byMinute[m], inv.Arrival)
	}
	for m, n := range counts {
		got := byMinute[m]
		if len(got) != int(n) {
			t.Fatalf("minute %d: %d arrivals, want %d", m, len(got), n)
		}
		gap := float64(sim.Minute) / float64(n)
		for i := 1; i < len(got); i++ {
			if d := float64(got[i]-got[i-1]) - gap; math.Abs(d) > 1 {
				t.Fatalf("minute %d: gap %v, want %v", m, got[i]-got[i-1], sim.Time(gap))
			}
		}
	}
}

// Uniform and poisson: each minute's count is exact, and the positions
// inside the minute are uniform by a Kolmogorov-Smirnov test. With a
// constant count the poisson mode's intensity is flat, so it must be
// uniform too. The critical value 1.95/sqrt(n) is the asymptotic KS
// quantile at alpha = 0.001 (Massey 1951, table 1): a correct
// implementation fails one run in a thousand; the seed is fixed, so the
// test is deterministic.
func TestSpreadUniformity(t *testing.T) {
	const perMinute = 50
	counts := make([]uint32, minutesPerDay)
	for i := range counts {
		counts[i] = perMinute
	}
	dir := azureDay(t, counts)
	for _, spread := range []string{SpreadUniform, SpreadPoisson} {
		t.Run(spread, func(t *testing.T) {
			tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Day: 1, Spread: spread}, 11)
			if err != nil {
				t.Fatal(err)
			}
			invs := drain(t, tr)
			perMin := make([]int, minutesPerDay)
			u := make([]float64, len(invs))
			for i, inv := range invs {
				perMin[inv.Arrival/sim.Minute]++
				u[i] = float64(inv.Arrival%sim.Minute) / float64(sim.Minute)
			}
			for m, n := range perMin {
				if n != perMinute {
					t.Fatalf("minute %d: %d arrivals, want %d", m, n, perMinute)
				}
			}
			if d, crit := ksUniform(u), 1.95/math.Sqrt(float64(len(u))); d > crit {
				t.Errorf("KS distance %.5f > %.5f: positions are not uniform", d, crit)
			}
		})
	}
}

// ksUniform returns the Kolmogorov-Smirnov distance of u to U(0,1).
func ksUniform(u []float64) float64 {
	s := slices.Clone(u)
	slices.Sort(s)
	n := float64(len(s))
	var d float64
	for i, x := range s {
		d = max(d, float64(i+1)/n-x, x-float64(i)/n)
	}
	return d
}

// The poisson mode's tilted density: the sampler inverts its CDF
// F(x) = x + s(x^2 - x).
func TestTiltedUniform(t *testing.T) {
	for _, s := range []float64{-0.9, -0.3, 0, 1e-12, 0.5, 0.99} {
		for _, u := range []float64{0, 0.1, 0.5, 0.9, 0.999999} {
			x := tiltedUniform(u, s)
			if F := x + s*(x*x-x); math.Abs(F-u) > 1e-12 || x < 0 || x >= 1 {
				t.Errorf("s=%v u=%v: x=%v, F(x)=%v", s, u, x, F)
			}
		}
	}
}

// Poisson spreading follows a ramp: after an idle minute and before a busy
// one, arrivals crowd the end of the minute, and the count stays exact.
func TestPoissonRamp(t *testing.T) {
	// Minute 1 of counts 0, 40,000, 80,000: the intensity ramps from
	// (0+40,000)/2 to (40,000+80,000)/2 across it, a tilt s = 0.5, so the
	// positions x in the minute have the CDF F(x) = x + s(x^2 - x). Then
	// F(x) is uniform: its KS distance to U(0,1) stays below 1.95/sqrt(n)
	// (alpha = 0.001, asymptotic), while x itself is far from uniform.
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: azureDay(t, []uint32{0, 40000, 80000}), Day: 1, Spread: SpreadPoisson}, 5)
	if err != nil {
		t.Fatal(err)
	}
	const s = 0.5
	var xs, fs []float64
	for _, inv := range drain(t, tr) {
		if inv.Arrival/sim.Minute == 1 {
			x := float64(inv.Arrival%sim.Minute) / float64(sim.Minute)
			xs = append(xs, x)
			fs = append(fs, x+s*(x*x-x))
		}
	}
	crit := 1.95 / math.Sqrt(float64(len(xs)))
	if len(xs) != 40000 {
		t.Fatalf("minute 1: %d arrivals, want 40,000", len(xs))
	}
	if d := ksUniform(fs); d > crit {
		t.Errorf("KS distance of F(x) to uniform %.5f > %.5f: positions do not follow the ramp", d, crit)
	}
	if d := ksUniform(xs); d < 10*crit {
		t.Errorf("KS distance of x to uniform only %.5f: the ramp is not there", d)
	}
}

func TestAzure2019MissingFiles(t *testing.T) {
	dir := azureDay(t, []uint32{3})
	// A day without memory file (days 13-14 of the release) opens with a warning.
	os.Remove(filepath.Join(dir, fmt.Sprintf(azMemory, 1)))
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Day: 1}, 1)
	if err != nil || len(tr.Warnings) != 1 || !strings.Contains(tr.Warnings[0], "no memory file") {
		t.Fatalf("err %v, warnings %q", err, tr.Warnings)
	}
	// A function without a duration row takes its app's pooled table.
	writeFile(t, dir, fmt.Sprintf(azDurations, 1), "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,"+
		strings.Join(azPctColumns, ",")+"\n")
	if _, err = Open(Spec{Format: FormatAzure2019, Dir: dir, Day: 1}, 1); err != nil {
		t.Fatal(err)
	}
}

// A repeated owner/app/function row adds its counts to the first and is
// said in a warning; it used to misalign the per-key tables and panic.
func TestAzure2019DuplicateRows(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"invocations_per_function_md.anon.d01.csv", "function_durations_percentiles.anon.d01.csv", "app_memory_percentiles.anon.d01.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata/azure2019", name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(name, "invocations") {
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			data = []byte(strings.Join(append(lines, lines[3]), "\n") + "\n") // the busy function again
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tr, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Day: 1, Spread: SpreadEquidistant}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Functions) != 3 || len(tr.Warnings) == 0 || !strings.Contains(strings.Join(tr.Warnings, " "), "repeat") {
		t.Fatalf("%d functions, warnings %q", len(tr.Functions), tr.Warnings)
	}
	var inv workload.Invocation
	n := 0
	seen := map[[2]int64]bool{}
	for tr.Source.Next(&inv) {
		n++
		// Merged counts are spread as one: equidistant arrivals of one
		// function never coincide (two separate cells would overlay them).
		key := [2]int64{int64(inv.Function), int64(inv.Arrival)}
		if seen[key] {
			t.Fatalf("two arrivals of function %d at %v: the repeated row was not merged", inv.Function, inv.Arrival)
		}
		seen[key] = true
	}
	if n != 48+46 {
		t.Errorf("%d invocations, want 48 + the repeated row's 46", n)
	}
}
