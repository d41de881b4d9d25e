package trace

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Detect guesses the format of the trace at path: a directory holding
// Azure 2019 day files or a Huawei requests_minute folder, or a file
// recognised by its header. It returns a Spec with Format and Dir or Path
// set; the caller adds the day and the rest.
func Detect(path string) (Spec, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Spec{}, fmt.Errorf("trace: %w", err)
	}
	if st.IsDir() {
		if m, _ := filepath.Glob(filepath.Join(path, "invocations_per_function_md.anon.d*.csv")); len(m) > 0 {
			return Spec{Format: FormatAzure2019, Dir: path}, nil
		}
		if fi, err := os.Stat(filepath.Join(path, hwRequests)); err == nil && fi.IsDir() {
			return Spec{Format: FormatHuawei, Dir: path}, nil
		}
		return Spec{}, fmt.Errorf("trace: %s holds neither Azure 2019 day files nor a %s folder", path, hwRequests)
	}
	if isLambdaLog(path) {
		return Spec{Format: FormatLambdaReport, Path: path}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return Spec{}, fmt.Errorf("trace: %w", err)
	}
	defer f.Close()
	// The header through the line reader: its caps hold here too, so a
	// file with no newline is refused, not read whole.
	names, _, err := newLineReader(path, f).header()
	if err != nil {
		return Spec{}, err
	}
	cols := map[string]bool{}
	for _, c := range names {
		cols[c] = true
	}
	switch {
	case cols["HashFunction"] && cols["Trigger"]:
		return Spec{Format: FormatAzure2019, Path: path}, nil
	case cols["end_timestamp"] && cols["duration"]:
		return Spec{Format: FormatAzure2021, Path: path}, nil
	case cols["day"] && cols["time"]:
		return Spec{Format: FormatHuawei, Path: path}, nil
	case cols["timestamp"] && cols["function"]:
		return Spec{Format: FormatCSV, Path: path}, nil
	}
	line := strings.Join(names, ",")
	if len(line) > 200 {
		line = line[:200] + "..."
	}
	return Spec{}, fmt.Errorf("trace: %s: unknown header %q", path, line)
}

// FirstDay returns the lowest day number of the day files in spec.Dir
// (azure2019 dNN, huawei2023 day_NNN), or 1 when there are none.
func FirstDay(spec Spec) int {
	pattern := filepath.Join(spec.Dir, "invocations_per_function_md.anon.d*.csv")
	if spec.Format == FormatHuawei {
		pattern = filepath.Join(spec.Dir, hwRequests, "day_*.csv")
	}
	m, _ := filepath.Glob(pattern)
	best := -1
	for _, p := range m {
		var d int
		base := filepath.Base(p)
		if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimPrefix(base, "invocations_per_function_md.anon.d"), "day_"), "%d", &d); err == nil && (best < 0 || d < best) {
			best = d
		}
	}
	if best < 0 {
		return 1
	}
	return best
}

// isLambdaLog says whether the file at path looks like Lambda logs: JSON
// (filter-log-events pages or Telemetry API events), a Logs Insights CSV
// (a header with @timestamp), or lines with a REPORT line among the first
// 256 KB.
func isLambdaLog(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 256<<10)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	first, _, _ := bytes.Cut(head, []byte("\n"))
	switch {
	case len(head) > 0 && (head[0] == '{' || head[0] == '['):
		return bytes.Contains(head, []byte(`"events"`)) || bytes.Contains(head, []byte(`"platform.`))
	case bytes.Contains(first, []byte("@timestamp")):
		return true
	}
	for _, line := range bytes.Split(head, []byte("\n")) {
		if i := bytes.Index(line, reportKeyword); i >= 0 && isReportMessage(line[i:]) {
			return true
		}
	}
	return false
}
