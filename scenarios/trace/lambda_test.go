package trace

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"faassim/internal/textfile"
	"faassim/models/workload"
	"faassim/sim"
)

// at is a fixture timestamp (2024-05-01, UTC) in ns since the epoch.
func at(t testing.TB, hms string) int64 {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, "2024-05-01T"+hms+"Z")
	if err != nil {
		t.Fatal(err)
	}
	return v.UnixNano()
}

func ms(v float64) sim.Time { return sim.Time(v * 1e6) }

func readAll(t testing.TB, opt LambdaOptions) ([]LambdaReport, LambdaStats, error) {
	t.Helper()
	var out []LambdaReport
	st, err := ReadLambdaReports(opt, func(r *LambdaReport) error {
		out = append(out, *r)
		return nil
	})
	return out, st, err
}

// Every fixture in testdata/lambda is one of the four forms (the plain
// form with both prefixes and bare). The expected records are the
// fixture's lines read by hand: durations as logged, End the line's
// timestamp, memory in MB (Insights' bytes: 512000000 is 512 MB, and
// 536870912 the MiB multiple 512).
func TestReadLambdaReportsForms(t *testing.T) {
	const dir = "testdata/lambda/"
	id := func(p string, n int) string { return p + "-aaaa-4bbb-8ccc-00000000000" + string(rune('0'+n)) }
	tests := []struct {
		file      string
		form      string
		want      []LambdaReport
		malformed []string
		lines     int
	}{
		{file: "orders.log", form: FormTail, lines: 12, want: []LambdaReport{
			{Line: 5, RequestID: id("11111111", 1), End: at(t, "12:00:00.6"), Duration: ms(245.12), Billed: ms(246), MemorySizeMB: 512, MaxMemoryUsedMB: 88, Init: ms(312.40), Cold: true},
			{Line: 7, RequestID: id("11111111", 2), End: at(t, "12:00:02"), Duration: ms(3.07), Billed: ms(100), MemorySizeMB: 512, MaxMemoryUsedMB: 89},
			{Line: 8, RequestID: id("11111111", 4), End: at(t, "12:00:05"), Duration: ms(150), Billed: ms(150), MemorySizeMB: 512, MaxMemoryUsedMB: 90},
			{Line: 9, RequestID: id("11111111", 3), End: at(t, "12:00:07"), Duration: ms(4000), Billed: ms(4000), MemorySizeMB: 512, MaxMemoryUsedMB: 90},
			{Line: 10, RequestID: id("11111111", 5), End: at(t, "12:00:20"), Duration: ms(6000), Billed: ms(6000), MemorySizeMB: 512, MaxMemoryUsedMB: 120, Status: "timeout"},
			{Line: 12, RequestID: id("11111111", 7), End: at(t, "12:00:30"), Duration: ms(12.5), Billed: ms(13), MemorySizeMB: 1024, MaxMemoryUsedMB: 95},
		}, malformed: []string{dir + `orders.log:11: Duration: "1O2.5" is not a number of ms`}},
		{file: "ledger.log", form: FormSAMLogs, lines: 8, want: []LambdaReport{
			{Line: 5, RequestID: id("22222222", 1), End: at(t, "12:00:01.9"), Duration: ms(380.5), Billed: ms(712), MemorySizeMB: 2048, MaxMemoryUsedMB: 210, Restore: ms(452.3), BilledRestore: ms(331), Cold: true},
			{Line: 6, RequestID: id("22222222", 2), End: at(t, "12:00:03"), Duration: ms(20.25), Billed: ms(21), MemorySizeMB: 2048, MaxMemoryUsedMB: 211},
			{Line: 8, RequestID: id("22222222", 4), End: at(t, "12:00:05"), Duration: ms(50), Billed: ms(50), MemorySizeMB: 2048, MaxMemoryUsedMB: 212, Status: "error"},
		}, malformed: []string{dir + `ledger.log:7: Max Memory Used: "MB": want a whole number of MB`}},
		{file: "bare.log", form: FormPlain, lines: 6, want: []LambdaReport{
			{Line: 3, RequestID: id("33333333", 1), Duration: ms(15.74), Billed: ms(16), MemorySizeMB: 128, MaxMemoryUsedMB: 56, Init: ms(130.49), Cold: true},
			{Line: 5, RequestID: id("33333333", 2), Duration: ms(2.75), Billed: ms(3), MemorySizeMB: 128, MaxMemoryUsedMB: 56},
		}, malformed: []string{dir + "bare.log:6: Duration: missing"}},
		{file: "checkout.json", form: FormFilterLogEvents, lines: 69, want: []LambdaReport{
			{Line: 10, RequestID: id("44444444", 1), End: at(t, "12:00:01"), Duration: ms(512), Billed: ms(513), MemorySizeMB: 1024, MaxMemoryUsedMB: 150, Init: ms(287.66), Cold: true},
			{Line: 23, RequestID: id("44444444", 2), End: at(t, "12:00:05"), Duration: ms(40.1), Billed: ms(41), MemorySizeMB: 1024, MaxMemoryUsedMB: 151},
			{Line: 48, RequestID: id("44444444", 3), End: at(t, "12:00:09"), Duration: ms(61), Billed: ms(61), MemorySizeMB: 1024, MaxMemoryUsedMB: 152},
		}, malformed: []string{dir + "checkout.json:17: message: missing", dir + `checkout.json:55: Billed Duration: "seven" is not a number of ms`}},
		{file: "insights.csv", form: FormInsightsCSV, lines: 8, want: []LambdaReport{
			{Line: 2, Function: "payments", RequestID: id("55555555", 1), End: at(t, "12:00:00.6"), Duration: ms(245.12), Billed: ms(246), MemorySizeMB: 512, MaxMemoryUsedMB: 88, Init: ms(312.4), Cold: true},
			{Line: 3, Function: "payments", RequestID: id("55555555", 2), End: at(t, "12:00:02"), Duration: ms(3.07), Billed: ms(4), MemorySizeMB: 512, MaxMemoryUsedMB: 89},
			{Line: 5, Function: "refunds", RequestID: id("55555555", 4), End: at(t, "12:00:05"), Duration: ms(150), Billed: ms(150), MemorySizeMB: 512, MaxMemoryUsedMB: 90},
			{Line: 6, Function: "payments", RequestID: id("55555555", 5), End: at(t, "12:00:15"), Duration: ms(9000), Billed: ms(9000), MemorySizeMB: 512, MaxMemoryUsedMB: 97, Status: "timeout"},
			{Line: 8, Function: "payments", RequestID: id("55555555", 6), End: at(t, "12:00:16"), Duration: ms(11.5), Billed: ms(12), MemorySizeMB: 512, MaxMemoryUsedMB: 98},
		}, malformed: []string{dir + `insights.csv:4: @duration: "abc" is not a number`}},
		{file: "worker.json", form: FormTelemetry, lines: 8, want: []LambdaReport{
			{Line: 3, RequestID: id("66666666", 1), End: at(t, "12:00:00.9"), Duration: ms(401.5), Billed: ms(402), MemorySizeMB: 256, MaxMemoryUsedMB: 71, Init: ms(210.25), Cold: true},
			{Line: 5, RequestID: id("66666666", 2), End: at(t, "12:00:09.9"), Duration: ms(3000), Billed: ms(3000), MemorySizeMB: 256, MaxMemoryUsedMB: 72, Status: "timeout"},
			{Line: 7, RequestID: id("66666666", 4), End: at(t, "12:00:11"), Duration: ms(12), Billed: ms(13), MemorySizeMB: 256, MaxMemoryUsedMB: 73, Restore: ms(300.5), BilledRestore: ms(120), Cold: true, Status: "error"},
		}, malformed: []string{dir + "worker.json:6: metrics.durationMs: missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, st, err := readAll(t, LambdaOptions{Paths: []string{dir + tt.file}})
			if err != nil {
				t.Fatal(err)
			}
			fn := strings.TrimSuffix(tt.file, filepath.Ext(tt.file))
			for i := range tt.want {
				w := &tt.want[i]
				w.File, w.Form, w.HasTime = dir+tt.file, tt.form, w.End != 0
				if w.Function == "" {
					w.Function = fn
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records:\n got %+v\nwant %+v", got, tt.want)
			}
			bare := 0
			if tt.form == FormPlain {
				bare = len(tt.want)
			}
			want := LambdaStats{Lines: tt.lines, Reports: len(tt.want), Bare: bare, Malformed: len(tt.malformed),
				MalformedAt: tt.malformed, Forms: map[string]int{tt.form: 1}}
			if !reflect.DeepEqual(st, want) {
				t.Errorf("stats:\n got %+v\nwant %+v", st, want)
			}
		})
	}
}

// A record's arrival is its end less duration, INIT and restore: the
// SnapStart line of ledger.log ended at 12:00:01.900 after a 452.30 ms
// restore and 380.50 ms of handler, so it arrived at 12:00:01.0672.
func TestLambdaArrival(t *testing.T) {
	got, _, err := readAll(t, LambdaOptions{Paths: []string{"testdata/lambda/ledger.log"}})
	if err != nil {
		t.Fatal(err)
	}
	if a, want := got[0].Arrival(), at(t, "12:00:01.0672"); a != want {
		t.Errorf("arrival %d, want %d", a, want)
	}
}

// Lines the reader must skip or flag, one by one; the numbers are read by
// hand from each line.
func TestParsePlainLine(t *testing.T) {
	tests := []struct {
		line      string
		ok        bool
		form      string
		bad       string // the field error, if any
		dur, init sim.Time
	}{
		{line: "START RequestId: x Version: $LATEST"},
		{line: "END RequestId: x"},
		{line: "XRAY TraceId: 1-x SegmentId: y Sampled: true"},
		{line: "2024-05-01T12:00:00Z stream [INFO] REPORT RequestId: quoted by the app"},
		{line: "REPORTING RequestId: x"},
		{line: "REPORT RequestId: a\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB", ok: true, form: FormPlain, dur: ms(1.5)},
		{line: "REPORT RequestId: a Duration: 1.5 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 20 MB Init Duration: 9 ms", ok: true, form: FormPlain, dur: ms(1.5), init: ms(9)},
		{line: "REPORT RequestId: a\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tFuture Thing: 3 ms\tInit Duration: 4 ms", ok: true, form: FormPlain, dur: ms(1.5), init: ms(4)},
		{line: "2024-05-01T12:00:00.5Z REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB", ok: true, form: FormTail, dur: ms(1)},
		{line: "yesterday stream REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB", ok: true, form: FormSAMLogs, bad: `timestamp: not a timestamp`},
		{line: "REPORT RequestId: a\tDuration: -1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB", ok: true, form: FormPlain, bad: `Duration: "-1" is not a number of ms`},
		{line: "REPORT RequestId: a\tDuration: 1 s\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB", ok: true, form: FormPlain, bad: `Duration: "1 s": want a number of ms`},
		{line: "REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used:", ok: true, form: FormPlain, bad: "Max Memory Used: no value"},
		{line: "REPORT RequestId: a\tDuration: 1 ms\tBilled Duration: 1 ms\tMax Memory Used: 20 MB", ok: true, form: FormPlain, bad: "Memory Size: missing"},
		// Lambda's JSON log format: the report is a platform.report event,
		// bare or behind aws logs tail's prefix; other events are skipped.
		{line: `2024-05-01T12:00:00.5Z 2024/05/01/[$LATEST]abc {"time":"2024-05-01T12:00:00.400Z","type":"platform.report","record":{"requestId":"a","metrics":{"durationMs":1.5,"billedDurationMs":2,"memorySizeMB":128,"maxMemoryUsedMB":20,"initDurationMs":9},"status":"success"}}`,
			ok: true, form: FormTail, dur: ms(1.5), init: ms(9)},
		{line: `{"time":"2024-05-01T12:00:00.400Z","type":"platform.report","record":{"requestId":"a","metrics":{"durationMs":3,"billedDurationMs":3,"memorySizeMB":128,"maxMemoryUsedMB":20}}}`,
			ok: true, form: FormPlain, dur: ms(3)},
		{line: `2024-05-01T12:00:00.5Z stream {"time":"2024-05-01T12:00:00.400Z","type":"platform.start","record":{"requestId":"a"}}`},
		{line: `2024-05-01T12:00:00.5Z stream {"level":"INFO","message":"saw \"platform.report\""}`},
		{line: `2024-05-01T12:00:00.5Z stream {"time":"2024-05-01T12:00:00Z","type":"platform.report","record":{"requestId":"a","metrics":{"durationMs":1}}}`,
			ok: true, form: FormPlain, bad: "metrics.billedDurationMs: missing"},
	}
	for _, tt := range tests {
		var r LambdaReport
		form, ok, ferr := parsePlainLine([]byte(tt.line), &r)
		if ok != tt.ok || form != tt.form {
			t.Errorf("%q: ok %v form %q, want %v %q", tt.line, ok, form, tt.ok, tt.form)
			continue
		}
		switch {
		case tt.bad != "" && (ferr == nil || ferr.Error() != tt.bad):
			t.Errorf("%q: error %v, want %s", tt.line, ferr, tt.bad)
		case tt.bad == "" && ferr != nil:
			t.Errorf("%q: %v", tt.line, ferr)
		case tt.bad == "" && tt.ok && (r.Duration != tt.dur || r.Init != tt.init):
			t.Errorf("%q: duration %v init %v, want %v %v", tt.line, r.Duration, r.Init, tt.dur, tt.init)
		}
	}
}

// Telemetry events one a line (NDJSON) read as the array does; the
// function comes from LambdaOptions.Function over the file's name.
func TestLambdaTelemetryLinesAndFunctionOverride(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "ext.ndjson",
		`{"time":"2024-05-01T12:00:01Z","type":"platform.start","record":{"requestId":"r1"}}`+"\n"+
			`{"time":"2024-05-01T12:00:02Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":5,"billedDurationMs":5,"memorySizeMB":128,"maxMemoryUsedMB":40},"status":"failure"}}`+"\n")
	got, st, err := readAll(t, LambdaOptions{Paths: []string{p}, Function: "resize"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Function != "resize" || got[0].Line != 2 || got[0].Status != "failure" || got[0].End != at(t, "12:00:02") {
		t.Fatalf("got %+v", got)
	}
	if st.Forms[FormTelemetry] != 1 {
		t.Errorf("forms %v", st.Forms)
	}
}

// A glob reads its matches in name order, each named after its file.
func TestLambdaGlob(t *testing.T) {
	got, st, err := readAll(t, LambdaOptions{Paths: []string{"testdata/lambda/*.log"}})
	if err != nil {
		t.Fatal(err)
	}
	fns := map[string]int{}
	for _, r := range got {
		fns[r.Function]++
	}
	// bare.log 2, ledger.log 3, orders.log 6 records.
	if want := map[string]int{"bare": 2, "ledger": 3, "orders": 6}; !reflect.DeepEqual(fns, want) {
		t.Errorf("functions %v, want %v", fns, want)
	}
	if got[0].Function != "bare" || st.Malformed != 3 {
		t.Errorf("first %s, malformed %d", got[0].Function, st.Malformed)
	}
	if _, _, err := readAll(t, LambdaOptions{Paths: []string{"testdata/lambda/*.nothing"}}); err == nil || !strings.Contains(err.Error(), "matches no file") {
		t.Errorf("empty glob: %v", err)
	}
}

// Paths that name no log are the input's fault (the CLI exits 2 on
// IsBadInput), each said with what to give instead; a directory is not
// read as a file of one bad line.
func TestLambdaBadPaths(t *testing.T) {
	tests := []struct{ name, path, want string }{
		{"empty glob", "testdata/lambda/*.nothing", "matches no file"},
		{"directory", "testdata/lambda", "is a directory: give its log files, e.g. '" + filepath.Join("testdata/lambda", "*.log") + "'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readAll(t, LambdaOptions{Paths: []string{tc.path}})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !IsBadInput(err) {
				t.Errorf("got %v (bad input %v), want %q and bad input", err, err != nil && IsBadInput(err), tc.want)
			}
		})
	}
}

// Bad input that ends a read: a line over the cap (every form), a JSON
// document that does not parse, and more functions than the bound.
func TestLambdaFatal(t *testing.T) {
	long := strings.Repeat("x", MaxLineBytes+10)
	tests := []struct {
		name, content string
		max           int
		want          string
	}{
		{"long.log", "REPORT " + long + "\n", 0, "line longer than"},
		{"long.json", `{"events":[{"message":"` + long + `"}]}`, 0, "line longer than"},
		{"long.csv", "@timestamp,@duration\n" + long + "\n", 0, "line longer than"},
		{"broken.json", "{\"events\": [\n{\"message\": 3,,}\n", 0, "broken.json:2: json:"},
		{"two.csv", "@timestamp,@duration,@log\n2024-05-01 12:00:00,1,1:/aws/lambda/a\n2024-05-01 12:00:01,1,1:/aws/lambda/b\n", 1, "two.csv:3: function: more than 1 distinct functions"},
	}
	for _, tt := range tests {
		p := writeFile(t, t.TempDir(), tt.name, tt.content)
		_, _, err := readAll(t, LambdaOptions{Paths: []string{p}, MaxFunctions: tt.max})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
		if strings.Contains(tt.want, "longer") && !errors.As(err, new(*textfile.LineError)) {
			t.Errorf("%s: %T is not a LineError", tt.name, err)
		}
	}
}

// Replay: the invocations of orders.log come out in arrival order (the
// 4000 ms one that ended at 12:00:07 arrived at 12:00:03, before the one
// that ended at 12:00:05 after 150 ms), time 0 at the first arrival
// (12:00:00.04248, the cold start's end less 245.12 + 312.40 ms), with
// the logged durations and Max Memory Used; the function runs at its
// latest Memory Size, with a warning, and the malformed line is warned.
func TestOpenLambdaReplayOrder(t *testing.T) {
	tr, err := Open(Spec{Format: FormatLambdaReport, Path: "testdata/lambda/orders.log"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	first := at(t, "12:00:00.04248")
	want := []workload.Invocation{
		{Arrival: 0, Duration: ms(245.12), MemoryMB: 88},
		{Arrival: sim.Time(at(t, "12:00:01.99693") - first), Duration: ms(3.07), MemoryMB: 89},
		{Arrival: sim.Time(at(t, "12:00:03") - first), Duration: ms(4000), MemoryMB: 90},
		{Arrival: sim.Time(at(t, "12:00:04.85") - first), Duration: ms(150), MemoryMB: 90},
		{Arrival: sim.Time(at(t, "12:00:14") - first), Duration: ms(6000), MemoryMB: 120},
		{Arrival: sim.Time(at(t, "12:00:29.9875") - first), Duration: ms(12.5), MemoryMB: 95},
	}
	if got := drain(t, tr); !reflect.DeepEqual(got, want) {
		t.Errorf("invocations:\n got %+v\nwant %+v", got, want)
	}
	if len(tr.Functions) != 1 || tr.Functions[0].Name != "orders" || tr.Functions[0].MemoryMB != 1024 {
		t.Errorf("functions %+v", tr.Functions)
	}
	w := strings.Join(tr.Warnings, "\n")
	for _, s := range []string{"1 malformed line skipped (testdata/lambda/orders.log:11: Duration:", "512 MB and 1024 MB", "latest, 1024 MB"} {
		if !strings.Contains(w, s) {
			t.Errorf("warnings %q lack %q", w, s)
		}
	}
}

// Several files, one per function, covering the same seconds, replay
// merged in arrival order; --function names them all.
func TestOpenLambdaSeveralFiles(t *testing.T) {
	tr, err := Open(Spec{Format: FormatLambdaReport, Paths: []string{"testdata/lambda/orders.log", "testdata/lambda/checkout.json", "testdata/lambda/worker.json"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, tr)
	checkSorted(t, got)
	if len(got) != 6+3+3 {
		t.Errorf("%d invocations, want 12", len(got))
	}
	var names []string
	for _, f := range tr.Functions {
		names = append(names, f.Name)
	}
	if len(names) != 3 {
		t.Errorf("functions %v", names)
	}
	tr, err = Open(Spec{Format: FormatLambdaReport, Paths: []string{"testdata/lambda/orders.log", "testdata/lambda/worker.json"}, Function: "api"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Functions) != 1 || tr.Functions[0].Name != "api" {
		t.Errorf("--function: %+v", tr.Functions)
	}
}

// Bare lines cannot be replayed, and the refusal says why and what to do.
func TestOpenLambdaRefusesBare(t *testing.T) {
	_, err := Open(Spec{Format: FormatLambdaReport, Path: "testdata/lambda/bare.log"}, 1)
	if err == nil || !IsBadInput(err) {
		t.Fatalf("err %v", err)
	}
	for _, s := range []string{"bare.log:3: timestamp:", "bare REPORT line", "cannot be replayed", "aws logs tail"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%q lacks %q", err, s)
		}
	}
}

// Logs Insights' default order is newest first: the replay refuses it and
// says how to export in time order.
func TestOpenLambdaRefusesDescending(t *testing.T) {
	p := writeFile(t, t.TempDir(), "desc.csv", "@timestamp,@duration,@billedDuration,@memorySize,@maxMemoryUsed\n"+
		"2024-05-01 12:00:16.000,11.5,12,512000000,98000000\n"+
		"2024-05-01 12:00:10.000,11.5,12,512000000,98000000\n"+
		"2024-05-01 11:00:00.000,11.5,12,512000000,98000000\n")
	_, err := Open(Spec{Format: FormatLambdaReport, Path: p}, 1)
	if err == nil || !strings.Contains(err.Error(), "desc.csv:4: timestamp: not sorted") || !strings.Contains(err.Error(), "sort @timestamp asc") {
		t.Errorf("err %v", err)
	}
}

// Detect recognises every form of Lambda logs by content.
func TestDetectLambda(t *testing.T) {
	for _, f := range []string{"orders.log", "ledger.log", "bare.log", "checkout.json", "insights.csv", "worker.json"} {
		s, err := Detect("testdata/lambda/" + f)
		if err != nil || s.Format != FormatLambdaReport || s.Path != "testdata/lambda/"+f {
			t.Errorf("%s: %+v, %v", f, s, err)
		}
	}
	if s, err := Detect("testdata/sample.csv"); err != nil || s.Format != FormatCSV {
		t.Errorf("sample.csv: %+v, %v", s, err)
	}
}

// TestLambdaJSONLogFormat: functions logging in Lambda's JSON format write
// their reports as platform.report events; they are read behind the
// `aws logs tail` prefix and inside filter-log-events messages alike,
// timed by the log event as REPORT lines are.
func TestLambdaJSONLogFormat(t *testing.T) {
	report := `{"time":"2024-05-01T12:00:00.400Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":12.5,"billedDurationMs":13,"memorySizeMB":256,"maxMemoryUsedMB":70},"status":"success"}}`
	start := `{"time":"2024-05-01T12:00:00.380Z","type":"platform.start","record":{"requestId":"r1","version":"$LATEST"}}`
	quoted, _ := json.Marshal(report)
	quotedStart, _ := json.Marshal(start)
	fsys := fstest.MapFS{
		"tail.log": {Data: []byte("2024-05-01T12:00:00.380000+00:00 2024/05/01/[$LATEST]ab " + start + "\n" +
			"2024-05-01T12:00:00.401000+00:00 2024/05/01/[$LATEST]ab " + report + "\n")},
		"events.json": {Data: []byte(`{"events":[{"logStreamName":"s","timestamp":1714564800380,"message":` + string(quotedStart) +
			`},{"logStreamName":"s","timestamp":1714564800401,"message":` + string(quoted) + `}]}`)},
	}
	for _, name := range []string{"tail.log", "events.json"} {
		var got []LambdaReport
		st, err := ReadLambdaReports(LambdaOptions{Paths: []string{name}, FS: fsys}, func(r *LambdaReport) error {
			got = append(got, *r)
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != 1 || st.Malformed != 0 {
			t.Fatalf("%s: %d reports, %d malformed, want 1 and 0", name, len(got), st.Malformed)
		}
		r := got[0]
		wantEnd := time.Date(2024, 5, 1, 12, 0, 0, 401_000_000, time.UTC).UnixNano()
		if r.RequestID != "r1" || r.Duration != ms(12.5) || r.Billed != ms(13) || r.MemorySizeMB != 256 || r.MaxMemoryUsedMB != 70 ||
			r.Cold || !r.HasTime || r.End != wantEnd {
			t.Errorf("%s: %+v, want r1 12.5 ms, 13 ms billed, 256/70 MB, warm, ending at the event's time", name, r)
		}
	}
}

// TestLambdaManyFilesHeap: a replay holds every file open at once (one
// per function), so each file's buffers must stay small: 500 files held
// open take tens of megabytes, not a mebibyte or more each.
func TestLambdaManyFilesHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates hundreds of megabytes when the bound is broken")
	}
	fsys := fstest.MapFS{}
	var paths []string
	for i := range 500 {
		name := fmt.Sprintf("f%03d.log", i)
		line := fmt.Sprintf("2024-05-01T12:00:%02d.000000+00:00 2024/05/01/[$LATEST]ab REPORT RequestId: r%d\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\t\n", i%60, i)
		fsys[name] = &fstest.MapFile{Data: []byte(line + line)}
		paths = append(paths, name)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tr, err := Open(Spec{Format: FormatLambdaReport, Paths: paths, FS: fsys}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var inv workload.Invocation
	tr.Source.Next(&inv) // every file open, its first row read
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	if held > 100e6 {
		t.Errorf("500 open files hold %.0f MB of heap; want under 100 MB (64 KiB of buffer each)", held/1e6)
	}
	t.Logf("500 open files: %.1f MB", held/1e6)
	drainAny(tr)
}
