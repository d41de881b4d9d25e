package trace

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
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

// lineReader splits a comma-separated file into fields without allocating
// per row: the trace files are large (an Azure 2019 day is 1,444 columns by
// tens of thousands of rows) and encoding/csv allocates a string per field.
// Fields may be wrapped in double quotes, but a quoted field may not contain
// a comma: none of the supported formats needs one.
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

// next returns the fields of the next non-blank line, or io.EOF. The
// slices are valid until the following call.
func (l *lineReader) next() ([][]byte, error) {
	for {
		line, err := l.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			l.buf = append(l.buf[:0], line...)
			for err == bufio.ErrBufferFull {
				line, err = l.r.ReadSlice('\n')
				l.buf = append(l.buf, line...)
			}
			line = l.buf
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s:%d: %w", l.name, l.line+1, err)
		}
		if len(line) == 0 && err == io.EOF {
			return nil, io.EOF
		}
		l.line++
		line = bytes.TrimRight(line, "\r\n")
		if len(bytes.TrimSpace(line)) == 0 {
			if err == io.EOF {
				return nil, io.EOF
			}
			continue
		}
		l.fields = l.fields[:0]
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				l.fields = append(l.fields, unquote(line))
				break
			}
			l.fields = append(l.fields, unquote(line[:i]))
			line = line[i+1:]
		}
		return l.fields, nil
	}
}

func unquote(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		return b[1 : len(b)-1]
	}
	return b
}

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

// parseCount parses a non-negative integer count. It accepts "12" and
// "12.0" (pandas writes counts as floats) and, when nanIsZero, "NaN" and ""
// as 0 (the Huawei release leaves idle minutes empty or NaN). The fast
// path handles plain digits without strconv.
func parseCount(b []byte, nanIsZero bool) (uint32, error) {
	var n uint64
	for i, c := range b {
		if c < '0' || c > '9' {
			return parseCountSlow(b, i, nanIsZero)
		}
		n = n*10 + uint64(c-'0')
		if n > math.MaxUint32 {
			return 0, errors.New("count too large")
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
	case f > math.MaxUint32:
		return 0, errors.New("count too large")
	}
	return uint32(f), nil
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
