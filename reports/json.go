package reports

import (
	"bytes"
	"encoding/json"
	"io"

	"faassim/models/metrics"
)

// JSON writes r as indented JSON (two spaces) followed by a newline: the
// faassim/results/v1 contract of DESIGN.md section 7. Nothing is written if
// r cannot be encoded, and a write error is returned.
func JSON(w io.Writer, r metrics.Results) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Scenario and platform names are not HTML; keep "&" as "&", not \u0026.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil { // Encode ends with the newline
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
