package trace

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"faassim/models/workload"
	"faassim/sim"
)

func TestAzure2021Excerpt(t *testing.T) {
	tr, err := Open(Spec{Format: FormatAzure2021, Path: "testdata/azure2021/Azure2021_head60.csv"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	invs := drain(t, tr)
	checkSorted(t, invs)
	if len(invs) != 60 || invs[0].Arrival != 0 {
		t.Fatalf("%d invocations, first at %v; want 60 from 0", len(invs), invs[0].Arrival)
	}
	// Row 1: end 0.07949090003967285 s, duration 0.078 s; row 2 arrives at
	// 57.15786004066467 - 57.154 s: 2.369 ms after row 1 (each rounded to the ns).
	if invs[0].Duration != 78*sim.Millisecond || invs[1].Arrival != 2369141*sim.Nanosecond {
		t.Errorf("first two: %+v %+v", invs[0], invs[1])
	}
	// The same rows sorted by end_timestamp (as the full release is) replay
	// identically through the reorder window.
	data, _ := os.ReadFile("testdata/azure2021/Azure2021_head60.csv")
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	body := lines[1:]
	sort.SliceStable(body, func(i, j int) bool { return endOf(body[i]) < endOf(body[j]) })
	p := writeFile(t, t.TempDir(), "byend.csv", lines[0]+"\n"+strings.Join(body, "\n")+"\n")
	tr2, err := Open(Spec{Format: FormatAzure2021, Path: p}, 1)
	if err != nil {
		t.Fatal(err)
	}
	again := drain(t, tr2)
	for i := range invs {
		if invs[i].Arrival != again[i].Arrival || invs[i].Duration != again[i].Duration ||
			tr.Functions[invs[i].Function].Name != tr2.Functions[again[i].Function].Name {
			t.Fatalf("invocation %d: %+v by arrival, %+v by end", i, invs[i], again[i])
		}
	}
}

func endOf(line string) string {
	f := strings.Split(line, ",")
	return strings.Repeat("0", 24-len(strings.Split(f[2], ".")[0])) + f[2]
}

func TestHuaweiFixture(t *testing.T) {
	tr, err := Open(Spec{Format: FormatHuawei, Dir: "testdata/huawei", Day: 3, Spread: SpreadEquidistant}, 1)
	if err != nil {
		t.Fatal(err)
	}
	invs := drain(t, tr)
	checkSorted(t, invs)
	per := map[string]int{}
	durs := map[string]map[sim.Time]bool{}
	for _, inv := range invs {
		name := tr.Functions[inv.Function].Name
		per[name]++
		if durs[name] == nil {
			durs[name] = map[sim.Time]bool{}
		}
		durs[name][inv.Duration] = true
	}
	// NaN and empty cells count 0; durations are the minute's mean delay,
	// or the function's mean delay of the day in a minute without one.
	if per["28"] != 816+960+12 || per["33"] != 5 || per["55"] != 4 {
		t.Errorf("counts %v", per)
	}
	if !durs["28"][12500*sim.Microsecond] || !durs["28"][11*sim.Millisecond] || !durs["55"][275*sim.Millisecond] || len(tr.Warnings) != 0 {
		t.Errorf("durations %v, warnings %q", durs, tr.Warnings)
	}
	if tr.Span != 4*sim.Minute {
		t.Errorf("span %v, want 4m", tr.Span)
	}
}

func TestCSVSample(t *testing.T) {
	tr, err := Open(Spec{Format: FormatCSV, Path: "testdata/sample.csv"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	invs := drain(t, tr)
	want := []workload.Invocation{
		{Arrival: 0, Function: 0, Duration: 120500 * sim.Microsecond, MemoryMB: 256},
		{Arrival: 500 * sim.Millisecond, Function: 1, Duration: sim.Second, MemoryMB: 128},
		{Arrival: 750*sim.Millisecond + 1, Function: 0, Duration: 99 * sim.Millisecond, MemoryMB: 256},
		{Arrival: 60750 * sim.Millisecond, Function: 0, Duration: 101250 * sim.Microsecond},
	}
	if len(invs) != len(want) {
		t.Fatalf("got %+v", invs)
	}
	for i := range want {
		if invs[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, invs[i], want[i])
		}
	}
	if tr.Functions[0].MemoryMB != 256 || tr.Span != 60750*sim.Millisecond {
		t.Errorf("functions %+v span %v", tr.Functions, tr.Span)
	}
}

// Bad rows name the file, the line and the field.
func TestRowErrors(t *testing.T) {
	azHead := "HashOwner,HashApp,HashFunction,Trigger,1,2\n"
	cases := []struct {
		name, format, file, content, want string
	}{
		{"az2019 too few columns", FormatAzure2019, "invocations_per_function_md.anon.d01.csv", azHead + "o,a,f,http,1\n", ":2: columns: 5 columns, the header has 6"},
		{"az2019 negative count", FormatAzure2019, "invocations_per_function_md.anon.d01.csv", azHead + "o,a,f,http,1,-3\n", ":2: 2: negative count -3"},
		{"az2019 non-numeric count", FormatAzure2019, "invocations_per_function_md.anon.d01.csv", azHead + "o,a,f,http,x,3\n", `:2: 1: "x" is not a count`},
		{"az2019 bad minute label", FormatAzure2019, "invocations_per_function_md.anon.d01.csv", "HashOwner,HashApp,HashFunction,Trigger,1,1441\n", ":1: header: minute column \"1441\""},
		{"az2021 non-numeric duration", FormatAzure2021, "t.csv", "app,func,end_timestamp,duration\na,f,1.5,abc\n", `:2: duration: "abc" is not a number`},
		{"az2021 too few columns", FormatAzure2021, "t.csv", "app,func,end_timestamp,duration\na,f,1.5\n", ":2: columns: 3 columns, want at least 4"},
		{"az2021 unsorted", FormatAzure2021, "t.csv", "app,func,end_timestamp,duration\na,f,4000,1\na,f,4000.5,0.5\na,f,10,1\n", ":4: end_timestamp: not sorted"},
		{"csv unsorted", FormatCSV, "t.csv", "timestamp,function,duration_ms\n2,f,1\n1,f,1\n", ":3: timestamp: not sorted"},
		{"csv bad duration", FormatCSV, "t.csv", "timestamp,function,duration_ms\n2,f,1ms\n", `:2: duration_ms: "1ms" is not a number`},
		{"csv negative duration", FormatCSV, "t.csv", "timestamp,function,duration_ms\n2,f,-1\n", ":2: duration_ms: negative value -1"},
		{"csv missing column", FormatCSV, "t.csv", "timestamp,function\n", ":1: header: no column \"duration_ms\""},
		{"huawei negative count", FormatHuawei, "requests_minute/day_000.csv", "day,time,1\n0,0,-2\n", ":2: 1: negative count -2"},
		{"huawei unsorted", FormatHuawei, "requests_minute/day_000.csv", "day,time,1\n0,120,2\n0,60,1\n", ":3: time: not sorted"},
		{"huawei too few columns", FormatHuawei, "requests_minute/day_000.csv", "day,time,1,2\n0,0,2\n", ":2: columns: 3 columns, the header has 4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, c.file, c.content)
			spec := Spec{Format: c.format, Path: p}
			if c.format == FormatAzure2019 {
				writeFile(t, dir, "function_durations_percentiles.anon.d01.csv", "HashOwner,HashApp,HashFunction,"+strings.Join(azPctColumns, ",")+"\n")
			}
			err := openAndDrain(spec)
			if err == nil || !strings.HasPrefix(err.Error(), p+":") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %s%s", err, filepath.Base(p), c.want)
			}
		})
	}
}

// openAndDrain opens spec and reads every invocation, returning the first
// error from either.
func openAndDrain(spec Spec) error {
	tr, err := Open(spec, 1)
	if err != nil {
		return err
	}
	var inv workload.Invocation
	for tr.Source.Next(&inv) {
	}
	return tr.Source.Err()
}

func TestSelectionAndScale(t *testing.T) {
	dir := azureDay(t, []uint32{10, 10}, []uint32{100}, []uint32{1, 1, 1}, []uint32{50})
	count := func(spec Spec) (int, []string) {
		spec.Format, spec.Dir, spec.Day = FormatAzure2019, dir, 1
		tr, err := Open(spec, 9)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range tr.Functions {
			names = append(names, f.Name)
		}
		return len(drain(t, tr)), names
	}
	cases := []struct {
		name      string
		spec      Spec
		n         int
		functions string
	}{
		{"all", Spec{}, 173, "fa fb fc fd"},
		{"top 2", Spec{Top: 2}, 150, "fb fd"},
		{"apps", Spec{Apps: []string{"appa", "appc"}}, 23, "fa fc"},
		{"apps then top", Spec{Apps: []string{"appa", "appc"}, Top: 1}, 20, "fa"},
		{"sample 4 of 4", Spec{Sample: 4}, 173, "fa fb fc fd"},
		{"scale 2", Spec{RateScale: 2}, 346, "fa fb fc fd"},
		{"scale 3 window", Spec{RateScale: 3, From: sim.Minute, To: 2 * sim.Minute}, 33, "fa fb fc fd"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, names := count(c.spec)
			if n != c.n || strings.Join(names, " ") != c.functions {
				t.Errorf("%d invocations of %v, want %d of %s", n, names, c.n, c.functions)
			}
		})
	}
	// Thinning keeps each arrival with probability k: 173 x 0.5 with a
	// binomial sd of 6.6; and sampling is seeded.
	if n, _ := count(Spec{RateScale: 0.5}); n < 60 || n > 113 {
		t.Errorf("rate scale 0.5 kept %d of 173", n)
	}
	_, a := count(Spec{Sample: 2})
	_, b := count(Spec{Sample: 2})
	if strings.Join(a, " ") != strings.Join(b, " ") || len(a) != 2 {
		t.Errorf("sample 2: %v then %v", a, b)
	}
}

// Replicated copies on a per-invocation trace keep order and land within
// a second of their original.
func TestPerInvocationReplicas(t *testing.T) {
	tr, err := Open(Spec{Format: FormatCSV, Path: "testdata/sample.csv", RateScale: 2.5}, 4)
	if err != nil {
		t.Fatal(err)
	}
	invs := drain(t, tr)
	checkSorted(t, invs)
	if len(invs) < 8 || len(invs) > 12 {
		t.Errorf("%d invocations from 4 rows at rate scale 2.5", len(invs))
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	spec := Spec{Format: FormatAzure2019, Dir: "testdata/azure2019", Day: 1}
	tr, _ := Open(spec, 2)
	want := drain(t, tr)
	tr, _ = Open(spec, 2)
	var b strings.Builder
	if err := WriteCSV(&b, tr); err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "out.csv", b.String())
	back, err := Open(Spec{Format: FormatCSV, Path: p}, 2)
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, back)
	if len(got) != len(want) {
		t.Fatalf("%d rows back, want %d", len(got), len(want))
	}
	first := want[0].Arrival // a CSV trace starts at its first arrival
	for i := range want {
		w, g := want[i], got[i]
		if g.Arrival != w.Arrival-first || g.Duration != w.Duration || g.MemoryMB != w.MemoryMB ||
			back.Functions[g.Function].App != tr.Functions[w.Function].App {
			t.Fatalf("row %d: %+v, want %+v", i, g, w)
		}
	}
}

// Timestamps in any epoch, negative ones included, start the run at the
// first arrival: a negative first arrival once looked like "no origin yet"
// and lost every row but the last.
func TestCSVNegativeTimestamps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "neg.csv")
	if err := os.WriteFile(path, []byte("timestamp,function,duration_ms\n-10,f,10\n-5,f,10\n0,f,10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := Open(Spec{Format: FormatCSV, Path: path}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []sim.Time
	var inv workload.Invocation
	for tr.Source.Next(&inv) {
		got = append(got, inv.Arrival)
	}
	if want := []sim.Time{0, 5 * sim.Second, 10 * sim.Second}; !slices.Equal(got, want) {
		t.Errorf("arrivals %v, want %v", got, want)
	}
	far := filepath.Join(t.TempDir(), "far.csv")
	os.WriteFile(far, []byte("timestamp,function,duration_ms\n-9000000000,f,10\n9000000000,f,10\n"), 0o644)
	if _, err := Open(Spec{Format: FormatCSV, Path: far}, 1); err == nil || !strings.Contains(err.Error(), "far.csv:3: timestamp") {
		t.Errorf("a 570-year span: error %v", err)
	}
}
