package reports

import (
	"faassim/internal/printable"
	"faassim/models/metrics"
)

// The renderers for people (text, Markdown, HTML) first escape every string
// of what they show (printable.All): a scenario, platform or function name,
// from a scenario, a trace or a results file, may hold a newline, a tab or
// an escape sequence, which would break a table row or take over the
// terminal. Descriptions keep their newlines (they are paragraphs). CSV
// and JSON carry names exactly: their own quoting keeps a row a row, and a
// program reading them needs the name as it is.

func shownResults(r metrics.Results) metrics.Results {
	d := r.Description
	r = printable.All(r)
	r.Description = printable.Paragraph(d)
	return r
}

func shownSweep(s metrics.Sweep) metrics.Sweep {
	orig := s.Points
	s = printable.All(s)
	for i := range s.Points {
		s.Points[i].Results.Description = printable.Paragraph(orig[i].Results.Description)
	}
	return s
}

func shownBreakEven(b metrics.BreakEven) metrics.BreakEven { return printable.All(b) }

// shown escapes the context's strings as shownResults does.
func (ctx Context) shown() Context {
	d := ctx.Description
	ctx = printable.All(ctx)
	ctx.Description = printable.Paragraph(d)
	return ctx
}
