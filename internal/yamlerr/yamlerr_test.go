package yamlerr

import (
	"errors"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

func TestSplit(t *testing.T) {
	_, err := parser.ParseBytes([]byte("a: 1\nb: [2\n"), 0)
	if err == nil {
		t.Fatal("no parse error")
	}
	line, msg := Split(err)
	if line != 2 || msg == "" || strings.Contains(msg, "\n") {
		t.Errorf("Split = %d, %q; want line 2 and a one-line message (error was %q)", line, msg, err)
	}
	if line, msg := Split(errors.New("disk full")); line != 0 || msg != "disk full" {
		t.Errorf("a plain error: %d, %q", line, msg)
	}
}

func TestLineAndOffset(t *testing.T) {
	f, err := parser.ParseBytes([]byte("a: 1\nbb: 2\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := f.Docs[0].Body.(*ast.MappingNode)
	second := m.Values[1].Key
	if Line(second) != 2 || Offset(second) <= Offset(m.Values[0].Key) {
		t.Errorf("bb: line %d offset %d; a: offset %d", Line(second), Offset(second), Offset(m.Values[0].Key))
	}
	if Line(nil) != 0 || Offset(nil) != 0 {
		t.Error("nil node has a position")
	}
}
