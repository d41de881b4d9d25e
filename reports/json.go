package reports

import (
	"bytes"
	"encoding/json"
	"io"

	"faassim/models/metrics"
)

// JSON writes r as indented JSON (two spaces) followed by a newline: the
// faassim/results/v1 contract (metrics.Results). Nothing is written if r
// cannot be encoded, and a write error is returned.
func JSON(w io.Writer, r metrics.Results) error { return writeJSON(w, r) }

// SweepJSON writes a sweep as JSON (schema faassim/sweep/v1), like JSON.
func SweepJSON(w io.Writer, s metrics.Sweep) error { return writeJSON(w, s) }

// BreakEvenJSON writes a break-even search as JSON (schema
// faassim/breakeven/v1), like JSON.
func BreakEvenJSON(w io.Writer, b metrics.BreakEven) error { return writeJSON(w, b) }

func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Scenario and platform names are not HTML; keep "&" as "&", not \u0026.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // Encode ends with the newline
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
