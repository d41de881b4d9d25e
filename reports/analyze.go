package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"faassim/models/metrics"
)

// AnalysisFormats are the formats `faassim analyze` renders in.
var AnalysisFormats = []string{"text", "json", "markdown"}

// AnalysisForFormat returns the renderer of an analysis named by a
// --format value.
func AnalysisForFormat(name string) (func(io.Writer, metrics.Analysis) error, error) {
	switch name {
	case "text":
		return AnalysisText, nil
	case "json":
		return AnalysisJSON, nil
	case "markdown":
		return AnalysisMarkdown, nil
	}
	return nil, fmt.Errorf("unknown format %q for an analysis (known: %s)", name, strings.Join(AnalysisFormats, ", "))
}

// AnalysisJSON writes an analysis as JSON (schema faassim/analyze/v1).
func AnalysisJSON(w io.Writer, a metrics.Analysis) error { return writeJSON(w, a) }

// analysisHead are the columns of a platform's table.
func analysisHead(a metrics.Analysis) []string {
	h := []string{"metric", "analytic", "simulated"}
	if a.Replications > 1 {
		h = append(h, "95% interval")
	}
	return append(h, "difference")
}

// analysisRows are a platform's rows: every quantity the simulation
// measured, the model's value beside it when a model fits, and the
// difference (simulated - analytic) / analytic.
func analysisRows(a metrics.Analysis, p metrics.AnalyzedPlatform) [][]string {
	var rows [][]string
	for _, k := range metrics.FigureKeys {
		sim, ok := p.Simulated.Get(k.Key)
		if !ok {
			continue
		}
		an, diff := "-", "-"
		if p.Analytic != nil {
			if v, ok := p.Analytic.Get(k.Key); ok {
				an, diff = sig4(v), relDiff(sim, v)
			}
		}
		row := []string{k.Label, an, sig4(sim)}
		if a.Replications > 1 {
			ci := "-"
			if iv, ok := p.SimulatedCI95[k.Key]; ok {
				ci = "[" + sig4(iv[0]) + ", " + sig4(iv[1]) + "]"
			}
			row = append(row, ci)
		}
		rows = append(rows, append(row, diff))
	}
	return rows
}

// modelLine says which model fits the platform, and why, or why none does.
func modelLine(p metrics.AnalyzedPlatform) string {
	if !p.Fits {
		return "no analytic model fits: " + p.Why
	}
	return "model " + p.Model + ": " + p.Why
}

// AnalysisText writes an analysis for a terminal: per platform, the model
// (or why none fits), a table of analytic against simulated figures, and
// what the model leaves out.
func AnalysisText(w io.Writer, a metrics.Analysis) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "scenario %s  seed %d  %s\n", a.Scenario, a.Seed, replicationsText(a.Replications))
	for _, p := range a.Platforms {
		fmt.Fprintf(&buf, "\nplatform %s\n  %s\n\n", p.Name, modelLine(p))
		writeAligned(&buf, "", append([][]string{analysisHead(a)}, analysisRows(a, p)...), 1)
		for _, n := range p.Notes {
			fmt.Fprintf(&buf, "  note: %s\n", n)
		}
	}
	buf.WriteString("\n")
	buf.WriteString(analysisFooter(a))
	_, err := w.Write(buf.Bytes())
	return err
}

// AnalysisMarkdown writes an analysis as Markdown: a section per platform.
func AnalysisMarkdown(w io.Writer, a metrics.Analysis) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Analytic models against the simulation: %s\n\n", mdText(a.Scenario))
	fmt.Fprintf(&buf, "Seed %d, %s.\n\n", a.Seed, replicationsText(a.Replications))
	for _, p := range a.Platforms {
		fmt.Fprintf(&buf, "## %s\n\n%s\n\n", mdText(p.Name), mdText(modelLine(p)))
		mdTable(&buf, analysisHead(a), analysisRows(a, p), 1)
		for _, n := range p.Notes {
			fmt.Fprintf(&buf, "- %s\n", mdText(n))
		}
		if len(p.Notes) > 0 {
			buf.WriteString("\n")
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(analysisFooter(a), "\n"), "\n") {
		fmt.Fprintf(&buf, "%s\n\n", mdText(line))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func analysisFooter(a metrics.Analysis) string {
	s := "difference is (simulated - analytic) / analytic; the analytic figures are steady-state means, the simulated ones cover the window after the warm-up\n"
	if a.Replications > 1 {
		s += fmt.Sprintf("simulated figures are the mean of %d replications; the interval is Student t's 95%% over them\n", a.Replications)
	} else {
		// A difference alone cannot tell a model's bias from the run's noise.
		s += "one replication: no interval to tell a difference from noise; run 2 or more (--replications) for 95% intervals\n"
	}
	return s
}

// replicationsText is "1 replication" or "N replications".
func replicationsText(n int) string {
	if n == 1 {
		return "1 replication"
	}
	return count(int64(n)) + " replications" // "10,000 replications"
}

// sig4 prints v with four significant digits, without an exponent (0.001186,
// 7.605, 251.4) down to a millionth, with one below (6.324e-21: a model's
// vanishing probability would otherwise print two dozen zeros), and whole
// numbers from 1,000 up grouped.
func sig4(v float64) string {
	switch {
	case v == 0:
		return "0"
	case math.Abs(v) >= 1000:
		return grouped(v, 0)
	case math.Abs(v) < 1e-6:
		return strconv.FormatFloat(v, 'e', 3, 64)
	}
	decimals := max(0, 3-int(math.Floor(math.Log10(math.Abs(v)))))
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// relDiff is (sim - model) / model in percent, signed; "-" when the model
// predicts 0 and the simulation does not (no ratio to speak of).
func relDiff(sim, model float64) string {
	if model == 0 {
		if sim == 0 {
			return "0%"
		}
		return "-"
	}
	return fmt.Sprintf("%+.1f%%", 100*(sim-model)/model)
}
