package playground

import (
	"math"
	"strconv"
	"strings"

	"faassim/models/metrics"
)

// Numbers in explanations are written for a student, not a parser: two
// significant digits are enough to see a trade-off, and more are added only
// where two numbers compared would otherwise read the same.

// sig formats x with n significant digits and no exponent ("0.0025",
// "55", "1,910").
func sig(x float64, n int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	mag := int(math.Floor(math.Log10(math.Abs(x))))
	if mag < -4 || mag > 15 {
		// 0.0000000000000000000767 reads as zero; 7.67e-20 does not.
		return strconv.FormatFloat(x, 'g', n, 64)
	}
	decimals := max(n-1-mag, 0)
	r := math.Pow(10, float64(decimals))
	v := math.Round(x*r) / r
	if decimals == 0 {
		return thousands(strconv.FormatFloat(v, 'f', 0, 64))
	}
	return strings.TrimRight(strings.TrimRight(strconv.FormatFloat(v, 'f', decimals, 64), "0"), ".")
}

// thousands puts commas in the integer part of a formatted number.
func thousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// pct formats a ratio (0..1) as a percent with two significant digits:
// 0.0025 -> "0.25%", 0.549 -> "55%".
func pct(x float64) string { return pctN(x, 2) }

func pctN(x float64, n int) string {
	if x == 0 {
		return "0%"
	}
	// A student reads "one in a million" better than a row of zeros.
	if x > 0 && x < 1e-6 {
		return "under 0.0001%"
	}
	return sig(100*x, n) + "%"
}

// pctPair formats two ratios with as many significant digits (2 to 4) as
// it takes for them to read differently, when they differ.
func pctPair(a, b float64) (string, string) {
	for n := 2; n < 4; n++ {
		if x, y := pctN(a, n), pctN(b, n); x != y || a == b {
			return x, y
		}
	}
	return pctN(a, 4), pctN(b, 4)
}

// money formats US dollars: "$12.34", "$1,234.56"; below ten cents, two
// significant digits ("$0.053", "$0.0023"), so small costs still compare.
func money(x float64) string {
	if x != 0 && math.Abs(x) < 0.1 {
		return "$" + sig(x, 2)
	}
	return "$" + thousands(strconv.FormatFloat(x, 'f', 2, 64))
}

// seconds formats a length of time for a sentence: "150 ms", "100 s",
// then Go durations from two minutes on ("10m", "1h30m").
func seconds(s float64) string {
	switch {
	case s == 0:
		return "0 s"
	case s < 1:
		return sig(s*1000, 3) + " ms"
	case s < 120 && s != 60:
		return sig(s, 3) + " s"
	}
	return metrics.ShortDuration(math.Round(s))
}

// millis formats milliseconds: "248 ms", "1.9 s".
func millis(ms float64) string { return seconds(ms / 1000) }

// rateWords says a rate the way a person would: "10 requests/s" or "one
// request every 100 s".
func rateWords(perS float64) string {
	switch {
	case perS <= 0:
		return "no requests"
	case perS >= 1:
		return sig(perS, 3) + " requests/s"
	}
	return "one request every " + seconds(1/perS)
}

// rate formats a rate in an equation: "0.01/s".
func rate(perS float64) string { return sig(perS, 3) + "/s" }

// num formats a plain number with three significant digits.
func num(x float64) string { return sig(x, 3) }

// count formats a count with thousands separators.
func count(n int64) string { return thousands(strconv.FormatInt(n, 10)) }

// joinWords joins phrases as a sentence would: "a", "a and b", "a, b and c".
func joinWords(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// sentence capitalizes the first letter and ends s with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// movement says how a number moved: "0.25% to 55%", or "stays 55%".
func movement(from, to string) string {
	if from == to {
		return "stays " + to
	}
	return from + " to " + to
}
