package trace

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"faassim/internal/textfile"
	"faassim/sim"
)

// A CloudWatch Logs Insights CSV export of a Lambda log group. Insights
// discovers, in REPORT events, @duration, @billedDuration, @memorySize,
// @maxMemoryUsed (both memory fields in bytes), @initDuration and
// @requestId, besides the system fields @timestamp, @message, @logStream
// and @log, "a log group identifier in the form of
// account-id:log-group-name" ("Supported logs and discovered fields",
// docs.aws.amazon.com/AmazonCloudWatch/latest/logs/
// CWL_AnalyzeLogData-discoverable-fields.html). The export writes a header
// of the query's fields, in its order, and @timestamp as "2024-05-01
// 12:00:00.123" (UTC). Columns are found by name; rows whose @type is not
// REPORT, or with no @duration, are other events and are skipped. When
// @message is there, a REPORT message adds what Insights does not
// discover (Restore Duration, Status). A Lambda log group is named
// /aws/lambda/NAME, which names the function.

type insightsCols struct {
	timestamp, requestID, duration, billed, memory, maxMemory, init, log, message, typ int
}

func newInsightsReader(lf *lambdaFile, br *bufio.Reader) error {
	cr := &capReader{r: br, name: lf.name}
	cs := csv.NewReader(cr)
	cs.FieldsPerRecord = -1
	cs.ReuseRecord = true
	cs.LazyQuotes = true
	lf.lines = cr.lines
	header, err := cs.Read()
	if err != nil {
		return csvError(lf.name, cs, err)
	}
	col := func(name string) int {
		for i, h := range header {
			if strings.TrimSpace(strings.TrimPrefix(h, "\xef\xbb\xbf")) == name {
				return i
			}
		}
		return -1
	}
	c := insightsCols{timestamp: col("@timestamp"), requestID: col("@requestId"), duration: col("@duration"),
		billed: col("@billedDuration"), memory: col("@memorySize"), maxMemory: col("@maxMemoryUsed"),
		init: col("@initDuration"), log: col("@log"), message: col("@message"), typ: col("@type")}
	if c.duration < 0 && c.message < 0 {
		return &RowError{File: lf.name, Line: 1, Field: "header", Reason: "no @duration column (nor @message): export a query of Lambda REPORT events, e.g. fields @timestamp, @requestId, @duration, @billedDuration, @memorySize, @maxMemoryUsed, @initDuration, @log"}
	}
	lf.setForm(FormInsightsCSV)
	lf.next = func(r *LambdaReport) (bool, error) {
		for {
			rec, err := cs.Read()
			if err == io.EOF {
				return false, nil
			}
			if err != nil {
				return false, csvError(lf.name, cs, err)
			}
			line, _ := cs.FieldPos(0)
			ok, ferr := insightsRow(rec, &c, r)
			if !ok {
				continue
			}
			if ferr != nil {
				lf.st.malformed(lf.name, line, ferr)
				continue
			}
			r.File, r.Line, r.Form = lf.name, line, FormInsightsCSV
			if r.Function == "" {
				r.Function = lf.function
			}
			lf.st.Reports++
			return true, nil
		}
	}
	return nil
}

// csvError reports a CSV that does not parse (an unterminated quote) at
// its line; a line over the cap as the line readers do.
func csvError(name string, cs *csv.Reader, err error) error {
	var le *textfile.LineError
	if errors.As(err, &le) {
		return le
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{File: name, Line: pe.Line, Field: "csv", Reason: pe.Err.Error()}
	}
	if err == io.EOF {
		return &RowError{File: name, Line: 1, Field: "header", Reason: "empty file"}
	}
	return err
}

// insightsRow reads one row; ok is false for a row that is not a REPORT.
func insightsRow(rec []string, c *insightsCols, r *LambdaReport) (ok bool, _ *fieldError) {
	get := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	if t := get(c.typ); c.typ >= 0 && t != "REPORT" {
		return false, nil
	}
	msg := []byte(strings.TrimLeft(get(c.message), " \t"))
	isReport := isReportMessage(msg)
	if get(c.duration) == "" && !isReport {
		return false, nil
	}
	*r = LambdaReport{}
	if isReport {
		// The message first; the discovered columns, when filled, win.
		if ferr := parseReportMessage(msg, r); ferr != nil && get(c.duration) == "" {
			return true, ferr
		}
	}
	ts := get(c.timestamp)
	if ts == "" {
		return true, badField("@timestamp", "missing")
	}
	t, err := parseLogTime([]byte(ts))
	if err != nil {
		return true, badField("@timestamp", "%v", err)
	}
	r.End, r.HasTime = t, true
	if v := get(c.requestID); v != "" {
		r.RequestID = v
	}
	for _, f := range []struct {
		name     string
		col      int
		dst      *int64
		required bool
	}{
		{"@duration", c.duration, (*int64)(&r.Duration), true},
		{"@billedDuration", c.billed, (*int64)(&r.Billed), false},
		{"@initDuration", c.init, (*int64)(&r.Init), false},
	} {
		v := get(f.col)
		if v == "" {
			if f.required && !isReport {
				return true, badField(f.name, "missing")
			}
			continue
		}
		ms, err := parseNonNeg([]byte(v))
		var d sim.Time
		if err == nil {
			d, err = msToTime(ms)
		}
		if err != nil {
			return true, badField(f.name, "%v", err)
		}
		*f.dst = int64(d)
	}
	for _, f := range []struct {
		name string
		col  int
		dst  *int
	}{{"@memorySize", c.memory, &r.MemorySizeMB}, {"@maxMemoryUsed", c.maxMemory, &r.MaxMemoryUsedMB}} {
		if v := get(f.col); v != "" {
			mb, err := bytesToMB(v)
			if err != nil {
				return true, badField(f.name, "%v", err)
			}
			*f.dst = mb
		}
	}
	r.Cold = r.Cold || r.Init > 0
	if g := get(c.log); g != "" {
		if i := strings.LastIndex(g, "/aws/lambda/"); i >= 0 && i+len("/aws/lambda/") < len(g) {
			r.Function = g[i+len("/aws/lambda/"):]
		}
	}
	return true, nil
}
