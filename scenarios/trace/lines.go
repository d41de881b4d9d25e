package trace

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"faassim/internal/textfile"
)

// RowError is a bad row: "file:line: field: reason". Every reader reports
// bad input this way, so a user can open the file at the line.
type RowError struct {
	File   string
	Line   int
	Field  string
	Reason string
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Reason)
}

// MaxLineBytes bounds one line of a trace file (its newline aside). A line
// is held whole to be split, so without a bound a file with no newline is
// read into memory entirely. The widest real rows are far below it: an
// Azure 2019 day row is 1,444 counts (about 10 KB), and a per-minute Huawei
// row of MaxColumns functions at 16 bytes a cell just fits.
const MaxLineBytes = 16 << 20

// MaxColumns bounds the fields of one line: each field costs a slice header
// (and, in a header row, a string and a map entry), so a line of commas
// would otherwise cost many times its length. A million columns is far
// beyond any release (one column per function, in the Huawei tables).
const MaxColumns = 1 << 20

// lineReader splits a comma-separated file into fields without allocating
// per row: the trace files are large (an Azure 2019 day is 1,444 columns by
// tens of thousands of rows) and encoding/csv allocates a string per field.
// Fields may be wrapped in double quotes, but a quoted field may not contain
// a comma: none of the supported formats needs one. Lines longer than
// MaxLineBytes or with more than MaxColumns fields are refused.
type lineReader struct {
	name   string
	r      *bufio.Reader
	line   int
	buf    []byte
	fields [][]byte
}

func newLineReader(name string, r io.Reader) *lineReader {
	return &lineReader{name: name, r: bufio.NewReaderSize(r, 1<<20)}
}

// newLineReaderOn reads lines from br with its own buffer, whatever its
// size (longer lines are assembled in l.buf): a reader of many files open
// at once keeps each buffer small.
func newLineReaderOn(name string, br *bufio.Reader) *lineReader {
	return &lineReader{name: name, r: br}
}

// next returns the fields of the next non-blank line, or io.EOF. The
// slices are valid until the following call.
func (l *lineReader) next() ([][]byte, error) {
	line, err := l.nextLine()
	if err != nil {
		return nil, err
	}
	// Counted before splitting: a line of commas is refused without
	// building its fields.
	if bytes.Count(line, []byte{','}) >= MaxColumns {
		return nil, &RowError{File: l.name, Line: l.line, Field: "columns", Reason: fmt.Sprintf("more than %d columns", MaxColumns)}
	}
	// A byte loop rather than bytes.IndexByte per field: most fields are
	// a count of one or two digits (an Azure 2019 day is 14.4 million
	// of them), far shorter than a vector search pays off for.
	fields := l.fields[:0]
	start := 0
	for i, c := range line {
		if c == ',' {
			fields = append(fields, unquote(line[start:i]))
			start = i + 1
		}
	}
	l.fields = append(fields, unquote(line[start:]))
	return l.fields, nil
}

// nextLine returns the next non-blank line without its line end, or
// io.EOF; lines over MaxLineBytes are refused. The slice is valid until
// the following call.
func (l *lineReader) nextLine() ([]byte, error) {
	for {
		line, err := l.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			l.buf = l.buf[:0]
			l.grow(line)
			for err == bufio.ErrBufferFull {
				// Stop at the cap, not at the newline: the rest of an
				// over-long line is never held. (+2: its "\r\n".)
				if len(l.buf) > MaxLineBytes+2 {
					return nil, l.tooLong()
				}
				line, err = l.r.ReadSlice('\n')
				l.grow(line)
			}
			line = l.buf
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s:%d: %w", l.name, l.line+1, err)
		}
		if len(line) == 0 && err == io.EOF {
			return nil, io.EOF
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) > MaxLineBytes {
			return nil, l.tooLong()
		}
		l.line++
		if len(bytes.TrimSpace(line)) == 0 {
			if err == io.EOF {
				return nil, io.EOF
			}
			continue
		}
		return line, nil
	}
}

// grow appends b to the line buffer, doubling it but never past what a
// line at the cap needs, so that reading an over-long line allocates a
// bounded total (about three times the cap), whatever the file holds.
func (l *lineReader) grow(b []byte) {
	if need := len(l.buf) + len(b); need > cap(l.buf) {
		limit := MaxLineBytes + 2 + l.r.Size()
		nb := make([]byte, len(l.buf), max(need, min(2*cap(l.buf), limit)))
		copy(nb, l.buf)
		l.buf = nb
	}
	l.buf = append(l.buf, b...)
}

// tooLong is the error of a line over MaxLineBytes, at the line being read.
func (l *lineReader) tooLong() error {
	return &textfile.LineError{File: l.name, Line: l.line + 1, Max: MaxLineBytes}
}

func unquote(b []byte) []byte {
	if n := len(b); n > 0 && plain(b[0]) && plain(b[n-1]) {
		return b // nothing to trim or unquote: what bytes.TrimSpace and the quote test below would return
	}
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		return b[1 : len(b)-1]
	}
	return b
}

// plain says c is printable ASCII other than a space or a quote: a field
// that starts and ends with one has nothing for unquote to remove (bytes
// beyond ASCII may start a Unicode space, which TrimSpace removes).
func plain(c byte) bool { return c > ' ' && c < 0x7f && c != '"' }

// errorf returns a RowError at the current line.
func (l *lineReader) errorf(field, format string, args ...any) error {
	return &RowError{File: l.name, Line: l.line, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// header reads the first line and returns the column index of each name.
func (l *lineReader) header() ([]string, map[string]int, error) {
	f, err := l.next()
	if err == io.EOF {
		return nil, nil, &RowError{File: l.name, Line: 1, Field: "header", Reason: "empty file"}
	}
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(f))
	idx := make(map[string]int, len(f))
	for i, b := range f {
		names[i] = string(b)
		if _, dup := idx[names[i]]; !dup {
			idx[names[i]] = i
		}
	}
	return names, idx, nil
}

// require returns the indices of the named columns, or a header error.
func (l *lineReader) require(idx map[string]int, names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		j, ok := idx[n]
		if !ok {
			return nil, l.errorf("header", "no column %q", n)
		}
		out[i] = j
	}
	return out, nil
}

var errNotCount = errors.New("not a count")

// parseCount parses a non-negative integer count of one minute, at most
// maxPerMinute (a replay could not hold more). It accepts "12" and "12.0"
// (pandas writes counts as floats) and, when nanIsZero, "NaN" and "" as 0
// (the Huawei release leaves idle minutes empty or NaN). The fast path
// handles plain digits without strconv.
func parseCount(b []byte, nanIsZero bool) (uint32, error) {
	var n uint64
	for i, c := range b {
		if c < '0' || c > '9' {
			return parseCountSlow(b, i, nanIsZero)
		}
		n = n*10 + uint64(c-'0')
		if n > maxPerMinute {
			return 0, errCountOverCap(string(b))
		}
	}
	if len(b) == 0 {
		if nanIsZero {
			return 0, nil
		}
		return 0, errors.New("empty count")
	}
	return uint32(n), nil
}

func parseCountSlow(b []byte, _ int, nanIsZero bool) (uint32, error) {
	s := string(b)
	if nanIsZero && (s == "NaN" || s == "nan" || s == "NA") {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, fmt.Errorf("%q is not a count", s)
	case f < 0:
		return 0, fmt.Errorf("negative count %s", s)
	case f != math.Trunc(f):
		return 0, fmt.Errorf("count %s is not a whole number", s)
	case f > float64(maxPerMinute):
		return 0, errCountOverCap(s)
	}
	return uint32(f), nil
}

func errCountOverCap(s string) error {
	return fmt.Errorf("count %s is over the cap of %d invocations a minute", s, maxPerMinute)
}

// minuteTotals adds each minute's counts over all functions, to refuse at
// its row a minute whose total is over maxPerMinute: a replay holds a
// minute whole, so it could not replay it.
type minuteTotals []uint64

// add adds n to minute m and says whether the total is still within the
// cap; the error names the total and the cap.
func (t minuteTotals) add(m int, n uint32) error {
	t[m] += uint64(n)
	if t[m] > maxPerMinute {
		return fmt.Errorf("this minute totals %d invocations over all functions up to this row, over the cap of %d invocations a minute", t[m], maxPerMinute)
	}
	return nil
}

// parseNonNeg parses a finite, non-negative decimal number.
func parseNonNeg(b []byte) (float64, error) {
	f, err := strconv.ParseFloat(string(b), 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, fmt.Errorf("%q is not a number", b)
	case f < 0:
		return 0, fmt.Errorf("negative value %s", b)
	}
	return f, nil
}

// secondsToTime converts a decimal number of seconds to simulated time,
// refusing values that do not fit in an int64 of nanoseconds.
func secondsToTime(s float64) (int64, error) {
	ns := s * 1e9
	if !(math.Abs(ns) < 9e18) {
		return 0, fmt.Errorf("%v s is out of range", s)
	}
	return int64(math.Round(ns)), nil
}
