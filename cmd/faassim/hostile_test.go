package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"faassim/scenarios/trace"
)

// hostile is one bad input given to the built command: files written into
// IN (a fresh directory), arguments where "IN" and "OUT" name the input
// directory and an empty output directory. Each case asserts the exit code,
// the first line of what the command printed on stderr (paths under IN
// shown as IN/...), that OUT is still empty and that IN holds only what
// the case wrote (no temporary file left beside an input).
type hostile struct {
	name  string
	files map[string]string
	args  []string
	code  int
	first string
}

func runHostile(t *testing.T, cases []hostile) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, out := t.TempDir(), t.TempDir()
			var wrote []string
			for name, content := range c.files {
				p := filepath.Join(in, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				wrote = append(wrote, strings.SplitN(name, "/", 2)[0])
			}
			args := make([]string, len(c.args))
			for i, a := range c.args {
				a = strings.ReplaceAll(a, "IN", in)
				args[i] = strings.ReplaceAll(a, "OUT", out)
			}
			stdout, stderr, code := call(args...)
			first, _, _ := strings.Cut(strings.ReplaceAll(stderr, in, "IN"), "\n")
			if code != c.code || first != c.first {
				t.Errorf("exit %d, first line\n  %s\nwant exit %d,\n  %s", code, first, c.code, c.first)
			}
			if c.code != 0 && stdout != "" {
				t.Errorf("stdout not empty: %.200q", stdout)
			}
			if left, _ := os.ReadDir(out); len(left) != 0 {
				t.Errorf("left in the output directory: %v", left)
			}
			entries, _ := os.ReadDir(in)
			for _, e := range entries {
				if !slices.Contains(wrote, e.Name()) {
					t.Errorf("left beside the inputs: %s", e.Name())
				}
			}
		})
	}
}

// azureDay is an Azure 2019 day (counts and durations) for the excerpt's
// minutes 540-541, with the given counts row.
func azureDay(header, counts string) map[string]string {
	return map[string]string{
		"day/invocations_per_function_md.anon.d01.csv": header + "\n" + counts + "\n",
		"day/function_durations_percentiles.anon.d01.csv": "HashOwner,HashApp,HashFunction,percentile_Average_0,percentile_Average_1," +
			"percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\no,a,f,1,1,1,1,1,1,1\n",
	}
}

// traceScenario replays the trace at path (relative to the scenario) on
// one Lambda.
func traceScenario(format, key, path, more string) string {
	return "name: t\nseed: 1\nhorizon: 1h\nworkload:\n  trace: {format: " + format + ", " + key + ": " + path + more + "}\n" +
		"platforms:\n  - {name: lambda, preset: aws-lambda-x86}\n"
}

// Item 3 of the issue: hostile trace files, through every command that
// reads them.
func TestHostileTraceFiles(t *testing.T) {
	long := "timestamp,function,duration_ms\n0,f,1\n" + strings.Repeat("x", trace.MaxLineBytes+1) + "\n"
	longMsg := "IN/t.csv:3: line longer than 16777216 bytes"
	empty := "timestamp,function,duration_ms\n"
	emptyMsg := "trace: IN/t.csv: no rows after the header: the workload would be empty"
	csvScenario := traceScenario("csv", "path", "t.csv", "")
	azHead := "HashOwner,HashApp,HashFunction,Trigger,540,541"
	inv := "IN/day/invocations_per_function_md.anon.d01.csv"
	huge := azureDay(azHead, "o,a,f,http,2000000000,0")
	dup := azureDay("HashOwner,HashApp,HashFunction,Trigger,540,540", "o,a,f,http,1,2")
	// Within the cap in the file, over it once the scenario scales the rate.
	busy := azureDay(azHead, "o,a,f,http,"+strconv.Itoa(trace.MaxPerMinute/2)+",0")
	with := func(m map[string]string, name, content string) map[string]string {
		out := map[string]string{name: content}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	runHostile(t, []hostile{
		{"inspect: a line over the cap", map[string]string{"t.csv": long},
			[]string{"trace", "inspect", "IN/t.csv"}, 2, "faassim: " + longMsg},
		{"convert: a line over the cap", map[string]string{"t.csv": long},
			[]string{"trace", "convert", "IN/t.csv", "-o", "OUT/out.csv"}, 2, "faassim: " + longMsg},
		{"inspect: a header over the cap, no newline", map[string]string{"t.csv": strings.Repeat(",", trace.MaxLineBytes+1)},
			[]string{"trace", "inspect", "IN/t.csv"}, 2, "faassim: IN/t.csv:1: line longer than 16777216 bytes"},
		{"run: a trace line over the cap", map[string]string{"t.csv": long, "s.yaml": csvScenario},
			[]string{"run", "IN/s.yaml", "-o", "OUT/r.json"}, 2, "faassim: IN/s.yaml:5: workload.trace: " + longMsg},
		{"inspect: header and no rows", map[string]string{"t.csv": empty},
			[]string{"trace", "inspect", "IN/t.csv"}, 2, "faassim: " + emptyMsg},
		{"convert: header and no rows", map[string]string{"t.csv": empty},
			[]string{"trace", "convert", "IN/t.csv", "-o", "OUT/out.csv"}, 2, "faassim: " + emptyMsg},
		{"run: header and no rows", map[string]string{"t.csv": empty, "s.yaml": csvScenario},
			[]string{"run", "IN/s.yaml", "-o", "OUT/r.json"}, 2, "faassim: IN/s.yaml:5: workload.trace: " + strings.TrimPrefix(emptyMsg, "trace: ")},
		{"run: a window with no invocation", map[string]string{"t.csv": "timestamp,function,duration_ms\n0,f,1\n5,f,1\n",
			"s.yaml": traceScenario("csv", "path", "t.csv", ", from: 1h")},
			[]string{"run", "IN/s.yaml", "-o", "OUT/r.json"}, 2,
			"faassim: IN/s.yaml:5: workload.trace: IN/t.csv: no invocations in the window from 1h0m0s to the end: the workload would be empty"},
		{"inspect: azure2019 minute column twice", dup,
			[]string{"trace", "inspect", "IN/day"}, 2, "faassim: " + inv + `:1: header: minute column "540" appears twice (columns 5 and 6)`},
		{"inspect: a count of 2e9 in a minute", huge,
			[]string{"trace", "inspect", "IN/day"}, 2, "faassim: " + inv + ":2: 540: count 2000000000 is over the cap of 16777216 invocations a minute"},
		{"run: a count of 2e9 in a minute", with(huge, "s.yaml", traceScenario("azure2019", "dir", "day", ", day: 1")),
			[]string{"run", "IN/s.yaml", "-o", "OUT/r.json"}, 2,
			"faassim: IN/s.yaml:5: workload.trace: " + inv + ":2: 540: count 2000000000 is over the cap of 16777216 invocations a minute"},
		{"run: a minute over the cap once scaled", with(busy, "s.yaml", traceScenario("azure2019", "dir", "day", ", day: 1, rate_scale: 3")),
			[]string{"run", "IN/s.yaml", "-o", "OUT/r.json"}, 2,
			"faassim: trace: minute at 8h59m0s has 25165824 invocations once scaled by 3, more than the 16777216 a replay holds at once"},
	})
}

// Item 4 of the "also fix" for report: a results file is checked
// before it is rendered; price sheets are bounded before they are parsed.
func TestHostileReportAndSheets(t *testing.T) {
	saved := filepath.Join(t.TempDir(), "r.json")
	if _, stderr, code := call("run", writeScenario(t, tiny), "--format", "json", "-o", saved); code != 0 {
		t.Fatalf("run: %s", stderr)
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	good := string(data)
	// edit sets fields of the first platform (nil deletes one), keeping
	// the rest of the file as run wrote it.
	edit := func(fields map[string]any) string {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		p := doc["platforms"].([]any)[0].(map[string]any)
		for k, v := range fields {
			if v == nil {
				delete(p, k)
			} else {
				p[k] = v
			}
		}
		out, _ := json.MarshalIndent(doc, "", "  ")
		return string(out)
	}
	raw := func(key, value string) string { // a number json.Marshal would not write
		i := strings.Index(good, `"`+key+`": `) + len(key) + 4
		return good[:i] + value + good[i+strings.IndexAny(good[i:], ",\n}"):]
	}
	const plat = `platforms.0 (platform "lambda")`
	sweep := `{"schema": "faassim/sweep/v1", "params": ["p"], "points": [{"values": ["1"], "numeric": [1],
	  "results": {"schema": "faassim/results/v1", "platforms": [{"name": "l", "requests": 3, "completed": 1, "rejected": 0, "timed_out": 0, "in_flight": 1}]}}]}`
	breakeven := `{"schema": "faassim/breakeven/v1", "a": "x", "b": "y", "points": [{"scale": 1, "rate_per_s": 1,
	  "a": {"name": "x", "requests": 1, "completed": 1, "rejected": 0, "timed_out": 0, "in_flight": 0},
	  "b": {"name": "y", "requests": 1, "completed": 1, "rejected": -1, "timed_out": 0, "in_flight": 1}}]}`
	sheetLine := strings.Replace(goodSheet, "AWS Lambda (negotiated)", strings.Repeat("x", 64<<10), 1)
	runHostile(t, []hostile{
		{"negative count", map[string]string{"r.json": edit(map[string]any{"rejected": -5})},
			[]string{"report", "IN/r.json", "-o", "OUT/r.txt"}, 2, "faassim: IN/r.json: " + plat + ": rejected -5: want a whole number >= 0"},
		{"negative count in a partial record", map[string]string{"p.json": `{"schema": "faassim/results/v1", "platforms": [{"name": "x", "requests": -5}]}`},
			[]string{"report", "IN/p.json", "-o", "OUT/p.txt"}, 2, `faassim: IN/p.json: platforms.0 (platform "x"): requests -5: want a whole number >= 0`},
		{"fractional count", map[string]string{"r.json": edit(map[string]any{"cold_starts": 2.5})},
			[]string{"report", "IN/r.json", "-o", "OUT/r.txt"}, 2, "faassim: IN/r.json: " + plat + ": cold_starts 2.5: want a whole number >= 0"},
		{"requests not conserved", map[string]string{"r.json": edit(map[string]any{"requests": 10, "completed": 7, "rejected": 1, "timed_out": 0, "in_flight": 1})},
			[]string{"report", "IN/r.json", "-o", "OUT/r.txt"}, 2, "faassim: IN/r.json: " + plat + ": requests 10 is not completed + rejected + timed_out + in_flight = 7 + 1 + 0 + 1 = 9"},
		{"older file without in_flight", map[string]string{"r.json": edit(map[string]any{"requests": 10, "completed": 7, "rejected": 1, "timed_out": 0, "in_flight": nil})},
			[]string{"report", "IN/r.json"}, 0, ""},
		{"older file without in_flight, fewer requests than fates", map[string]string{"r.json": edit(map[string]any{"requests": 7, "completed": 7, "rejected": 1, "timed_out": 0, "in_flight": nil})},
			[]string{"report", "IN/r.json", "-o", "OUT/r.txt"}, 2, "faassim: IN/r.json: " + plat + ": requests 7 is less than completed + rejected + timed_out, 8"},
		{"a number out of range", map[string]string{"r.json": raw("p99", "1e999")},
			[]string{"report", "IN/r.json", "-o", "OUT/r.txt"}, 2, "faassim: IN/r.json: platforms.0.latency_ms.p99: 1e999 is not a finite number"},
		{"sweep point", map[string]string{"s.json": sweep},
			[]string{"report", "IN/s.json", "-o", "OUT/s.txt"}, 2,
			`faassim: IN/s.json: points.0.results.platforms.0 (platform "l"): requests 3 is not completed + rejected + timed_out + in_flight = 1 + 0 + 0 + 1 = 2`},
		{"break-even point", map[string]string{"b.json": breakeven},
			[]string{"report", "IN/b.json", "-o", "OUT/b.txt"}, 2, `faassim: IN/b.json: points.0.b (platform "y"): rejected -1: want a whole number >= 0`},
		{"results file over the cap --max-memory sets", map[string]string{"r.json": good + strings.Repeat(" ", 100_000-len(good)+1)},
			[]string{"report", "IN/r.json", "--max-memory", "1MB", "-o", "OUT/r.txt"}, 2,
			"faassim: IN/r.json: 100,001 bytes is more than the 100,000 bytes a results file may be (reading it needs up to 10 bytes of memory a byte): raise --max-memory (now 1MB) to read it"},
		{"results file at the cap --max-memory sets", map[string]string{"r.json": good + strings.Repeat(" ", 100_000-len(good))},
			[]string{"report", "IN/r.json", "--max-memory", "1MB"}, 0, ""},
		{"results file one line over no cap but its size", map[string]string{"r.json": strings.ReplaceAll(good, "\n", "")},
			[]string{"report", "IN/r.json"}, 0, ""},
		{"price sheet line over the cap", map[string]string{"p.yaml": sheetLine},
			[]string{"prices", "--prices", "IN/p.yaml"}, 2, "faassim: IN/p.yaml:3: line longer than 65536 bytes"},
		{"price sheet one byte over the cap", map[string]string{"p.yaml": goodSheet + strings.Repeat("#\n", (1_000_001-len(goodSheet))/2) + strings.Repeat("#", (1_000_001-len(goodSheet))%2), "s.yaml": tiny},
			[]string{"run", "IN/s.yaml", "--prices", "IN/p.yaml", "-o", "OUT/r.json"}, 2,
			"faassim: IN/p.yaml: 1,000,001 bytes is more than the 1,000,000 bytes a price sheet may be (reading it needs up to 1000 bytes of memory a byte): a price sheet is a few KB; split the sheets into several files (--prices is repeatable)"},
	})
}
