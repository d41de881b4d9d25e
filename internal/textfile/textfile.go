// Package textfile reads the user's small text inputs (price sheets,
// results files) with bounds checked before anything parses them: a file
// over its size cap or with a line over its line cap is refused, naming
// the file and the line, without being read whole.
package textfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// LineError is a line over a reader's cap: "file:line: line longer than N
// bytes". The trace readers report their own cap the same way.
type LineError struct {
	File string
	Line int
	Max  int
}

func (e *LineError) Error() string {
	return fmt.Sprintf("%s:%d: line longer than %d bytes", e.File, e.Line, e.Max)
}

// SizeError is a file over a reader's size cap.
type SizeError struct {
	File string
	Max  int64
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("%s: larger than %d bytes", e.File, e.Max)
}

// Read returns the contents of path, refusing a file over maxBytes or one
// with a line over maxLine bytes (its newline aside). At most maxBytes+1
// bytes are ever held.
func Read(path string, maxBytes int64, maxLine int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
		if size > maxBytes { // refused without reading a byte
			return nil, &SizeError{File: path, Max: maxBytes}
		}
	}
	return readFrom(path, f, size, maxBytes, maxLine)
}

// ReadFrom is Read of an open reader; name labels the errors.
func ReadFrom(name string, r io.Reader, maxBytes int64, maxLine int) ([]byte, error) {
	return readFrom(name, r, -1, maxBytes, maxLine)
}

// readFrom reads r whole within maxBytes; size, when known (>= 0), sizes
// the buffer once instead of doubling it.
func readFrom(name string, r io.Reader, size, maxBytes int64, maxLine int) ([]byte, error) {
	var buf bytes.Buffer
	if size >= 0 {
		buf.Grow(int(size) + bytes.MinRead) // ReadFrom wants MinRead spare to see EOF
	}
	n, err := buf.ReadFrom(io.LimitReader(r, maxBytes+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, err // already "read FILE: reason"
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if n > maxBytes {
		return nil, &SizeError{File: name, Max: maxBytes}
	}
	data := buf.Bytes()
	if line := LongLine(data, maxLine); line > 0 {
		return nil, &LineError{File: name, Line: line, Max: maxLine}
	}
	return data, nil
}

// LongLine returns the number (from 1) of the first line of data longer
// than maxLine bytes, "\r\n" or "\n" aside, or 0 when there is none.
func LongLine(data []byte, maxLine int) int {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxLine+2) // room for the "\r\n" the line may end in
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSuffix(sc.Bytes(), []byte("\r"))) > maxLine {
			return line
		}
	}
	if sc.Err() != nil { // bufio.ErrTooLong: the line after the last scanned
		return line + 1
	}
	return 0
}
