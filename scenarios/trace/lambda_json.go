package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"faassim/internal/textfile"
)

// The JSON exports, streamed with encoding/json's token API so that a file
// is never held whole (a month of filter-log-events pages is gigabytes):
//
//   - `aws logs filter-log-events --output json` prints pages
//     {"events": [{"logStreamName", "timestamp" (ms since the epoch),
//     "message", "ingestionTime", "eventId"}, ...], "searchedLogStreams":
//     [...], "nextToken"?}; several pages may follow one another
//     (FilterLogEvents, CloudWatch Logs API Reference,
//     docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/
//     API_FilterLogEvents.html). The timestamp of a REPORT event is the
//     end of the invocation.
//   - The Lambda Telemetry API's events {"time": RFC 3339, "type":
//     "platform.report", "record": {"requestId", "metrics": {"durationMs",
//     "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB",
//     "initDurationMs"?, "restoreDurationMs"?}, "status"}} ("Lambda
//     Telemetry API Event schema reference", docs.aws.amazon.com/lambda/
//     latest/dg/telemetry-schema-reference.html; status is success,
//     failure or error, and timeout in newer schemas), as a JSON array or
//     one a line; other types are skipped. billedRestoreDurationMs is read
//     when present.
//
// Neither names the function: it is the file's (see lambdaFunctionName).

// capReader counts lines for the decoder, so that an event is reported at
// its line, and refuses a line over MaxLineBytes as the line readers do.
type capReader struct {
	r        io.Reader
	name     string
	off      int64   // bytes read
	newlines []int64 // offsets of '\n' not yet passed by a lineAt query
	head     int
	line     int // 1 + newlines before the last lineAt offset
	lineLen  int // bytes of the current line read so far
	total    int // newlines read
	last     byte
}

func (c *capReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.newlines = append(c.newlines, c.off+int64(i))
			c.total++
			c.lineLen = 0
			continue
		}
		c.lineLen++
		if c.lineLen > MaxLineBytes+1 { // +1: a "\r" before the newline
			return 0, &textfile.LineError{File: c.name, Line: c.total + 1, Max: MaxLineBytes}
		}
	}
	c.off += int64(n)
	if n > 0 {
		c.last = p[n-1]
	}
	return n, err
}

// lineAt returns the line of byte offset off; offsets must not decrease
// from one call to the next.
func (c *capReader) lineAt(off int64) int {
	for c.head < len(c.newlines) && c.newlines[c.head] < off {
		c.head++
		c.line++
	}
	if c.head > 1024 && c.head*2 > len(c.newlines) {
		c.newlines = append(c.newlines[:0], c.newlines[c.head:]...)
		c.head = 0
	}
	return c.line + 1
}

// lines is the file's line count so far.
func (c *capReader) lines() int {
	if c.off == 0 || c.last == '\n' {
		return c.total
	}
	return c.total + 1
}

// jsonReader walks the top-level values of a JSON file: pages of
// filter-log-events and telemetry events, alone, in arrays, or one after
// another.
type jsonReader struct {
	lf    *lambdaFile
	cr    *capReader
	dec   *json.Decoder
	stack []jsonFrame
	done  bool
}

// A jsonFrame is an array or object the walk is inside: a top-level array,
// an object (a page or a telemetry event), or a page's events array.
type jsonFrame struct {
	kind byte // '[' array of values, '{' object, 'e' events array
	line int  // objects: where they start
	// A telemetry event's fields, as met.
	time, typ string
	record    json.RawMessage
}

type logEvent struct {
	LogStreamName string  `json:"logStreamName"`
	Timestamp     *int64  `json:"timestamp"`
	Message       *string `json:"message"`
}

type telemetryRecord struct {
	RequestID string `json:"requestId"`
	Status    string `json:"status"`
	Metrics   *struct {
		DurationMs              *float64 `json:"durationMs"`
		BilledDurationMs        *float64 `json:"billedDurationMs"`
		MemorySizeMB            *float64 `json:"memorySizeMB"`
		MaxMemoryUsedMB         *float64 `json:"maxMemoryUsedMB"`
		InitDurationMs          *float64 `json:"initDurationMs"`
		RestoreDurationMs       *float64 `json:"restoreDurationMs"`
		BilledRestoreDurationMs *float64 `json:"billedRestoreDurationMs"`
	} `json:"metrics"`
}

func newJSONReader(lf *lambdaFile, br *bufio.Reader) {
	cr := &capReader{r: br, name: lf.name}
	j := &jsonReader{lf: lf, cr: cr, dec: json.NewDecoder(cr)}
	lf.lines = cr.lines
	lf.next = j.next
}

// syntax turns a decoder error into a RowError at its line: a document
// that does not parse cannot be resynchronised, so it ends the read.
func (j *jsonReader) syntax(err error) error {
	var le *textfile.LineError
	if errors.As(err, &le) {
		return le
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &RowError{File: j.lf.name, Line: j.cr.lineAt(j.dec.InputOffset()), Field: "json", Reason: err.Error()}
}

func (j *jsonReader) next(r *LambdaReport) (bool, error) {
	for !j.done {
		if n := len(j.stack); n > 0 && j.stack[n-1].kind == 'e' {
			if !j.dec.More() {
				if _, err := j.dec.Token(); err != nil { // ']'
					return false, j.syntax(err)
				}
				j.stack = j.stack[:n-1]
				continue
			}
			ok, err := j.event(r)
			if ok || err != nil {
				return ok, err
			}
			continue
		}
		tok, err := j.dec.Token()
		if err == io.EOF && len(j.stack) == 0 {
			j.done = true
			break
		}
		if err != nil {
			return false, j.syntax(err)
		}
		n := len(j.stack)
		var top *jsonFrame
		if n > 0 {
			top = &j.stack[n-1]
		}
		switch {
		case tok == json.Delim('[') && (top == nil || top.kind == '['):
			j.stack = append(j.stack, jsonFrame{kind: '['})
		case tok == json.Delim('{') && (top == nil || top.kind == '['):
			j.stack = append(j.stack, jsonFrame{kind: '{', line: j.cr.lineAt(j.dec.InputOffset())})
		case tok == json.Delim(']') || tok == json.Delim('}'):
			j.stack = j.stack[:n-1]
			if tok == json.Delim('}') && top.typ != "" {
				if ok := j.telemetry(top, r); ok {
					return true, nil
				}
			}
		case top != nil && top.kind == '{':
			if err := j.field(top, tok); err != nil {
				return false, err
			}
		default: // a scalar at the top or in a top-level array: not ours
			if d, ok := tok.(json.Delim); ok {
				if err := j.skip(d); err != nil {
					return false, err
				}
			}
		}
	}
	return false, nil
}

// field reads the value of key tok of an object.
func (j *jsonReader) field(top *jsonFrame, tok json.Token) error {
	key, _ := tok.(string)
	var err error
	switch key {
	case "events":
		var t json.Token
		if t, err = j.dec.Token(); err != nil {
			return j.syntax(err)
		}
		if t != json.Delim('[') {
			if d, ok := t.(json.Delim); ok {
				return j.skip(d)
			}
			return nil
		}
		j.lf.setForm(FormFilterLogEvents)
		j.stack = append(j.stack, jsonFrame{kind: 'e'})
		return nil
	case "time", "type":
		var s json.RawMessage
		if err = j.dec.Decode(&s); err != nil {
			return j.syntax(err)
		}
		var v string
		_ = json.Unmarshal(s, &v) // not a string: left empty, reported below
		if key == "time" {
			top.time = v
		} else {
			top.typ = v
			if v == "" {
				top.typ = "?" // a type that is not a string
			}
		}
		return nil
	case "record":
		if err = j.dec.Decode(&top.record); err != nil {
			return j.syntax(err)
		}
		return nil
	}
	t, err := j.dec.Token()
	if err != nil {
		return j.syntax(err)
	}
	if d, ok := t.(json.Delim); ok {
		return j.skip(d)
	}
	return nil
}

// skip reads past the rest of the array or object opened by d, token by
// token, so that a huge value (searchedLogStreams) is never held.
func (j *jsonReader) skip(d json.Delim) error {
	if d != '[' && d != '{' {
		return nil
	}
	depth := 1
	for depth > 0 {
		t, err := j.dec.Token()
		if err != nil {
			return j.syntax(err)
		}
		switch t {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
	return nil
}

// event reads one filter-log-events event; ok when it was a REPORT.
func (j *jsonReader) event(r *LambdaReport) (bool, error) {
	var raw json.RawMessage
	if err := j.dec.Decode(&raw); err != nil {
		return false, j.syntax(err)
	}
	line := j.cr.lineAt(j.dec.InputOffset()) - bytes.Count(raw, []byte{'\n'})
	var ev logEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		j.lf.st.malformed(j.lf.name, line, badField("event", "%v", err))
		return false, nil
	}
	if ev.Message == nil {
		j.lf.st.malformed(j.lf.name, line, badField("message", "missing"))
		return false, nil
	}
	msg := bytes.TrimLeft([]byte(*ev.Message), " \t")
	var ferr *fieldError
	switch {
	case isReportMessage(msg):
		*r = LambdaReport{}
		ferr = parseReportMessage(msg, r)
	case isJSONReport(msg): // Lambda's JSON log format
		isReport, jerr := parseJSONReport(msg, r)
		if !isReport {
			return false, nil
		}
		ferr = jerr
	default:
		return false, nil
	}
	if ferr == nil && ev.Timestamp == nil {
		ferr = badField("timestamp", "missing")
	}
	if ferr == nil {
		var err error
		if r.End, err = msEpochToNS(*ev.Timestamp); err != nil {
			ferr = badField("timestamp", "%v", err)
		}
	}
	if ferr != nil {
		j.lf.st.malformed(j.lf.name, line, ferr)
		return false, nil
	}
	r.HasTime = true
	j.emit(r, line, FormFilterLogEvents)
	return true, nil
}

// telemetry turns a finished telemetry event into r; ok when it was a
// readable platform.report.
func (j *jsonReader) telemetry(ev *jsonFrame, r *LambdaReport) bool {
	if ev.typ != "platform.report" {
		if ev.typ != "?" {
			j.lf.setForm(FormTelemetry)
		}
		return false
	}
	j.lf.setForm(FormTelemetry)
	if ferr := fillTelemetry(ev.time, ev.record, r); ferr != nil {
		j.lf.st.malformed(j.lf.name, ev.line, ferr)
		return false
	}
	j.emit(r, ev.line, FormTelemetry)
	return true
}

func (j *jsonReader) emit(r *LambdaReport, line int, form string) {
	r.File, r.Line, r.Function, r.Form = j.lf.name, line, j.lf.function, form
	j.lf.st.Reports++
}

// fillTelemetry fills r from a platform.report event's record and time
// (RFC 3339), as the Telemetry API and Lambda's JSON log format write them
// ("Lambda Telemetry API Event schema reference",
// docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html):
// the one reading of the record for both.
func fillTelemetry(timeText string, record json.RawMessage, r *LambdaReport) *fieldError {
	if len(record) == 0 {
		return badField("record", "missing")
	}
	var rec telemetryRecord
	if err := json.Unmarshal(record, &rec); err != nil {
		return badField("record", "%v", err)
	}
	m := rec.Metrics
	if m == nil {
		return badField("record.metrics", "missing")
	}
	*r = LambdaReport{RequestID: rec.RequestID, Status: normStatus([]byte(rec.Status))}
	var err error
	if r.End, err = parseLogTime([]byte(timeText)); err != nil {
		return badField("time", "%v", err)
	}
	r.HasTime = true
	for _, f := range []struct {
		name     string
		v        *float64
		dst      *int64
		required bool
	}{
		{"durationMs", m.DurationMs, (*int64)(&r.Duration), true},
		{"billedDurationMs", m.BilledDurationMs, (*int64)(&r.Billed), true},
		{"initDurationMs", m.InitDurationMs, (*int64)(&r.Init), false},
		{"restoreDurationMs", m.RestoreDurationMs, (*int64)(&r.Restore), false},
		{"billedRestoreDurationMs", m.BilledRestoreDurationMs, (*int64)(&r.BilledRestore), false},
	} {
		if f.v == nil {
			if f.required {
				return badField("metrics."+f.name, "missing")
			}
			continue
		}
		t, err := msToTime(*f.v)
		if err != nil {
			return badField("metrics."+f.name, "%v", err)
		}
		*f.dst = int64(t)
	}
	for _, f := range []struct {
		name string
		v    *float64
		dst  *int
	}{{"memorySizeMB", m.MemorySizeMB, &r.MemorySizeMB}, {"maxMemoryUsedMB", m.MaxMemoryUsedMB, &r.MaxMemoryUsedMB}} {
		if f.v == nil {
			return badField("metrics."+f.name, "missing")
		}
		mb, err := floatMB(*f.v)
		if err != nil {
			return badField("metrics."+f.name, "%v", err)
		}
		*f.dst = mb
	}
	r.Cold = m.InitDurationMs != nil || m.RestoreDurationMs != nil
	return nil
}

// platformReportKey marks a platform.report event in a log message.
var platformReportKey = []byte(`"platform.report"`)

// isJSONReport says whether msg is a log message in Lambda's JSON log
// format that may be a platform.report event (functions with
// LoggingConfig LogFormat JSON write their REPORT so, "Configuring
// advanced logging controls", docs.aws.amazon.com/lambda/latest/dg/
// monitoring-cloudwatchlogs-advanced.html).
func isJSONReport(msg []byte) bool {
	return len(msg) > 0 && msg[0] == '{' && bytes.Contains(msg, platformReportKey)
}

// parseJSONReport reads a JSON-format log message; ok is false when it
// is another event (platform.start, application output).
func parseJSONReport(msg []byte, r *LambdaReport) (ok bool, _ *fieldError) {
	var ev struct {
		Time   string          `json:"time"`
		Type   string          `json:"type"`
		Record json.RawMessage `json:"record"`
	}
	if err := json.Unmarshal(msg, &ev); err != nil {
		return true, badField("message", "a JSON log event that cannot be read: %v", err)
	}
	if ev.Type != "platform.report" {
		return false, nil
	}
	return true, fillTelemetry(ev.Time, ev.Record, r)
}
