// Package textfile bounds the lines of the user's small text inputs (price
// sheets; the trace readers report theirs the same way): a line over its
// cap is refused, naming the file and the line, before any parser sees it.
package textfile
