package trace

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"faassim/sim"
)

// FormatLambdaReport is AWS Lambda's REPORT log lines, in the forms users
// export: plain lines (bare, or with the prefix of `aws logs tail` or `sam
// logs`), `aws logs filter-log-events --output json`, CloudWatch Logs
// Insights CSV and Telemetry API platform.report JSON.
const FormatLambdaReport = "lambda-report"

// LambdaReport is one invocation as a REPORT line tells it.
type LambdaReport struct {
	File string
	Line int // 1-based line (JSON: the line where the event starts)
	// Function is the function's name: from the export when it says, else
	// LambdaOptions.Function, else the file's base name without extension.
	Function  string
	RequestID string
	// End is the REPORT's timestamp, the end of the invocation, in ns
	// since the Unix epoch; HasTime is false for a bare line, which can be
	// used for durations but not replayed.
	End     int64
	HasTime bool
	// Duration excludes INIT; Billed is what was billed (AWS 1 ms).
	Duration, Billed sim.Time
	MemorySizeMB     int
	MaxMemoryUsedMB  int
	// Init is the Init Duration of a cold start (0 when warm); Restore and
	// BilledRestore are SnapStart's restore phase.
	Init, Restore, BilledRestore sim.Time
	// Cold is true when the line reports an Init or a Restore Duration.
	Cold bool
	// Status is "" for success, else as written lower-cased ("timeout",
	// "error").
	Status string
	// Form is the export the record came from (a key of LambdaStats.Forms).
	Form string
}

// Arrival is when the request arrived, in ns since the Unix epoch:
// End - Duration - Init - Restore.
func (r *LambdaReport) Arrival() int64 {
	return r.End - int64(r.Duration) - int64(r.Init) - int64(r.Restore)
}

// LambdaOptions say which logs to read.
type LambdaOptions struct {
	// Paths are files or globs, read in order; a glob that matches nothing
	// is an error.
	Paths []string
	// Function names the function of every record whose export does not.
	Function string
	FS       fs.FS // when set, Paths are names in it
	// MaxFunctions bounds distinct functions (0: the package's bound).
	MaxFunctions int
}

// LambdaStats counts what ReadLambdaReports read.
type LambdaStats struct {
	Lines, Reports, Bare int
	// Malformed counts lines that look like REPORT lines (or rows and
	// events of the export) but could not be read; MalformedAt lists the
	// first of them as "FILE:LINE: field: reason".
	Malformed   int
	MalformedAt []string
	// Forms counts the files by the form detected: plain, tail, sam-logs,
	// filter-log-events, insights-csv, telemetry.
	Forms map[string]int
}

// The forms, as LambdaStats.Forms and LambdaReport.Form name them.
const (
	FormPlain           = "plain"
	FormTail            = "tail"
	FormSAMLogs         = "sam-logs"
	FormFilterLogEvents = "filter-log-events"
	FormInsightsCSV     = "insights-csv"
	FormTelemetry       = "telemetry"
)

// MaxMalformedListed is how many malformed lines LambdaStats.MalformedAt
// lists; the count goes on.
const MaxMalformedListed = 20

// MalformedWarning is the warning a reader gives for the malformed lines
// it skipped: "N malformed lines (file:line: field: reason, ...)", or ""
// when there were none.
func (s *LambdaStats) MalformedWarning() string {
	if s.Malformed == 0 {
		return ""
	}
	more := ""
	if s.Malformed > len(s.MalformedAt) {
		more = fmt.Sprintf(", and %d more", s.Malformed-len(s.MalformedAt))
	}
	noun := "lines"
	if s.Malformed == 1 {
		noun = "line"
	}
	return fmt.Sprintf("%d malformed %s skipped (%s%s)", s.Malformed, noun, strings.Join(s.MalformedAt, ", "), more)
}

func (s *LambdaStats) malformed(file string, line int, e *fieldError) {
	s.Malformed++
	if len(s.MalformedAt) < MaxMalformedListed {
		s.MalformedAt = append(s.MalformedAt, fmt.Sprintf("%s:%d: %s: %s", file, line, e.field, e.reason))
	}
}

// ReadLambdaReports calls fn for each REPORT record of the files, file by
// file in file order and within a file in file order (not arrival order).
// Lines that are not REPORT lines (START, END, application output) are
// skipped and counted only in Lines. Each file's form is detected from its
// content. A malformed line is counted and listed in the stats, never
// fatal; a line over MaxLineBytes, a JSON document that does not parse,
// more than MaxFunctions functions, or an error of fn end the read.
func ReadLambdaReports(opt LambdaOptions, fn func(*LambdaReport) error) (LambdaStats, error) {
	st := LambdaStats{Forms: map[string]int{}}
	files, err := expandLambdaPaths(opt.FS, opt.Paths)
	if err != nil {
		return st, err
	}
	names := newFunctionSet(opt.MaxFunctions)
	var r LambdaReport
	for _, name := range files {
		lf, err := openLambdaFile(opt.FS, name, opt.Function, &st)
		if err != nil {
			return st, err
		}
		for {
			ok, err := lf.next(&r)
			if err == nil && ok {
				err = names.add(lf, &r)
				if err == nil {
					err = fn(&r)
				}
			}
			if err != nil {
				lf.close()
				return st, err
			}
			if !ok {
				break
			}
		}
		lf.close()
	}
	return st, nil
}

// functionSet bounds the distinct functions read.
type functionSet struct {
	seen  map[string]struct{}
	limit int
}

func newFunctionSet(limit int) *functionSet {
	if limit <= 0 || limit > MaxFunctions {
		limit = MaxFunctions
	}
	return &functionSet{seen: map[string]struct{}{}, limit: limit}
}

func (s *functionSet) add(lf *lambdaFile, r *LambdaReport) error {
	if _, ok := s.seen[r.Function]; ok {
		return nil
	}
	if len(s.seen) >= s.limit {
		return &RowError{File: r.File, Line: r.Line, Field: "function", Reason: tooManyFunctions(s.limit)}
	}
	s.seen[r.Function] = struct{}{}
	return nil
}

// expandLambdaPaths expands the globs among paths, in order; a pattern
// that matches nothing is an error (a typo would otherwise read nothing).
func expandLambdaPaths(fsys fs.FS, paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, errors.New("trace: lambda-report needs at least one path")
	}
	var out []string
	for _, p := range paths {
		if !strings.ContainsAny(p, "*?[") {
			out = append(out, p)
			continue
		}
		var m []string
		var err error
		if fsys == nil {
			m, err = filepath.Glob(p)
		} else {
			m, err = fs.Glob(fsys, p)
		}
		if err != nil {
			return nil, fmt.Errorf("trace: %q: %w", p, err)
		}
		if len(m) == 0 {
			return nil, &PathError{fmt.Sprintf("trace: %q matches no file: check the pattern", p)}
		}
		out = append(out, m...)
	}
	return out, nil
}

// lambdaFunctionName is the function of a file's records when the export
// does not name it: the option, else the base name without extension.
func lambdaFunctionName(fsys fs.FS, name, opt string) string {
	if opt != "" {
		return opt
	}
	base := basePath(fsys, name)
	if ext := path.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// lambdaFile reads one file of REPORT records, in the form detected from
// its first bytes.
type lambdaFile struct {
	name, function, form string
	f                    fs.File
	st                   *LambdaStats
	next                 func(r *LambdaReport) (bool, error)
	lines                func() int
	counted              bool
}

// lambdaBufSize is a file's read buffer: small, since a replay of many
// files (one per function) holds them all open.
const lambdaBufSize = 64 << 10

func openLambdaFile(fsys fs.FS, name, function string, st *LambdaStats) (*lambdaFile, error) {
	f, err := openFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, &PathError{fmt.Sprintf("trace: %s is a directory: give its log files, e.g. '%s'", name, joinPath(fsys, name, "*.log"))}
	}
	lf := &lambdaFile{name: name, function: lambdaFunctionName(fsys, name, function), f: f, st: st}
	br := bufio.NewReaderSize(f, lambdaBufSize)
	head, _ := br.Peek(4096)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	first := head
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	switch {
	case len(head) > 0 && (head[0] == '{' || head[0] == '['):
		newJSONReader(lf, br)
	case bytes.Contains(first, []byte("@timestamp")):
		err = newInsightsReader(lf, br)
	default:
		newPlainReader(lf, br)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return lf, nil
}

// setForm records the file's form, once, when its first record says it.
func (lf *lambdaFile) setForm(form string) {
	if lf.form == "" {
		lf.form = form
		lf.st.Forms[form]++
	}
}

func (lf *lambdaFile) close() {
	if lf.f != nil {
		if !lf.counted {
			lf.st.Lines += lf.lines()
			lf.counted = true
			if lf.form == "" {
				lf.setForm(FormPlain) // no REPORT line: a plain file of other output
			}
		}
		lf.f.Close()
		lf.f = nil
	}
}

// newPlainReader reads REPORT lines, bare or prefixed, one a line.
func newPlainReader(lf *lambdaFile, br *bufio.Reader) {
	lr := newLineReaderOn(lf.name, br) // the file's 64 KiB buffer, not a 1 MiB one more
	lf.lines = func() int { return lr.line }
	lf.next = func(r *LambdaReport) (bool, error) {
		for {
			line, err := lr.nextLine()
			if err == io.EOF {
				return false, nil
			}
			if err != nil {
				return false, err
			}
			form, ok, ferr := parsePlainLine(line, r)
			if !ok {
				continue
			}
			lf.setForm(form)
			if ferr != nil {
				lf.st.malformed(lf.name, lr.line, ferr)
				continue
			}
			r.File, r.Line, r.Function, r.Form = lf.name, lr.line, lf.function, form
			lf.st.Reports++
			if !r.HasTime {
				lf.st.Bare++
			}
			return true, nil
		}
	}
}

// parsePlainLine reads one line of a plain log. ok is false for a line
// that is not a REPORT line (START, END, XRAY, application output); form
// is the prefix found: none (plain), `aws logs tail`'s "TIMESTAMP STREAM
// REPORT ..." (the CLI's default "detailed" format, docs.aws.amazon.com/
// cli/latest/reference/logs/tail.html) or `sam logs`' "STREAM TIMESTAMP
// REPORT ...". A line that looks like a REPORT line but cannot be read
// gives ok and a field error.
func parsePlainLine(line []byte, r *LambdaReport) (form string, ok bool, _ *fieldError) {
	i := bytes.Index(line, reportKeyword)
	jsonFormat := false
	if i < 0 || !isReportMessage(line[i:]) {
		// Lambda's JSON log format writes the report as a platform.report
		// event, behind the same prefixes.
		if i = bytes.IndexByte(line, '{'); i < 0 || !isJSONReport(line[i:]) {
			return "", false, nil
		}
		jsonFormat = true
	}
	prefix := line[:i]
	w0 := nextWord(&prefix)
	w1 := nextWord(&prefix)
	if nextWord(&prefix) != nil {
		return "", false, nil // output that quotes a REPORT line
	}
	*r = LambdaReport{}
	if jsonFormat {
		isReport, ferr := parseJSONReport(line[i:], r)
		if !isReport || ferr != nil {
			return FormPlain, isReport, ferr
		}
	}
	form = FormPlain
	switch {
	case w0 == nil:
	case w1 == nil || isLogTime(w0):
		form = FormTail
		t, err := parseLogTime(w0)
		if err != nil {
			return form, true, badField("timestamp", "%v", err)
		}
		r.End, r.HasTime = t, true
	default:
		form = FormSAMLogs
		t, err := parseLogTime(w1)
		if err != nil {
			return form, true, badField("timestamp", "%v", err)
		}
		r.End, r.HasTime = t, true
	}
	if jsonFormat {
		return form, true, nil // the prefix's time, when there is one, as for REPORT lines
	}
	return form, true, parseReportMessage(line[i:], r)
}

// isLogTime says whether w starts like a date (YYYY-MM-DD...).
func isLogTime(w []byte) bool {
	return len(w) >= 10 && w[4] == '-' && w[7] == '-' && w[0] >= '0' && w[0] <= '9'
}
