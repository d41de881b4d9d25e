package trace

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// splitReference is the line splitter before its byte-loop fast path:
// bytes.Split on commas, each field trimmed of (Unicode) spaces and of a
// pair of enclosing quotes. lineReader.next must split every line alike.
func splitReference(line []byte) [][]byte {
	var out [][]byte
	for _, f := range bytes.Split(line, []byte{','}) {
		f = bytes.TrimSpace(f)
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			f = f[1 : len(f)-1]
		}
		out = append(out, f)
	}
	return out
}

func checkSplit(t *testing.T, line string) {
	t.Helper()
	if strings.ContainsAny(line, "\r\n") || len(bytes.TrimSpace([]byte(line))) == 0 {
		return // one non-blank line at a time
	}
	got, err := newLineReader("t.csv", strings.NewReader(line+"\n")).next()
	if err != nil {
		if err == io.EOF {
			t.Fatalf("%q: EOF", line)
		}
		return // over a stated limit: not a split
	}
	want := splitReference([]byte(line))
	if len(got) != len(want) {
		t.Fatalf("%q: %d fields, want %d", line, len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("%q: field %d is %q, want %q", line, i, got[i], want[i])
		}
	}
}

func TestLineReaderSplitsAsReference(t *testing.T) {
	for _, line := range []string{
		"a,b,c", "0,0,12,0", ",", "a,", ",a", ",,,", `"x",y`, `"",""`, `"`, `" q "`,
		" a , b ", "\ta\t,\vb", "\u00a0a\u00a0,b\u2003", "\x85x", "x\x7f,\x7f", `"a"b"`, "é,ü ,\u3000",
	} {
		checkSplit(t, line)
	}
}

// FuzzLineReaderSplit holds the splitter to the reference on any line.
func FuzzLineReaderSplit(f *testing.F) {
	for _, s := range []string{"a,b", "0,1,2", ` "x" ,y`, "\u00a0,\u2003a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) { checkSplit(t, line) })
}
