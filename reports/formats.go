package reports

import (
	"fmt"
	"io"
	"strings"

	"faassim/models/metrics"
)

// Formats lists the output formats of every report, in the order help
// text names them: results, sweeps and break-even searches render in each.
var Formats = []string{"text", "json", "markdown", "csv", "html"}

// FormatList is Formats for help and errors: "text, json, markdown, csv or
// html".
func FormatList() string {
	return strings.Join(Formats[:len(Formats)-1], ", ") + " or " + Formats[len(Formats)-1]
}

// CheckFormat returns nil when name is one of Formats, else an error that
// lists them.
func CheckFormat(name string) error {
	for _, f := range Formats {
		if f == name {
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(Formats, ", "))
}

// ForFormat returns the renderer of results named by a --format value.
func ForFormat(name string) (func(io.Writer, metrics.Results, Context) error, error) {
	return pick(name, map[string]func(io.Writer, metrics.Results, Context) error{
		"text":     func(w io.Writer, r metrics.Results, _ Context) error { return Text(w, r) },
		"json":     func(w io.Writer, r metrics.Results, _ Context) error { return JSON(w, r) },
		"markdown": Markdown,
		"csv":      func(w io.Writer, r metrics.Results, _ Context) error { return CSV(w, r) },
		"html":     HTML,
	})
}

// SweepForFormat returns the renderer of a sweep named by a --format value.
func SweepForFormat(name string) (func(io.Writer, metrics.Sweep, Context) error, error) {
	return pick(name, map[string]func(io.Writer, metrics.Sweep, Context) error{
		"text":     func(w io.Writer, s metrics.Sweep, _ Context) error { return SweepText(w, s) },
		"json":     func(w io.Writer, s metrics.Sweep, _ Context) error { return SweepJSON(w, s) },
		"markdown": SweepMarkdown,
		"csv":      func(w io.Writer, s metrics.Sweep, _ Context) error { return SweepCSV(w, s) },
		"html":     SweepHTML,
	})
}

// BreakEvenForFormat returns the renderer of a break-even search named by a
// --format value.
func BreakEvenForFormat(name string) (func(io.Writer, metrics.BreakEven, Context) error, error) {
	return pick(name, map[string]func(io.Writer, metrics.BreakEven, Context) error{
		"text":     func(w io.Writer, b metrics.BreakEven, _ Context) error { return BreakEvenText(w, b) },
		"json":     func(w io.Writer, b metrics.BreakEven, _ Context) error { return BreakEvenJSON(w, b) },
		"markdown": BreakEvenMarkdown,
		"csv":      func(w io.Writer, b metrics.BreakEven, _ Context) error { return BreakEvenCSV(w, b) },
		"html":     BreakEvenHTML,
	})
}

// pick checks name against Formats and returns its renderer; every kind of
// report has one for each format (TestEveryFormatRenders).
func pick[F any](name string, byName map[string]F) (F, error) {
	var none F
	if err := CheckFormat(name); err != nil {
		return none, err
	}
	return byName[name], nil
}
