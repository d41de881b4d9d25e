// Package yamlerr reduces what goccy/go-yaml reports to what a problem
// list needs: the line a node or an error is on, and an error's message on
// one line. The price-sheet and scenario parsers share it, so that both
// report "FILE:LINE: reason" the same way.
package yamlerr
