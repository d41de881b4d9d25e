package limits

import (
	"fmt"
	"io"
	"math"
	"os"
)

// YAMLBytesPerByte is the most memory goccy/go-yaml needs per byte of input
// while parsing (measured: about 400 bytes a byte for a flow list of
// numbers, 220 for block lists and mappings), rounded up. A YAML input may
// therefore be at most a thousandth of the memory bound: 1 MB by default.
const YAMLBytesPerByte = 1000

// JSONBytesPerByte bounds the memory a results file needs per byte while
// it is read and decoded into results (the file itself, then its numbers as
// float64s, 8 bytes for as little as 2 bytes of JSON, and the strings),
// rounded up: a results file may be a tenth of the memory bound, 100 MB by
// default.
const JSONBytesPerByte = 10

// minInput is the smallest size cap, whatever the bound: every example and
// price sheet fits it many times over.
const minInput = 64 << 10

// Input is a kind of input file and its caps, checked before any parser
// sees it.
type Input struct {
	What     string // "scenario file", "--set value", "price sheet", "results file"
	MaxBytes int64  // negative: no size cap
	MaxDepth int
	// MaxDocs is how many YAML documents it may hold: 1 (the parser takes
	// time growing with the square of the documents: 23 s for 110,000).
	MaxDocs int
	// Docs says what to write instead of more documents, for messages:
	// "write the sheets as one list".
	Docs string
	// Lift says how to get past the size cap: "raise --max-memory (now
	// 1GB, the default) to read it" unless set otherwise.
	Lift    string
	perByte int
}

// YAMLInput returns the caps of a YAML input under budget b: a thousandth
// of the memory bound (at least 64 KB) and MaxDepth.
func YAMLInput(what string, b Budget) Input {
	return input(what, b, YAMLBytesPerByte)
}

// JSONInput returns the caps of a JSON input under budget b: a tenth of the
// memory bound and MaxDepth.
func JSONInput(what string, b Budget) Input {
	return input(what, b, JSONBytesPerByte)
}

func input(what string, b Budget, perByte int) Input {
	in := Input{What: what, MaxBytes: -1, MaxDepth: MaxDepth, MaxDocs: 1, perByte: perByte, Lift: "raise " + b.MemoryFlag() + " to read it"}
	if m := b.Memory(); !math.IsInf(m, 1) {
		in.MaxBytes = max(int64(m)/int64(perByte), minInput)
	}
	return in
}

// Error is an input refused by its caps, with the line where the depth
// went over (0 for a size).
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// sizeOf writes size against the cap: rounded, or in bytes when rounding
// would make the two look equal.
func (in Input) sizeOf(size int64) string {
	if FormatSize(float64(size)) == FormatSize(float64(in.MaxBytes)) {
		return groupDigits(size) + " bytes"
	}
	return FormatSize(float64(size))
}

// capOf writes the cap as sizeOf writes size.
func (in Input) capOf(size string) string {
	if len(size) > 6 && size[len(size)-6:] == " bytes" {
		return groupDigits(in.MaxBytes) + " bytes"
	}
	return FormatSize(float64(in.MaxBytes))
}

// tooLarge says that size (a string: "2.1MB", or "over 1MB" when only a
// bound is known) is over the cap.
func (in Input) tooLarge(size string) *Error {
	return &Error{Msg: fmt.Sprintf("%s is more than the %s a %s may be (reading it needs up to %d bytes of memory a byte): %s",
		size, in.capOf(size), in.What, in.perByte, in.Lift)}
}

func (in Input) tooDeep(line int) *Error {
	return &Error{Line: line, Msg: fmt.Sprintf("nested more than %d deep: a %s nests a few levels; this looks generated or hostile (parsing it would need memory growing with the square of its depth)",
		in.MaxDepth, in.What)}
}

// controlLine is the line (from 1) of the first C0 control character or
// DEL other than tab, LF and CR, or 0 when there is none.
func controlLine(data []byte) int {
	line := 1
	for _, b := range data {
		switch {
		case b == '\n':
			line++
		case b == '\t' || b == '\r':
		case b < 0x20 || b == 0x7f:
			return line
		}
	}
	return 0
}

// CheckYAML refuses YAML data over the size cap, nested deeper than
// MaxDepth, with a mapping of more than MaxKeys keys or more than MaxDocs
// documents, in one linear pass, before any parser sees it.
func (in Input) CheckYAML(data []byte) *Error {
	if in.MaxBytes >= 0 && int64(len(data)) > in.MaxBytes {
		return in.tooLarge(in.sizeOf(int64(len(data))))
	}
	if line := controlLine(data); line > 0 {
		// YAML 1.2 allows no C0 control character but tab, LF and CR
		// (c-printable, yaml.org/spec/1.2.2 5.1); the parser reads some of
		// them as structure the scan does not see.
		return &Error{Line: line, Msg: fmt.Sprintf("a control character: a %s is YAML text, which has none but tab and line ends", in.What)}
	}
	s := scanYAML(data, in.MaxDepth, MaxKeys)
	line, manyKeys := s.deepAt, s.manyKeys
	n := min(max(in.MaxDocs, 1), maxDocLines-1) // the documents allowed; the next one's line is kept
	switch {
	case s.docs > n && (line == 0 || s.docLines[n] < line):
		found := FormatCount(float64(s.docs))
		if line > 0 {
			found = "at least " + found // the scan stopped at a later problem
		}
		if n == 1 {
			return &Error{Line: s.docLines[n], Msg: fmt.Sprintf("a %s holds one YAML document, found %s", in.What, found)}
		}
		msg := fmt.Sprintf("a %s holds at most %d YAML documents, found %s", in.What, n, found)
		if in.Docs != "" {
			msg += ": " + in.Docs
		}
		return &Error{Line: s.docLines[n], Msg: msg}
	case manyKeys:
		return &Error{Line: line, Msg: fmt.Sprintf("a mapping with more than %s keys: a %s's mappings have a few; this looks generated or hostile (parsing it would take time growing with the square of its keys)",
			FormatCount(MaxKeys), in.What)}
	case line > 0:
		return in.tooDeep(line)
	}
	return nil
}

// CheckJSON is CheckYAML for JSON data.
func (in Input) CheckJSON(data []byte) *Error {
	if in.MaxBytes >= 0 && int64(len(data)) > in.MaxBytes {
		return in.tooLarge(in.sizeOf(int64(len(data))))
	}
	if line := jsonDepth(data, in.MaxDepth); line > 0 {
		return in.tooDeep(line)
	}
	return nil
}

// ReadFile reads path, refusing a file over the size cap without reading
// more than one byte past it (a 10 GB file costs nothing to refuse). The
// error names the file.
func (in Input) ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // already "open PATH: reason"
	}
	defer f.Close()
	if in.MaxBytes < 0 {
		return io.ReadAll(f)
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > in.MaxBytes {
		return nil, fmt.Errorf("%s: %w", path, in.tooLarge(in.sizeOf(st.Size())))
	}
	data, err := io.ReadAll(io.LimitReader(f, in.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > in.MaxBytes {
		// A pipe or a device: its size is known only once read.
		return nil, fmt.Errorf("%s: %w", path, in.tooLarge("what it holds"))
	}
	return data, nil
}
