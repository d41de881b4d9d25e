package trace

import (
	"faassim/models/workload"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each reader, fed arbitrary bytes, returns invocations or an error and
// never panics; what it does return is in arrival order.

func fuzzOpen(t *testing.T, spec Spec, setup func(dir string) string) {
	maxPerMinute = 1e5 // the same code path, at a size that keeps fuzzing fast
	defer func() { maxPerMinute = MaxPerMinute }()
	dir := t.TempDir()
	spec.Path = setup(dir)
	tr, err := Open(spec, 1)
	if err != nil {
		return
	}
	invs := drainAny(tr)
	checkSorted(t, invs)
}

func drainAny(tr *Trace) []workload.Invocation {
	var out []workload.Invocation
	var inv workload.Invocation
	for tr.Source.Next(&inv) {
		out = append(out, inv)
		if len(out) > 1e5 {
			break
		}
	}
	return out
}

func seedFile(f *testing.F, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
}

func FuzzAzure2019(f *testing.F) {
	seedFile(f, "testdata/azure2019/invocations_per_function_md.anon.d01.csv")
	f.Add("HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,3,1\n")
	f.Add("HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,3,1\no,a,f,timer,1,0\no,b,g,queue,0,2\n") // a repeated key
	dur, _ := os.ReadFile("testdata/azure2019/function_durations_percentiles.anon.d01.csv")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOpen(t, Spec{Format: FormatAzure2019, Spread: SpreadPoisson}, func(dir string) string {
			os.WriteFile(filepath.Join(dir, "function_durations_percentiles.anon.d01.csv"), dur, 0o644)
			p := filepath.Join(dir, "invocations_per_function_md.anon.d01.csv")
			os.WriteFile(p, []byte(data), 0o644)
			return p
		})
		fuzzTwoDays(t, data, dur)
	})
}

// fuzzTwoDays reads data as days 1 and 2: the counting pass (no tables)
// and the replay (tables reused from day 1 to day 2) must agree with the
// single day's reading, which builds its tables once: twice its
// invocations, per day and replayed.
func fuzzTwoDays(t *testing.T, data string, dur []byte) {
	maxPerMinute = 1e5
	defer func() { maxPerMinute = MaxPerMinute }()
	dir := t.TempDir()
	for _, day := range []int{1, 2} {
		n := Azure2019Names(day)
		os.WriteFile(filepath.Join(dir, n[0]), []byte(data), 0o644)
		os.WriteFile(filepath.Join(dir, n[1]), dur, 0o644)
	}
	one, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Day: 1}, 1)
	if err != nil {
		return
	}
	two, err := Open(Spec{Format: FormatAzure2019, Dir: dir, Days: []int{1, 2}}, 1)
	if err != nil {
		t.Fatalf("day 1 opens, days 1-2 do not: %v", err)
	}
	if two.Invocations != 2*one.Invocations || two.DayInvocations[0] != one.Invocations || two.DayInvocations[1] != one.Invocations {
		t.Fatalf("days 1-2: %d invocations (%v), day 1 alone %d", two.Invocations, two.DayInvocations, one.Invocations)
	}
	if one.Invocations > 1e4 {
		return // drainAny stops at 1e5: keep the comparison whole
	}
	invs := drainAny(two)
	checkSorted(t, invs)
	if int64(len(invs)) != two.Invocations || two.Source.Err() != nil {
		t.Fatalf("days 1-2 replayed %d of %d (%v)", len(invs), two.Invocations, two.Source.Err())
	}
}

func FuzzAzure2019Durations(f *testing.F) {
	seedFile(f, "testdata/azure2019/function_durations_percentiles.anon.d01.csv")
	seedFile(f, "testdata/azure2019/app_memory_percentiles.anon.d01.csv")
	inv, _ := os.ReadFile("testdata/azure2019/invocations_per_function_md.anon.d01.csv")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOpen(t, Spec{Format: FormatAzure2019}, func(dir string) string {
			os.WriteFile(filepath.Join(dir, "function_durations_percentiles.anon.d01.csv"), []byte(data), 0o644)
			os.WriteFile(filepath.Join(dir, "app_memory_percentiles.anon.d01.csv"), []byte(data), 0o644)
			p := filepath.Join(dir, "invocations_per_function_md.anon.d01.csv")
			os.WriteFile(p, inv, 0o644)
			return p
		})
	})
}

func FuzzAzure2021(f *testing.F) {
	seedFile(f, "testdata/azure2021/Azure2021_head60.csv")
	f.Add("app,func,end_timestamp,duration\na,f,4000,1\na,f,4000.5,0.5\na,f,10,1\n")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOpen(t, Spec{Format: FormatAzure2021, RateScale: 1.5, ReorderWindow: 1e9}, func(dir string) string {
			p := filepath.Join(dir, "t.csv")
			os.WriteFile(p, []byte(data), 0o644)
			return p
		})
	})
}

func FuzzHuawei(f *testing.F) {
	seedFile(f, "testdata/huawei/requests_minute/day_003.csv")
	delay, _ := os.ReadFile("testdata/huawei/function_delay_minute/day_003.csv")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOpen(t, Spec{Format: FormatHuawei, Spread: SpreadPoisson}, func(dir string) string {
			p := filepath.Join(dir, "requests_minute", "day_003.csv")
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.MkdirAll(filepath.Join(dir, "function_delay_minute"), 0o755)
			os.WriteFile(p, []byte(data), 0o644)
			// Half the inputs also serve as their own delay file.
			d := delay
			if strings.Contains(data, "x") {
				d = []byte(data)
			}
			os.WriteFile(filepath.Join(dir, "function_delay_minute", "day_003.csv"), d, 0o644)
			return p
		})
	})
}

func FuzzCSV(f *testing.F) {
	seedFile(f, "testdata/sample.csv")
	f.Add("timestamp,function,duration_ms,memory_mb,app\n2024-01-01T00:00:00Z,f,1,128,a\n2024-01-01T00:00:00.5Z,g,2,,a\n")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzOpen(t, Spec{Format: FormatCSV, RateScale: 0.7}, func(dir string) string {
			p := filepath.Join(dir, "t.csv")
			os.WriteFile(p, []byte(data), 0o644)
			return p
		})
	})
}
