package reports

import (
	"math"
	"strconv"
	"strings"

	"faassim/models/metrics"
)

// grouped formats v with decimals digits after the point and commas between
// thousands ("12,345.68"): counts and dollars in a table are read by their
// magnitude first.
func grouped(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + frac
}

// count formats an integer count with thousands separators.
func count(n int64) string { return grouped(float64(n), 0) }

// sig3 formats v rounded to three significant digits, never in exponent
// form ("0.0123", "4.57", "45.7", "457", "4,570"):
// a latency is not known to better than the sketch's 1% anyway.
func sig3(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	mag := math.Floor(math.Log10(math.Abs(v)))
	scale := math.Pow(10, 2-mag)
	r := math.Round(v*scale) / scale
	// Rounding can carry into a new digit (9.996 -> 10.0): recount.
	mag = math.Floor(math.Log10(math.Abs(r)))
	return grouped(r, max(0, int(2-mag)))
}

// percent formats a ratio as a percentage with two decimals.
func percent(ratio float64) string { return strconv.FormatFloat(100*ratio, 'f', 2, 64) }

// span formats seconds as a Go duration without zero tails
// (metrics.ShortDuration), counting whole days from two days on: a
// two-week replay reads "14d1h", not "337h".
func span(seconds float64) string {
	const day = 86400
	if seconds < 2*day {
		return metrics.ShortDuration(seconds)
	}
	days := math.Floor(seconds / day)
	out := strconv.FormatFloat(days, 'f', 0, 64) + "d"
	if rest := seconds - days*day; rest > 0 {
		out += metrics.ShortDuration(rest)
	}
	return out
}
