package textfile

import (
	"bufio"
	"bytes"
	"fmt"
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
