package reports

// Keeps the modules of the reports issue in go.mod until their first real
// use; delete this file once charts and the HTML tests import them.
import (
	_ "golang.org/x/net/html"
	_ "gonum.org/v1/plot"
)
