package trace

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"faassim/sim"
)

// The REPORT line Lambda writes at the end of every invocation, as the AWS
// Lambda Developer Guide shows it ("AWS Lambda function logging in
// Python", docs.aws.amazon.com/lambda/latest/dg/python-logging.html):
//
//	REPORT RequestId: ID	Duration: 15.74 ms	Billed Duration: 16 ms	Memory Size: 128 MB	Max Memory Used: 56 MB	Init Duration: 130.49 ms
//	XRAY TraceId: 1-5e34a614-... SegmentId: 07f5... Sampled: true
//
// Fields are tab separated (older runtimes left a space before the tab
// after Billed Duration, "Billed Duration: 100 ms \tMemory Size"); pages
// that render them show spaces instead. Init Duration is there on a cold
// start only. SnapStart functions report "Restore Duration" and "Billed
// Restore Duration" on a restore instead of Init Duration ("Monitoring for
// Lambda SnapStart", docs.aws.amazon.com/lambda/latest/dg/
// snapstart-monitoring.html). Newer runtimes end a failed invocation's
// line with "Status: timeout" or "Status: error" (optionally "Error Type:
// ..."), as in the log quoted in DataBiosphere/azul issue 8140:
// "Duration: 180000.00 ms\tBilled Duration: 180000 ms\t...\tStatus: timeout".
// The XRAY part, on the next line, is not a REPORT line and is skipped.

// reportKeyword starts a REPORT message.
var reportKeyword = []byte("REPORT")

// isReportMessage says whether msg (a log message without prefix) is a
// REPORT line: "REPORT", whitespace, "RequestId:". Application output that
// merely mentions REPORT is not one.
func isReportMessage(msg []byte) bool {
	if !bytes.HasPrefix(msg, reportKeyword) {
		return false
	}
	rest := msg[len(reportKeyword):]
	if len(rest) == 0 || (rest[0] != ' ' && rest[0] != '\t') {
		return false
	}
	return bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte("RequestId:"))
}

// fieldError is a REPORT field that could not be read.
type fieldError struct{ field, reason string }

func (e *fieldError) Error() string { return e.field + ": " + e.reason }

func badField(field, format string, args ...any) *fieldError {
	return &fieldError{field: field, reason: fmt.Sprintf(format, args...)}
}

// parseReportMessage fills r's durations, memory and status from a REPORT
// message (starting at "REPORT"; anything after its first line end, such
// as the XRAY part of a CloudWatch event, is ignored). It allocates only
// the request id. Keys are read as the words before a word ending in ':',
// so tabs, spaces and the stray space before a tab all parse alike;
// unknown keys are skipped with their value.
func parseReportMessage(msg []byte, r *LambdaReport) *fieldError {
	if i := bytes.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = msg[len(reportKeyword):]
	var key [48]byte
	var seen uint16
	const (
		hasID = 1 << iota
		hasDuration
		hasBilled
		hasMemory
		hasMaxMemory
		hasRestore
	)
	for {
		// The key: words up to one ending in ':'.
		n := 0
		for {
			w := nextWord(&msg)
			if w == nil {
				goto done
			}
			if n > 0 && n < len(key) {
				key[n] = ' '
				n++
			}
			n += copy(key[n:], w)
			if w[len(w)-1] == ':' {
				break
			}
		}
		k := key[:n-1]
		v := nextWord(&msg)
		if v == nil {
			return badField(string(k), "no value")
		}
		var err *fieldError
		switch string(k) {
		case "RequestId":
			r.RequestID = string(v)
			seen |= hasID
		case "Duration":
			r.Duration, err = msValue(&msg, k, v)
			seen |= hasDuration
		case "Billed Duration":
			r.Billed, err = msValue(&msg, k, v)
			seen |= hasBilled
		case "Memory Size":
			r.MemorySizeMB, err = mbValue(&msg, k, v)
			seen |= hasMemory
		case "Max Memory Used":
			r.MaxMemoryUsedMB, err = mbValue(&msg, k, v)
			seen |= hasMaxMemory
		case "Init Duration":
			r.Init, err = msValue(&msg, k, v)
		case "Restore Duration":
			r.Restore, err = msValue(&msg, k, v)
			seen |= hasRestore
		case "Billed Restore Duration":
			r.BilledRestore, err = msValue(&msg, k, v)
		case "Status":
			r.Status = normStatus(v)
		default:
			// An unknown key's unit goes with it, so that it is not
			// read as the first word of the next key.
			peek := msg
			if u := nextWord(&peek); string(u) == "ms" || string(u) == "MB" {
				msg = peek
			}
		}
		if err != nil {
			return err
		}
	}
done:
	for _, req := range [...]struct {
		bit  uint16
		name string
	}{{hasID, "RequestId"}, {hasDuration, "Duration"}, {hasBilled, "Billed Duration"}, {hasMemory, "Memory Size"}, {hasMaxMemory, "Max Memory Used"}} {
		if seen&req.bit == 0 {
			return badField(req.name, "missing")
		}
	}
	r.Cold = r.Init > 0 || seen&hasRestore != 0
	return nil
}

// nextWord returns the next whitespace-separated word of *b, or nil.
func nextWord(b *[]byte) []byte {
	s := *b
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' {
		j++
	}
	*b = s[j:]
	if i == j {
		return nil
	}
	return s[i:j]
}

// msValue reads "X ms" (the unit is the next word) as a duration; field
// is the key, made a string only for an error.
func msValue(rest *[]byte, field, v []byte) (sim.Time, *fieldError) {
	unit := nextWord(rest)
	if string(unit) != "ms" {
		return 0, badField(string(field), "%q: want a number of ms", strings.TrimSpace(string(v)+" "+string(unit)))
	}
	ns, err := parseMillis(v)
	if err != nil {
		return 0, badField(string(field), "%v", err)
	}
	return sim.Time(ns), nil
}

// mbValue reads "N MB" (the unit is the next word).
func mbValue(rest *[]byte, field, v []byte) (int, *fieldError) {
	unit := nextWord(rest)
	if string(unit) != "MB" {
		return 0, badField(string(field), "%q: want a whole number of MB", strings.TrimSpace(string(v)+" "+string(unit)))
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' || n > maxMemoryMB {
			return 0, badField(string(field), "%q is not a whole number of MB up to %d", v, maxMemoryMB)
		}
		n = n*10 + int(c-'0')
	}
	if n > maxMemoryMB {
		return 0, badField(string(field), "%q is not a whole number of MB up to %d", v, maxMemoryMB)
	}
	return n, nil
}

// maxMemoryMB bounds a memory figure: far above Lambda's 10,240 MB, low
// enough that the int32 of an Invocation holds it.
const maxMemoryMB = 1 << 30

// maxMillis bounds a duration: a year, far beyond Lambda's 15-minute
// timeout, so that arithmetic on nanoseconds never overflows.
const maxMillis = 365 * 24 * 3600 * 1000

// parseMillis reads a non-negative decimal number of milliseconds exactly
// into nanoseconds (digits past the nanosecond are dropped), without
// allocating: it runs on every line of large logs.
func parseMillis(b []byte) (int64, error) {
	var whole, frac int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		whole = whole*10 + int64(b[i]-'0')
		if whole > maxMillis {
			return 0, fmt.Errorf("%q ms is over a year", b)
		}
	}
	digits := i
	scale := int64(1_000_000)
	if i < len(b) && b[i] == '.' {
		i++
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			digits++
			if scale > 1 {
				scale /= 10
				frac += int64(b[i]-'0') * scale
			}
		}
	}
	if i != len(b) || digits == 0 {
		return 0, fmt.Errorf("%q is not a number of ms", b)
	}
	return whole*1_000_000 + frac, nil
}

// msToTime converts milliseconds given as a float (JSON, CSV) to
// simulated time, refusing what is not a duration.
func msToTime(ms float64) (sim.Time, error) {
	if math.IsNaN(ms) || ms < 0 || ms > maxMillis {
		return 0, fmt.Errorf("%v is not a duration in ms (0 to a year)", ms)
	}
	return sim.Time(math.Round(ms * 1e6)), nil
}

// normStatus lower-cases a status and maps success to "".
func normStatus(v []byte) string {
	s := string(bytes.ToLower(v))
	if s == "success" {
		return ""
	}
	return s
}

// Timestamps of the exports, all UTC when they carry no zone: `aws logs
// tail` prints RFC 3339 with an offset, `sam logs` ISO 8601 without one,
// Logs Insights "2024-05-01 12:00:00.123".
var zonelessLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"}

var errNoTimestamp = errors.New("not a timestamp")

// parseLogTime reads a log timestamp as ns since the Unix epoch.
func parseLogTime(b []byte) (int64, error) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' {
		return 0, errNoTimestamp // cheap reject: log stream names, words
	}
	// RFC 3339 first, on the bytes: time.Parse would take a string, one
	// allocation on every line of a large log.
	var t time.Time
	if t.UnmarshalText(b) == nil {
		return checkEpoch(t)
	}
	s := string(b)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return checkEpoch(t)
	}
	for _, l := range zonelessLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return checkEpoch(t)
		}
	}
	return 0, fmt.Errorf("%q is not a timestamp (RFC 3339, or ISO 8601 in UTC)", s)
}

// checkEpoch refuses times whose nanoseconds do not fit an int64.
func checkEpoch(t time.Time) (int64, error) {
	if y := t.Year(); y < 1700 || y > 2200 {
		return 0, fmt.Errorf("%s is out of range (years 1700 to 2200)", t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// msEpochToNS converts an epoch in ms (CloudWatch's timestamp) to ns.
func msEpochToNS(ms int64) (int64, error) {
	const lim = 7_000_000_000_000 // about year 2191
	if ms < -lim || ms > lim {
		return 0, fmt.Errorf("%d ms since the epoch is out of range", ms)
	}
	return ms * 1_000_000, nil
}

// floatMB converts a memory figure in MB given as a number to whole MB.
func floatMB(v float64) (int, error) {
	if math.IsNaN(v) || v < 0 || v > maxMemoryMB {
		return 0, fmt.Errorf("%v is not a memory size in MB", v)
	}
	return int(math.Ceil(v)), nil
}

// bytesToMB converts Logs Insights' memory in bytes to MB. Insights turns
// the REPORT line's "128 MB" into 1.28E8 (its queries divide by 1000 twice
// to get MB again: "Percentile report of Lambda memory usage" in the AWS
// Lambda Operator Guide, serverlessland.com); a figure that is a whole
// number of MiB and not of decimal MB (as some exporters write) is read as
// MiB.
func bytesToMB(s string) (int, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > maxMemoryMB*1e6 {
		return 0, fmt.Errorf("%q is not a memory size in bytes", s)
	}
	const mib = 1 << 20
	if math.Mod(v, 1e6) != 0 && math.Mod(v, mib) == 0 {
		return int(v / mib), nil
	}
	return int(math.Round(v / 1e6)), nil
}
