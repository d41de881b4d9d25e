package yamlerr

import (
	"errors"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// Split returns the line of a goccy error and its one-line message (its
// Error() embeds a multi-line source excerpt). Another error gives line 0
// and its Error().
func Split(err error) (line int, msg string) {
	var ye yaml.Error
	if errors.As(err, &ye) {
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			line = tk.Position.Line
		}
		return line, ye.GetMessage()
	}
	return 0, err.Error()
}

// Line returns the 1-based line a node starts on, or 0 when it has no
// position (nil, or a node built in code).
func Line(n ast.Node) int {
	if n == nil {
		return 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

// Offset returns a node's byte offset in its document, or 0 when it has
// no position: it orders nodes written on one line.
func Offset(n ast.Node) int {
	if n == nil {
		return 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Offset
	}
	return 0
}
