package validation

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"
)

// Formats are the renderings of a Report.
var Formats = []string{"text", "json", "markdown"}

// Render writes r in format (one of Formats).
func Render(w io.Writer, r Report, format string) error {
	switch format {
	case "text":
		return Text(w, r)
	case "json":
		return JSON(w, r)
	case "markdown":
		return Markdown(w, r)
	}
	return fmt.Errorf("unknown format %q: want %s", format, strings.Join(Formats, ", "))
}

// JSON writes the faassim/validate/v1 document: the same cases give the
// same keys, and the same run the same bytes.
func JSON(w io.Writer, r Report) error {
	r.Schema = Schema
	if r.Outcomes == nil {
		r.Outcomes = []Outcome{}
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Count is n and the noun, plural but for one ("1 case", "3 cases").
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Summary is the one-line verdict.
func Summary(r Report) string {
	var b strings.Builder
	verdict := "PASS"
	if r.Failed > 0 {
		verdict = "FAIL"
	}
	fmt.Fprintf(&b, "%s: %s passed, %d failed, %d for information, in %s", verdict, Count(r.Passed, "check"), r.Failed, r.Info, Count(len(r.Outcomes), "case"))
	if r.Skipped > 0 {
		fmt.Fprintf(&b, "; %s skipped (--short)", Count(r.Skipped, "slow case"))
	}
	if r.Elapsed > 0 {
		fmt.Fprintf(&b, "; %.1f s", r.Elapsed.Round(100*time.Millisecond).Seconds())
	}
	return b.String()
}

func num(v float64) string {
	switch {
	case v == 0:
		return "0"
	case math.Abs(v) >= 1e6 && math.Abs(v) < 1e12:
		return fmt.Sprintf("%.8g", v)
	case math.Abs(v) >= 1e6 || math.Abs(v) < 1e-4:
		return fmt.Sprintf("%.4g", v)
	}
	return fmt.Sprintf("%.6g", v)
}

// value is faassim's value with its standard error.
func value(c Check) string {
	if c.Status != Info && c.Error.Kind == "" {
		return "-"
	}
	if c.SE > 0 {
		return num(c.Value) + " ± " + fmt.Sprintf("%.2g", c.SE)
	}
	return num(c.Value)
}

func reference(c Check) string {
	if c.Status == Info || c.Error.Kind == "" {
		return "-"
	}
	return num(c.Reference)
}

// errorText is the error in its kind's unit.
func errorText(c Check) string {
	if c.Status == Info || c.Error.Kind == "" {
		return "-"
	}
	return amount(c.Error.Kind, c.Error.Value)
}

// toleranceText is the tolerance's number in the error's unit.
func toleranceText(c Check) string {
	if c.Status == Info || c.Error.Kind == "" {
		return "-"
	}
	return "≤ " + amount(c.Error.Kind, c.Tolerance.Value)
}

func amount(kind string, v float64) string {
	switch kind {
	case Relative:
		return fmt.Sprintf("%.3g%%", 100*v)
	case StdErrs:
		return fmt.Sprintf("%.2f se", v)
	}
	return num(v)
}

// Text writes one table, a row per check, then each case's reference in
// words with its source and its checks' tolerances, then the summary.
func Text(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tcheck\treference\tfaassim\terror\ttolerance\tstatus")
	for _, o := range r.Outcomes {
		for i, c := range o.Checks {
			name := o.Name
			if i > 0 {
				name = ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, c.Metric, reference(c), value(c), errorText(c), toleranceText(c), c.Status)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nReferences:")
	for _, o := range r.Outcomes {
		fmt.Fprintf(w, "  %s: %s. Source: %s.\n", o.Name, o.Reference, o.Source)
		for _, t := range tolerances(o) {
			fmt.Fprintf(w, "      %s\n", t)
		}
	}
	_, err := fmt.Fprintf(w, "\n%s\n", Summary(r))
	return err
}

// tolerances lists a case's distinct tolerance words, with the checks that
// use them.
func tolerances(o Outcome) []string {
	var order []string
	metrics := map[string][]string{}
	for _, c := range o.Checks {
		if _, ok := metrics[c.Tolerance.Words]; !ok {
			order = append(order, c.Tolerance.Words)
		}
		metrics[c.Tolerance.Words] = append(metrics[c.Tolerance.Words], c.Metric)
	}
	var out []string
	for _, words := range order {
		switch {
		case words == "":
		case len(order) == 1 && len(o.Checks) > 1:
			out = append(out, "every check: "+words)
		case len(metrics[words]) > 3:
			// Many checks under one rule (one per platform or example):
			// their count and the first, rather than a wall of names.
			out = append(out, fmt.Sprintf("%d checks (%s, ...): %s", len(metrics[words]), metrics[words][0], words))
		default:
			out = append(out, strings.Join(metrics[words], "; ")+": "+words)
		}
	}
	return out
}

// Markdown writes the table for a pull request or a report, the references
// below it.
func Markdown(w io.Writer, r Report) error {
	fmt.Fprintf(w, "## faassim validate\n\n**%s**\n\n", Summary(r))
	fmt.Fprintln(w, "| case | check | reference | faassim | error | tolerance | status |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---|")
	for _, o := range r.Outcomes {
		for i, c := range o.Checks {
			name := "`" + o.Name + "`"
			if i > 0 {
				name = ""
			}
			st := c.Status
			if st == Fail {
				st = "**fail**"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", name, md(c.Metric), reference(c), value(c), errorText(c), toleranceText(c), st)
		}
	}
	fmt.Fprintln(w, "\n### References")
	fmt.Fprintln(w)
	for _, o := range r.Outcomes {
		fmt.Fprintf(w, "- `%s`: %s. Source: %s.", o.Name, md(o.Reference), md(o.Source))
		for _, t := range tolerances(o) {
			fmt.Fprintf(w, " Tolerance: %s.", md(t))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// md keeps a table cell one cell.
func md(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
