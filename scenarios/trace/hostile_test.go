package trace

import (
	"errors"
	"io"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"

	"faassim/internal/textfile"
)

// Hostile files: each is generated here, at the cap plus one byte (or one
// count, or one column), never at the size that hurt. Every case asserts
// the first line of the error, which names the file and the line.
func TestHostileFiles(t *testing.T) {
	over := strings.Repeat("x", MaxLineBytes+1) // one byte over the line cap
	at := strings.Repeat("x", MaxLineBytes)     // exactly at it: accepted as a line
	azHead := "HashOwner,HashApp,HashFunction,Trigger,1,2\n"
	durHead := "HashOwner,HashApp,HashFunction," + strings.Join(azPctColumns, ",") + "\n"
	durRow := "o,a,f,1,1,1,1,1,1,1\n"
	memHead := "HashOwner,HashApp,SampleCount,AverageAllocatedMb\n"
	cap := strconv.Itoa(MaxPerMinute)
	tooMany := strconv.Itoa(MaxPerMinute + 1)
	half := strconv.Itoa(MaxPerMinute/2 + 1)
	type file struct{ name, content string }
	az := func(inv string, more ...file) []file {
		return append([]file{{"invocations_per_function_md.anon.d01.csv", inv},
			{"function_durations_percentiles.anon.d01.csv", durHead + durRow}}, more...)
	}
	hw := func(req string, more ...file) []file {
		return append([]file{{"requests_minute/day_001.csv", req}}, more...)
	}
	cases := []struct {
		name   string
		format string // "" : Detect the first file
		files  []file
		want   string // the error after "DIR/"; "" when it must open
	}{
		// A line one byte over MaxLineBytes, in every reader.
		{"azure2019 counts line over the cap", FormatAzure2019, az(azHead + over + "\n"),
			"invocations_per_function_md.anon.d01.csv:2: line longer than 16777216 bytes"},
		{"azure2019 header over the cap, no newline", FormatAzure2019, az(over),
			"invocations_per_function_md.anon.d01.csv:1: line longer than 16777216 bytes"},
		{"azure2019 durations line over the cap", FormatAzure2019,
			[]file{{"invocations_per_function_md.anon.d01.csv", azHead + "o,a,f,http,1,2\n"},
				{"function_durations_percentiles.anon.d01.csv", durHead + over}},
			"function_durations_percentiles.anon.d01.csv:2: line longer than 16777216 bytes"},
		{"azure2019 memory line over the cap", FormatAzure2019,
			az(azHead+"o,a,f,http,1,2\n", file{"app_memory_percentiles.anon.d01.csv", memHead + "o,a,1,128\n" + over + "\n"}),
			"app_memory_percentiles.anon.d01.csv:3: line longer than 16777216 bytes"},
		{"azure2021 line over the cap", FormatAzure2021,
			[]file{{"t.csv", "app,func,end_timestamp,duration\na,f,1,0.5\n" + over + "\n"}},
			"t.csv:3: line longer than 16777216 bytes"},
		{"csv line over the cap", FormatCSV, []file{{"t.csv", "timestamp,function,duration_ms\n" + over}},
			"t.csv:2: line longer than 16777216 bytes"},
		{"csv line over the cap after a CR", FormatCSV, []file{{"t.csv", "timestamp,function,duration_ms\r\n" + over + "\r\n"}},
			"t.csv:2: line longer than 16777216 bytes"},
		{"huawei requests line over the cap", FormatHuawei, hw("day,time,f\n" + over + "\n"),
			"requests_minute/day_001.csv:2: line longer than 16777216 bytes"},
		{"huawei delay line over the cap", FormatHuawei,
			hw("day,time,f\n1,86400,3\n", file{"function_delay_minute/day_001.csv", "day,time,f\n" + over + "\n"}),
			"function_delay_minute/day_001.csv:2: line longer than 16777216 bytes"},
		{"detect: header over the cap", "", []file{{"t.csv", over}}, "t.csv:1: line longer than 16777216 bytes"},
		// At the cap the line is read (and then judged as a row).
		{"csv line at the cap is a row", FormatCSV, []file{{"t.csv", "timestamp,function,duration_ms\n" + at + "\n"}},
			"t.csv:2: columns: 1 columns, want at least 3"},
		{"csv line at the cap with CRLF is a row", FormatCSV, []file{{"t.csv", "timestamp,function,duration_ms\r\n" + at + "\r\n"}},
			"t.csv:2: columns: 1 columns, want at least 3"},
		{"columns at the cap are a row", FormatCSV, []file{{"t.csv", "timestamp,function,duration_ms\n" + strings.Repeat(",", MaxColumns-1) + "\n"}},
			`t.csv:2: timestamp: "" is neither seconds nor RFC 3339`},
		{"columns over the cap", FormatCSV, []file{{"t.csv", "timestamp,function,duration_ms\n" + strings.Repeat(",", MaxColumns) + "\n"}},
			"t.csv:2: columns: more than 1048576 columns"},

		// A header and no rows: an empty workload, refused.
		{"csv header only", FormatCSV, []file{{"t.csv", "timestamp,function,duration_ms\n"}},
			"t.csv: no rows after the header: the workload would be empty"},
		{"azure2021 header only", FormatAzure2021, []file{{"t.csv", "app,func,end_timestamp,duration\n\n\n"}},
			"t.csv: no rows after the header: the workload would be empty"},
		{"azure2019 header only", FormatAzure2019, az(azHead),
			"invocations_per_function_md.anon.d01.csv: no rows after the header: the workload would be empty"},
		{"huawei header only", FormatHuawei, hw("day,time,f\n"),
			"requests_minute/day_001.csv: no rows after the header: the workload would be empty"},
		{"azure2019 all zero", FormatAzure2019, az(azHead + "o,a,f,http,0,0\n"),
			"invocations_per_function_md.anon.d01.csv: no invocations: the workload would be empty"},
		{"huawei all idle", FormatHuawei, hw("day,time,f\n1,86400,NaN\n"),
			"requests_minute/day_001.csv: no invocations: the workload would be empty"},

		// Azure 2019: a minute column twice.
		{"azure2019 duplicated minute column", FormatAzure2019,
			az("HashOwner,HashApp,HashFunction,Trigger,540,540,541\no,a,f,http,1,2,3\n"),
			`invocations_per_function_md.anon.d01.csv:1: header: minute column "540" appears twice (columns 5 and 6)`},
		{"azure2019 minute columns out of order", FormatAzure2019,
			az("HashOwner,HashApp,HashFunction,Trigger,541,540\no,a,f,http,1,2\n"),
			`invocations_per_function_md.anon.d01.csv:1: header: minute column "540" comes after 541: want increasing minutes 1-1440`},

		// Counts: one over the per-minute cap, in a cell and summed.
		{"azure2019 count at the cap", FormatAzure2019, az(azHead + "o,a,f,http," + cap + ",0\n"), ""},
		{"azure2019 count over the cap", FormatAzure2019, az(azHead + "o,a,f,http," + tooMany + ",0\n"),
			"invocations_per_function_md.anon.d01.csv:2: 1: count 16777217 is over the cap of 16777216 invocations a minute"},
		{"azure2019 count of 2e9", FormatAzure2019, az(azHead + "o,a,f,http,2000000000,0\n"),
			"invocations_per_function_md.anon.d01.csv:2: 1: count 2000000000 is over the cap of 16777216 invocations a minute"},
		{"azure2019 count 2e9 as a float", FormatAzure2019, az(azHead + "o,a,f,http,2e9,0\n"),
			"invocations_per_function_md.anon.d01.csv:2: 1: count 2e9 is over the cap of 16777216 invocations a minute"},
		{"azure2019 minute total over the cap", FormatAzure2019, az(azHead + "o,a,f,http,0," + half + "\no,b,g,http,0," + half + "\n"),
			"invocations_per_function_md.anon.d01.csv:3: 2: this minute totals 16777218 invocations over all functions up to this row, over the cap of 16777216 invocations a minute"},
		{"huawei count over the cap", FormatHuawei, hw("day,time,f\n1,86400," + tooMany + "\n"),
			"requests_minute/day_001.csv:2: f: count 16777217 is over the cap of 16777216 invocations a minute"},
		{"huawei minute total over the cap", FormatHuawei, hw("day,time,f,g\n1,86400," + half + "," + half + "\n"),
			"requests_minute/day_001.csv:2: g: this minute totals 16777218 invocations over all functions up to this row, over the cap of 16777216 invocations a minute"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range c.files {
				writeFile(t, dir, f.name, f.content)
			}
			first := filepath.Join(dir, c.files[0].name)
			var err error
			switch c.format {
			case "":
				_, err = Detect(first)
			case FormatAzure2019, FormatHuawei:
				_, err = Open(Spec{Format: c.format, Dir: dir, Day: 1}, 1)
			default:
				_, err = Open(Spec{Format: c.format, Path: first}, 1)
			}
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted; want %s", c.want)
			}
			msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "trace: "), dir+string(filepath.Separator))
			if line, _, _ := strings.Cut(msg, "\n"); line != c.want {
				t.Errorf("error\n  %s\nwant\n  %s", line, c.want)
			}
			if strings.Contains(c.want, "line longer") && !IsBadInput(err) {
				t.Errorf("%v is not bad input", err)
			}
		})
	}
}

// A line with no newline at all is refused after at most the cap plus the
// reader's buffer, whatever follows: the bytes read and allocated stay
// bounded on an endless line (the 1 GB file with no newline, as a stream).
func TestEndlessLineIsBounded(t *testing.T) {
	src := &endless{}
	lr := newLineReader("endless.csv", src)
	before := allocated()
	_, err := lr.next()
	alloc := allocated() - before
	var le *textfile.LineError
	if !errors.As(err, &le) || err.Error() != "endless.csv:1: line longer than 16777216 bytes" {
		t.Fatalf("error %v", err)
	}
	if limit := int64(MaxLineBytes + 2<<20); src.n > limit {
		t.Errorf("read %d bytes, want at most %d", src.n, limit)
	}
	// The line buffer doubles as it grows, up to the cap: 1+2+...+16+17 MiB
	// in all, plus the reader's buffer. A longer file costs no more.
	if limit := uint64(4 * MaxLineBytes); alloc > limit {
		t.Errorf("allocated %d bytes reading the line, want at most %d", alloc, limit)
	}
	t.Logf("read %d bytes, allocated %d", src.n, alloc)
}

type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += int64(len(p))
	return len(p), nil
}

var _ io.Reader = (*endless)(nil)

// allocated is the heap allocated so far, cumulatively: its growth over a
// call bounds the call's peak heap from above.
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
