package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"faassim/models/metrics"
)

// CSV writes one row per platform under a header: the run's own numbers
// (scenario, seed, horizon_s, warmup_s, replications), then the platform's
// name and kind, then every numeric field of the faassim/results/v1
// platform object (and saturated, true or false, and saturated_at_s, empty
// when absent) flattened with "_" (latency_ms.p99 -> latency_ms_p99), in
// the order the contract declares them, then the 95% confidence intervals
// (ci95_<metric>_lo, ci95_<metric>_hi, metrics sorted) when any platform
// has one. The latency CDF and the timeline are series, not cells: they
// stay in the JSON. NaN and Inf are refused, as JSON refuses them.
func CSV(w io.Writer, r metrics.Results) error {
	ci := ciKeys(r.Platforms)
	head := append(runColumns(), platformColumns(ci)...)
	var rows [][]string
	for i, p := range r.Platforms {
		cells, err := platformCells(p, ci)
		if err != nil {
			return fmt.Errorf("csv: platform %d (%s): %w", i, p.Name, err)
		}
		rows = append(rows, append(runCells(r), cells...))
	}
	return writeCSV(w, head, rows)
}

// SweepCSV writes one row per sweep point and platform: the parameter
// values as given ("5m"), then the same values as numbers (durations in
// seconds, in columns named PARAM_numeric) so that a spreadsheet can plot
// them, then the columns of CSV.
func SweepCSV(w io.Writer, s metrics.Sweep) error {
	var all []metrics.Platform
	for _, pt := range s.Points {
		all = append(all, pt.Results.Platforms...)
	}
	ci := ciKeys(all)
	head := append([]string(nil), s.Params...)
	for _, p := range s.Params {
		head = append(head, p+"_numeric")
	}
	head = append(head, runColumns()...)
	head = append(head, platformColumns(ci)...)
	var rows [][]string
	for i, pt := range s.Points {
		if len(pt.Values) != len(s.Params) || len(pt.Numeric) != len(s.Params) {
			return fmt.Errorf("csv: sweep point %d has %d values and %d numbers for %d parameters",
				i, len(pt.Values), len(pt.Numeric), len(s.Params))
		}
		lead := append([]string(nil), pt.Values...)
		for j, v := range pt.Numeric {
			c, err := number(v)
			if err != nil {
				return fmt.Errorf("csv: sweep point %d: %s: %w", i, s.Params[j], err)
			}
			lead = append(lead, c)
		}
		lead = append(lead, runCells(pt.Results)...)
		for _, p := range pt.Results.Platforms {
			cells, err := platformCells(p, ci)
			if err != nil {
				return fmt.Errorf("csv: sweep point %d, platform %s: %w", i, p.Name, err)
			}
			rows = append(rows, append(slices.Clone(lead), cells...))
		}
	}
	return writeCSV(w, head, rows)
}

// BreakEvenCSV writes two rows per rate, platform a then platform b, in
// long form so that monthly_cost_usd against rate_per_s plots one line per
// platform: point ("grid", or "crossing" for the interpolated crossing,
// last, when one was found), scale, rate_per_s, b_cheaper,
// monthly_diff_usd, cheaper (the platform to pick on cost among those not
// saturated, empty if both are), role ("a" or "b"), then the platform
// columns of CSV.
func BreakEvenCSV(w io.Writer, b metrics.BreakEven) error {
	points := slices.Clone(b.Points)
	kinds := slices.Repeat([]string{"grid"}, len(points))
	if b.Found {
		points = append(points, b.Crossing)
		kinds = append(kinds, "crossing")
	}
	var all []metrics.Platform
	for _, pt := range points {
		all = append(all, pt.A, pt.B)
	}
	ci := ciKeys(all)
	head := append([]string{"point", "scale", "rate_per_s", "b_cheaper", "monthly_diff_usd", "cheaper", "role"},
		platformColumns(ci)...)
	var rows [][]string
	for i, pt := range points {
		lead := []string{kinds[i]}
		for _, v := range []float64{pt.Scale, pt.RatePerS} {
			c, err := number(v)
			if err != nil {
				return fmt.Errorf("csv: break-even point %d: %w", i, err)
			}
			lead = append(lead, c)
		}
		diff, err := number(pt.MonthlyDiff)
		if err != nil {
			return fmt.Errorf("csv: break-even point %d: monthly_diff_usd: %w", i, err)
		}
		lead = append(lead, strconv.FormatBool(pt.BCheaper), diff, pt.CheaperOf(b.A, b.B))
		for _, side := range []struct {
			role string
			p    metrics.Platform
		}{{"a", pt.A}, {"b", pt.B}} {
			cells, err := platformCells(side.p, ci)
			if err != nil {
				return fmt.Errorf("csv: break-even point %d, platform %s: %w", i, side.p.Name, err)
			}
			rows = append(rows, append(append(slices.Clone(lead), side.role), cells...))
		}
	}
	return writeCSV(w, head, rows)
}

func runColumns() []string {
	return []string{"scenario", "seed", "horizon_s", "warmup_s", "month_s", "replications"}
}

func runCells(r metrics.Results) []string {
	// horizon, warm-up and month come from parsed durations: never NaN.
	h, _ := number(r.HorizonS)
	wu, _ := number(r.WarmupS)
	mo, _ := number(metrics.MonthSeconds(r.MonthS))
	return []string{r.Scenario, strconv.FormatUint(r.Seed, 10), h, wu, mo, strconv.Itoa(r.Replications)}
}

// numericField is one flattened numeric field of metrics.Platform: its
// column name and the index path to it, found once by reflection so that a
// field added to the contract appears in the CSV without a change here.
type numericField struct {
	column string
	index  []int
}

var platformFields = func() []numericField {
	var out []numericField
	var walk func(t reflect.Type, prefix string, index []int)
	walk = func(t reflect.Type, prefix string, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			idx := append(slices.Clone(index), i)
			switch f.Type.Kind() {
			case reflect.Int, reflect.Int64, reflect.Float64, reflect.Bool:
				out = append(out, numericField{prefix + name, idx})
			case reflect.Pointer:
				if f.Type.Elem().Kind() == reflect.Float64 { // saturated_at_s: empty when absent
					out = append(out, numericField{prefix + name, idx})
				}
			case reflect.Struct:
				walk(f.Type, prefix+name+"_", idx)
			}
			// Strings are the leading columns; slices, maps and pointers
			// (CDF, timeline, ci95) are not single cells.
		}
	}
	walk(reflect.TypeFor[metrics.Platform](), "", nil)
	return out
}()

func platformColumns(ci []string) []string {
	cols := []string{"platform", "kind"}
	for _, f := range platformFields {
		cols = append(cols, f.column)
	}
	for _, k := range ci {
		base := "ci95_" + strings.ReplaceAll(k, ".", "_")
		cols = append(cols, base+"_lo", base+"_hi")
	}
	return cols
}

func platformCells(p metrics.Platform, ci []string) ([]string, error) {
	cells := []string{p.Name, p.Kind}
	v := reflect.ValueOf(p)
	for _, f := range platformFields {
		fv := v.FieldByIndex(f.index)
		switch {
		case fv.CanInt():
			cells = append(cells, strconv.FormatInt(fv.Int(), 10))
			continue
		case fv.Kind() == reflect.Bool:
			cells = append(cells, strconv.FormatBool(fv.Bool()))
			continue
		case fv.Kind() == reflect.Pointer:
			if fv.IsNil() {
				cells = append(cells, "")
				continue
			}
			fv = fv.Elem()
		}
		c, err := number(fv.Float())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.column, err)
		}
		cells = append(cells, c)
	}
	for _, k := range ci {
		iv, ok := p.CI95[k]
		if !ok {
			cells = append(cells, "", "") // this platform has no interval for k
			continue
		}
		for _, x := range iv {
			c, err := number(x)
			if err != nil {
				return nil, fmt.Errorf("ci95 %s: %w", k, err)
			}
			cells = append(cells, c)
		}
	}
	return cells, nil
}

// ciKeys is the sorted union of the platforms' interval names: a CSV needs
// one header for all rows, and sorting keeps it stable.
func ciKeys(ps []metrics.Platform) []string {
	var keys []string
	for _, p := range ps {
		for k := range p.CI95 {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// number formats v in full precision without an exponent, the form every
// spreadsheet and CSV reader parses.
func number(v float64) (string, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "", fmt.Errorf("value %v cannot be written", v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64), nil
}

// writeCSV writes everything or nothing: the rows are checked before the
// first byte goes out, and a write error is returned.
func writeCSV(w io.Writer, head []string, rows [][]string) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write(head) // cannot fail: it writes to a bytes.Buffer
	cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
